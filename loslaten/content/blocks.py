"""An article's building blocks, and the Markdown conventions that write them.

`parse_article(text)` reads one Markdown file (YAML front matter + body, see docs/writing.md)
into a `ParsedArticle`; `parse_body(text)` reads the body alone into a list of typed blocks;
`to_markdown(...)` writes blocks back, so that every importer produces the same Markdown an
author would have written. Everything here is pure: no database, no HTML.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from django.utils.text import slugify

MAX_TITLE = 200
MAX_LEDE = 1000
MAX_NAME = 100

QUESTIONS_HEADING = "Drie vragen om even bij stil te staan"
# Ids the article page uses itself; a section heading never takes one of them.
RESERVED_ANCHORS = {"main", "vragen", "faq", "lees-verder", "gerelateerd", "actie", "site-search"}


class ContentError(ValueError):
    """Text that cannot become an article; the message says why, in one plain line."""


@dataclass(frozen=True)
class Questions:
    """The three questions to pause on: (question, short answer) pairs."""

    items: tuple[tuple[str, str], ...]
    kind: str = field(default="questions", init=False)


@dataclass(frozen=True)
class Heading:
    """The start of a section."""

    text: str
    anchor: str = ""
    kind: str = field(default="heading", init=False)


@dataclass(frozen=True)
class Prose:
    """Ordinary Markdown paragraphs (lists, emphasis and links included)."""

    text: str
    kind: str = field(default="prose", init=False)


@dataclass(frozen=True)
class Story:
    """A short titled scene."""

    title: str
    text: str
    kind: str = field(default="story", init=False)


@dataclass(frozen=True)
class Quote:
    """A pull quote, without its quotation marks; `cite` names its source when known."""

    text: str
    cite: str = ""
    kind: str = field(default="quote", init=False)


@dataclass(frozen=True)
class Embed:
    """A video, a post or a map from elsewhere, shown as a titled link card (never loaded)."""

    title: str
    url: str
    kind: str = field(default="embed", init=False)

    @property
    def host(self) -> str:
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


@dataclass(frozen=True)
class Prompt:
    """A reflection prompt (the 💡 line), without the bulb."""

    text: str
    anchor: str = ""
    kind: str = field(default="prompt", init=False)


@dataclass(frozen=True)
class ReadFurther:
    """'Lees verder: <title of another article>'."""

    title: str
    kind: str = field(default="read_further", init=False)


@dataclass(frozen=True)
class Faq:
    """Frequently asked questions: (question, Markdown answer) pairs."""

    items: tuple[tuple[str, str], ...]
    kind: str = field(default="faq", init=False)


@dataclass(frozen=True)
class Action:
    """The closing call to action."""

    text: str
    kind: str = field(default="action", init=False)


Block = Questions | Heading | Prose | Story | Quote | Prompt | ReadFurther | Faq | Action | Embed


@dataclass
class ParsedArticle:
    """Front matter plus blocks: everything an importer knows about one article."""

    title: str
    categories: list[str]
    lede: str
    blocks: list[Block]
    slug: str = ""
    published_at: dt.datetime | dt.date | None = None
    author: str = ""
    # A draft (or a private or password-protected post) is saved hidden: never listed,
    # fed or served, whatever its date.
    draft: bool = False
    # What the importers add; an article written in our own format leaves them empty.
    kind: str = "post"  # or "page": a site page at /<slug>/, outside the blog
    source_id: str = ""  # the source's own id or permalink: identity across imports
    tags: list[str] = field(default_factory=list)
    modified_at: dt.datetime | dt.date | None = None
    lang: str = ""
    old_paths: list[str] = field(default_factory=list)  # addresses that redirect here
    featured_image_ref: str = ""  # the source's reference to its featured image
    # Where the item's relative image paths start (a Hugo page bundle's folder); None: the
    # folder of the file that was imported.
    base_dir: Path | None = None
    notes: list[str] = field(default_factory=list)  # what was converted or left out

    def __post_init__(self) -> None:
        self.title = " ".join(self.title.split())
        self.lede = " ".join(self.lede.split())
        self.categories = _unique_names(self.categories)
        self.tags = _unique_names(self.tags)
        if not self.title:
            raise ContentError("the article has no title")
        if len(self.title) > MAX_TITLE:
            raise ContentError(f"the title is longer than {MAX_TITLE} characters")
        if len(self.lede) > MAX_LEDE:
            raise ContentError(f"the lede is longer than {MAX_LEDE} characters")
        if len(self.author) > MAX_NAME:
            raise ContentError(f"the author is longer than {MAX_NAME} characters")
        for name in [*self.categories, *self.tags]:
            if len(name) > MAX_NAME or not slugify(name):
                raise ContentError(f"category or tag {name[:40]!r} is too long or has no letters")
        self.slug = self.slug or slugify(self.title)
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", self.slug) or len(self.slug) > MAX_TITLE:
            raise ContentError(f"cannot make a web address (slug) from {self.slug or self.title!r}")
        self.blocks = with_anchors(self.blocks)

    def counts(self) -> dict[str, int]:
        """How many of each recognised thing: what the importer reports."""
        return block_counts(self.blocks)

    @property
    def body_markdown(self) -> str:
        return to_markdown(self.blocks)

    @classmethod
    def from_markdown(cls, markdown: str, **fields: object) -> ParsedArticle:
        """An article whose body is Markdown in our conventions (what the importers write)."""
        return cls(blocks=parse_body(markdown), **fields)  # type: ignore[arg-type]


def _unique_names(names: list[str]) -> list[str]:
    """Names on one line each, without blanks or repeats (case does not matter)."""
    seen: set[str] = set()
    result = []
    for name in names:
        name = " ".join(str(name).split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return result


def normalize_title(title: str) -> str:
    """A title as compared for 'Lees verder': no case, no accents, no trailing stop."""
    decomposed = unicodedata.normalize("NFKD", title)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split()).rstrip(" .")


def make_anchor(text: str, taken: set[str], fallback: str) -> str:
    """A stable, unique id for a heading: its slug, with -2, -3... on a repeat."""
    base = slugify(text)[:60].strip("-") or fallback
    if base in RESERVED_ANCHORS or re.fullmatch(r"prompt-\d+|faq-\d+", base):
        base = f"sectie-{base}"
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


def with_anchors(blocks: list[Block]) -> list[Block]:
    """Give every section and prompt its id, in document order."""
    taken: set[str] = set()
    result: list[Block] = []
    prompts = sections = 0
    for block in blocks:
        if isinstance(block, Heading):
            sections += 1
            block = Heading(block.text, make_anchor(block.text, taken, f"sectie-{sections}"))
        elif isinstance(block, Prompt):
            prompts += 1
            block = Prompt(block.text, f"prompt-{prompts}")
        result.append(block)
    return result


def block_counts(blocks: list[Block]) -> dict[str, int]:
    counts = {
        "questions": 0,
        "sections": 0,
        "stories": 0,
        "quotes": 0,
        "prompts": 0,
        "read_further": 0,
        "faq": 0,
    }
    for block in blocks:
        if isinstance(block, Questions):
            counts["questions"] += len(block.items)
        elif isinstance(block, Heading):
            counts["sections"] += 1
        elif isinstance(block, Story):
            counts["stories"] += 1
        elif isinstance(block, Quote):
            counts["quotes"] += 1
        elif isinstance(block, Prompt):
            counts["prompts"] += 1
        elif isinstance(block, ReadFurther):
            counts["read_further"] += 1
        elif isinstance(block, Faq):
            counts["faq"] += len(block.items)
    return counts


# --- Markdown -> blocks ----------------------------------------------------------------

CONTAINER_OPEN = re.compile(r"^:::\s*([A-Za-z]+)\s*(.*?)\s*$")
CONTAINER_CLOSE = re.compile(r"^:::\s*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
READ_FURTHER = re.compile(r"^Lees verder:\s*(.+?)\s*$", re.IGNORECASE)
QUESTION_LINE = re.compile(r"^\s*(?:[-*•]\s*)?(.+?)\s*(?:→|->)\s*(.+?)\s*$")
CITE_LINE = re.compile(r"^(?:—|--)\s*(.+)$")
QUOTE_MARKS = "\"'“”„‘’«»"
BULB = "💡"


def parse_article(text: str) -> ParsedArticle:
    """Read one article file: YAML front matter between `---` lines, then the body.

    Raises ContentError with a plain reason for anything that is not an article.
    """
    meta, body = split_front_matter(text)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ContentError("the front matter has no title")
    lede = meta.get("lede", "")
    if not isinstance(lede, str) or not lede.strip():
        raise ContentError("the front matter has no lede")
    categories = meta.get("categories", [])
    if isinstance(categories, str):
        categories = categories.split(",")
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise ContentError("categories must be a list of names, like [Gelukshormonen]")
    if not any(c.strip() for c in categories):
        raise ContentError("the front matter has no categories")
    slug = meta.get("slug") or ""
    author = meta.get("author") or ""
    if not isinstance(slug, str) or not isinstance(author, str):
        raise ContentError("slug and author must be plain text")
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ContentError("tags must be a list of words, like [adem, rust]")
    parsed = ParsedArticle(
        title=title,
        categories=categories,
        lede=lede,
        blocks=parse_body(body),
        slug=slug.strip(),
        published_at=parse_date(meta.get("date")),
        author=author.strip(),
        tags=tags,
        draft=meta.get("draft") is True,
        lang=str(meta.get("lang") or "").strip(),
    )
    # `image: path` (and `image_alt`): the featured image, stored by content.media.
    image, alt = meta.get("image"), meta.get("image_alt")
    if isinstance(image, str) and image.strip():
        alt = " ".join(alt.split()).replace("]", "") if isinstance(alt, str) else ""
        parsed.featured_image_ref = f"![{alt}]({image.strip()})"
    return parsed


def split_front_matter(text: str) -> tuple[dict, str]:
    """Separate the YAML front matter from the body."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError("the file does not start with front matter (a line '---')")
    end = next((i for i, line in enumerate(lines) if i and line.strip() == "---"), None)
    if end is None:
        raise ContentError("the front matter is not closed by a line '---'")
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" on line {where.line + 2}" if where else ""
        raise ContentError(f"the front matter is not valid YAML{line}") from None
    if not isinstance(meta, dict):
        raise ContentError("the front matter must be 'key: value' lines")
    return meta, "\n".join(lines[end + 1 :])


