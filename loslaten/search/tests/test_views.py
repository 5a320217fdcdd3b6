"""The results page /zoeken/: hits, and a kind page for every kind of odd query."""

import pytest
from django.urls import reverse

from loslaten.content.models import Category

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def get(client, q=None):
    return client.get(URL, {} if q is None else {"q": q})


def test_url_is_zoeken():
    assert URL == "/zoeken/"


def test_normal_query_lists_passages_with_heading_title_and_snippet(client, article):
    response = get(client, "kassa")
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 passage over “kassa”" in body
    assert '<a href="/blog/adem-en-rust/#een-ademhalingsmoment-bij-de-kassa">' in body
    assert "Een ademhalingsmoment bij de kassa" in body
    assert "uit “Adem en rust”" in body
    assert "<mark>kassa</mark>" in body


def test_results_are_an_ordered_list(client, article):
    body = get(client, "adem").content.decode()
    assert '<ol class="search-results">' in body
    assert body.count("<li>\n    <h2") >= 2


def test_the_header_box_keeps_the_query(client, article):
    body = get(client, "kassa").content.decode()
    assert 'name="q" maxlength="200" value="kassa"' in body


def test_the_page_links_its_stylesheet(client, article):
    assert "search/search.css" in get(client, "kassa").content.decode()


def test_empty_query_invites_a_search(client, db):
    response = get(client, "")
    assert response.status_code == 200
    assert "Typ een woord of twee" in response.content.decode()


def test_missing_q_is_like_an_empty_query(client, db):
    assert "Typ een woord of twee" in get(client).content.decode()


def test_symbols_only_query_gets_a_friendly_page(client, db):
    response = get(client, "?!#%")
    assert response.status_code == 200
    assert "geen woord waarop we kunnen zoeken" in response.content.decode()


def test_stop_words_only_query_gets_the_same_friendly_page(client, article):
    assert "geen woord waarop we kunnen zoeken" in get(client, "de het").content.decode()


def test_too_long_query_says_so_and_still_searches(client, article):
    response = get(client, "kassa " + "woord " * 60)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Je zoekvraag was erg lang" in body
    assert "eerste 200 tekens" in body
    assert "<mark>kassa</mark>" in body


def test_no_hits_offers_themes_and_categories(client, article):
    category = Category.objects.create(name="Adem en lichaam", slug="adem-en-lichaam")
    article.categories.add(category)
    body = get(client, "zeppelin").content.decode()
    assert "We vonden niets over “zeppelin”" in body
    assert 'href="/zoeken/?q=adem"' in body
    assert f'href="{category.get_absolute_url()}"' in body


def test_no_hits_does_not_offer_categories_without_published_articles(client, db):
    Category.objects.create(name="Leeg thema", slug="leeg-thema")
    assert "Leeg thema" not in get(client, "zeppelin").content.decode()


def test_script_in_the_query_is_escaped(client, article):
    body = get(client, "<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_markup_in_the_text_is_escaped_around_the_marks(client, db):
    from loslaten.search.tests.conftest import make_article

    make_article(slug="tekens", body="## Tekens\n\nKassa & <b>rij</b> samen.\n")
    body = get(client, "kassa").content.decode()
    assert "<b>rij</b>" not in body
    assert "<mark>Kassa</mark>" in body


def test_nul_byte_query_is_answered(client, db):
    assert get(client, "adem\x00").status_code == 200


def test_english_page_is_translated(client, article):
    client.cookies["django_language"] = "en"
    body = client.get(URL, {"q": "zeppelin"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "We found nothing about “zeppelin”" in body


def test_english_readers_are_asked_for_a_dutch_word(client, article):
    client.cookies["django_language"] = "en"
    body = get(client, "breathing").content.decode()
    assert "The articles are written in Dutch, so search with a Dutch word" in body
    assert '<ul class="search-suggestions" lang="nl">' in body
    client.cookies["django_language"] = "nl"
    assert "Nederlands woord" not in get(client, "ademhaling-xyz").content.decode()
