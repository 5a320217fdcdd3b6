"""Read articles from files: our Markdown, the plain text of a published page, a
WordPress export, Hugo and Jekyll posts (a file or a whole folder).

`read_path` and `read_source` return a `Reading`: what can come in, and each item that
cannot with its reason, so that one bad item never blocks the others. Nothing here touches
the database (services.save_reading saves). docs/writing.md describes each format.
"""

from __future__ import annotations

import re
from pathlib import Path

from loslaten.content import blocks as b
from loslaten.content import staticsite
from loslaten.content.blocks import ContentError
from loslaten.content.htmlmd import md_escape
from loslaten.content.reading import Reading, Skipped
from loslaten.content.wxr import read_wxr

# A WordPress export of a large blog easily passes 20 MB; the whole file is parsed at once.
MAX_FILE_BYTES = 64 * 1024 * 1024


def read_file(path: Path) -> list[b.ParsedArticle]:
    """Read one file in any format; ContentError says why nothing in it can come in."""
    return articles_of(read_path(path))


def read_bytes(data: bytes) -> list[b.ParsedArticle]:
    """Recognise the format from the content and read it (articles only)."""
    return articles_of(read_source(data))


def articles_of(reading: Reading) -> list[b.ParsedArticle]:
    if not reading.articles and reading.skipped:
        raise ContentError(reading.skipped[0].reason)
    return reading.articles


def read_path(path: Path) -> Reading:
    """A file, or a folder of Hugo/Jekyll posts; ContentError when it cannot be read."""
    if path.is_dir():
        files = staticsite.post_files(path)
        if not files:
            raise ContentError("the folder has no Markdown posts")
        texts: dict[Path, str] = {}
        reading = Reading(kind="Hugo or Jekyll posts")
        for file in files:
            try:
                texts[file] = decode(load(file))
            except ContentError as error:
                reading.skipped.append(Skipped(file.name, str(error)))
        reading.extend(staticsite.read_folder(files, texts))
        return reading
    return read_source(load(path), path)


def load(path: Path) -> bytes:
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
    return data


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ContentError(f"not UTF-8 text (byte {error.start} cannot be read)") from None


def read_source(data: bytes, path: Path | None = None) -> Reading:
    """Recognise the format from the content and read it."""
    head = data[:500].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<rss", b"<!DOCTYPE")):
        return read_wxr(data)
    text = decode(data)
    if not text.strip():
        raise ContentError("the file is empty")
    first = text.lstrip().split("\n", 1)[0].strip()
    name = path or Path("post.md")
    if first.startswith("---") and is_our_markdown(text):
        return Reading("Markdown", [b.parse_article(text)])
    if first.startswith(("---", "+++")) or first == "{":
        reading = Reading("Hugo or Jekyll post")
        try:
            reading.articles.append(staticsite.read_post(name, text))
        except ContentError as error:
            reading.skipped.append(Skipped(staticsite.title_of(text) or name.name, str(error)))
        return reading
    return Reading("page text", [read_plain_text(text)])


def is_our_markdown(text: str) -> bool:
    """Our own format has a lede in its front matter (and our block conventions below)."""
    try:
        meta, _ = b.split_front_matter(text)
    except ContentError:
        return False
    return "lede" in meta


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
    """Read the text of an article page (see docs/writing.md). Two layouts: the title
    first, then the categories and the reading time; or as the live page copies, the
    categories first (a category may show twice), the reading time, the title, the
    reading time again."""
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise ContentError("the file is empty")
    times = [i for i, line in enumerate(lines[:14]) if READING_TIME.match(line)]
    if len(times) >= 2 and times[1] == times[0] + 2 and times[0] >= 1:
        # The live page: categories, "11 min", title, "11 min", lede.
        title = lines[times[0] + 1]
        category_lines, rest = lines[: times[0]], lines[times[1] + 1 :]
    else:
        title = lines[0]
        if READING_TIME.match(title) or len(title) > b.MAX_TITLE:
            raise ContentError("the first line must be the title")
        rest = lines[1:]
        minutes_at = next((i for i, line in enumerate(rest[:6]) if READING_TIME.match(line)), None)
        if minutes_at is None:
            raise ContentError("no reading-time line like '11 min' under the title and categories")
        category_lines, rest = rest[:minutes_at], rest[minutes_at + 1 :]
        if rest and READING_TIME.match(rest[0]):
            rest = rest[1:]
    categories = [c for line in category_lines for c in CATEGORY_SPLIT.split(line) if c]
    # The title is never a category, however the page repeats it.
    categories = [c for c in categories if b.normalize_title(c) != b.normalize_title(title)]
    if not categories:
        raise ContentError("no category line between the title and the reading time")
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
