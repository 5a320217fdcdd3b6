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
    marked = {w for w in set(words) if not terms.isdisjoint(word_terms(w))}
    hits = [i for i, w in enumerate(words) if w in marked]
    # The window of `size` words with the most hits; the earliest wins a tie. A window's
    # count only grows when it ends on a hit, so only those windows are counted.
    best_start, best_count, first = 0, 0, 0
    for n, i in enumerate(hits):
        while hits[first] <= i - size:
            first += 1
        if n - first + 1 > best_count:
            best_start, best_count = max(0, i - size + 1), n - first + 1
    # Start a few words before the first hit in the window so that it has some context.
    first_hit = next((i for i in hits if i >= best_start), best_start)
    start = max(0, min(best_start, first_hit - 4))
    end = min(len(words), start + size)
    out = ["… " if start > 0 else ""]
    at = 2 * start + 1  # the window's first word, in parts
    for i in hits:
        if start <= i < end:
            out.append(escape("".join(parts[at : 2 * i + 1])))
            out.append(f"<mark>{escape(words[i])}</mark>")
            at = 2 * i + 2
    out.append(escape("".join(parts[at : 2 * end])))
    if end < len(words):
        out.append(" …")
    return mark_safe("".join(out))  # every piece was escaped above
