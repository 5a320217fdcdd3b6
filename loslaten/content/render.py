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

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr", "sup", "sub", "abbr", "del", "s",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What browsers drop from a URL before reading it: around it C0 controls and spaces, inside
# it tabs and line breaks ("java\tscript:" is "javascript:").
_AROUND = "".join(chr(c) for c in range(0x21))
_INSIDE = re.compile(r"[\t\n\r]")

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable("image")


def safe_href(value: str) -> bool:
    """Whether a link may stay: http(s) or mailto, or a path on this site.

    Protocol-relative links (``//evil.example/``, and ``/\\evil.example/``, which browsers
    read the same way) point at another host while looking like a path: they go, as does
    every scheme but the three.
    """
    url = _INSIDE.sub("", value.strip(_AROUND)).replace("\\", "/")
    if url.startswith("//"):
        return False
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href" and not safe_href(value):
        return None
    return value


def sanitize(fragment: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def markdown_html(text: str) -> str:
    """Render Markdown prose to sanitised HTML."""
    return sanitize(_md.render(text or ""))


def inline_html(text: str) -> str:
    """Render one line of Markdown without the surrounding <p>."""
    return sanitize(_md.renderInline(text or ""))


def plain_text(text: str) -> str:
    """The words of a Markdown text, without markup; for search, feeds and JSON-LD."""
    rendered = _md.render(text or "")
    # Block ends become spaces so that words of two paragraphs do not run together.
    rendered = re.sub(r"</(p|li|h\d|blockquote|pre)>|<br\s*/?>", " ", rendered)
    stripped = nh3.clean(rendered, tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html.unescape(stripped).split())
