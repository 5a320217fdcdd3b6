"""Writing the index: passages of an article in, stale passages out.

Only plain rows are written here; the full-text structures follow by themselves (see
``loslaten.search.models``). Every article is indexed, published or not: whether a
passage may be found is decided at query time, so that an article scheduled for tomorrow
becomes findable tomorrow without anyone saving it again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from loslaten.content.models import Article
from loslaten.search.analyzer import analyze
from loslaten.search.models import Passage

BATCH = 500


def passages_for(article: Article) -> list[Passage]:
    """Unsaved index rows for every passage of ``article``, in reading order."""
    title_terms = " ".join(analyze(article.title))
    rows = []
    for position, passage in enumerate(article.passages()):
        rows.append(
            Passage(
                article=article,
                position=position,
                anchor=passage.anchor,
                heading=passage.heading[:300],
                text=passage.text,
                title_terms=title_terms,
                heading_terms=" ".join(analyze(passage.heading)),
                body_terms=" ".join(analyze(passage.text)),
            )
        )
    return rows


def index_article(article: Article, fresh: bool = False) -> int:
    """Replace the indexed passages of ``article``; returns how many were written.
    A `fresh` (just created) article has none to remove."""
    rows = passages_for(article)
    with transaction.atomic():
        if not fresh:
            Passage.objects.filter(article_id=article.pk).delete()
        Passage.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def remove_article(article_id: int) -> None:
    """Drop the passages of an article (a no-op when it has none)."""
    Passage.objects.filter(article_id=article_id).delete()


def index_articles(articles: Iterable[Article]) -> int:
    """Index many articles with few queries (the old passages must be gone already)."""
    total = 0
    batch: list[Passage] = []
    for article in articles:
        batch.extend(passages_for(article))
        if len(batch) >= BATCH:
            Passage.objects.bulk_create(batch, batch_size=BATCH)
            total += len(batch)
            batch = []
    if batch:
        Passage.objects.bulk_create(batch, batch_size=BATCH)
        total += len(batch)
    return total


def rebuild() -> int:
    """Empty the index and index every article again; returns the number of passages."""
    with transaction.atomic():
        Passage.objects.all().delete()
        total = index_articles(Article.objects.order_by("pk").iterator(chunk_size=200))
    optimize()
    return total


def optimize() -> None:
    """Merge the FTS5 segments after a bulk load (SQLite only; cheap, and queries get faster)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_passage_fts(search_passage_fts) VALUES('optimize')")
