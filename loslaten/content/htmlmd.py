"""A post's HTML as Markdown in our conventions (docs/writing.md), keeping its structure.

One pass over the parser's events with a stack of open elements, so the time grows with
the size of the HTML and never with its depth: a hundred thousand nested <div>s are as
cheap as a hundred thousand paragraphs. What is kept: heading levels (h1 and h2 become
sections, h3–h6 keep their level), paragraphs and line breaks, ordered and nested lists,
tables, definition lists, <pre> with its line breaks, inline code, emphasis, sub/sup,
strikethrough, links, blockquotes with their cite, images with alt and caption (as
`![alt](src "caption")`), figures and galleries (one figure per image), footnotes (as
numbered notes under a "Noten" section). Embeds (<iframe>, <embed>, <object>, <video>,
<audio>, an oEmbed URL on its own line) become a titled link card, and an embed that is
never closed drops nothing after it. Scripts, styles, forms and inline SVG drawings are
left out. Text is unescaped once by the parser and escaped for Markdown once here, so
`&amp;` reads as `&` and `*` stays a star.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

EMBED_HOSTS = {
    "youtube.com": "YouTube", "youtu.be": "YouTube", "vimeo.com": "Vimeo",
    "twitter.com": "X (Twitter)", "x.com": "X (Twitter)", "instagram.com": "Instagram",
    "soundcloud.com": "SoundCloud", "open.spotify.com": "Spotify", "spotify.com": "Spotify",
    "facebook.com": "Facebook", "tiktok.com": "TikTok", "flickr.com": "Flickr",
    "google.com": "Google", "maps.google.com": "Google Maps", "ted.com": "TED",
    "mixcloud.com": "Mixcloud", "dailymotion.com": "Dailymotion",
}  # fmt: skip
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "address",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
    "td", "th", "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "figure",
    "figcaption", "hr", "details", "summary", "center",
}  # fmt: skip
VOID = {
    "br",
    "hr",
    "img",
    "embed",
    "source",
    "input",
    "meta",
    "link",
    "wbr",
    "col",
    "area",
    "param",
}
# Left out with everything inside them. Script and style always close (the parser reads
# them as raw text); the others stop being dropped at the next block of ordinary HTML,
# so one that is never closed cannot swallow the rest of the post.
DROP = {"script", "style", "svg", "math", "noscript", "template", "form", "select", "button",
        "textarea", "head", "title", "object"}  # fmt: skip
INLINE_MARKS = {"em": "*", "i": "*", "strong": "**", "b": "**", "del": "~~", "s": "~~",
                "strike": "~~", "sub": "~", "sup": "^"}  # fmt: skip
# Beyond this depth lists, quotes and tables are read as plain paragraphs: the output stays
# readable and the work linear even for absurd nesting.
MAX_STRUCTURE_DEPTH = 12
MAX_INLINE_DEPTH = 12
PRE_MARK = "\x00pre\x00"  # where a <pre>'s text starts in the paragraph being gathered
ESCAPE = re.compile(r"([\\`*_\[\]<>#|~^&])")
LIST_ITEM = re.compile(r"^(- |\d+\. )")
LINE_START = re.compile(r"^([ \t]*)([-+=:]|\d+[.)])(?=\s|$)", re.MULTILINE)


def md_escape(text: str) -> str:
    """Plain text that Markdown shows as written: no emphasis, links, entities or lists."""
    return ESCAPE.sub(r"\\\1", text)


def escape_line_starts(text: str) -> str:
    """A paragraph whose line would start a list, a heading or a definition stays text."""
    return LINE_START.sub(r"\1\\\2", text)


def embed_title(url: str, title: str = "") -> str:
    """A card's title: the embed's own title, else the service ('Video op YouTube')."""
    if title.strip():
        return " ".join(title.split())
    host = (urlsplit(url).hostname or "").removeprefix("www.").removeprefix("m.")
    return EMBED_HOSTS.get(host, host or "Ingesloten inhoud")


def embed_url(src: str) -> str:
    """The address a reader can open for an embed (a YouTube player becomes the video)."""
    src = src.strip()
    if src.startswith("//"):
        src = "https:" + src
    if m := re.match(r"https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", src):
        return f"https://www.youtube.com/watch?v={m.group(1)}"
    if m := re.match(r"https?://player\.vimeo\.com/video/(\d+)", src):
        return f"https://vimeo.com/{m.group(1)}"
    return re.sub(r"^http://", "https://", src)


def is_oembed_url(text: str) -> bool:
    """A bare URL of a service WordPress would embed (a 'paste the link' embed)."""
    if not re.fullmatch(r"https?://\S+", text):
        return False
    host = (urlsplit(text).hostname or "").removeprefix("www.").removeprefix("m.")
    return host in EMBED_HOSTS


def card(url: str, title: str = "") -> str:
    """The Markdown of a link card (our `::: embed` container)."""
    url = embed_url(url)
    if not url.startswith("https://"):
        return ""
    return f"::: embed {md_line(embed_title(url, title))}\n{url}\n:::"


def md_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Frame:
    """An element whose content is gathered before it is written: the root, a list item,
    a quote, a table cell, a figure, a definition."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    blocks: list[str] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)
    items: list[object] = field(default_factory=list)  # list items, table rows, figures
    images: list[tuple[str, str, str]] = field(default_factory=list)  # (src, alt, title)
    caption: str = ""
    cite: str = ""
    heading: int = 0  # the level while inside h1-h6


