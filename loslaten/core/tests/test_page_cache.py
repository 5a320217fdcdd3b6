"""The page caches: anonymous readers get stored pages, and nginx may keep them too."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from django.test import RequestFactory

from loslaten.core import cache as page_cache
from loslaten.wsgi import application


@pytest.fixture(autouse=True)
def page_cache_on(settings, _isolated_settings):
    settings.LOSLATEN_PAGE_CACHE_SECONDS = 60
    settings.LOSLATEN_PROXY_CACHE_SECONDS = 10
    cache.clear()
    # Like Django's test client: keep the test's database connection across requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    cache.clear()


class Response:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status_code = int(status.split()[0])
        self.header_list = headers
        self.headers = {name: value for name, value in headers}
        self.text = body.decode()


class Reader:
    """Someone with a browser: keeps cookies, talks to the site's WSGI application."""

    def __init__(self, **headers: str) -> None:
        self.cookies: dict[str, str] = {}
        self.extra = headers

    def get(self, path: str, method: str = "GET") -> Response:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        factory = RequestFactory()
        request = factory.generic(method, path, HTTP_COOKIE=cookie, **self.extra)
        started: dict[str, object] = {}
        body = b"".join(application(request.environ, lambda s, h, e=None: started.update(s=s, h=h)))
        for name, value in started["h"]:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return Response(started["s"], started["h"], body)


@pytest.fixture
def make_article(db):
    """A published article (with a 💡 prompt, which is a form for people logged in)."""
    import datetime as dt

    from django.utils import timezone

    from loslaten.content.models import Article

    def make(title: str, slug: str) -> Article:
        return Article.objects.create(
            title=title,
            slug=slug,
            lede="Soms is loslaten niet meer dan één keer echt uitademen.",
            body_markdown=(
                "Een alinea over rust.\n\n## Adem\n\nNog een alinea.\n\n"
                "💡 Wat houd je vandaag vast?"
            ),
            published_at=timezone.now() - dt.timedelta(days=1),
        )

    return make


@pytest.fixture
def article(make_article):
    return make_article("Eén bewuste uitademing", "uitademing")


def test_the_second_anonymous_reader_gets_the_stored_page(article):
    first = Reader().get("/blog/uitademing/")
    second = Reader().get("/blog/uitademing/")
    assert first.status_code == second.status_code == 200
    assert "X-Loslaten-Cache" not in first.headers
    assert second.headers["X-Loslaten-Cache"] == "hit"
    assert first.text == second.text
    assert "Eén bewuste uitademing" in second.text
    assert int(second.headers["Content-Length"]) == len(second.text.encode())


def test_a_stored_page_keeps_every_security_header(article):
    first = Reader().get("/blog/uitademing/")
    second = Reader().get("/blog/uitademing/")
    for name in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Cross-Origin-Opener-Policy",
        "Content-Type",
        "Content-Language",
    ):
        assert second.headers[name] == first.headers[name], name


def test_an_anonymous_article_page_sets_no_cookie_and_has_no_csrf_token(article):
    for reader in (Reader(), Reader()):
        page = reader.get("/blog/uitademing/")
        assert page.status_code == 200
        assert "Set-Cookie" not in page.headers
        assert "csrfmiddlewaretoken" not in page.text
        assert reader.cookies == {}


def test_the_prompt_is_a_form_only_for_someone_logged_in(article, alice_client):
    anonymous = Reader().get("/blog/uitademing/").text
    assert "Wat houd je vandaag vast?" in anonymous
    assert "prompt-form" not in anonymous
    assert "/account/inloggen/" in anonymous
    assert 'class="prompt-form"' in alice_client.get("/blog/uitademing/").content.decode()


def test_nginx_may_keep_a_cacheable_page_for_the_proxy_time(article):
    first = Reader().get("/blog/uitademing/")
    second = Reader().get("/blog/uitademing/")
    assert first.headers["X-Accel-Expires"] == second.headers["X-Accel-Expires"] == "10"


def test_nginx_is_told_nothing_about_private_or_failed_pages(article, alice_client):
    alice = Reader()
    alice.cookies["sessionid"] = alice_client.cookies["sessionid"].value
    assert "X-Accel-Expires" not in alice.get("/blog/uitademing/").headers
    assert "X-Accel-Expires" not in Reader().get("/blog/bestaat-niet/").headers
    assert "X-Accel-Expires" not in Reader().get("/account/inloggen/").headers
    messages = Reader()
    messages.cookies["messages"] = "iets"
    assert "X-Accel-Expires" not in messages.get("/blog/uitademing/").headers


def test_a_page_that_sets_a_cookie_is_never_stored():
    assert not page_cache.cacheable_response("200 OK", [("Set-Cookie", "csrftoken=abc; Path=/")])
    assert not page_cache.cacheable_response("200 OK", [("Cache-Control", "private")])
    assert page_cache.cacheable_response("200 OK", [("Content-Type", "text/html")])


def test_the_proxy_time_alone_still_tells_nginx(article, settings):
    settings.LOSLATEN_PAGE_CACHE_SECONDS = 0
    Reader().get("/blog/uitademing/")
    again = Reader().get("/blog/uitademing/")
    assert "X-Loslaten-Cache" not in again.headers
    assert again.headers["X-Accel-Expires"] == "10"


