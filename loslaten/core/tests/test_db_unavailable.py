"""When the database is out of reach before a view can save (the session or the person cannot
be loaded), the person gets a 503 that says so, with what they typed in a form that sends it
again; nothing already saved is lost. Other errors keep the plain 500 page.

An outage is simulated by making the database session store fail to load, the way it fails
when SQLite cannot open its file or PostgreSQL has gone away.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import InterfaceError, OperationalError
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import reverse

from loslaten.core.errors import field_labels, typed_fields
from loslaten.core.views import server_error
from loslaten.practice import services
from loslaten.practice.models import CheckIn, JournalEntry
from loslaten.practice.tests.helpers import tense_checkin_post

pytestmark = pytest.mark.django_db

TYPED = 'Vandaag <script>alert("hoi")</script> & morgen weer'
ESCAPED = "Vandaag &lt;script&gt;alert(&quot;hoi&quot;)&lt;/script&gt; &amp; morgen weer"
CHECKIN = tense_checkin_post(TYPED)
JOURNAL = {
    "title": "Avond",
    "text": "Eerste regel\nTweede regel: " + TYPED,
    "csrfmiddlewaretoken": "oude-token-123",
    "password": "geheim-wachtwoord",
    "new_Password2": "nog-geheimer",
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def person(alice) -> Client:
    """alice, signed in, with a client that turns errors into pages as a live site does."""
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    return client


@pytest.fixture
def saved(alice) -> Iterator[tuple[int, int, int]]:
    """What alice saved before the outage; yields the row counts, checked again afterwards."""
    services.create_checkin(
        alice, breath="low", shoulders="soft", jaw="neutral", belly="soft", tension=2
    )
    services.create_entry(alice, "Wat ik al bewaarde")
    before = (CheckIn.objects.count(), JournalEntry.objects.count(), Session.objects.count())
    yield before
    after = (CheckIn.objects.count(), JournalEntry.objects.count(), Session.objects.count())
    assert after == before, "something already saved was lost"
    assert JournalEntry.objects.filter(text="Wat ik al bewaarde").exists()


def outage(error: type[Exception] = OperationalError):
    """The database cannot be reached: loading the session fails."""
    return mock.patch.object(SessionStore, "load", side_effect=error("unable to open database"))


class FormReader(HTMLParser):
    """The fields of the page's form, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.action = a["action"]
        elif tag == "input":
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, value = self.fields.pop()
            self.fields.append((name, value + data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            name, value = self.fields.pop()
            # A browser drops the one line break right after <textarea>.
            self.fields.append((name, value.removeprefix("\n")))
            self._textarea = None


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.convert_charrefs = True
    reader.feed(html)
    return reader


def test_a_checkin_during_an_outage_gets_a_503_with_what_was_typed(person, saved):
    with outage():
        response = person.post(reverse("practice:checkin"), CHECKIN)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Even geen verbinding met onze opslag" in html
    assert "daarvan gaat niets verloren" in html
    assert ESCAPED in html and TYPED not in html
    form = read_form(html)
    assert form.action == "/oefenen/check-in/"
    assert ("on_mind", TYPED) in form.fields and ("tension", "8") in form.fields
    assert "Probeer opnieuw" in html
    # Labelled as on the check-in form, not by the field's name.
    assert '">Wat speelt er? (mag leeg blijven)</label>' in html
    assert ">on_mind</label>" not in html


def test_a_journal_entry_during_an_outage_keeps_the_text_but_not_passwords_or_old_token(
    person, saved
):
    with outage(InterfaceError):
        response = person.post(reverse("practice:journal"), JOURNAL)
    assert response.status_code == 503
    html = response.content.decode()
    assert "Kopieer hem gerust" in html
    assert "Tweede regel: " + ESCAPED in html
    for secret in ("geheim-wachtwoord", "nog-geheimer", "oude-token-123"):
        assert secret not in html
    names = [name for name, _ in read_form(html).fields]
    assert names == ["csrfmiddlewaretoken", "title", "text"]


def test_the_page_keeps_the_person_signed_in_and_is_not_cached(person, saved):
    with outage():
        response = person.post(reverse("practice:journal"), JOURNAL)
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_sending_the_form_again_after_the_outage_saves_the_entry(alice):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(alice)
    client.get(reverse("practice:journal"))  # the CSRF cookie, as the page gave it
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    with outage():
        response = client.post(
            reverse("practice:journal"), {**JOURNAL, "csrfmiddlewaretoken": token}
        )
    assert response.status_code == 503
    assert not JournalEntry.objects.exists()

    form = read_form(response.content.decode())
    again = QueryDict(mutable=True)
    for name, value in form.fields:
        again.appendlist(name, value)
    response = client.post(form.action, again.urlencode(), "application/x-www-form-urlencoded")
    assert response.status_code == 302
    entry = JournalEntry.objects.get(user=alice)
    assert (entry.title, entry.text) == ("Avond", JOURNAL["text"])


def test_a_page_read_during_an_outage_gets_the_503_without_a_form(person, saved):
    with outage():
        response = person.get(reverse("practice:journal"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Even geen verbinding met onze opslag" in html
    assert "<form" not in html and "Probeer het over een minuut nog eens" in html


def test_the_outage_page_in_english(person, saved):
    person.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with outage():
        response = person.post(reverse("practice:checkin"), CHECKIN)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "can't reach its storage" in html and "Try again" in html


def test_the_outage_page_needs_no_database_and_has_no_inline_script_or_style(
    django_assert_num_queries,
):
    # A bare request: no session and no user, so touching either would fail.
    request = RequestFactory().post("/oefenen/dagboek/", {"text": TYPED})
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        with django_assert_num_queries(0):
            response = server_error(request)
    assert response.status_code == 503
    html = response.content.decode()
    assert ESCAPED in html
    assert "style=" not in html and "<script" not in html


def test_any_other_error_still_gets_the_plain_500(person, saved):
    with outage(RuntimeError):
        response = person.post(reverse("practice:journal"), JOURNAL)
    assert response.status_code == 500
    assert "Retry-After" not in response
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "Tweede regel" not in html


def test_typed_fields_leaves_out_the_token_and_passwords_and_keeps_repeats_in_order():
    data = QueryDict(
        "csrfmiddlewaretoken=x&username=a%40b.nl&password=p&new_password1=p&OLD_PASSWORD=p"
        "&day=ma&day=di&note=een%0Atwee&empty="
    )
    fields = typed_fields(data)
    assert [(f.name, f.value) for f in fields] == [
        ("username", "a@b.nl"),
        ("day", "ma"),
        ("day", "di"),
        ("note", "een\ntwee"),
        ("empty", ""),
    ]
    assert [f.long for f in fields] == [False, False, False, True, False]


def test_field_labels_are_the_forms_labels_for_a_marked_view_and_none_elsewhere():
    checkin = field_labels(reverse("practice:checkin"))
    assert checkin["on_mind"] == "Wat speelt er? (mag leeg blijven)"
    assert checkin["breath"] == "Je adem"
    assert field_labels("/blog/") == {}
    assert field_labels("/bestaat/niet/") == {}


def test_typed_fields_use_the_label_and_fall_back_to_the_name():
    fields = typed_fields(QueryDict("on_mind=druk&extra=x"), {"on_mind": "Wat speelt er?"})
    assert [(f.label, f.value) for f in fields] == [("Wat speelt er?", "druk"), ("extra", "x")]


def test_typed_fields_puts_a_long_line_in_a_textarea():
    (field,) = typed_fields(QueryDict("text=" + "x" * 61))
    assert field.long


def test_an_api_call_during_an_outage_gets_a_json_503(alice):
    from loslaten.accounts.services import create_token

    token = create_token(alice, "script")[1]
    client = Client(raise_request_exception=False)
    with mock.patch("loslaten.api.auth.check_token", side_effect=OperationalError("weg")):
        response = client.post(
            "/api/journal",
            {"text": "via de API"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "60"
    assert "niet bereikbaar" in response.json()["detail"]
    assert not JournalEntry.objects.filter(text="via de API").exists()