@dataclass
class Result:
    markdown: str
    notes: list[str]
    first_image: str


TOKEN = re.compile(
    r"<!--(.*?)(?:-->|$)"  # a comment (Gutenberg's blocks), closed or not
    r"|<(/?)([a-zA-Z][\w:-]*)((?:\s+[^\s>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>"
    r"|<![^>]*>|<\?[^>]*>"  # doctype, processing instruction: nothing to keep
    r"|([^<]+|<)",  # text (a lone '<' is text too)
    re.DOTALL,
)
ATTRIBUTE = re.compile(r"""([^\s>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
RAW_TEXT = {"script", "style", "textarea", "title"}


def tokens(html: str, handler: HtmlToMarkdown) -> None:
    """Walk the HTML once, calling the handler like html.parser would (but much faster:
    one regular expression, attributes read only where they are present)."""
    position, end = 0, len(html)
    while position < end:
        m = TOKEN.match(html, position)
        if m is None:  # pragma: no cover (the last alternative matches any character)
            break
        position = m.end()
        if m.group(3):
            tag = m.group(3).lower()
            if m.group(2):
                handler.handle_endtag(tag)
                continue
            attrs = (
                [
                    (a.group(1).lower(), unescape(a.group(2) or a.group(3) or a.group(4) or ""))
                    for a in ATTRIBUTE.finditer(m.group(4))
                ]
                if m.group(4)
                else []
            )
            if tag in RAW_TEXT and not m.group(5):
                # Their content is text up to the closing tag, never markup.
                close = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(html, position)
                stop = close.start() if close else end
                handler.handle_starttag(tag, attrs)
                handler.handle_data(unescape(html[position:stop]))
                handler.handle_endtag(tag)
                position = close.end() if close else end
            elif m.group(5):
                handler.handle_startendtag(tag, attrs)
            else:
                handler.handle_starttag(tag, attrs)
        elif m.group(6) is not None:
            handler.handle_data(unescape(m.group(6)))
        elif m.group(1) is not None:
            handler.handle_comment(m.group(1))


class HtmlToMarkdown:
    """Call `tokens(html, converter)`, then read `.result()`."""

    def __init__(self, classic: bool = False) -> None:
        # WordPress's classic editor writes paragraphs as blank lines, line breaks as newlines.
        self.classic = classic
        self.frames: list[Frame] = [Frame("root")]
        self.open: list[tuple[str, Frame | None, int]] = []  # (tag, its frame, inline mark index)
        self.open_count: dict[str, int] = {}
        self.dropping: str = ""  # the tag whose content is left out
        self.drop_depth = 0
        self.pre = 0
        self.pre_lang = ""
        self.links: list[tuple[int, str, str]] = []
        self.inline_depth = 0
        self.structure_depth = 0
        self.notes: list[str] = []
        self.footnotes: dict[str, int] = {}
        self.footnote_texts: dict[int, str] = {}
        self.first_image = ""
        self.left_out: set[str] = set()
        self.code = 0
        self.external_footnotes: dict[str, str] = {}
        self.media_pending = False  # a <video>/<audio> whose address comes in a <source>

    # --- the parser's events -------------------------------------------------------

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v or "") for k, v in attrs_list}
        if self.dropping:
            if tag == self.dropping:
                self.drop_depth += 1
                return
            if tag in BLOCK_TAGS and self.dropping not in ("script", "style", "wp-embed"):
                self.dropping = ""  # an unclosed <svg> or <noscript> ends where HTML resumes
            else:
                return
        if tag in DROP:
            if tag == "object" and (data := attrs.get("data")):
                self.add_card(data, attrs.get("title", ""))
            elif tag == "svg":
                self.left_out.add("inline SVG drawing")
            if tag not in VOID:
                self.dropping, self.drop_depth = tag, 1
            return
        if self.pre:
            if tag == "br":
                self.frame.inline.append("\n")
            elif tag == "code" and not self.pre_lang:
                m = re.search(r"lang(?:uage)?-([\w+#-]+)", attrs.get("class", ""))
                self.pre_lang = m.group(1) if m else ""
            if tag not in VOID:
                self.push(tag, None)
            return
        handler = getattr(self, f"start_{tag}", None)
        if handler is not None:
            handler(attrs)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.start_heading(tag)
        elif tag in ("iframe", "embed", "video", "audio"):
            self.start_media(tag, attrs)
        elif tag == "source":
            self.start_source(attrs)
        elif tag in INLINE_MARKS:
            self.push(tag, None, mark=True)
        elif tag in BLOCK_TAGS:
            self.block_break()
            if tag not in VOID:
                self.push(tag, None)
        elif tag not in VOID:
            self.push(tag, None)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping:
                self.drop_depth -= 1
                if self.drop_depth <= 0:
                    self.dropping = ""
            return
        if not self.open_count.get(tag):
            if tag in ("p", "br"):
                self.block_break() if tag == "p" else self.frame.inline.append("\\\n")
            return  # a stray end tag closes nothing
        while self.open:
            name, frame, mark = self.open.pop()
            self.open_count[name] -= 1
            self.close_element(name, frame, mark)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        frame = self.frame
        if self.pre or self.code:
            frame.inline.append(data)
            return
        if self.classic and frame.tag == "root" and "\n" in data:
            parts = re.split(r"\n[ \t]*\n", data)
            for i, part in enumerate(parts):
                if i:
                    self.block_break()
                lines = part.split("\n")
                text = "\\\n".join(md_escape(re.sub(r"\s+", " ", x)) for x in lines)
                self.add_text(text, part)
            return
        self.add_text(md_escape(re.sub(r"\s+", " ", data)), data)

    def handle_comment(self, data: str) -> None:
        """Gutenberg writes each block as a comment; a few carry what the HTML lacks."""
        m = re.match(r"\s*(/?)wp:([\w/-]+)\s*(\{.*\})?\s*(/?)\s*$", data, re.DOTALL)
        if not m:
            return
        if self.dropping == "wp-embed":
            # The embed's own HTML ends at its closing comment (or, unclosed, at the next block).
            self.dropping = ""
            if m.group(1):
                return
        if m.group(1):
            return
        name, attributes = m.group(2), m.group(3) or ""
        if name == "embed" or name.startswith("core-embed/"):
            url = re.search(r'"url"\s*:\s*"([^"]+)"', attributes)
            if url:
                self.add_card(url.group(1).replace("\\/", "/"), "")
                if not m.group(4):
                    # Its HTML repeats the URL as text: left out up to the closing comment.
                    self.dropping, self.drop_depth = "wp-embed", 1

    # --- frames ----------------------------------------------------------------------

    @property
    def frame(self) -> Frame:
        return self.frames[-1]

    def push(self, tag: str, frame: Frame | None, mark: bool = False) -> None:
        index = -1
        if mark and self.inline_depth < MAX_INLINE_DEPTH:
            index = len(self.frame.inline)
            self.inline_depth += 1
        self.open.append((tag, frame, index))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        if frame is not None:
            self.frames.append(frame)
            self.structure_depth += 1

    def push_frame(self, tag: str, attrs: dict[str, str]) -> bool:
        """Open a gathering frame, unless nesting is already too deep (then just a break)."""
        self.block_break()
        if self.structure_depth >= MAX_STRUCTURE_DEPTH:
            self.push(tag, None)
            return False
        self.push(tag, Frame(tag, attrs))
        return True

    def close_element(self, tag: str, frame: Frame | None, mark: int) -> None:
        if tag == "pre":
            if self.pre:
                self.end_pre()
            return
        if self.pre:
            return  # inside <pre> every other tag only wraps text
        if tag == "code" and not self.pre:
            self.close_code(mark)
            return
        if mark >= 0:
            self.inline_depth -= 1
            self.close_inline(tag, mark)
            return
        if tag == "a":
            self.close_link()
            return
        if tag == "code" and not self.pre:
            self.close_code(mark)
            return
        if frame is not None:
            self.block_break()
            self.frames.pop()
            self.structure_depth -= 1
            getattr(self, f"end_{frame.tag.replace('-', '_')}", self.end_other)(frame)
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.end_heading(tag)
        elif tag in BLOCK_TAGS:
            self.block_break()

    def add_text(self, text: str, raw: str) -> None:
        if not raw.strip():
            if self.frame.inline and not self.frame.inline[-1].endswith((" ", "\n")):
                self.frame.inline.append(" ")
            return
        self.frame.inline.append(text)

    def add_block(self, markdown: str) -> None:
        if markdown.strip():
            self.frame.blocks.append(markdown)

    def block_break(self) -> None:
        """End the paragraph being gathered."""
        frame = self.frame
        if not frame.inline:
            return
        text = "".join(frame.inline).strip()
        frame.inline.clear()
        text = re.sub(r"[ \t]+", " ", text)
        text = re.sub(r" ?\\\n ?", "\\\n", text).strip("\\\n ")
        if not text:
            return
        if frame.heading:
            frame.blocks.append(text)
            return
        plain = text.replace("\\", "")
        if is_oembed_url(plain):
            self.add_block(card(plain))
            return
        self.add_block(escape_line_starts(text))

    # --- inline ------------------------------------------------------------------------

    def close_inline(self, tag: str, index: int) -> None:
        inline = self.frame.inline
        inner = "".join(inline[index:])
        del inline[index:]
        core = inner.strip()
        if not core or ("\n" in core and tag in ("sub", "sup")):
            inline.append(inner)
            return
        mark = INLINE_MARKS[tag]
        if tag in ("sub", "sup"):
            core = core.replace(" ", "\\ ")
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        inline.append(f"{lead}{mark}{core}{mark}{trail}")

    def start_a(self, attrs: dict[str, str]) -> None:
        href = attrs.get("href", "").strip()
        if attrs.get("class") == "footnote-backref" or "wp-block-footnotes" in attrs.get(
            "class", ""
        ):
            self.dropping, self.drop_depth = "a", 1
            return
        self.push("a", None)
        self.links.append((len(self.frame.inline), href, attrs.get("title", "")))

    def close_link(self) -> None:
        if not self.links:
            return
        index, href, title = self.links.pop()
        inline = self.frame.inline
        if index > len(inline):
            return
        inner = "".join(inline[index:]).strip()
        del inline[index:]
        if href.startswith("//"):
            href = "https:" + href
        if not inner or not re.match(r"^(https?:|mailto:|/|#)", href) or href.startswith("#"):
            inline.append(inner)
            return
        destination = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        quoted = f' "{md_line(title).replace(chr(34), chr(39))}"' if title.strip() else ""
        inline.append(f"[{inner}]({destination}{quoted})")

    def start_br(self, attrs: dict[str, str]) -> None:
        self.frame.inline.append("\\\n")

    def start_code(self, attrs: dict[str, str]) -> None:
        self.open.append(("code", None, len(self.frame.inline)))
        self.open_count["code"] = self.open_count.get("code", 0) + 1
        self.code += 1

    def close_code(self, index: int) -> None:
        self.code -= 1
        inline = self.frame.inline
        if index < 0 or index > len(inline):
            return
        code = " ".join("".join(inline[index:]).split())
        del inline[index:]
        if not code:
            return
        runs = [len(r) for r in re.findall(r"`+", code)]
        ticks = "`" * (max(runs) + 1 if runs else 1)
        pad = " " if code.startswith("`") or code.endswith("`") else ""
        inline.append(f"{ticks}{pad}{code}{pad}{ticks}")

    def start_img(self, attrs: dict[str, str]) -> None:
        src = (
            attrs.get("data-src") or attrs.get("data-lazy-src") or attrs.get("src") or ""
        ).strip()
        if not src or src.startswith("data:"):
            return
        alt = md_line(attrs.get("alt", ""))
        title = md_line(attrs.get("title", ""))
        self.first_image = self.first_image or src
        for frame in reversed(self.frames):
            if frame.tag == "figure":
                frame.images.append((src, alt, title))
                return
        self.frame.inline.append(image(src, alt, title))

    def start_sup(self, attrs: dict[str, str]) -> None:
        # A footnote reference, from markdown-it (class footnote-ref) or Gutenberg (data-fn).
        if "footnote-ref" in attrs.get("class", "") or attrs.get("data-fn") is not None:
            self.push("sup", Frame("footnote-ref", attrs))
            return
        self.push("sup", None, mark=True)

    def end_footnote_ref(self, frame: Frame) -> None:
        label = attrs_label(frame) or "".join(frame.blocks) or str(len(self.footnotes) + 1)
        label = label.strip("[]\\ ")
        number = self.footnotes.setdefault(label, len(self.footnotes) + 1)
        self.frame.inline.append(f"[^{number}^](#noten)")

    # --- blocks ------------------------------------------------------------------------

    def start_heading(self, tag: str) -> None:
        self.block_break()
        self.push(tag, None)
        self.frame.heading = int(tag[1])

    def end_heading(self, tag: str) -> None:
        frame = self.frame
        level = frame.heading or int(tag[1])
        before = len(frame.blocks)
        self.block_break()
        frame.heading = 0
        texts = frame.blocks[before:]
        del frame.blocks[before:]
        text = " ".join(texts).replace("\\\n", " ")
        text = re.sub(r"(?<!\\)\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link keeps its words
        text = re.sub(r"(?<!\\)[*~^`]", "", text)  # and emphasis its text
        text = md_line(text.replace("\\", ""))
        if not text:
            return
        if frame.tag != "root":
            self.add_block(f"**{md_escape(text)}**")
        elif level <= 2:
            self.add_block(f"## {text}")
        else:
            self.add_block(f"{'#' * level} {md_escape(text)}")

    def start_p(self, attrs: dict[str, str]) -> None:
        self.block_break()
        self.push("p", None)

    def start_hr(self, attrs: dict[str, str]) -> None:
        self.block_break()
        if "footnotes-sep" not in attrs.get("class", ""):
            self.add_block("***")

    def start_pre(self, attrs: dict[str, str]) -> None:
        self.block_break()
        self.push("pre", None)
        self.pre += 1
        classes = attrs.get("class", "") + " " + attrs.get("data-lang", "")
        m = re.search(r"(?:lang(?:uage)?-|brush:\s*)([\w+#-]+)", classes)
        self.pre_lang = m.group(1) if m else ""
        self.frame.inline.append(PRE_MARK)

    def end_pre(self) -> None:
        self.pre -= 1
        if self.pre:
            return
        inline = self.frame.inline
        start = next((i for i in range(len(inline) - 1, -1, -1) if inline[i] == PRE_MARK), None)
        if start is None:
            return
        code = "".join(inline[start + 1 :]).strip("\n")
        del inline[start:]
        self.block_break()
        runs = [len(r) for r in re.findall(r"`{3,}", code)]
        fence = "`" * max(3, *(r + 1 for r in runs)) if runs else "```"
        if code.strip():
            self.add_block(f"{fence}{self.pre_lang}\n{code}\n{fence}")

    def start_ul(self, attrs: dict[str, str]) -> None:
        self.push_frame("ul", attrs)

    def start_ol(self, attrs: dict[str, str]) -> None:
        self.push_frame("ol", attrs)

    def start_li(self, attrs: dict[str, str]) -> None:
        if self.frame.tag in ("ol", "ul", "footnotes"):
            self.push_frame("li", attrs)
        else:
            self.block_break()
            self.push("li", None)

    def end_li(self, frame: Frame) -> None:
        self.frame.items.append(frame)

    def end_ul(self, frame: Frame) -> None:
        self.write_list(frame, ordered=False)

    def end_ol(self, frame: Frame) -> None:
        if "footnotes" in frame.attrs.get("class", "") or self.frame.tag == "footnotes":
            for number, item in enumerate(frame.items, start=1):
                key = item.attrs.get("id", "") if isinstance(item, Frame) else ""
                text = " ".join(b for b in item.blocks) if isinstance(item, Frame) else ""
                self.footnote_text(key, number, text)
            return
        self.write_list(frame, ordered=True)

    def write_list(self, frame: Frame, ordered: bool) -> None:
        start = frame.attrs.get("start", "1")
        number = int(start) if start.isdigit() else 1
        lines = []
        loose = any(
            isinstance(i, Frame) and sum(not LIST_ITEM.match(x) for x in i.blocks) > 1
            for i in frame.items
        )
        for item in frame.items:
            if not isinstance(item, Frame):
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            body = ("\n\n" if loose else "\n").join(item.blocks) or ""
            indent = " " * len(marker)
            body_lines = body.split("\n")
            lines.append(
                marker
                + body_lines[0]
                + "".join(f"\n{indent}{x}" if x else "\n" for x in body_lines[1:])
            )
        if lines:
            self.add_block(("\n\n" if loose else "\n").join(lines))

    def start_blockquote(self, attrs: dict[str, str]) -> None:
        if self.push_frame("blockquote", attrs):
            self.frame.cite = attrs.get("cite", "")

    def start_cite(self, attrs: dict[str, str]) -> None:
        if self.frame.tag == "blockquote":
            self.push_frame("cite", attrs)
        else:
            self.push("cite", None, mark=False)

    def end_cite(self, frame: Frame) -> None:
        self.frame.cite = md_line(" ".join(frame.blocks).replace("\\", ""))

    def end_blockquote(self, frame: Frame) -> None:
        body = "\n\n".join(frame.blocks)
        if not body.strip():
            return
        lines = [f"> {x}" if x else ">" for x in body.split("\n")]
        if frame.cite and not frame.cite.startswith("http"):
            lines.append(f"> — {frame.cite}")
        self.add_block("\n".join(lines))

    def start_figure(self, attrs: dict[str, str]) -> None:
        self.push_frame("figure", attrs)

    def start_figcaption(self, attrs: dict[str, str]) -> None:
        self.push_frame("figcaption", attrs)

    def end_figcaption(self, frame: Frame) -> None:
        self.frame.caption = md_line(" ".join(frame.blocks).replace("\\\n", " "))

    def end_figure(self, frame: Frame) -> None:
        caption = frame.caption.replace("\\", "")
        figures = []
        for src, alt, title in frame.images:
            title = title or (caption if len(frame.images) == 1 else "")
            figures.append(image(src, alt, title))
        blocks = list(frame.blocks)
        if frame.images:
            # A gallery: one figure per image, each in its own paragraph.
            blocks = figures + blocks
            if len(frame.images) > 1 and caption:
                blocks.append(f"*{md_escape(caption)}*")
        elif caption:
            blocks.append(f"*{md_escape(caption)}*")
        parent = self.frame
        if parent.tag == "figure":
            parent.images.extend(frame.images[:0])  # nested figures write their own images
        for block in blocks:
            self.add_block(block)

    def start_table(self, attrs: dict[str, str]) -> None:
        self.push_frame("table", attrs)

    def start_tr(self, attrs: dict[str, str]) -> None:
        if self.frame.tag == "table":
            self.push_frame("tr", attrs)
        else:
            self.block_break()
            self.push("tr", None)

    def start_td(self, attrs: dict[str, str], tag: str = "td") -> None:
        if self.frame.tag == "tr":
            self.push_frame(tag, attrs)
        else:
            self.block_break()
            self.push(tag, None)

    def start_th(self, attrs: dict[str, str]) -> None:
        self.start_td(attrs, "th")

    def end_td(self, frame: Frame) -> None:
        cell = " ".join(frame.blocks).replace("\\\n", " ").replace("\n", " ")
        self.frame.items.append(cell)

    end_th = end_td

    def end_tr(self, frame: Frame) -> None:
        cells = [c for c in frame.items if isinstance(c, str)]
        if cells:
            self.frame.items.append(cells)

    def start_caption(self, attrs: dict[str, str]) -> None:
        self.push_frame("figcaption", attrs)

    def end_table(self, frame: Frame) -> None:
        rows = [r for r in frame.items if isinstance(r, list)]
        if not rows:
            for block in frame.blocks:
                self.add_block(block)
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        self.add_block("\n".join(lines))
        if frame.caption:
            self.add_block(f"*{frame.caption}*")

    def start_dl(self, attrs: dict[str, str]) -> None:
        self.push_frame("dl", attrs)

    def start_dt(self, attrs: dict[str, str]) -> None:
        if self.frame.tag == "dl":
            self.push_frame("dt", attrs)
        else:
            self.block_break()
            self.push("dt", None)

    def start_dd(self, attrs: dict[str, str]) -> None:
        if self.frame.tag == "dl":
            self.push_frame("dd", attrs)
        else:
            self.block_break()
            self.push("dd", None)

    def end_dt(self, frame: Frame) -> None:
        self.frame.items.append(("dt", md_line(" ".join(frame.blocks).replace("\\\n", " "))))

    def end_dd(self, frame: Frame) -> None:
        self.frame.items.append(("dd", " ".join(frame.blocks).replace("\n", " ")))

    def end_dl(self, frame: Frame) -> None:
        entries: list[str] = []
        for kind, text in frame.items:  # type: ignore[misc]
            if kind == "dt":
                entries.append(text)
            elif entries:
                entries[-1] += f"\n: {text}"
            else:
                entries.append(f"\n: {text}")
        for entry in entries:
            if "\n: " in entry:
                self.add_block(entry)
            else:
                self.add_block(f"**{entry}**")

    def start_section(self, attrs: dict[str, str]) -> None:
        if "footnotes" in attrs.get("class", ""):
            self.push_frame("footnotes", attrs)
        else:
            self.block_break()
            self.push("section", None)

    def end_footnotes(self, frame: Frame) -> None:
        """The notes were taken from the list inside (end_ol); result() writes them."""

    def footnote_text(self, key: str, number: int, text: str) -> None:
        key = key.removeprefix("fn").removeprefix("-")
        label = next((k for k in self.footnotes if k == key), None)
        target = self.footnotes.get(label, number) if label else number
        self.footnote_texts[target] = md_line(text.replace("\\\n", " "))

    def end_other(self, frame: Frame) -> None:
        for block in frame.blocks:
            self.add_block(block)

    # --- embeds ------------------------------------------------------------------------

    def start_media(self, tag: str, attrs: dict[str, str]) -> None:
        src = attrs.get("src") or attrs.get("data-src") or ""
        title = attrs.get("title", "")
        if tag in ("audio", "video") and not title:
            title = media_title(tag, src)
        if src:
            self.add_card(src, title)
            self.media_pending = False
        else:
            self.media_pending = True
        if tag not in VOID:
            # Not a frame: whatever an unclosed player holds is read as ordinary text.
            self.push(tag, None)

    def start_source(self, attrs: dict[str, str]) -> None:
        if self.media_pending and attrs.get("src"):
            self.media_pending = False
            self.add_card(attrs["src"], attrs.get("title") or media_title("audio", attrs["src"]))

    def add_card(self, url: str, title: str) -> None:
        markdown = card(url, title)
        if not markdown:
            self.left_out.add(f"embed {url[:60]}")
            return
        self.block_break()
        if all(frame.tag in ("root", "figure") for frame in self.frames):
            self.add_block(markdown)
        else:
            # Inside a list or a table a card cannot stand on its own: a plain link.
            link = f"[{md_escape(embed_title(embed_url(url), title))}]({embed_url(url)})"
            self.frame.inline.append(link)

    # --- the end -----------------------------------------------------------------------

    def result(self) -> Result:
        self.close_all()
        root = self.frames[0]
        blocks = list(root.blocks)
        for label, number in self.footnotes.items():
            if label in self.external_footnotes:
                self.footnote_texts[number] = self.external_footnotes[label]
        if self.footnotes:
            notes = [
                f"{n}. {self.footnote_texts.get(n, '')}".rstrip()
                for n in sorted(set(self.footnotes.values()) | set(self.footnote_texts))
            ]
            blocks += ["## Noten", "\n".join(notes)]
        notes = [f"left out: {what}" for what in sorted(self.left_out)]
        return Result("\n\n".join(blocks).strip() + "\n", notes, self.first_image)

    def close_all(self) -> None:
        self.dropping = ""
        if self.pre:
            self.pre = 1
        while self.open:
            name, frame, mark = self.open.pop()
            self.open_count[name] -= 1
            self.close_element(name, frame, mark)
        self.block_break()


def media_title(tag: str, src: str) -> str:
    """A sound or video file's card title: what it is and its file name."""
    name = urlsplit(src).path.rsplit("/", 1)[-1]
    return f"{'Video' if tag == 'video' else 'Geluid'}: {name}" if name else ""


def attrs_label(frame: Frame) -> str:
    fn = frame.attrs.get("data-fn")
    return fn or ""


def image(src: str, alt: str, title: str) -> str:
    """An image as Markdown: `![alt](src "caption")`."""
    src = src.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    alt = alt.replace("[", "(").replace("]", ")")
    quoted = f' "{title.replace(chr(34), chr(39))}"' if title else ""
    return f"![{alt}]({src}{quoted})"


def html_to_markdown(
    html: str, classic: bool | None = None, footnotes: dict[str, str] | None = None
) -> Result:
    """Convert a post's HTML; `classic` (WordPress's old editor) is guessed when None.
    `footnotes` are Gutenberg's, by id (they live in the post's meta, not its HTML)."""
    if classic is None:
        classic = "<!-- wp:" not in html and not re.search(r"<p[\s>]", html[:5000])
    parser = HtmlToMarkdown(classic=classic)
    parser.external_footnotes = footnotes or {}
    tokens(html, parser)
    return parser.result()
