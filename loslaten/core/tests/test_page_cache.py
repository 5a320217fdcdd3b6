"""The page cache: anonymous readers get stored article pages, each with its own CSRF token."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import pytest
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from django.test import Client, RequestFactory

from loslaten.core import cache as page_cache
from loslaten.wsgi import application

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings, _isolated_settings):
    settings.LOSLATEN_PAGE_CACHE_SECONDS = 60
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
    """A published article (its page has forms with CSRF tokens, like every page)."""
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
    first = Reader().get("/blog/uitademing/")
    second = Reader().get("/blog/uitademing/")
    assert first.status_code == second.status_code == 200
    assert "X-Loslaten-Cache" not in first.headers
    assert second.headers["X-Loslaten-Cache"] == "hit"
    assert without_tokens(first.text) == without_tokens(second.text)
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


def test_each_reader_of_a_stored_page_gets_a_csrf_token_of_their_own(article):
    Reader().get("/blog/uitademing/")
    one, two = Reader(), Reader()
    page_one, page_two = one.get("/blog/uitademing/"), two.get("/blog/uitademing/")
    assert page_one.headers["X-Loslaten-Cache"] == page_two.headers["X-Loslaten-Cache"] == "hit"
    assert one.cookies["csrftoken"] != two.cookies["csrftoken"]
    assert page_cache.PLACEHOLDER not in page_one.text
    assert TOKEN_RE.search(page_one.text)


def test_a_returning_reader_keeps_their_csrf_cookie(article):
    reader = Reader()
    reader.get("/blog/uitademing/")
    secret = reader.cookies["csrftoken"]
    again = reader.get("/blog/uitademing/")
    assert again.headers["X-Loslaten-Cache"] == "hit"
    assert reader.cookies["csrftoken"] == secret


def post_with_token(reader: Reader, token: str) -> int:
    """Send the language form with the reader's cookie and the given token."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = reader.cookies["csrftoken"]
    response = client.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    return response.status_code


def test_a_form_on_a_stored_page_can_be_sent(article):
    Reader().get("/blog/uitademing/")
    reader = Reader()
    page = reader.get("/blog/uitademing/")
    assert page.headers["X-Loslaten-Cache"] == "hit"
    assert post_with_token(reader, TOKEN_RE.search(page.text).group(1)) == 302


def test_a_token_from_someone_elses_page_is_refused(article):
    Reader().get("/blog/uitademing/")
    victim, attacker = Reader(), Reader()
    victim.get("/blog/uitademing/")
    token = TOKEN_RE.search(attacker.get("/blog/uitademing/").text).group(1)
    assert post_with_token(victim, token) == 403


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
        assert "X-Loslaten-Cache" not in Reader().get("/").headers
        head = Reader().get("/blog/uitademing/", method="HEAD")
        assert "X-Loslaten-Cache" not in head.headers


def test_an_unknown_host_is_left_to_django(article):
    response = Reader(HTTP_HOST="elders.example").get("/blog/uitademing/")
    assert response.status_code == 400


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


def test_invalidate_starts_a_new_generation_even_after_eviction():
    before = page_cache.generation()
    page_cache.invalidate()
    assert page_cache.generation() == before + 1
    cache.delete(page_cache.GENERATION_KEY)
    page_cache.invalidate()
    assert page_cache.generation() >= 2


def test_masked_tokens_unmask_to_the_secret_the_way_django_reads_them():
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token

    secret = page_cache.random_chars(32)
    tokens = {page_cache.masked_token(secret) for _ in range(50)}
    assert len(tokens) == 50  # a new mask every time
    for token in tokens:
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret


def test_random_chars_use_every_allowed_character():
    from django.middleware.csrf import CSRF_ALLOWED_CHARS

    seen = set(page_cache.random_chars(5000))
    assert seen == set(CSRF_ALLOWED_CHARS)
