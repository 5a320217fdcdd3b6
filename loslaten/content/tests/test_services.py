import datetime as dt

import pytest
from django.utils import timezone

from loslaten.content import services

pytestmark = pytest.mark.django_db


def test_published_since_excludes_older_and_future_articles(make_article):
    now = timezone.now()
    make_article("Vorige maand", published_at=now - dt.timedelta(days=30))
    recent = make_article("Deze week", published_at=now - dt.timedelta(days=2))
    make_article("Volgende week", published_at=now + dt.timedelta(days=7))
    assert list(services.published_since(now - dt.timedelta(days=7))) == [recent]


def test_newest_prompt_is_the_first_prompt_of_the_newest_article(make_article):
    make_article("Oud", published_at=timezone.now() - dt.timedelta(days=9))
    make_article("Nieuw", body="💡 Wat neem je mee?\n\n💡 En wat niet?")
    make_article("Toekomst", body="💡 Nog geheim?", published_at=timezone.now() + dt.timedelta(1))
    assert services.newest_prompt() == "Wat neem je mee?"


def test_newest_prompt_is_none_without_articles_or_prompts(make_article):
    assert services.newest_prompt() is None
    make_article(body="Geen vraag.")
    assert services.newest_prompt() is None


def test_related_prefers_shared_categories_then_similar_words(make_article):
    me = make_article("Slapen en ademen", categories=("Adem",), body="slaap adem nacht rust")
    same_category = make_article("Koken", categories=("Adem",), body="pan", lede="Recept.")
    similar_words = make_article(
        "Nachtrust", categories=("Slaap",), body="slaap nacht rust adem", lede="Slaap."
    )
    make_article("Belasting", categories=("Geld",), body="aangifte formulier", lede="Geld.")
    assert services.related_articles(me) == [same_category, similar_words]


def test_related_never_shows_unpublished_articles(make_article):
    me = make_article("Een", categories=("Adem",))
    make_article("Twee", categories=("Adem",), published_at=None)
    assert services.related_articles(me) == []


def test_category_for_reuses_a_category_by_name_or_slug(db):
    from loslaten.content.models import Category

    existing = Category.objects.create(name="Adem en lichaam", slug="adem")
    assert services.category_for("adem en lichaam") == existing
    assert services.category_for("Adem") == existing
    assert Category.objects.count() == 1


def test_read_further_targets_match_without_case_or_accents(make_article):
    target = make_article("Eén Lange Uitademing")
    found = services.read_further_targets(["een lange uitademing."])
    assert list(found.values()) == [target]
