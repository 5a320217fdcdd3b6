"""Markdown to safe HTML, and to plain text.

Two locks on one door: markdown-it runs with raw HTML switched off (so `<script>` in a text
comes out as visible text), and its output then passes nh3 with a short allow-list of tags
and attributes and only http(s)/mailto links. No style, no event handler, no javascript:
URL and no image from another host can reach a page through an article.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr", "sup", "sub", "abbr", "del", "s",
    "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Tables, strikethrough, definition lists, ~sub~ and ^sup^: what imported posts carry.
_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable(["table", "strikethrough"])
    .use(deflist_plugin)
    .use(sub_plugin)
    .use(superscript_plugin)
)
_md.disable("image")


def sanitize(fragment: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def markdown_html(text: str) -> str:
    """Render Markdown prose to sanitised HTML."""
    return sanitize(_md.render(text or ""))


def inline_html(text: str) -> str:
    """Render one line of Markdown without the surrounding <p>."""
    return sanitize(_md.renderInline(text or ""))


# Text without any of these is its own plain text: no markup, entity, escape or block marker.
MARKDOWN_SIGNS = re.compile(r"[\\`*_\[\]<>&#~^|!:]|^\s*(?:[-+=]|\d+[.)])", re.MULTILINE)


def plain_text(text: str) -> str:
    """The words of a Markdown text, without markup; for search, feeds and JSON-LD."""
    if not MARKDOWN_SIGNS.search(text or ""):
        return " ".join((text or "").split())  # the common paragraph: no rendering needed
    rendered = _md.render(text or "")
    # Block ends become spaces so that words of two paragraphs do not run together.
    rendered = re.sub(r"</(p|li|h\d|blockquote|pre|t[dh]|d[dt])>|<br\s*/?>", " ", rendered)
    stripped = nh3.clean(rendered, tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html.unescape(stripped).split())
