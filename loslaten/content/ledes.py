"""A lede is plain text: the source's excerpt or summary, else the first paragraph."""

from __future__ import annotations

import re

from loslaten.content import blocks as b
from loslaten.content.render import plain_text

# A paragraph that is one of these is no lede: a heading, list, quote, code, table, image,
# card, definition, or one of our containers.
NOT_A_LEDE = re.compile(r"^(#|[-*+] |\d+[.)] |>|```|~~~|\||!\[|:::|\\?\*\*\*$|: )")


def shorten(text: str, limit: int = b.MAX_LEDE) -> str:
    """At most `limit` characters, cut between words."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def take_lede(summary: str, body: str) -> tuple[str, str]:
    """(lede, body): the summary (plain text already), or the body's first ordinary
    paragraph as plain text, which then leaves the body (the page shows the lede above it)."""
    if summary.strip():
        return shorten(summary), body
    paragraphs = re.split(r"\n\s*\n", body.strip())
    first = paragraphs[0] if paragraphs else ""
    if not first or NOT_A_LEDE.match(first) or "\n: " in first:
        return "", body
    lede = plain_text(first)
    if len(lede) > b.MAX_LEDE:
        return shorten(lede), body
    return lede, "\n\n".join(paragraphs[1:]) + "\n"
