"""Keep the index in step with the articles: every save reindexes, a delete removes."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from loslaten.content.models import Article
from loslaten.search.index import index_article, remove_article


def article_saved(
    sender: type, instance: Article, raw: bool = False, created: bool = False, **kwargs: object
) -> None:
    # Fixtures (raw) load rows one by one, possibly before the rest exists: skip them;
    # `loslaten reindex` catches up.
    if not raw:
        index_article(instance, fresh=created)


def article_deleted(sender: type, instance: Article, **kwargs: object) -> None:
    # The passages go by CASCADE already; this also covers deletes that bypass it.
    remove_article(instance.pk)


def connect() -> None:
    post_save.connect(article_saved, sender=Article, dispatch_uid="search.article_saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="search.article_deleted")
