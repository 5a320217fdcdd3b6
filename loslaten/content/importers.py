"""Read articles from files: our Markdown, the plain text of a published page, a WordPress export.

Every reader returns a list of `ParsedArticle`s or raises `ContentError` with one plain
reason; nothing here touches the database (services.save_all saves a file's articles in one
transaction). docs/writing.md describes each format.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from loslaten.content import blocks as b
from loslaten.content.blocks import ContentError

MAX_FILE_BYTES = 20 * 1024 * 1024


def read_file(path: Path) -> list[b.ParsedArticle]:
    """Read one file in any of the three formats; ContentError says why it cannot."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ContentError("file not found") from None
    except IsADirectoryError:
        raise ContentError("is a folder, not a file") from None
    except OSError as error:
        raise ContentError(f"cannot read the file ({error.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return read_bytes(data)


def read_bytes(data: bytes) -> list[b.ParsedArticle]:
    """Recognise the format from the content and read it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ContentError(f"not UTF-8 text (byte {error.start} cannot be read)") from None
    if not text.strip():
        raise ContentError("the file is empty")
    head = text.lstrip()[:500]
    if head.startswith("<?xml") or head.startswith("<rss") or head.startswith("<!DOCTYPE"):
        return read_wxr(data)
    if head.startswith("---"):
        return [b.parse_article(text)]
    return [read_plain_text(text)]


# --- the plain text of a published page -----------------------------------------------

READING_TIME = re.compile(r"^(\d{1,3})\s*min(?:\.|uten|uut)?(?:\s+leestijd)?$", re.IGNORECASE)
QUESTIONS_HEADING = re.compile(r"^drie vragen om (even )?bij stil te staan\b", re.IGNORECASE)
BULLET = re.compile(r"^[•·\-*]\s*")
FAQ_HEADING = re.compile(r"^veelgestelde vragen\b", re.IGNORECASE)
NEWSLETTER = re.compile(
    r"^elke week een moment van rust\b|^(de |onze )?nieuwsbrief\b", re.IGNORECASE
)
SIGN_OFF = re.compile(
    r"^(met )?(warme|lieve|rustige|hartelijke|vriendelijke) groet(en)?\b|^liefs\b"
    r"|^tot (volgende week|snel|de volgende keer)\b|^adem rustig\b",
    re.IGNORECASE,
)
TRAILING_READ_FURTHER = re.compile(r"^(.*?)\s*Lees verder:\s*(.+?)\s*$", re.IGNORECASE)
QUOTED = re.compile(r"^[\"“„'‘«](.+)[\"”'’»]$")
CATEGORY_SPLIT = re.compile(r"\s*(?:,|·|\||•|/)\s*")


def is_heading(line: str) -> bool:
    """A short line without a full stop: how a section heading looks in plain text."""
    words = line.split()
    return (
        0 < len(words) <= 12
        and len(line) <= 90
        and not line.endswith((".", "!", "?", ":", ";", ",", "…", '"', "”"))
        and not BULLET.match(line)
        and not line.startswith(b.BULB)
    )


def read_plain_text(text: str) -> b.ParsedArticle:
    """Read the text of an article page as the blog lays it out (see docs/writing.md)."""
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise ContentError("the file is empty")
    title = lines[0]
    if READING_TIME.match(title) or len(title) > b.MAX_TITLE:
        raise ContentError("the first line must be the title")
    rest = lines[1:]
    minutes_at = next((i for i, line in enumerate(rest[:6]) if READING_TIME.match(line)), None)
    if minutes_at is None:
        raise ContentError("no reading-time line like '11 min' under the title and categories")
    categories = [c for line in rest[:minutes_at] for c in CATEGORY_SPLIT.split(line) if c]
    if not categories:
        raise ContentError("no category line between the title and the reading time")
    rest = rest[minutes_at + 1 :]
    if not rest or QUESTIONS_HEADING.match(rest[0]):
        raise ContentError("no lede (the paragraph under the reading time)")
    lede, rest = rest[0], rest[1:]
    return b.ParsedArticle(title=title, categories=categories, lede=lede, blocks=plain_body(rest))


def plain_body(lines: list[str]) -> list[b.Block]:
    """Classify the lines under the lede into blocks."""
    blocks: list[b.Block] = []
    prose: list[str] = []
    mode = "body"  # or "questions", "faq", "skip" (newsletter and sign-off)
    questions: list[tuple[str, str]] = []
    faq: list[tuple[str, str]] = []
    faq_question: str | None = None
    faq_answer: list[str] = []

    def flush_prose() -> None:
        if prose:
            blocks.append(b.Prose("\n\n".join(md_escape(p) for p in prose)))
            prose.clear()

    def flush_faq() -> None:
        nonlocal faq_question
        if faq_question is not None:
            faq.append((faq_question, "\n\n".join(md_escape(a) for a in faq_answer)))
        faq_question = None
        faq_answer.clear()

    def close_faq() -> None:
        flush_faq()
        if faq:
            blocks.append(b.Faq(tuple(faq)))
            faq.clear()

    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        starts_newsletter = NEWSLETTER.match(line) or (
            "nieuwsbrief" in line.lower() and is_heading(line)
        )
        if (SIGN_OFF.match(line) and len(line) < 60) or starts_newsletter:
            flush_prose()
            close_faq()
            mode = "skip"
            continue
        if FAQ_HEADING.match(line):
            flush_prose()
            close_faq()
            mode = "faq"
            continue
        if mode == "skip":
            # Everything until a FAQ heading (above) belongs to the newsletter or sign-off.
            continue
        if QUESTIONS_HEADING.match(line):
            flush_prose()
            mode = "questions"
            continue
        if mode == "questions":
            if BULLET.match(line) and (m := b.QUESTION_LINE.match(BULLET.sub("", line))):
                questions.append((m.group(1), m.group(2)))
                continue
            if questions:
                blocks.append(b.Questions(tuple(questions)))
                questions = []
            mode = "body"
        if mode == "faq":
            if is_heading(line) and following and (faq_question is None or faq_answer):
                close_faq()
                mode = "body"
            else:
                one_line = re.match(r"^(.+?\?)\s+(\S.*)$", line)
                if line.endswith("?") and not (faq_question is not None and not faq_answer):
                    flush_faq()
                    faq_question = line
                elif one_line and (faq_question is None or faq_answer):
                    flush_faq()
                    faq_question = one_line.group(1)
                    faq_answer.append(one_line.group(2))
                    flush_faq()
                elif faq_question is not None:
                    faq_answer.append(line)
                elif faq:
                    # A second paragraph of the previous one-line answer.
                    question, answer = faq.pop()
                    faq.append((question, f"{answer}\n\n{md_escape(line)}"))
                continue
        previous = blocks[-1] if blocks else None
        if line.startswith(b.BULB):
            flush_prose()
            blocks.append(b.Prompt(line[len(b.BULB) :].strip()))
        elif m := TRAILING_READ_FURTHER.match(line):
            if m.group(1):
                prose.append(m.group(1))
            flush_prose()
            blocks.append(b.ReadFurther(m.group(2).rstrip(".")))
        elif m := QUOTED.match(line):
            flush_prose()
            blocks.append(b.Quote(m.group(1).strip()))
        elif is_heading(line) and following and not is_heading(following):
            flush_prose()
            if isinstance(previous, b.Heading) and not prose:
                # A short heading directly under a section heading titles a story: the
                # scene is the one paragraph that follows.
                blocks.append(b.Story(line, md_escape(following)))
                lines[i + 1] = ""
            else:
                blocks.append(b.Heading(line))
        elif is_heading(line) and is_heading(following) and not prose:
            flush_prose()
            blocks.append(b.Heading(line))
        elif line:
            prose.append(line)
    flush_prose()
    close_faq()
    if questions:
        blocks.append(b.Questions(tuple(questions)))
    return blocks


def md_escape(text: str) -> str:
    """Plain text that Markdown will show as written (no accidental emphasis or links)."""
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", text)


# --- WordPress export (WXR) -----------------------------------------------------------

FORBIDDEN_XML = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str, namespace_part: str = "") -> str:
    """The text of the first child whose local name is `name` (and namespace contains part)."""
    for child in element:
        if _local(child.tag) == name and namespace_part in child.tag:
            return (child.text or "").strip()
    return ""


def read_wxr(data: bytes) -> list[b.ParsedArticle]:
    """Read the posts of a WordPress export; pages, attachments and menus are left out."""
    # Entity declarations are how an XML bomb explodes; a WordPress export never has one.
    if FORBIDDEN_XML.search(data):
        raise ContentError("XML with a DOCTYPE or ENTITY declaration is refused")
    try:
        root = ET.fromstring(data)  # noqa: S314 (see the check above)
    except ET.ParseError as error:
        raise ContentError(f"not well-formed XML ({error})") from None
    channel = root.find("channel")
    if _local(root.tag) != "rss" or channel is None:
        raise ContentError("not a WordPress export (no <rss><channel>)")
    authors = {}
    for element in channel:
        if _local(element.tag) == "author":
            login = _child(element, "author_login")
            authors[login] = _child(element, "author_display_name") or login
    articles = []
    for number, item in enumerate(channel.findall("item"), start=1):
        if _child(item, "post_type") not in ("post", ""):
            continue
        try:
            articles.append(wxr_item(item, authors))
        except ContentError as error:
            raise ContentError(f"item {number}: {error}") from None
    if not articles:
        raise ContentError("the export has no posts")
    return articles


def wxr_item(item: ET.Element, authors: dict[str, str]) -> b.ParsedArticle:
    title = _child(item, "title")
    html = _child(item, "encoded", "/content/")
    excerpt = _child(item, "encoded", "/excerpt/")
    blocks = html_blocks(html)
    lede = text_of_html(excerpt)
    if not lede:
        first = next((i for i, x in enumerate(blocks) if isinstance(x, b.Prose)), None)
        if first is None:
            lede = title
        else:
            paragraphs = blocks[first].text.split("\n\n")
            lede = paragraphs[0]
            rest = "\n\n".join(paragraphs[1:])
            blocks[first : first + 1] = [b.Prose(rest)] if rest.strip() else []
    categories = [
        (c.text or "").strip()
        for c in item.findall("category")
        if c.get("domain") == "category" and (c.text or "").strip()
    ]
    creator = _child(item, "creator")
    status = _child(item, "status")
    return b.ParsedArticle(
        title=title,
        categories=categories or ["Algemeen"],
        lede=" ".join(lede.split())[: b.MAX_LEDE],
        blocks=blocks,
        slug=_child(item, "post_name"),
        published_at=wxr_date(item),
        author=authors.get(creator, creator),
        draft=status not in ("publish", ""),
    )


def wxr_date(item: ET.Element) -> dt.datetime | None:
    gmt = _child(item, "post_date_gmt")
    if gmt and not gmt.startswith("0000"):
        try:
            return dt.datetime.fromisoformat(gmt).replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    published = _child(item, "pubDate")
    if published:
        try:
            return email.utils.parsedate_to_datetime(published)
        except (TypeError, ValueError):
            pass
    return None


class _HtmlToBlocks(HTMLParser):
    """Walk a post's HTML and keep its text as our blocks; any markup we do not know is
    reduced to its text, and script/style content is dropped."""

    INLINE = {"em": "*", "i": "*", "strong": "**", "b": "**"}
    DROP = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg"}
    BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "div", "figure", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[b.Block] = []
        self.buffer: list[str] = []
        self.stack: list[str] = []
        self.dropping = 0
        self.link: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.DROP:
            self.dropping += 1
            return
        if tag in self.BLOCK or tag == "br":
            if tag == "br":
                self.buffer.append("\n")
                return
            self.flush()
            self.stack.append(tag)
        elif tag in self.INLINE:
            self.buffer.append(self.INLINE[tag])
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.link = href if re.match(r"^(https?:|mailto:|/)", href) else None
            if self.link:
                self.buffer.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.DROP:
            self.dropping = max(0, self.dropping - 1)
            return
        if tag in self.INLINE:
            self.buffer.append(self.INLINE[tag])
        elif tag == "a" and self.link:
            self.buffer.append(f"](<{self.link.replace('>', '%3E').replace(' ', '%20')}>)")
            self.link = None
        elif tag in self.BLOCK:
            self.flush()
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.buffer.append(md_escape(data))

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        context = self.stack[-1] if self.stack else "p"
        in_quote = "blockquote" in self.stack
        for paragraph in re.split(r"\n\s*\n", text):
            paragraph = " ".join(paragraph.split())
            if paragraph:
                self.add(context, paragraph, in_quote)

    def add(self, context: str, text: str, in_quote: bool) -> None:
        plain = text.replace("\\", "")
        if context in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.blocks.append(b.Heading(plain))
        elif in_quote:
            self.blocks.append(b.Quote(plain.strip(b.QUOTE_MARKS)))
        elif text.startswith(b.BULB):
            self.blocks.append(b.Prompt(text[len(b.BULB) :].strip()))
        elif m := b.READ_FURTHER.match(plain):
            self.blocks.append(b.ReadFurther(m.group(1)))
        elif context == "li":
            self.blocks.append(b.Prose(f"- {text}"))
        else:
            self.blocks.append(b.Prose(text))


def html_blocks(html: str) -> list[b.Block]:
    """A post's HTML as our blocks: headings become sections, blockquotes quotes, 💡
    paragraphs prompts. Neighbouring prose is merged into one block."""
    parser = _HtmlToBlocks()
    parser.feed(html)
    parser.close()
    parser.flush()
    merged: list[b.Block] = []
    for block in parser.blocks:
        if isinstance(block, b.Prose) and merged and isinstance(merged[-1], b.Prose):
            both_lists = block.text.startswith("- ") and merged[-1].text.split("\n")[-1].startswith(
                "- "
            )
            joiner = "\n" if both_lists else "\n\n"
            merged[-1] = b.Prose(merged[-1].text + joiner + block.text)
        else:
            merged.append(block)
    return merged


def text_of_html(html: str) -> str:
    parser = _HtmlToBlocks()
    parser.feed(html)
    parser.close()
    parser.flush()
    return " ".join(getattr(x, "text", "").replace("\\", "") for x in parser.blocks).strip()
