"""Keep the index in step with the articles: every save reindexes, a delete removes.

An import saves thousands of articles in one go; inside `indexing_deferred()` a save only
notes the article, and the block's end indexes them all at once (the same passages, in
bulk), so the search finds them as soon as the import is done.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from loslaten.content.models import Article
from loslaten.search.index import BATCH, index_article, index_articles, remove_article
from loslaten.search.models import Passage

_state = threading.local()


def article_saved(
    sender: type, instance: Article, raw: bool = False, created: bool = False, **kwargs: object
) -> None:
    # Fixtures (raw) load rows one by one, possibly before the rest exists: skip them;
    # `loslaten reindex` catches up.
    if raw:
        return
    pending: dict[int, bool] | None = getattr(_state, "pending", None)
    if pending is not None:
        # Fresh means "no passages yet": true only if its first save here created it.
        pending.setdefault(instance.pk, created)
    else:
        index_article(instance, fresh=created)


def article_deleted(sender: type, instance: Article, **kwargs: object) -> None:
    # The passages go by CASCADE already; this also covers deletes that bypass it.
    remove_article(instance.pk)


@contextmanager
def indexing_deferred() -> Iterator[None]:
    """Articles saved inside this block are indexed once, in bulk, when it ends.

    Nested blocks leave the work to the outermost one. Inside a transaction that is to be
    rolled back (a dry run, or the block failed) nothing is indexed: what was saved goes
    too. Outside a transaction a failure still indexes what was committed before it. An
    article saved in a savepoint that was rolled back is simply not found.
    """
    if getattr(_state, "pending", None) is not None:
        yield
        return
    pending: dict[int, bool] = {}
    _state.pending = pending
    try:
        yield
    except BaseException:
        _state.pending = None
        if not connection.in_atomic_block:
            index_pending(pending)
        raise
    _state.pending = None
    if not (connection.in_atomic_block and connection.get_rollback()):
        index_pending(pending)


def index_pending(pending: dict[int, bool]) -> int:
    """Index the articles noted by pk (value: fresh, so no old passages to remove)."""
    stale = [pk for pk, fresh in pending.items() if not fresh]
    pks = sorted(pending)
    total = 0
    with transaction.atomic():
        for start in range(0, len(stale), BATCH):
            Passage.objects.filter(article_id__in=stale[start : start + BATCH]).delete()
        for start in range(0, len(pks), BATCH):
            chunk = Article.objects.filter(pk__in=pks[start : start + BATCH]).order_by("pk")
            total += index_articles(chunk)
    return total


def connect() -> None:
    post_save.connect(article_saved, sender=Article, dispatch_uid="search.article_saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="search.article_deleted")
