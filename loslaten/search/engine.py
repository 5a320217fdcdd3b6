"""Searching the index: one interface, ``search(query, limit)``, over SQLite and PostgreSQL.

A query is analyzed into groups of alternatives (``analyze_query``). A passage matches
when it holds one alternative of *every* group; when that finds nothing for a query of
several words, any group will do. Ranking:

* SQLite: FTS5's ``bm25`` with column weights: heading 3, text 1, article title 0.5, so
  that a word in a section's heading lifts that section above a passing mention.
* PostgreSQL: ``ts_rank_cd`` over a tsvector whose heading terms weigh A, title terms B
  and text terms D (see migration 0002).

Among those candidates the score is multiplied by ``OWN_WORD_BOOST`` when the passage
holds one of the reader's own words rather than only a synonym (+0.02 nDCG@10 on the
quality bench).

Only passages of published articles are returned (``Article.objects.published()``): the
database ranks ``CANDIDATES`` times more passages than asked for, the published ones are
kept, and more are ranked only when too few were. Several passages of one article
may follow each other: they land on different sections, and capping them at three per
article cost a tenth of the nDCG@10 on the quality bench (0.84 -> 0.71).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString

from loslaten.content.models import Article, article_url, is_listed
from loslaten.core.rawsql import aware
from loslaten.search.analyzer import analyze_query, highlight_stems
from loslaten.search.models import Passage
from loslaten.search.snippets import snippet

OWN_WORD_BOOST = 2.0
# Candidates ranked per result wanted: room for the own-word boost and for passages of
# articles that are not published; more are fetched only when those run out.
CANDIDATES = 3
MAX_CANDIDATES = 2000
# On SQLite, a query whose words are in more passages than this is first ranked among the
# passages that have one of its words in their heading (see _ranked).
COMMON_ROWS = 5000

PG_SQL = """
SELECT p.id, ts_rank_cd(%s::float4[], p.search_vector, q, 1) AS score
FROM search_passage p, to_tsquery('simple', %s) q
WHERE p.search_vector @@ q
ORDER BY score DESC, p.id
LIMIT %s
"""
# bm25 column weights, in the FTS5 column order: title 0.5, heading 3, text 1. The
# ranking reads the FTS5 table alone: joining every match to its article to check that
# it is published cost more than the ranking itself on 60,000 passages.
SQLITE_SQL = """
SELECT rowid, -bm25(search_passage_fts, 0.5, 3.0, 1.0) AS score
FROM search_passage_fts
WHERE search_passage_fts MATCH %s
ORDER BY score DESC, rowid
LIMIT %s
"""
VOCAB_SQL = "SELECT term, doc FROM search_passage_fts_vocab WHERE term IN ({terms})"
# ts_rank_cd weights for D (text), C (unused), B (title), A (heading).
PG_WEIGHTS = "{0.2, 0.2, 0.4, 1.0}"


@dataclass(frozen=True)
class Hit:
    """One found passage, ready for a template."""

    article_title: str
    article_url: str
    heading: str
    anchor: str
    url: str
    snippet: SafeString
    score: float
    published_at: dt.datetime | None


def max_query_chars() -> int:
    return getattr(settings, "LOSLATEN_MAX_QUERY_CHARS", 200)


def search(query: str, limit: int = 10) -> list[Hit]:
    """The ``limit`` best passages for ``query``, best first; ``[]`` when nothing fits.

    Never raises for odd input: a query without searchable words simply finds nothing.
    Only the first ``LOSLATEN_MAX_QUERY_CHARS`` characters are read.
    """
    groups = analyze_query(query[: max_query_chars()])
    if not groups or limit <= 0:
        return []
    attempts = (True, False) if len(groups) > 1 else (True,)
    for require_all in attempts:
        hits = _best(groups, require_all, limit)
        if hits:
            return hits
    return []


def _best(groups: list[list[str]], require_all: bool, limit: int) -> list[Hit]:
    if connection.vendor == "sqlite" and _is_common(groups):
        hits = _hits(_ranked(groups, require_all, limit * CANDIDATES, headings=True), groups, limit)
        if len(hits) >= limit:
            return hits
    fetch = limit * CANDIDATES
    while True:
        ranked = _ranked(groups, require_all, fetch)
        hits = _hits(ranked, groups, limit)
        if len(hits) >= limit or len(ranked) < fetch or fetch >= MAX_CANDIDATES:
            return hits
        fetch *= 4


def _is_common(groups: list[list[str]]) -> bool:
    """Whether every query word is in more than COMMON_ROWS passages (SQLite only)."""
    terms = sorted({t for group in groups for t in group})
    sql = VOCAB_SQL.replace("{terms}", ", ".join(["%s"] * len(terms)))
    with connection.cursor() as cursor:
        cursor.execute(sql, terms)
        docs = dict(cursor.fetchall())
    return all(sum(docs.get(t, 0) for t in group) > COMMON_ROWS for group in groups)


def _ranked(
    groups: list[list[str]], require_all: bool, limit: int, headings: bool = False
) -> list[tuple[int, float]]:
    """(passage id, score) pairs, best first, of any article, published or not.

    ``headings`` (SQLite) ranks only passages with the words in their heading. Scoring
    every match with bm25 costs about a microsecond a row; for a word in a third of
    60,000 passages that alone is 20 ms. The heading tier is a champion list: when a word
    is that common, sections named after it are the ones a reader wants first, and they
    are few.
    """
    if connection.vendor == "postgresql":
        joiner = " & " if require_all else " | "
        tsquery = joiner.join("(" + " | ".join(group) + ")" for group in groups)
        sql, params = PG_SQL, [PG_WEIGHTS, tsquery, limit]
    elif connection.vendor == "sqlite":
        joiner = " AND " if require_all else " OR "
        # Terms are [a-z0-9] only (see the analyzer); quoting keeps FTS5 from reading
        # a term such as "and" or "near" as an operator.
        match = joiner.join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)
        if headings:
            match = "{heading_terms}: (" + match + ")"
        sql, params = SQLITE_SQL, [match, limit]
    else:  # the system check in search/checks.py stops such a site at start already
        raise RuntimeError(f"search works on SQLite and PostgreSQL, not on {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]


# What a hit is made of: the candidates' passages and their articles' columns, in one
# query (see loslaten.core.rawsql): no article bodies, no model instances.
HIT_SQL = f"""
SELECT p.id, p.title_terms, p.heading_terms, p.body_terms, p.heading, p.anchor, p.text,
       a.title, a.slug, a.kind, a.published_at, a.draft
