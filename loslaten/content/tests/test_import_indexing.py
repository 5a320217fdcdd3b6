"""An import writes the search index and bumps the page cache once per run, not once per
article, and search finds exactly what it found when each article was indexed alone."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from loslaten.content import importers, services
from loslaten.content.models import Article
from loslaten.content.tests.sources import WXR_HEAD, WXR_TAIL, item
from loslaten.core import limits
from loslaten.core.cache import GENERATION_KEY
from loslaten.search import index, signals
from loslaten.search.engine import search
from loslaten.search.models import Passage

pytestmark = pytest.mark.django_db


def export(*items: str) -> bytes:
    return (WXR_HEAD + "".join(items) + WXR_TAIL).encode()


def an_export(body_word: str = "zeepbel") -> bytes:
    return export(
        item(1, "Open raam", f"<p>Over een {body_word} bij het open raam.</p>", name="raam"),
        item(2, "Trage trein", "<p>De trage trein en de kolibrie.</p>", name="trein"),
        item(3, "Geheim", "<p>De wachtwoordtekst met pelikaan.</p>", password="sesam"),
        item(4, "Concept", "<p>Een concept over de walrus.</p>", status="draft", name=""),
        item(5, "Later", "<p>Toekomst met de flamingo.</p>", status="future",
             date="2099-01-01 08:00:00"),
    )  # fmt: skip


def found(word: str) -> set[str]:
    return {hit.article_url for hit in search(word)}


def test_imported_articles_are_searchable_and_hidden_ones_are_not():
    report = services.import_reading(importers.read_source(an_export()))
    assert len(report.came_in) == 5
    assert found("zeepbel") == {"/blog/raam/"}
    assert found("kolibrie") == {"/blog/trein/"}
    for word in ["pelikaan", "walrus", "flamingo"]:
        assert found(word) == set(), word
    # Exactly the rows indexing each article alone writes: hidden ones too (search
    # decides at query time, so a scheduled post becomes findable by itself).
    for article in Article.objects.all():
        stored = list(
            Passage.objects.filter(article=article)
            .order_by("position")
            .values_list("anchor", "heading", "text", "body_terms")
        )
        alone = [(p.anchor, p.heading, p.text, p.body_terms) for p in index.passages_for(article)]
        assert stored == alone and stored, article.title


def test_an_import_indexes_once_per_run_not_per_article(monkeypatch):
    def per_article(*args, **kwargs):
        raise AssertionError("indexed one article on its own during an import")

    runs = []
    bulk = signals.index_pending
    monkeypatch.setattr(signals, "index_article", per_article)
    monkeypatch.setattr(
        signals, "index_pending", lambda pending: runs.append(len(pending)) or bulk(pending)
    )
    before = limits.read(GENERATION_KEY) or 0

    services.import_reading(importers.read_source(an_export()))

    assert runs == [5]
    assert limits.read(GENERATION_KEY) == before + 1  # the cached pages went stale once
    assert found("zeepbel") == {"/blog/raam/"}


def test_the_command_indexes_once_even_when_images_save_articles_again(tmp_path, monkeypatch):
    runs = []
    bulk = signals.index_pending
    monkeypatch.setattr(signals, "index_article", lambda *a, **k: pytest.fail("per article"))
    monkeypatch.setattr(
        signals, "index_pending", lambda pending: runs.append(len(pending)) or bulk(pending)
    )
    path = tmp_path / "export.xml"
    path.write_bytes(an_export())

    call_command("import", str(path), stdout=io.StringIO())

    assert runs == [5]
    assert found("kolibrie") == {"/blog/trein/"}


def test_importing_again_replaces_the_old_passages():
    services.import_reading(importers.read_source(an_export("zeepbel")))
    services.import_reading(importers.read_source(an_export("vuurtoren")))
    assert found("zeepbel") == set()
    assert found("vuurtoren") == {"/blog/raam/"}
    raam = Article.objects.get(slug="raam")
    assert Passage.objects.filter(article=raam).count() == len(index.passages_for(raam))


def test_an_item_that_fails_leaves_no_passages_and_the_others_are_found(monkeypatch):
    save = services.save_parsed

    def save_then_fail(parsed, known=None):
        result = save(parsed, known)  # saved (and noted for the index), then it breaks
        if parsed.title == "Trage trein":
            raise DatabaseError("schijf vol")
        return result

    monkeypatch.setattr(services, "save_parsed", save_then_fail)
    report = services.import_reading(importers.read_source(an_export()))

    assert [s.title for s in report.skipped] == ["Trage trein"]
    assert not Article.objects.filter(slug="trein").exists()
    assert found("zeepbel") == {"/blog/raam/"}
    assert found("kolibrie") == set()
    assert not Passage.objects.exclude(article__in=Article.objects.all()).exists()


def test_a_dry_run_writes_no_passages_and_leaves_the_cache_alone():
    before = limits.read(GENERATION_KEY)
    report = services.import_reading(importers.read_source(an_export()), dry_run=True)
    assert len(report.came_in) == 5
    assert Article.objects.count() == 0
    assert Passage.objects.count() == 0
    assert limits.read(GENERATION_KEY) == before


def test_an_article_saved_outside_an_import_is_indexed_at_once():
    services.import_reading(importers.read_source(an_export()))
    article = Article.objects.get(slug="raam")
    article.lede = "Een nieuw begin."  # the old lede named the zeepbel too
    article.body_markdown = "Nu over een vuurtoren."
    article.save()
    assert found("vuurtoren") == {"/blog/raam/"}
    assert found("zeepbel") == set()