def parse_date(value: object) -> dt.datetime | dt.date | None:
    """A front-matter date: a date, a datetime, or an ISO string; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ContentError(f"date {str(value)[:40]!r} is not a date like 2026-03-14")


def parse_body(text: str) -> list[Block]:
    """Read an article body into blocks (see docs/writing.md for the conventions)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    paragraph: list[str] = []
    prose: list[str] = []

    def flush_prose() -> None:
        if prose:
            blocks.append(Prose("\n\n".join(prose)))
            prose.clear()

    def flush_paragraph() -> None:
        if not paragraph:
            return
        joined = "\n".join(paragraph).strip()
        paragraph.clear()
        if joined.startswith(BULB):
            flush_prose()
            blocks.append(Prompt(" ".join(joined[len(BULB) :].split())))
        elif (m := READ_FURTHER.match(joined)) and "\n" not in joined:
            flush_prose()
            blocks.append(ReadFurther(m.group(1)))
        elif all(line.lstrip().startswith(">") for line in joined.split("\n")):
            flush_prose()
            quoted = [line.lstrip()[1:].strip() for line in joined.split("\n")]
            cite = ""
            if len(quoted) > 1 and (m := CITE_LINE.match(quoted[-1])):
                cite, quoted = m.group(1), quoted[:-1]
            text = " ".join(q for q in quoted if q)
            blocks.append(Quote(text.strip().strip(QUOTE_MARKS).strip() or text, cite))
        elif joined:
            prose.append(joined)

    i = 0
    while i < len(lines):
        line = lines[i]
        opened = CONTAINER_OPEN.match(line.strip())
        if fence := FENCE.match(line):
            # A code block is kept as written: no heading, quote or container inside it.
            flush_paragraph()
            code = [line]
            i += 1
            while i < len(lines):
                code.append(lines[i])
                if (
                    lines[i].strip().startswith(fence.group(1))
                    and not lines[i].strip(fence.group(1)[0]).strip()
                ):
                    break
                i += 1
            prose.append("\n".join(code))
        elif opened:
            flush_paragraph()
            flush_prose()
            inner: list[str] = []
            i += 1
            while i < len(lines) and not CONTAINER_CLOSE.match(lines[i].strip()):
                inner.append(lines[i])
                i += 1
            blocks.extend(container(opened.group(1).lower(), opened.group(2), inner))
        elif heading := HEADING.match(line):
            flush_paragraph()
            flush_prose()
            blocks.append(Heading(heading.group(1).strip()))
        elif not line.strip():
            flush_paragraph()
        else:
            paragraph.append(line)
        i += 1
    flush_paragraph()
    flush_prose()
    return [b for b in blocks if not _empty(b)]


