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
from django.utils.html import escape
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from loslaten.content import media
from loslaten.content.media import Stored

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr", "sup", "sub", "abbr", "del", "s",
    "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What browsers drop from a URL before reading it: around it C0 controls and spaces, inside
# it tabs and line breaks ("java\tscript:" is "javascript:").
_AROUND = "".join(chr(c) for c in range(0x21))
_INSIDE = re.compile(r"[\t\n\r]")
# Images, only ever with our own stored copies as their source (see _own_images_only).
IMAGE_TAGS = {"figure", "figcaption", "picture", "source", "img"}
IMAGE_ATTRIBUTES = {
    "figure": {"class"},
    "source": {"type", "srcset", "sizes"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
}
# The article column: var(--measure) is 38rem; on a phone, the screen less the margins.
BODY_SIZES = "(min-width: 42rem) 38rem, calc(100vw - 2.2rem)"


def _own_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Drop an image source that is not one of our stored copies."""
    if attribute == "src" and tag == "img":
        return value if _own_file(value) else None
    if attribute == "srcset":
        urls = [part.strip().split(" ")[0] for part in value.split(",")]
        return value if urls and all(_own_file(u) for u in urls) else None
    return value


def _own_file(url: str) -> bool:
    return url.startswith(media.URL_PREFIX) and bool(media.FILE.match(url[len(media.URL_PREFIX) :]))


def picture_html(
    stored: Stored, alt: str, *, sizes: str = BODY_SIZES, lazy: bool = True, css: str = ""
) -> str:
    """A <picture> with every stored format and width; width and height keep its place."""
    sources = "".join(
        f'<source type="{mime}" srcset="{stored.srcset(ext)}" sizes="{escape(sizes)}">'
        for ext, mime in stored.formats()
        if ext != "jpg"
    )
    loading = 'loading="lazy" decoding="async"' if lazy else 'fetchpriority="high"'
    klass = f' class="{escape(css)}"' if css else ""
    return (
        f'<picture>{sources}<img src="{stored.url}" srcset="{stored.srcset("jpg")}" '
        f'sizes="{escape(sizes)}" width="{stored.width}" height="{stored.height}" '
        f'alt="{escape(alt)}"{klass} {loading}></picture>'
    )


def _render_image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    src = token.attrGet("src") or ""
    stored = Stored.from_url(src)
    if stored is None:
        # Not ours: a link to it, never an image loaded from another host.
        return f'<a href="{escape(src)}">{escape(alt or src)}</a>'
    picture = picture_html(stored, alt)
    if not token.meta.get("figure"):
        return picture
    title = token.attrGet("title")
    caption = f"<figcaption>{escape(title)}</figcaption>" if title else ""
    return f'<figure class="figure">{picture}{caption}</figure>'


def _figures(state: StateCore) -> None:
    """An image alone in its paragraph becomes a figure instead of a paragraph."""
    tokens = state.tokens
    for i in range(1, len(tokens) - 1):
        inline = tokens[i]
        if inline.type != "inline" or tokens[i - 1].type != "paragraph_open":
            continue
        children = [c for c in inline.children or [] if c.type != "softbreak"]
        children = [c for c in children if c.type != "text" or c.content.strip()]
        if len(children) == 1 and children[0].type == "image":
            if Stored.from_url(children[0].attrGet("src") or ""):
                children[0].meta["figure"] = True
                tokens[i - 1].hidden = tokens[i + 1].hidden = True


# Tables, strikethrough, definition lists, ~sub~ and ^sup^: what imported posts carry.
_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable(["table", "strikethrough"])
    .use(deflist_plugin)
    .use(sub_plugin)
    .use(superscript_plugin)
)
_md.add_render_rule("image", _render_image)
_md.core.ruler.push("figures", _figures)


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
    return _own_images_only(tag, name, value)


def sanitize(fragment: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS | IMAGE_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES | IMAGE_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def absolute_images(fragment: str, base_url: str) -> str:
    """Rendered HTML with our image addresses made absolute: for feeds and mail, which are
    read away from the site."""
    return re.sub(r'(?<=["\s,])/media/', f"{base_url}/media/", fragment)


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
