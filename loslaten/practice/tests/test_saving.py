"""When the database cannot save a check-in or a journal entry, the person keeps what they
typed: the form comes back filled in, with a message, as HTTP 503, and nothing already
saved changes. Most tests make the model's save fail; two use a really read-only database."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from loslaten.practice import services
from loslaten.practice.models import CheckIn, JournalEntry
from loslaten.practice.saving import error_code
from loslaten.practice.tests.helpers import checkin, make_article, tense_checkin_post

pytestmark = pytest.mark.django_db

MESSAGE = "Dit is nog niet bewaard: de database is even niet bereikbaar."
TYPED = "het gesprek met mijn zus van vanochtend"
CHECKIN_POST = tense_checkin_post(TYPED)


@dataclass
class Case:
    """One page that saves: where it posts and what, and which model's save to break."""

    name: str
    model: type
    post: dict[str, str]

    def url(self, user: Any) -> str:
        if self.name == "checkin":
            return reverse("practice:checkin")
        if self.name == "checkin_edit":
            saved = CheckIn.objects.get(user=user)
            return reverse("practice:checkin_edit", kwargs={"checkin_id": saved.pk})
        if self.name == "journal":
            return reverse("practice:journal")
        if self.name == "three_questions":
            return reverse("practice:three_questions")
        if self.name == "entry_edit":
            entry = JournalEntry.objects.get(user=user, kind="free")
            return reverse("practice:entry_edit", kwargs={"entry_id": entry.pk})
        if self.name == "three_questions_edit":
            entry = JournalEntry.objects.get(user=user, kind="three_questions")
            return reverse("practice:entry_edit", kwargs={"entry_id": entry.pk})
        if self.name == "prompt_answer":
            return reverse(
                "practice:prompt_answer",
                kwargs={"slug": "de-kracht-van-een-lange-uitademing", "anchor": "prompt-2"},
            )
        raise AssertionError(self.name)


CASES = [
    Case("checkin", CheckIn, CHECKIN_POST),
    Case("checkin_edit", CheckIn, CHECKIN_POST),
    Case("journal", JournalEntry, {"title": "Avond", "text": TYPED}),
    Case("three_questions", JournalEntry, {"q1": "", "q2": TYPED, "q3": "wandelen"}),
    Case("entry_edit", JournalEntry, {"title": "Ochtend", "text": TYPED}),
    Case("three_questions_edit", JournalEntry, {"q1": TYPED, "q2": "", "q3": ""}),
    Case("prompt_answer", JournalEntry, {"text": TYPED}),
]


def existing(user: Any) -> None:
    """What alice saved before: a check-in, a free entry, three answers, an article."""
    checkin(user, on_mind="eerder opgeschreven")
    services.create_entry(user, "eerder geschreven", "Eerste")
    services.answer_three_questions(user, {"q1": "eerder", "q2": "", "q3": ""})
    make_article()


def snapshot() -> list[tuple]:
    """Every check-in and entry as stored, to prove nothing changed."""
    checkins = CheckIn.objects.order_by("pk").values_list(
        "pk", "at", "breath", "shoulders", "jaw", "belly", "tension", "on_mind", "did"
    )
    entries = JournalEntry.objects.order_by("pk").values_list(
        "pk", "at", "kind", "title", "text", "answers", "updated_at"
    )
    return [*checkins, *entries]


def refuse_writes(monkeypatch: pytest.MonkeyPatch, model: type, message: str) -> None:
    def save(self, *args, **kwargs):
        raise OperationalError(message)

    monkeypatch.setattr(model, "save", save)


def checked(html: str) -> dict[str, str]:
    """The radio buttons that are checked on a page, by name."""
    return dict(re.findall(r'<input type="radio" name="(\w+)" value="(\w*)"[^>]*checked>', html))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_refused_save_gives_the_form_back_filled_in(alice_client, alice, monkeypatch, case):
    existing(alice)
    before = snapshot()
    url = case.url(alice)
    refuse_writes(monkeypatch, case.model, "attempt to write a readonly database")
    response = alice_client.post(url, case.post)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert MESSAGE in response.text
    assert "Er klopt nog iets niet" not in response.text
    assert TYPED in response.text
    if case.name == "prompt_answer":
        assert f'<form method="post" action="{url}"' in response.text
    if case.model is CheckIn:
        assert checked(response.text) == {k: v for k, v in case.post.items() if k != "on_mind"}
    monkeypatch.undo()
    assert snapshot() == before


