"""The page cache: anonymous readers get stored article pages, each with its own CSRF token."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from loslaten.core import cache as page_cache

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings, _isolated_settings):
    settings.LOSLATEN_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_article(db):
    """A published article with a newsletter form on its page, like every article."""
    import datetime as dt

    from django.utils import timezone

    from loslaten.content.models import Article

    def make(title: str, slug: str) -> Article:
        return Article.objects.create(
            title=title,
            slug=slug,
            lede="Soms is loslaten niet meer dan één keer echt uitademen.",
            body_markdown="Een alinea over rust.\n\n## Adem\n\nNog een alinea.",
            published_at=timezone.now() - dt.timedelta(days=1),
        )

    return make


@pytest.fixture
def article(make_article):
    return make_article("Eén bewuste uitademing", "uitademing")


def without_tokens(html: str) -> str:
    return TOKEN_RE.sub("TOKEN", html)


def test_the_second_anonymous_reader_gets_the_stored_page(article):
    first = Client().get("/blog/uitademing/")
    second = Client().get("/blog/uitademing/")
    assert first.status_code == second.status_code == 200
    assert "X-Loslaten-Cache" not in first.headers
    assert second.headers["X-Loslaten-Cache"] == "hit"
    assert without_tokens(first.text) == without_tokens(second.text)
    assert "Eén bewuste uitademing" in second.text
    # The outer middleware still ran: the security headers are there.
    assert "default-src 'self'" in second.headers["Content-Security-Policy"]


def test_each_reader_of_a_stored_page_gets_a_csrf_token_of_their_own(article):
    Client().get("/blog/uitademing/")
    one, two = Client(), Client()
    page_one, page_two = one.get("/blog/uitademing/"), two.get("/blog/uitademing/")
    assert page_one.headers["X-Loslaten-Cache"] == page_two.headers["X-Loslaten-Cache"] == "hit"
    secret_one, secret_two = one.cookies["csrftoken"].value, two.cookies["csrftoken"].value
    assert secret_one != secret_two
    assert page_cache.PLACEHOLDER not in page_one.text
    assert TOKEN_RE.search(page_one.text)


def test_a_form_on_a_stored_page_can_be_sent(article):
    Client().get("/blog/uitademing/")
    reader = Client(enforce_csrf_checks=True)
    page = reader.get("/blog/uitademing/")
    assert page.headers["X-Loslaten-Cache"] == "hit"
    token = TOKEN_RE.search(page.text).group(1)
    response = reader.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert response.status_code == 302  # 403 if the token did not match the cookie


def test_a_stolen_token_from_someone_elses_page_is_refused(article):
    Client().get("/blog/uitademing/")
    victim, attacker = Client(enforce_csrf_checks=True), Client()
    victim.get("/blog/uitademing/")
    token = TOKEN_RE.search(attacker.get("/blog/uitademing/").text).group(1)
    response = victim.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert response.status_code == 403


def test_logged_in_readers_never_get_a_stored_page(article, alice_client):
    Client().get("/blog/uitademing/")
    assert Client().get("/blog/uitademing/").headers["X-Loslaten-Cache"] == "hit"
    assert "X-Loslaten-Cache" not in alice_client.get("/blog/uitademing/").headers


def test_a_reader_with_a_pending_message_gets_a_fresh_page(article):
    Client().get("/blog/uitademing/")
    reader = Client()
    reader.cookies["messages"] = "iets"
    assert "X-Loslaten-Cache" not in reader.get("/blog/uitademing/").headers


def test_saving_an_article_makes_its_stored_page_stale(article):
    Client().get("/blog/uitademing/")
    Client().get("/blog/")
    article.title = "Twee bewuste uitademingen"
    article.save()
    fresh = Client().get("/blog/uitademing/")
    assert "X-Loslaten-Cache" not in fresh.headers
    assert "Twee bewuste uitademingen" in fresh.text
    assert "Twee bewuste uitademingen" in Client().get("/blog/").text


def test_deleting_an_article_removes_it_from_the_stored_pages(article, make_article):
    make_article("Nog een", "nog-een")
    assert "Nog een" in Client().get("/blog/").text
    article.delete()
    assert Client().get("/blog/uitademing/").status_code == 404


def test_english_and_dutch_pages_are_stored_apart(article):
    Client().get("/blog/uitademing/")
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = english.get("/blog/uitademing/")
    assert "X-Loslaten-Cache" not in response.headers
    assert response.headers["Content-Language"] == "en"
    assert english.get("/blog/uitademing/").headers["Content-Language"] == "en"


def test_missing_pages_posts_and_other_paths_are_not_stored(article):
    for _ in range(2):
        assert "X-Loslaten-Cache" not in Client().get("/blog/bestaat-niet/").headers
        assert "X-Loslaten-Cache" not in Client().get("/").headers
        assert "X-Loslaten-Cache" not in Client().head("/blog/uitademing/").headers


def test_feeds_are_stored_too(article):
    first = Client().get("/feed/")
    second = Client().get("/feed/")
    assert second.headers["X-Loslaten-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_the_cache_can_be_turned_off(article, settings):
    settings.LOSLATEN_PAGE_CACHE_SECONDS = 0
    Client().get("/blog/uitademing/")
    assert "X-Loslaten-Cache" not in Client().get("/blog/uitademing/").headers


def test_invalidate_starts_a_new_generation_even_after_eviction():
    before = page_cache.generation()
    page_cache.invalidate()
    assert page_cache.generation() == before + 1
    cache.delete(page_cache.GENERATION_KEY)
    page_cache.invalidate()
    assert page_cache.generation() >= 2