def test_the_proxy_time_can_be_turned_off(article, settings):
    settings.LOSLATEN_PROXY_CACHE_SECONDS = 0
    Reader().get("/blog/uitademing/")
    again = Reader().get("/blog/uitademing/")
    assert again.headers["X-Loslaten-Cache"] == "hit"
    assert "X-Accel-Expires" not in again.headers


def test_logged_in_readers_never_get_a_stored_page(article, alice_client):
    Reader().get("/blog/uitademing/")
    assert Reader().get("/blog/uitademing/").headers["X-Loslaten-Cache"] == "hit"
    alice = Reader()
    alice.cookies["sessionid"] = alice_client.cookies["sessionid"].value
    assert "X-Loslaten-Cache" not in alice.get("/blog/uitademing/").headers


def test_a_reader_with_a_pending_message_gets_a_fresh_page(article):
    Reader().get("/blog/uitademing/")
    reader = Reader()
    reader.cookies["messages"] = "iets"
    assert "X-Loslaten-Cache" not in reader.get("/blog/uitademing/").headers


def test_saving_an_article_makes_its_stored_page_stale(article):
    Reader().get("/blog/uitademing/")
    Reader().get("/blog/")
    article.title = "Twee bewuste uitademingen"
    article.save()
    fresh = Reader().get("/blog/uitademing/")
    assert "X-Loslaten-Cache" not in fresh.headers
    assert "Twee bewuste uitademingen" in fresh.text
    assert "Twee bewuste uitademingen" in Reader().get("/blog/").text


def test_deleting_an_article_removes_it_from_the_stored_pages(article, make_article):
    make_article("Nog een", "nog-een")
    Reader().get("/blog/uitademing/")
    assert "Nog een" in Reader().get("/blog/").text
    article.delete()
    assert Reader().get("/blog/uitademing/").status_code == 404


def test_english_and_dutch_pages_are_stored_apart(article):
    Reader().get("/blog/uitademing/")
    english = Reader(HTTP_ACCEPT_LANGUAGE="en")
    response = english.get("/blog/uitademing/")
    assert "X-Loslaten-Cache" not in response.headers
    assert response.headers["Content-Language"] == "en"
    again = english.get("/blog/uitademing/")
    assert again.headers["X-Loslaten-Cache"] == "hit"
    assert again.headers["Content-Language"] == "en"


def test_missing_pages_heads_and_other_paths_are_not_stored(article):
    for _ in range(2):
        assert Reader().get("/blog/bestaat-niet/").status_code == 404
        assert "X-Loslaten-Cache" not in Reader().get("/blog/bestaat-niet/").headers
        assert "X-Loslaten-Cache" not in Reader().get("/zoeken/?q=adem").headers
        assert "X-Loslaten-Cache" not in Reader().get("/account/inloggen/").headers
        head = Reader().get("/blog/uitademing/", method="HEAD")
        assert "X-Loslaten-Cache" not in head.headers


def test_an_unknown_host_is_left_to_django(article):
    response = Reader(HTTP_HOST="elders.example").get("/blog/uitademing/")
    assert response.status_code == 400


def test_the_home_page_is_stored_too(article):
    first = Reader().get("/")
    second = Reader().get("/")
    assert second.headers["X-Loslaten-Cache"] == "hit"
    assert second.text == first.text
    assert "Set-Cookie" not in first.headers


@pytest.mark.parametrize("path", page_cache.PRACTICE_VISITOR_PATHS)
def test_the_practice_as_a_visitor_sees_it_is_stored_too(db, path):
    first = Reader().get(path)
    assert first.status_code == 200
    assert "Set-Cookie" not in first.headers
    assert "csrfmiddlewaretoken" not in first.text
    second = Reader().get(path)
    assert second.headers["X-Loslaten-Cache"] == "hit"
    assert second.text == first.text


def test_someone_logged_in_gets_their_own_practice_page(db, alice_client):
    visitor = Reader().get("/oefenen/")
    assert "Oefenen met loslaten" in visitor.text
    assert Reader().get("/oefenen/").headers["X-Loslaten-Cache"] == "hit"
    alice = Reader()
    alice.cookies["sessionid"] = alice_client.cookies["sessionid"].value
    own = alice.get("/oefenen/")
    assert "X-Loslaten-Cache" not in own.headers and "X-Accel-Expires" not in own.headers
    assert "Oefenen met loslaten" not in own.text
    assert "Fijn dat je er bent" in own.text


def test_a_visitors_post_is_never_answered_from_the_cache(db):
    Reader().get("/oefenen/check-in/")
    posted = Reader().get("/oefenen/check-in/", method="POST")
    assert "X-Loslaten-Cache" not in posted.headers


def test_feeds_are_stored_too(article):
    first = Reader().get("/feed/")
    second = Reader().get("/feed/")
    assert second.headers["X-Loslaten-Cache"] == "hit"
    assert second.text == first.text
    assert second.headers["Content-Type"] == first.headers["Content-Type"]


def test_the_cache_can_be_turned_off(article, settings):
    settings.LOSLATEN_PAGE_CACHE_SECONDS = 0
    Reader().get("/blog/uitademing/")
    assert "X-Loslaten-Cache" not in Reader().get("/blog/uitademing/").headers


def test_invalidate_starts_a_new_generation_even_after_eviction(db):
    before = page_cache.generation()
    page_cache.invalidate()
    assert page_cache.generation() == before + 1
    cache.delete(page_cache.GENERATION_KEY)
    page_cache.invalidate()
    assert page_cache.generation() >= 2