def test_the_prompt_answer_page_shows_the_prompt_and_the_way_back(alice_client, alice, monkeypatch):
    article = make_article()
    refuse_writes(monkeypatch, JournalEntry, "database is locked")
    response = alice_client.post(CASES[-1].url(alice), {"text": TYPED})
    assert response.status_code == 503
    assert "Wat laat je vanavond liggen?" in response.text
    assert f'href="{article.get_absolute_url()}#prompt-2"' in response.text
    assert re.search(r"<textarea[^>]*>\s*" + re.escape(TYPED) + "</textarea>", response.text)
    assert not JournalEntry.objects.exists()


def test_a_refused_save_is_said_in_english_too(alice_client, alice, monkeypatch):
    refuse_writes(monkeypatch, CheckIn, "database is locked")
    response = alice_client.post(
        reverse("practice:checkin"), CHECKIN_POST, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 503
    assert "This has not been saved yet" in response.text
    assert TYPED in response.text


def test_the_log_names_the_save_but_never_the_text(alice_client, alice, monkeypatch, caplog):
    """Even when the database quotes the value it refused, the log does not repeat it."""
    refuse_writes(monkeypatch, JournalEntry, f'value too long: "{TYPED}"')
    with caplog.at_level(logging.INFO):
        response = alice_client.post(
            reverse("practice:journal"), {"title": "Mijn titel", "text": TYPED}
        )
    assert response.status_code == 503
    ours = [r for r in caplog.records if r.name == "loslaten.practice.saving"]
    assert len(ours) == 1 and ours[0].levelno == logging.ERROR
    assert "create_entry" in ours[0].getMessage()
    assert "OperationalError" in ours[0].getMessage()
    assert ours[0].exc_info is None
    assert TYPED not in caplog.text and "gesprek" not in caplog.text
    assert "Mijn titel" not in caplog.text


def test_a_save_that_works_still_redirects_without_a_message(alice_client, alice):
    response = alice_client.post(reverse("practice:journal"), {"title": "", "text": TYPED})
    assert response.status_code == 302
    assert JournalEntry.objects.get(user=alice).text == TYPED


def test_error_code_gives_the_databases_code_not_its_message():
    import sqlite3

    try:
        try:
            raise sqlite3.OperationalError(f"attempt to write: {TYPED}")
        except sqlite3.OperationalError as cause:
            cause.sqlite_errorname = "SQLITE_READONLY"
            raise OperationalError(*cause.args) from cause
    except OperationalError as error:
        assert error_code(error) == "OperationalError SQLITE_READONLY"
    assert error_code(OperationalError(TYPED)) == "OperationalError"


@pytest.fixture
def read_only_database():
    """The test's own connection refuses every write until the test ends, as a database on
    a read-only disk or a read-only PostgreSQL replica would."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")
        yield
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")
    elif connection.vendor == "postgresql":
        # Read-only inside a savepoint: rolling back to it makes the test's transaction
        # writable again, which the test's teardown needs for its constraint checks.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION READ ONLY")
            yield
            transaction.set_rollback(True)
    else:
        pytest.skip(f"no read-only switch known for {connection.vendor}")


@pytest.mark.parametrize("case", [CASES[0], CASES[4]], ids=lambda c: c.name)
def test_a_really_read_only_database_keeps_the_text_and_the_old_rows(
    alice_client, alice, case, caplog, request
):
    existing(alice)
    before = snapshot()
    url = case.url(alice)
    request.getfixturevalue("read_only_database")
    response = alice_client.post(url, case.post)
    assert response.status_code == 503
    assert MESSAGE in response.text
    assert TYPED in response.text
    assert snapshot() == before
    ours = [r.getMessage() for r in caplog.records if r.name == "loslaten.practice.saving"]
    assert len(ours) == 1
    # SQLite: OperationalError SQLITE_READONLY; PostgreSQL: InternalError 25006.
    assert re.search(r"\((OperationalError SQLITE_READONLY|InternalError 25006)\)", ours[0])
    assert TYPED not in caplog.text
