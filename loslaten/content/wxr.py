"""A WordPress export (WXR 1.x) as articles, one item at a time.

Posts and pages come in; attachments are read for galleries and featured images, then
left out with menu items, comments and everything else, and counted. An item that cannot
come in is skipped with its title and the reason; the others still come in. The XML is
parsed with defusedxml and a DOCTYPE is refused: a WordPress export never has one, and
entity expansion is how an "XML bomb" works.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.utils.text import slugify

from loslaten.content import blocks as b
from loslaten.content.blocks import ContentError
from loslaten.content.htmlmd import html_to_markdown
from loslaten.content.ledes import take_lede
from loslaten.content.reading import Reading, Skipped
from loslaten.content.render import plain_text

# Statuses that are public; 'future' is public from its date on (publishing is a query).
PUBLIC = {"publish", "future"}
HIDDEN = {"draft", "pending", "private", "auto-draft"}
# Characters XML 1.0 forbids; old WordPress exports sometimes carry them in one post.
XML_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SHORTCODE_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
UNKNOWN_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)((?:\s[^\]\[]*)?)\]")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: ET.Element, name: str, namespace_part: str = "") -> str:
    """The text of the first child whose local name is `name` (and namespace contains part)."""
    for child in element:
        if _local(child.tag) == name and namespace_part in child.tag:
            return (child.text or "").strip()
    return ""


def read_wxr(data: bytes) -> Reading:
    """Read every item of an export; only a file that is no export at all raises."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", data[:4096] + data[-4096:], re.IGNORECASE):
        raise ContentError("XML with a DOCTYPE or ENTITY declaration is refused")
    cleaned = XML_CONTROL.sub(b"", data)
    try:
        root = SafeET.fromstring(cleaned, forbid_dtd=True)
    except DefusedXmlException:
        raise ContentError("XML with a DOCTYPE or ENTITY declaration is refused") from None
    except ET.ParseError as error:
        raise ContentError(f"not well-formed XML ({error})") from None
    channel = root.find("channel")
    if _local(root.tag) != "rss" or channel is None:
        raise ContentError("not a WordPress export (no <rss><channel>)")
    reading = Reading(kind="WordPress export")
    if len(cleaned) != len(data):
        reading.notes.append("control characters that XML forbids were removed")
    authors = {}
    for element in channel:
        if _local(element.tag) == "author":
            login = _text(element, "author_login")
            authors[login] = html.unescape(_text(element, "author_display_name") or login)
    site = _text(channel, "base_site_url") or _text(channel, "link")
    language = wxr_language(_text(channel, "language"))
    items = channel.findall("item")
    attachments = {
        _text(item, "post_id"): attachment_of(item)
        for item in items
        if _text(item, "post_type") == "attachment"
    }
    for item in items:
        post_type = _text(item, "post_type") or "post"
        comments = sum(1 for child in item if _local(child.tag) == "comment")
        if comments:
            reading.left_out["comments"] += comments
        if post_type == "attachment":
            reading.left_out["attachments"] += 1
            continue
        if post_type == "nav_menu_item":
            reading.left_out["menu items"] += 1
            continue
        if post_type not in ("post", "page"):
            reading.left_out[f"items of type {post_type}"] += 1
            continue
        title = html.unescape(_text(item, "title"))
        try:
            reading.articles.append(wxr_item(item, authors, attachments, site, language))
        except ContentError as error:
            reading.skipped.append(Skipped(title or "(no title)", str(error)))
    if not reading.articles and not reading.skipped:
        raise ContentError("the export has no posts")
    return reading


def wxr_language(code: str) -> str:
    """The channel's language as a lang code ('' for Dutch, the site's own)."""
    code = code.strip()
    return "" if not code or code.lower().startswith("nl") else code


def attachment_of(item: ET.Element) -> dict[str, str]:
    """What a gallery or a featured image needs of an attachment."""
    alt = ""
    for meta in item:
        if _local(meta.tag) == "postmeta" and _text(meta, "meta_key") == "_wp_attachment_image_alt":
            alt = _text(meta, "meta_value")
    return {
        "url": _text(item, "attachment_url"),
        "alt": html.unescape(alt),
        "caption": html.unescape(_text(item, "encoded", "/excerpt/")),
        "parent": _text(item, "post_parent"),
    }