def _empty(block: Block) -> bool:
    if isinstance(block, Questions | Faq):
        return not block.items
    if isinstance(block, Story):
        return not block.text.strip() and not block.title.strip()
    text = getattr(block, "text", None) or getattr(block, "title", "")
    return not text.strip()


def container(name: str, title: str, lines: list[str]) -> list[Block]:
    """One `::: name` container; an unknown name is kept as ordinary prose."""
    body = "\n".join(lines).strip()
    if name == "vragen":
        items = []
        for line in lines:
            if m := QUESTION_LINE.match(line):
                items.append((m.group(1).strip(), m.group(2).strip()))
        return [Questions(tuple(items))]
    if name == "verhaal":
        return [Story(title.strip(), body)]
    if name == "faq":
        return [Faq(tuple(faq_items(lines)))]
    if name == "actie":
        return [Action(body)]
    if name == "embed":
        url = body.split()[0] if body.split() else ""
        return [Embed(title.strip() or url, url)] if url.startswith("https://") else []
    return [Prose(body)] if body else []


def faq_items(lines: list[str]) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    question: str | None = None
    answer: list[str] = []
    for line in [*lines, "### "]:
        if line.startswith("### ") or line.strip() == "###":
            if question:
                items.append((question, "\n".join(answer).strip()))
            question, answer = line[4:].strip(), []
        elif question is not None:
            answer.append(line)
    return [(q, a) for q, a in items if q]


