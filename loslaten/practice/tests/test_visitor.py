"""Practising without an account: the pages a visitor sees, and keeping their answers later."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from loslaten.practice.models import CheckIn, JournalEntry, Moment

pytestmark = pytest.mark.django_db

VISITOR_PAGES = [
    "practice:index",
    "practice:checkin",
    "practice:three_questions",
    "practice:breathe",
]


def test_a_visitor_finds_the_practice_explained_not_a_login_form(client):
    response = client.get(reverse("practice:index"))
    assert response.status_code == 200
    assert "Oefenen met loslaten" in response.text
    assert "Er gaat niets naar ons toe." in response.text
    assert 'href="/account/aanmelden/"' in response.text
    for name in ("practice:breathe", "practice:checkin", "practice:three_questions"):
        assert f'href="{reverse(name)}"' in response.text


@pytest.mark.parametrize("name", VISITOR_PAGES)
def test_a_visitors_page_sets_no_cookie_and_carries_no_token(client, name):
    """Nothing per reader: the page could be cached, and no session starts for a visitor."""
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.text
    assert "<script>" not in response.text  # strict CSP: only files


def test_a_visitors_check_in_is_kept_in_the_browser_not_posted(client):
    html = client.get(reverse("practice:checkin")).text
    assert 'data-visitor-form="checkin"' in html
    assert (
        "data-visitor-submit disabled" in html
    )  # only visitor.js, which keeps it here, enables it
    assert 'data-required="Kies hoe je adem nu gaat."' in html  # the server's own message
    assert "practice/visitor.js" in html


def test_the_three_questions_tell_a_visitor_the_servers_rule(client):
    html = client.get(reverse("practice:three_questions")).text
    assert 'data-visitor-form="three_questions"' in html
    assert 'data-none-answered="Beantwoord minstens één vraag' in html


def test_a_visitors_post_saves_nothing_and_asks_to_log_in(client):
    response = client.post(reverse("practice:checkin"), {"breath": "low", "tension": "2"})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")
    assert not CheckIn.objects.exists()


def test_with_an_account_the_practice_page_offers_to_keep_them(alice_client):
    html = alice_client.get(reverse("practice:index")).text
    assert "data-visitor-keep hidden" in html  # visitor.js shows it only when there are some
    assert f'data-url="{reverse("practice:keep")}"' in html
    assert "csrfmiddlewaretoken" in html


# Keeping ---------------------------------------------------------------------------------


def _iso(delta: dt.timedelta) -> str:
    return (timezone.now() - delta).isoformat()


CHECKIN = {
    "type": "checkin",
    "breath": "high",
    "shoulders": "tense",
    "jaw": "neutral",
    "belly": "soft",
    "tension": "7",
    "did": "",
    "on_mind": "de verhuizing",
}


def _keep(client, items):
    return client.post(reverse("practice:keep"), {"items": json.dumps(items)})


def test_keeping_saves_each_kind_with_the_time_it_happened(alice_client, alice, bob):
    three_days = dt.timedelta(days=3)
    items = [
        {**CHECKIN, "at": _iso(three_days)},
        {
            "type": "three_questions",
            "q1": "warm",
            "q2": "",
            "q3": "wandelen",
            "at": _iso(three_days),
        },
        {
            "type": "moment",
            "kind": "breathe_minute",
            "duration_s": 60,
            "pattern": "4-7-8",
            "at": _iso(dt.timedelta(days=20)),
        },
    ]
    response = _keep(alice_client, items)
    assert response.status_code == 200
    assert response.json() == {
        "checkins": 1,
        "entries": 1,
        "moments": 1,
        "refused": 0,
        "next": "/oefenen/dagboek/",
    }
    saved = CheckIn.objects.get(user=alice)
    assert (saved.breath, saved.tension, saved.on_mind) == ("high", 7, "de verhuizing")
    assert abs(saved.at - (timezone.now() - three_days)) < dt.timedelta(minutes=1)
    entry = JournalEntry.objects.get(user=alice)
    assert entry.kind == "three_questions" and entry.answers["q3"] == "wandelen"
    assert abs(entry.at - (timezone.now() - three_days)) < dt.timedelta(minutes=1)
    assert Moment.objects.get(user=alice).pattern == "4-7-8"
    assert not CheckIn.objects.filter(user=bob).exists()


def test_keeping_refuses_what_the_pages_would_refuse_and_keeps_the_rest(alice_client, alice):
    items = [
        {**CHECKIN, "tension": "11"},
        {"type": "three_questions", "q1": " ", "q2": "", "q3": ""},
        {
            "type": "moment",
            "kind": "breathe_minute",
            "duration_s": 60,
            "at": _iso(dt.timedelta(days=400)),
        },
        {**CHECKIN, "at": _iso(-dt.timedelta(days=2))},  # from the future
        {"type": "password", "x": "1"},
        CHECKIN,
    ]
    result = _keep(alice_client, items).json()
    assert (result["checkins"], result["entries"], result["moments"], result["refused"]) == (
        1,
        0,
        0,
        5,
    )
    assert CheckIn.objects.filter(user=alice).count() == 1


def test_keeping_needs_an_account(client):
    response = _keep(client, [CHECKIN])
    assert response.status_code == 401
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("raw", ["", "not json", '{"type": "checkin"}', "[1, 2]"])
def test_keeping_something_that_is_not_a_list_of_answers_is_a_clear_400(alice_client, raw):
    response = alice_client.post(reverse("practice:keep"), {"items": raw})
    assert response.status_code == 400
    assert response.json()["error"] == "Dit is geen lijst van antwoorden."
    assert not CheckIn.objects.exists()


def test_keeping_is_refused_past_a_sane_number(alice_client, alice):
    from loslaten.practice.kept import MAX_ITEMS

    result = _keep(alice_client, [CHECKIN] * (MAX_ITEMS + 3)).json()
    assert result["checkins"] == MAX_ITEMS and result["refused"] == 3


# The breathing minute's rhythm ------------------------------------------------------------


def test_invalid_counts_get_a_message_and_the_minute_goes_on_in_4_6(client):
    html = client.get(reverse("practice:breathe"), {"in": "0", "uit": "abc"}).text
    assert 'data-pattern="4-6"' in html
    assert "Je eigen tellen kloppen nog niet" in html
    assert "In is minstens 1 seconde." in html
    assert "Uit is een heel aantal seconden, zoals 4." in html
    assert 'id="c-out" name="uit" min="1" max="20" value="abc"' in html  # what they typed
    assert 'aria-describedby="c-in-error"' in html


def test_counts_without_a_pattern_are_the_persons_own(client):
    html = client.get(reverse("practice:breathe"), {"in": "5", "uit": "8"}).text
    assert 'data-pattern="5-0-8-0"' in html
    assert 'value="eigen" checked' in html
    assert "Je eigen tellen kloppen nog niet" not in html


def test_a_named_rhythm_fills_the_fields_and_the_steps(client):
    html = client.get(reverse("practice:breathe"), {"patroon": "4-7-8"}).text
    for field, value in (("c-in", 4), ("c-h1", 7), ("c-out", 8), ("c-h2", 0)):
        assert (
            f'value="{value}" inputmode' in html.split(f'<input type="number" id="{field}"')[1][:80]
        )
    assert "Adem langzaam uit, 8 tellen." in html
    assert 'value="4-7-8" data-counts="4-7-8-0" checked' in html


def test_the_breathing_page_carries_the_steps_for_other_rhythms(client):
    html = client.get(reverse("practice:breathe")).text
    assert 'data-vast-many="Houd je adem even vast, {n} tellen."' in html
    assert 'data-in-one="Adem rustig in door je neus, {n} tel."' in html


def test_the_breathing_page_is_a_focus_page_without_the_site_header(client):
    html = client.get(reverse("practice:breathe")).text
    assert '<body class="focus">' in html
