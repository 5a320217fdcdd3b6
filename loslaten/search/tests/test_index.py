"""Keeping the index fresh: save, delete, and `loslaten reindex`."""

import pytest
from django.core.management import call_command

from loslaten.search.engine import search
from loslaten.search.index import passages_for, rebuild
from loslaten.search.models import Passage
from loslaten.search.tests.conftest import make_article

pytestmark = pytest.mark.django_db


def test_saving_an_article_indexes_its_passages(article):
    anchors = list(Passage.objects.filter(article=article).values_list("anchor", flat=True))
    assert anchors == [
        "",
        "een-ademhalingsmoment-bij-de-kassa",
        "waarom-controle-vermoeit",
        "slapen-zonder-malen",
    ]


def test_passages_keep_the_articles_reading_order(article):
    positions = list(Passage.objects.filter(article=article).values_list("position", flat=True))
    assert positions == sorted(positions)


def test_passages_store_analyzed_terms(article):
    passage = Passage.objects.get(article=article, anchor="een-ademhalingsmoment-bij-de-kassa")
    assert "adem" in passage.heading_terms.split()
    assert "kassa" in passage.body_terms.split()
    assert passage.title_terms.split() == ["adem", "rust"]


def test_editing_an_article_reindexes_it(article):
    article.body_markdown = "## Nieuw\n\nHier gaat het over een zeppelin.\n"
    article.save()
    assert search("kassa") == []
    assert [h.anchor for h in search("zeppelin")] == ["nieuw"]


def test_deleting_an_article_removes_its_passages(article):
    article.delete()
    assert Passage.objects.count() == 0
    assert search("kassa") == []


def test_publishing_later_needs_no_reindex(db):
    article = make_article(published_at=None)
    assert search("kassa") == []
    type(article).objects.filter(pk=article.pk).update(published_at=article.updated_at)
    assert search("kassa") != []


def test_rebuild_restores_a_wiped_index(article):
    Passage.objects.all().delete()
    assert search("kassa") == []
    assert rebuild() == 4
    assert search("kassa") != []


def test_reindex_command_reports_the_count(article, capsys):
    call_command("reindex")
    assert "Indexed 4 passages." in capsys.readouterr().out
    assert search("kassa") != []


def test_passages_for_does_not_write(article):
    before = Passage.objects.count()
    rows = passages_for(article)
    assert len(rows) == 4
    assert Passage.objects.count() == before


def test_the_database_has_its_full_text_structure(db):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'search_passage_fts'")
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = 'search_passage_vector_gin'"
            )
        assert cursor.fetchone() is not None
