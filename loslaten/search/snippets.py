"""Snippets: a short piece of a passage around the query's words, the words marked."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from loslaten.search.analyzer import token_terms, tokenize

SNIPPET_WORDS = 32
_WORD_SPLIT = re.compile(r"(\w+)")


@lru_cache(maxsize=50_000)
def word_terms(word: str) -> frozenset[str]:
    """Index terms of one word as written ("Ademhaling," -> {"ademhaal", "adem", ...})."""
    return frozenset(term for token in tokenize(word) for term in token_terms(token))


def snippet(text: str, terms: frozenset[str], size: int = SNIPPET_WORDS) -> SafeString:
    """About ``size`` words of ``text`` around the densest run of matching words.

    Words whose index terms meet ``terms`` are wrapped in ``<mark>``; everything else is
    HTML-escaped, so the result is safe to print as is.
    """
    # Split into [gap, word, gap, word, ..., gap]: word i is parts[2i + 1], and the text
    # between words i - 1 and i is parts[2i]. A passage repeats its words, so each
    # distinct word is looked up once (a snippet per hit, ten hits a page).
    parts = _WORD_SPLIT.split(text)
    words = parts[1::2]
    if not words:
        return mark_safe(escape(text[:200]))  # escaped just now
    marked = {w: not terms.isdisjoint(word_terms(w)) for w in set(words)}
    hits = [marked[w] for w in words]
    # The window of `size` words with the most hits; the earliest wins a tie.
    best_start, best_count, count = 0, -1, 0
    for i, hit in enumerate(hits):
        count += hit
        if i >= size:
            count -= hits[i - size]
        if count > best_count:
            best_start, best_count = max(0, i - size + 1), count
    # Start a few words before the first hit in the window so that it has some context.
    first_hit = next((i for i in range(best_start, len(hits)) if hits[i]), best_start)
    start = max(0, min(best_start, first_hit - 4))
    end = min(len(words), start + size)
    out = ["… " if start > 0 else ""]
    for i in range(start, end):
        if i > start:
            out.append(escape(parts[2 * i]))
        word = escape(words[i])
        out.append(f"<mark>{word}</mark>" if hits[i] else word)
    if end < len(words):
        out.append(" …")
    return mark_safe("".join(out))  # every piece was escaped above
