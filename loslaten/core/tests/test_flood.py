"""Limits, lockouts and the page-cache generation hold when traffic floods the cache.

Found from outside: the in-process cache keeps 300 entries, and 400 anonymous page views
pushed out "one sign-up mail per ten minutes", so a second mail went out; the page-cache
generation could be pushed out the same way.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache

from loslaten.core import cache as page_cache
from loslaten.core import limits

SIGNUP = "/account/aanmelden/"
RESET = "/account/wachtwoord-vergeten/"


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletter", "reminders"],
        }
    }
    cache.clear()
    yield
    cache.clear()


def flood() -> None:
    """What a few thousand anonymous page views leave in the cache."""
    size = django_settings.CACHES["default"].get("OPTIONS", {}).get("MAX_ENTRIES", 300)
    for n in range(size * 3):
        cache.set(f"loslaten:page:flood:{n}", b"<html>" * 10, 60)


def test_the_cache_does_evict_under_a_flood():
    cache.set("a-key-that-matters", 1, None)
    flood()
    assert cache.get("a-key-that-matters") is None  # so the test below proves something


def test_the_sign_up_mail_limit_holds_through_a_flood(client, db):
    client.post(SIGNUP, {"email": "carla@example.org"})
    flood()
    client.post(SIGNUP, {"email": "carla@example.org"})
    assert [m.to for m in mail.outbox] == [["carla@example.org"]]


def test_the_reset_mail_limit_holds_through_a_flood(client, alice):
    from loslaten.accounts.services import RESET_MAILS_PER_ADDRESS

    for _ in range(RESET_MAILS_PER_ADDRESS):
        client.post(RESET, {"email": alice.email})
        flood()
    client.post(RESET, {"email": alice.email})
    assert len(mail.outbox) == RESET_MAILS_PER_ADDRESS


def test_a_lockout_holds_through_a_flood(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/account/inloggen/", {"username": alice.email, "password": "fout"})
    flood()
    from loslaten.conftest import PASSWORD

    response = client.post("/account/inloggen/", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 429


def test_the_page_cache_generation_never_goes_back_after_a_flood(db):
    page_cache.invalidate()
    page_cache.invalidate()
    current = page_cache.generation()
    assert current >= 2
    flood()
    assert page_cache.generation() == current
    # And the number is stored where no flood reaches.
    assert limits.read(page_cache.GENERATION_KEY) == current


def test_ended_windows_are_pruned_by_the_clock(db):
    import datetime as dt

    from django.utils import timezone

    from loslaten.core.clock import tick

    now = timezone.now()
    assert limits.take("test:old", 1, dt.timedelta(minutes=1), now=now - dt.timedelta(hours=1))
    assert limits.take("test:new", 1, dt.timedelta(minutes=10), now=now)
    assert not limits.take("test:new", 1, dt.timedelta(minutes=10), now=now)
    tick(now)
    assert limits.used("test:old", now - dt.timedelta(hours=1)) == 0
    assert limits.used("test:new", now) == 1
