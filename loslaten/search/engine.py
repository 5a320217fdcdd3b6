"""Searching the index: one interface, ``search(query, limit)``, over SQLite and PostgreSQL.

A query is analyzed into groups of alternatives (``analyze_query``). A passage matches
when it holds one alternative of *every* group; when that finds nothing for a query of
several words, any group will do. Ranking:

* SQLite: FTS5's ``bm25`` with column weights: heading 3, text 1, article title 0.5, so
  that a word in a section's heading lifts that section above a passing mention.
* PostgreSQL: ``ts_rank_cd`` over a tsvector whose heading terms weigh A, title terms B
  and text terms D (see migration 0002).

Both multiply the score by ``OWN_WORD_BOOST`` when the passage holds one of the reader's
own words rather than only a synonym (+0.02 nDCG@10 on the quality bench).

Only passages of published articles are returned (``Article.objects.published()``, as a
subquery, so that the database filters before it limits). Several passages of one article
may follow each other: they land on different sections, and capping them at three per
article cost a tenth of the nDCG@10 on the quality bench (0.84 -> 0.71).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.safestring import SafeString

from loslaten.content.models import Article
from loslaten.search.analyzer import analyze_query, highlight_stems
from loslaten.search.models import Passage
from loslaten.search.snippets import snippet

OWN_WORD_BOOST = 2.0

# {published} is replaced by the compiled SQL of Article.objects.published(); everything
# else that varies travels as a parameter.
PG_SQL = """
SELECT p.id,
       ts_rank_cd(%s::float4[], p.search_vector, q, 1)
       * CASE WHEN p.search_vector @@ to_tsquery('simple', %s) THEN %s ELSE 1 END AS score
FROM search_passage p, to_tsquery('simple', %s) q
WHERE p.search_vector @@ q AND p.article_id IN ({published})
ORDER BY score DESC, p.id
LIMIT %s
"""
# bm25 column weights, in the FTS5 column order: title 0.5, heading 3, text 1.
SQLITE_SQL = """
SELECT p.id,
       -bm25(search_passage_fts, 0.5, 3.0, 1.0)
       * CASE WHEN p.id IN (
             SELECT rowid FROM search_passage_fts WHERE search_passage_fts MATCH %s
         ) THEN %s ELSE 1 END AS score
FROM search_passage_fts JOIN search_passage p ON p.id = search_passage_fts.rowid
WHERE search_passage_fts MATCH %s AND p.article_id IN ({published})
ORDER BY score DESC, p.id
LIMIT %s
"""
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
    ranked = _ranked(groups, require_all=True, limit=limit)
    if not ranked and len(groups) > 1:
        ranked = _ranked(groups, require_all=False, limit=limit)
    return _hits(ranked, highlight_stems(groups), limit)


def _ranked(groups: list[list[str]], require_all: bool, limit: int) -> list[tuple[int, float]]:
    """(passage id, score) pairs, best first."""
    published_sql, published_params = (
        Article.objects.published().order_by().values("id").query.sql_with_params()
    )
    # The reader's own words count more than their synonyms: a passage that holds one of
    # them gets its score multiplied by OWN_WORD_BOOST.
    own = [group[0] for group in groups]
    if connection.vendor == "postgresql":
        joiner = " & " if require_all else " | "
        tsquery = joiner.join("(" + " | ".join(group) + ")" for group in groups)
        sql = PG_SQL.replace("{published}", published_sql)
        own_query = " | ".join(own)
        params = [PG_WEIGHTS, own_query, OWN_WORD_BOOST, tsquery, *published_params, limit]
    elif connection.vendor == "sqlite":
        joiner = " AND " if require_all else " OR "
        # Terms are [a-z0-9] only (see the analyzer); quoting keeps FTS5 from reading
        # a term such as "and" or "near" as an operator.
        match = joiner.join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)
        own_match = " OR ".join(f'"{t}"' for t in own)
        sql = SQLITE_SQL.replace("{published}", published_sql)
        params = [own_match, OWN_WORD_BOOST, match, *published_params, limit]
    else:  # pragma: no cover - settings only allow SQLite and PostgreSQL
        raise NotImplementedError(f"search does not support {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]


def _hits(ranked: list[tuple[int, float]], terms: frozenset[str], limit: int) -> list[Hit]:
    passages = Passage.objects.select_related("article").in_bulk([pk for pk, _ in ranked])
    hits: list[Hit] = []
    for pk, score in ranked:
        passage = passages.get(pk)
        if passage is None:  # deleted between the two queries
            continue
        article = passage.article
        article_url = article.get_absolute_url()
        hits.append(
            Hit(
                article_title=article.title,
                article_url=article_url,
                heading=passage.heading,
                anchor=passage.anchor,
                url=f"{article_url}#{passage.anchor}" if passage.anchor else article_url,
                snippet=snippet(passage.text, terms),
                score=score,
                published_at=article.published_at,
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