def featured_ref(attachment: dict[str, str]) -> str:
    """The featured image as content.media reads it: `![alt](url)`, or the bare address."""
    url, alt = attachment.get("url", ""), " ".join(attachment.get("alt", "").split())
    if url and alt:
        return f"![{alt.replace(']', '')}]({url})"
    return url


def postmeta(item: ET.Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in item:
        if _local(element.tag) == "postmeta":
            meta.setdefault(_text(element, "meta_key"), _text(element, "meta_value"))
    return meta


def wxr_item(
    item: ET.Element,
    authors: dict[str, str],
    attachments: dict[str, dict[str, str]],
    site: str,
    language: str,
) -> b.ParsedArticle:
    """One post or page; ContentError says why it cannot come in."""
    title = html.unescape(_text(item, "title"))
    if not title.strip():
        raise ContentError("has no title")
    post_id = _text(item, "post_id")
    status = _text(item, "status") or "publish"
    if status == "trash":
        raise ContentError("is in the trash")
    if status not in PUBLIC | HIDDEN and status != "inherit":
        raise ContentError(f"has an unknown status {status!r}")
    password = bool(_text(item, "post_password"))
    hidden = status not in PUBLIC or password
    meta = postmeta(item)
    notes: list[str] = []
    content = _text(item, "encoded", "/content/")
    content = wp_shortcodes(content, attachments, post_id, notes)
    footnotes = gutenberg_footnotes(meta.get("footnotes", ""))
    converted = html_to_markdown(content, footnotes=footnotes)
    notes += converted.notes
    excerpt = _text(item, "encoded", "/excerpt/")
    summary = plain_text(html_to_markdown(excerpt).markdown) if excerpt else ""
    lede, body = take_lede(summary, converted.markdown)
    kind = "page" if _text(item, "post_type") == "page" else "post"
    categories = [
        html.unescape((c.text or "").strip())
        for c in item.findall("category")
        if c.get("domain") == "category"
    ]
    tags = [
        html.unescape((c.text or "").strip())
        for c in item.findall("category")
        if c.get("domain") == "post_tag"
    ]
    creator = _text(item, "creator")
    thumbnail = featured_ref(attachments.get(meta.get("_thumbnail_id", ""), {}))
    link = _text(item, "link")
    old_paths = [f"/?{'page_id' if kind == 'page' else 'p'}={post_id}"] if post_id else []
    path = urlsplit(link).path if link and "?" not in link else ""
    if path and path not in ("/", ""):
        old_paths.append(path)
    # Identity: the post id (or guid) of this blog; without either, the slug decides.
    key = post_id or _text(item, "guid")
    source_id = f"wxr:{site}:{key}" if key else ""
    article = b.ParsedArticle.from_markdown(
        body,
        title=title,
        categories=categories,
        tags=tags,
        lede=lede,
        slug=wxr_slug(_text(item, "post_name"), title),
        published_at=wxr_date(item, "post_date", status),
        modified_at=wxr_date(item, "post_modified", status),
        author=authors.get(creator, creator),
        draft=hidden,
        kind=kind,
        source_id=source_id,
        lang=language,
        old_paths=old_paths,
        featured_image_ref=thumbnail,
        notes=notes,
    )
    if password:
        article.notes.append("password-protected: kept hidden")
    return article


def wxr_slug(post_name: str, title: str) -> str:
    """WordPress's slug (percent-encoded when it has accents) as a web address of ours."""
    return slugify(unquote(post_name))[: b.MAX_TITLE].strip("-") or slugify(title)[: b.MAX_TITLE]


def wxr_date(item: ET.Element, field: str, status: str) -> dt.datetime | None:
    """A post's moment: the GMT column, else the local one, else pubDate.

    Drafts carry 0000-00-00 (never set): None. A date that cannot exist is an error, so
    that the item is skipped with the reason instead of landing on a wrong day.
    """
    for name, utc in ((f"{field}_gmt", True), (field, False)):
        value = _text(item, name)
        if not value or value.startswith("0000"):
            continue
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ContentError(f"{name} {value!r} is not a real date") from None
        return moment.replace(tzinfo=dt.UTC) if utc else moment
    published = _text(item, "pubDate") if field == "post_date" else ""
    if published and status in PUBLIC:
        try:
            return email.utils.parsedate_to_datetime(published)
        except (TypeError, ValueError):
            raise ContentError(f"pubDate {published!r} is not a real date") from None
    return None


def gutenberg_footnotes(raw: str) -> dict[str, str]:
    """The block editor keeps footnotes as JSON in the post's meta: {id: text}."""
    if not raw:
        return {}
    try:
        notes = json.loads(raw)
    except ValueError:
        return {}
    found = {}
    for note in notes if isinstance(notes, list) else []:
        if isinstance(note, dict) and note.get("id"):
            text = html_to_markdown(str(note.get("content", ""))).markdown.strip()
            found[str(note["id"])] = " ".join(text.split())
    return found


# --- shortcodes ---------------------------------------------------------------------


def shortcode_attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in SHORTCODE_ATTR.finditer(text)
    }


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def figure_html(url: str, alt: str, caption: str) -> str:
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure><img src="{_attr(url)}" alt="{_attr(alt)}">{cap}</figure>'


