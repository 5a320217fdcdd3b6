"""Fixtures shared by every app's tests.

Two people, alice and bob, so that every test can prove bob cannot see alice's data.
Browser tests get a Playwright page on Debian's Chromium against a live server.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls that the
# browser tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LOSLATEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "adem-in-adem-uit-42"


@pytest.fixture
def alice(db):
    from loslaten.accounts.models import User

    return User.objects.create_user("alice@example.org", PASSWORD, first_name="Alice")


@pytest.fixture
def bob(db):
    from loslaten.accounts.models import User

    return User.objects.create_user("bob@example.org", PASSWORD, first_name="Bob")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    """Mail stays in memory and tasks run at once unless a test asks otherwise."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.BASE_URL = "http://testserver"
    # The page cache outlives each test's rolled-back database; its own tests turn it on.
    settings.LOSLATEN_PAGE_CACHE_SECONDS = 0
    # Stored images go to the test's own folder, never into var/media.
    settings.LOSLATEN_MEDIA_DIR = tmp_path / "media"
    # Every test starts in Dutch: a request in English leaves that language active in the
    # thread, and a later test that reads get_language() would inherit it.
    from django.utils import translation

    translation.activate("nl")


@pytest.fixture
def tasks_run_at_once(settings):
    """Account mails go through the task queue; here the queue runs them at once, so the
    tests read mail.outbox as a person would read their mailbox."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletter", "reminders"],
        }
    }


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def log_in(live_server) -> Callable[[object, object], None]:
    """``log_in(page, user)``: put ``user``'s session cookie into the browser page, without
    typing a password (and without axes counting a login)."""
    from django.conf import settings
    from django.test import Client

    def log_in(page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return log_in


@pytest.fixture
def samples(transactional_db) -> None:
    """The sample articles (``loslaten loadsample``) in the database."""
    from io import StringIO

    from django.core.management import call_command

    call_command("loadsample", stdout=StringIO())


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