FROM {Passage._meta.db_table} p JOIN {Article._meta.db_table} a ON a.id = p.article_id
WHERE p.id IN ({{ids}})
"""  # noqa: S608 (table names from the models; the ids are parameters)


class _Row(NamedTuple):
    """One row of ``HIT_SQL``."""

    pk: int
    title_terms: str
    heading_terms: str
    body_terms: str
    heading: str
    anchor: str
    text: str
    article_title: str
    article_slug: str
    article_kind: str
    published_at: dt.datetime | str | None
    draft: bool


def _published_rows(pks: list[int]) -> dict[int, _Row]:
    """The rows of the passages ``pks`` whose article is published, by passage id."""
    with connection.cursor() as cursor:
        cursor.execute(HIT_SQL.replace("{ids}", ", ".join(["%s"] * len(pks))), pks)
        rows = [_Row(*row) for row in cursor.fetchall()]
    now = timezone.now()
    kept = {}
    for row in rows:
        when = aware(row.published_at) if row.published_at is not None else None
        if is_listed(row.draft, row.article_kind, when, now):
            kept[row.pk] = row._replace(published_at=when)
    return kept


def _hits(ranked: list[tuple[int, float]], groups: list[list[str]], limit: int) -> list[Hit]:
    """The best ``limit`` published passages among ``ranked``, as hits with snippets."""
    passages = _published_rows([pk for pk, _ in ranked]) if ranked else {}
    # The reader's own words count more than their synonyms.
    own = {group[0] for group in groups}
    scored = []
    for pk, score in ranked:
        row = passages.get(pk)
        if row is None:
            continue
        terms = f"{row.title_terms} {row.heading_terms} {row.body_terms}".split()
        if not own.isdisjoint(terms):
            score *= OWN_WORD_BOOST
        scored.append((-score, pk, row))
    scored.sort(key=lambda item: (item[0], item[1]))
    marks = highlight_stems(groups)
    hits: list[Hit] = []
    for negative_score, _, row in scored[:limit]:
        page = article_url(row.article_slug, row.article_kind)
        hits.append(
            Hit(
                article_title=row.article_title,
                article_url=page,
                heading=row.heading,
                anchor=row.anchor,
                url=f"{page}#{row.anchor}" if row.anchor else page,
                snippet=snippet(row.text, marks),
                score=-negative_score,
                published_at=row.published_at,  # type: ignore[arg-type]
            )
        )
    return hits


def baseline(query: str, limit: int = 10) -> list[tuple[int, str]]:
    """What a default blog search does, for the benches: ``(article id, anchor)`` of
    passages whose text contains the query string, newest article first."""
    query = query.strip()[: max_query_chars()]
    if not query:
        return []
    rows = (
        Passage.objects.filter(article__in=Article.objects.published(), text__icontains=query)
        .order_by("-article__published_at", "position")
        .values_list("article_id", "anchor")[:limit]
    )
    return list(rows)


# --- what the results page shows ------------------------------------------------------

# Themes offered when a search finds nothing: words that do find something in the sample.
SUGGESTED_QUERIES = ("adem", "rust", "piekeren", "controle", "slapen", "gevoelens")


@dataclass(frozen=True)
class Outcome:
    """Everything the results page needs to know about one search."""

    query: str
    state: str  # "empty", "no_terms", "no_hits" or "hits"
    hits: list[Hit]
    too_long: bool = False


def run_query(raw: str, limit: int = 10) -> Outcome:
    """Interpret the text of the search box and search; never raises."""
    query = " ".join(raw.split())
    too_long = len(query) > max_query_chars()
    query = query[: max_query_chars()]
    if not query:
        return Outcome(query, "empty", [], too_long)
    if not analyze_query(query):
        return Outcome(query, "no_terms", [], too_long)
    hits = search(query, limit=limit)
    return Outcome(query, "hits" if hits else "no_hits", hits, too_long)


def suggested_categories(limit: int = 6) -> list[tuple[str, str]]:
    """(name, url) of categories that hold published articles, to offer after no hits."""
    from loslaten.content.models import Category

    categories = Category.objects.filter(articles__in=Article.objects.published()).distinct()[
        :limit
    ]
    return [(c.name, c.get_absolute_url()) for c in categories]