def wp_shortcodes(
    content: str, attachments: dict[str, dict[str, str]], post_id: str, notes: list[str]
) -> str:
    """WordPress's shortcodes as the HTML they stand for; unknown ones are removed (their
    content kept) and named in `notes`, never shown raw."""
    if "[" not in content:
        return content

    def caption(m: re.Match[str]) -> str:
        attrs = shortcode_attrs(m.group(1))
        inner = m.group(2)
        image = re.search(r"<img\b[^>]*>", inner)
        text = re.sub(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>", "", inner).strip()
        text = text or attrs.get("caption", "")
        if not image:
            return f"<p>{text}</p>"
        return f"<figure>{image.group(0)}<figcaption>{text}</figcaption></figure>"

    def gallery(m: re.Match[str]) -> str:
        attrs = shortcode_attrs(m.group(1))
        ids = [
            i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",") if i.strip()
        ]
        if not ids:
            ids = [k for k, a in attachments.items() if a.get("parent") == post_id]
        figures = []
        for attachment_id in ids:
            found = attachments.get(attachment_id)
            if found and found["url"]:
                figures.append(figure_html(found["url"], found["alt"], found["caption"]))
            else:
                notes.append(f"gallery image {attachment_id} is not in the export")
        return "".join(figures)

    def media(m: re.Match[str]) -> str:
        attrs = shortcode_attrs(m.group(2))
        src = next(
            (attrs[k] for k in ("src", "mp3", "m4a", "ogg", "wav", "mp4", "webm", "ogv", "url")
             if attrs.get(k)),
            "",
        )  # fmt: skip
        src = src or (m.group(3) or "").strip()
        if not src:
            notes.append(f"[{m.group(1)}] without a file left out")
            return ""
        return f'<{m.group(1)} src="{_attr(src)}"></{m.group(1)}>'

    def embed(m: re.Match[str]) -> str:
        url = html.unescape(re.sub(r"<[^>]*>", "", m.group(2))).strip()
        return f'<iframe src="{_attr(url)}"></iframe>'

    content = re.sub(r"\[caption([^\]]*)\](.*?)\[/caption\]", caption, content, flags=re.S)
    content = re.sub(r"\[gallery([^\]]*)\]", gallery, content)
    content = re.sub(
        r"\[(audio|video|playlist)([^\]]*)\](?:(.*?)\[/\1\])?", media, content, flags=re.S
    )
    content = re.sub(r"\[embed([^\]]*)\](.*?)\[/embed\]", embed, content, flags=re.S)
    return strip_unknown(content, notes)


def strip_unknown(content: str, notes: list[str]) -> str:
    """Remove shortcodes we do not know. A shortcode is a [name ...] with attributes, or
    one whose [/name] follows; plain words in brackets, like [sic], stay as they are."""
    closed = {m.group(2).lower() for m in UNKNOWN_SHORTCODE.finditer(content) if m.group(1)}
    found: set[str] = set()

    def replace(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        if m.group(1) or name in closed or "=" in m.group(3):
            found.add(name)
            return ""
        return m.group(0)

    content = UNKNOWN_SHORTCODE.sub(replace, content)
    notes.extend(f"unknown shortcode [{name}] left out" for name in sorted(found))
    return content