# --- blocks -> Markdown ----------------------------------------------------------------


def _safe_line(text: str) -> str:
    """Text on one line."""
    return " ".join(text.split())


def _safe_prose(text: str) -> str:
    lines = []
    for line in text.strip().split("\n"):
        stripped = line.strip()
        if CONTAINER_OPEN.match(stripped) or CONTAINER_CLOSE.match(stripped):
            line = "\\" + stripped
        elif HEADING.match(line) or line.startswith("### "):
            line = "\\" + line
        lines.append(line)
    return "\n".join(lines)


def _safe_prose_block(text: str) -> str:
    """Prose that reads back as prose: no line outside a code block may open a container
    or a section, and no paragraph may start as a quote. Code blocks are kept as written."""
    lines: list[str] = []
    fence = ""
    start_of_paragraph = True
    for line in text.strip().split("\n"):
        stripped = line.strip()
        if fence:
            lines.append(line)
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
            continue
        if m := FENCE.match(line):
            fence = m.group(1)
        elif CONTAINER_OPEN.match(stripped) or CONTAINER_CLOSE.match(stripped):
            line = "\\" + stripped
        elif HEADING.match(line):
            line = "\\" + line
        elif start_of_paragraph and stripped.startswith(">"):
            line = "\\" + stripped
        start_of_paragraph = not stripped
        lines.append(line)
    return "\n".join(lines)


def to_markdown(blocks: list[Block]) -> str:
    """Write blocks as the Markdown body an author would write (docs/writing.md)."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Questions):
            items = "\n".join(
                f"- {_safe_line(q).replace('→', '-')} → {_safe_line(a)}" for q, a in block.items
            )
            parts.append(f"::: vragen\n{items}\n:::")
        elif isinstance(block, Heading):
            parts.append(f"## {' '.join(block.text.split())}")
        elif isinstance(block, Prose):
            parts.append(_safe_prose_block(block.text))
        elif isinstance(block, Story):
            title = " ".join(block.title.split())
            parts.append(f"::: verhaal {title}\n{_safe_prose(block.text)}\n:::")
        elif isinstance(block, Quote):
            cite = f"\n> — {' '.join(block.cite.split())}" if block.cite else ""
            parts.append(f'> "{" ".join(block.text.split())}"{cite}')
        elif isinstance(block, Embed):
            parts.append(f"::: embed {' '.join(block.title.split())}\n{block.url}\n:::")
        elif isinstance(block, Prompt):
            parts.append(f"{BULB} {' '.join(block.text.split())}")
        elif isinstance(block, ReadFurther):
            parts.append(f"Lees verder: {' '.join(block.title.split())}")
        elif isinstance(block, Faq):
            pairs = "\n\n".join(
                f"### {' '.join(q.split())}\n{_safe_prose(a)}" for q, a in block.items
            )
            parts.append(f"::: faq\n{pairs}\n:::")
        elif isinstance(block, Action):
            parts.append(f"::: actie\n{_safe_prose(block.text)}\n:::")
    return "\n\n".join(parts) + "\n"


def to_document(article: ParsedArticle) -> str:
    """The whole file: front matter and body."""
    meta: dict[str, object] = {
        "title": article.title,
        "slug": article.slug,
        "categories": article.categories,
        "lede": article.lede,
    }
    if article.published_at:
        meta["date"] = article.published_at
    if article.author:
        meta["author"] = article.author
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{article.body_markdown}"
