"""The search index: one row per passage of an article, with its analyzed terms.

The terms are the output of ``loslaten.search.analyzer.analyze`` joined by spaces. The
database's own full-text machinery reads them:

* SQLite: an FTS5 table ``search_passage_fts`` with external content (this table), kept in
  step by triggers on insert, update and delete (migration 0002).
* PostgreSQL: a generated ``search_vector`` tsvector column (config 'simple', since the
  terms are already stemmed) with a GIN index (migration 0002).

Neither is a model field: Django writes and deletes plain rows, the database does the rest.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loslaten.content.models import Article


class Passage(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="search_passages", verbose_name=_("artikel")
    )
    position = models.PositiveIntegerField(_("plaats"))
    anchor = models.CharField(_("anker"), max_length=200, blank=True)
    heading = models.CharField(_("kop"), max_length=300)
    text = models.TextField(_("tekst"))
    title_terms = models.TextField(blank=True)
    heading_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="search_passage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id}#{self.anchor}"
