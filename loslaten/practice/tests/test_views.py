import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from loslaten.practice import services
from loslaten.practice.day import model as day_model
from loslaten.practice.day.draw import day_charts
from loslaten.practice.models import CheckIn, JournalEntry, Moment, PathProgress
from loslaten.practice.tests.helpers import CALM, checkin, local

pytestmark = pytest.mark.django_db

CHECKIN_POST = {
    "breath": "high",
    "shoulders": "tense",
    "jaw": "neutral",
    "belly": "soft",
    "tension": "6",
    "did": "hold",
    "on_mind": "de presentatie",
}

# The practice page, the check-in and the three questions have a visitor's version
# (see test_visitor.py); these need an account.
LOGIN_ONLY = [
    ("practice:journal", {}),
    ("practice:path", {}),
    ("practice:settings", {}),
    ("practice:checkin_done", {"checkin_id": 1}),
    ("practice:entry_edit", {"entry_id": 1}),
    ("practice:entry_delete", {"entry_id": 1}),
    ("practice:checkin_edit", {"checkin_id": 1}),
    ("practice:checkin_delete", {"checkin_id": 1}),
    ("practice:moment_delete", {"moment_id": 1}),
]


@pytest.mark.parametrize(("name", "kwargs"), LOGIN_ONLY)
def test_private_pages_send_anonymous_visitors_to_login(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=")


# Index


def test_index_shows_the_gentle_week(alice_client, alice):
    services.record_moment(alice, "exhale", 5)
    response = alice_client.get(reverse("practice:index"))
    assert response.status_code == 200
    assert "Deze week" in response.text
    assert "op 1 dag een moment voor jezelf" in response.text


def test_index_hides_counts_when_switched_off(alice_client, alice):
    services.update_settings(alice, show_counts=False)
    services.record_moment(alice, "exhale", 5)
    response = alice_client.get(reverse("practice:index"))
    assert "Deze week" not in response.text
    assert "moment voor jezelf" not in response.text


def test_index_with_an_empty_week_is_encouraging_not_zero(alice_client):
    response = alice_client.get(reverse("practice:index"))
    assert "nog helemaal open" in response.text
    week = response.text.split('aria-labelledby="week-title"')[1].split("</section>")[0]
    assert " 0 " not in week


def test_index_shows_todays_small_curve_and_links_to_the_whole_day(alice_client):
    html = alice_client.get(reverse("practice:index")).text
    assert 'class="day-glance"' in html and 'class="now"' in html
    assert html.count('href="/oefenen/vandaag/"') >= 2  # the tab and the link below the curve


def test_every_practice_page_has_the_day_one_tap_away(alice_client):
    for name in ("index", "checkin", "breathe", "three_questions", "journal", "path", "settings"):
        html = alice_client.get(reverse(f"practice:{name}")).text
        nav = html.split('class="practice-nav"', 1)[1].split("</nav>", 1)[0]
        assert 'href="/oefenen/vandaag/"' in nav, name


def test_the_day_page_has_the_tab_bar_with_the_day_current(alice_client):
    html = alice_client.get("/oefenen/vandaag/").text
    nav = html.split('class="practice-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/oefenen/vandaag/" aria-current="page"' in nav


def test_the_done_page_shows_what_the_checkin_did_and_links_to_the_day(alice, alice_client):
    response = alice_client.post(
        reverse("practice:checkin"),
        {
            "breath": "high",
            "shoulders": "tense",
            "jaw": "tense",
            "belly": "tense",
            "tension": "8",
            "did": "hold",
        },
        follow=True,
    )
    html = response.text
    saved = services.list_checkins(alice)[0]
    assert saved.did == "hold"
    assert "Wat deze check-in met je dag deed" in html
    assert "Zonder dit moment was in de " in html
    assert 'class="diff-area' in html
    day = services.local_date(saved.at).isoformat()
    assert f'href="/oefenen/dag/{day}/"' in html


def test_a_checkin_without_an_act_says_the_model_does_not_change(alice, alice_client):
    response = alice_client.post(
        reverse("practice:checkin"),
        {"breath": "low", "shoulders": "soft", "jaw": "soft", "belly": "soft", "tension": "2"},
        follow=True,
    )
    assert "het model verandert er niets door" in response.text


# Check-in


def test_checkin_page_has_fieldsets_and_legends(alice_client):
    response = alice_client.get(reverse("practice:checkin"))
    assert response.text.count("<fieldset") >= 6
    assert "<legend>Je adem</legend>" in response.text
    assert "ik zocht afleiding" in response.text


def test_posting_a_checkin_saves_it_and_suggests_breathing(alice_client, alice):
    response = alice_client.post(reverse("practice:checkin"), CHECKIN_POST, follow=True)
    saved = CheckIn.objects.get(user=alice)
    assert (saved.tension, saved.did, saved.on_mind) == (6, "hold", "de presentatie")
    assert "Begin een minuut ademen" in response.text
    assert reverse("practice:breathe") in response.text


def test_a_checkin_with_tension_eleven_is_refused_with_a_message(alice_client):
    response = alice_client.post(reverse("practice:checkin"), {**CHECKIN_POST, "tension": "11"})
    assert response.status_code == 200
    assert "De spanning is een getal van 0 tot 10." in response.text
    assert not CheckIn.objects.exists()


def test_a_checkin_with_too_long_text_is_refused(alice_client, settings):
    settings.LOSLATEN_MAX_TEXT_CHARS = 100
    response = alice_client.post(
        reverse("practice:checkin"), {**CHECKIN_POST, "on_mind": "x" * 200}
    )
    assert "maximaal 100 tekens" in response.text
    assert not CheckIn.objects.exists()


def test_the_checkin_page_draws_the_day_once_and_without_the_checkin_only_its_glance(
    alice_client, monkeypatch
):
    cache.clear()  # an earlier test's day may still be kept under the same content
    drawn = []

    def counted(day):
        drawn.append(day)
        return day_charts(day)

    monkeypatch.setattr(day_model, "day_charts", counted)
    response = alice_client.post(reverse("practice:checkin"), CHECKIN_POST)
    html = alice_client.get(response.headers["Location"]).text
    # The day as it is, drawn whole for "see your whole day"; of the day without the
    # check-in only the glance at the hours after it.
    assert [d.what_if for d in drawn] == [None]
    assert 'class="day-glance"' in html and "diff-area" in html
    # Its caption names the chart; it neither repeats the sentence above it nor speaks of an
    # uncertainty band the close-up does not draw.
    caption = html.split("<figcaption", 1)[1].split("</figcaption>")[0]
    assert "van dichtbij" in caption and "lichte band" not in caption
    assert "Zonder dit moment" not in caption


def test_the_checkin_page_builds_the_day_once_and_a_reload_builds_nothing(
    alice_client, monkeypatch
):
    cache.clear()
    built, what_ifs = [], []
    real_build, real_what_if = day_model.build_day, day_model._what_if
    monkeypatch.setattr(
        day_model, "build_day", lambda *a, **k: built.append(a) or real_build(*a, **k)
    )
    monkeypatch.setattr(
        day_model, "_what_if", lambda *a, **k: what_ifs.append(a) or real_what_if(*a, **k)
    )
    done = alice_client.post(reverse("practice:checkin"), CHECKIN_POST).headers["Location"]
    first = alice_client.get(done).text
    assert (len(built), len(what_ifs)) == (1, 1)  # the day, and of the day without it the what-if
    assert alice_client.get(done).text == first
    assert (len(built), len(what_ifs)) == (1, 1)


def test_bobs_checkin_at_alices_minute_gets_a_glance_of_his_own(
    alice_client, alice, bob, monkeypatch
):
    cache.clear()
    what_ifs = []
    real_what_if = day_model._what_if
    monkeypatch.setattr(
        day_model, "_what_if", lambda *a, **k: what_ifs.append(a) or real_what_if(*a, **k)
    )
    bob_client = Client()
    bob_client.force_login(bob)
    with time_machine.travel(local(2026, 6, 2, 9, 0), tick=False):
        for client in (alice_client, bob_client):
            done = client.post(reverse("practice:checkin"), CHECKIN_POST).headers["Location"]
            assert client.get(done).status_code == 200
    # The same act at the same minute: still two days, two what-ifs, two kept glances.
    assert len(what_ifs) == 2
    assert [c.user for c in CheckIn.objects.order_by("pk")] == [alice, bob]


def test_bob_cannot_see_alices_checkin_confirmation(bob_client, alice):
    c = checkin(alice)
    response = bob_client.get(reverse("practice:checkin_done", kwargs={"checkin_id": c.pk}))
    assert response.status_code == 404


# Breathing


def test_breathing_page_works_without_an_account(client):
    response = client.get(reverse("practice:breathe"))
    assert response.status_code == 200
    assert "adem in" in response.text
    assert "Adem rustig in door je neus, 4 tellen." in response.text
    assert "practice/breathe.js" in response.text
    assert "<script>" not in response.text  # no inline script (CSP)


def test_breathing_page_follows_the_chosen_pattern(client):
    response = client.get(reverse("practice:breathe"), {"patroon": "4-7-8"})
    assert "Houd je adem even vast, 7 tellen." in response.text
    assert 'data-pattern="4-7-8"' in response.text


def test_breathing_page_takes_own_counts(client):
    response = client.get(
        reverse("practice:breathe"),
        {"patroon": "eigen", "in": "5", "vast": "0", "uit": "7", "wacht": "1"},
    )
    assert 'data-pattern="5-0-7-1"' in response.text


def test_breathing_page_ignores_a_nonsense_pattern(client):
    response = client.get(reverse("practice:breathe"), {"patroon": "99-99"})
    assert 'data-pattern="4-6"' in response.text


def test_seconds_hook_is_bounded(client):
    assert 'data-seconds="3"' in client.get(reverse("practice:breathe"), {"seconds": "1"}).text
    assert 'data-seconds="600"' in client.get(reverse("practice:breathe"), {"seconds": "9999"}).text


@pytest.mark.parametrize("slug", ["uitademen", "schouders", "voeten"])
def test_short_moments_are_readable_guides(client, slug):
    response = client.get(reverse("practice:moment", kwargs={"slug": slug}))
    assert response.status_code == 200
    assert "data-steps" in response.text and "<li data-seconds=" in response.text


def test_unknown_short_moment_is_404(client):
    assert client.get(reverse("practice:moment", kwargs={"slug": "dansen"})).status_code == 404


def test_finishing_a_moment_records_it_for_a_logged_in_person(alice_client, alice):
    response = alice_client.post(
        reverse("practice:moment_done"),
        {"kind": "breathe_minute", "duration_s": "60", "pattern": "4-6"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["recorded"] is True
    assert Moment.objects.get(user=alice).pattern == "4-6"


def test_finishing_a_moment_without_js_redirects_with_a_message(alice_client, alice):
    response = alice_client.post(
        reverse("practice:moment_done"), {"kind": "exhale", "duration_s": "15"}, follow=True
    )
    assert "Fijn dat je dit moment nam" in response.text
    assert Moment.objects.filter(user=alice).count() == 1


def test_an_offline_moment_keeps_its_own_time(alice_client, alice):
    from django.utils import timezone

    earlier = timezone.now() - dt.timedelta(hours=3)
    alice_client.post(
        reverse("practice:moment_done"),
        {"kind": "exhale", "duration_s": "15", "at": earlier.isoformat()},
        HTTP_ACCEPT="application/json",
    )
    assert abs(Moment.objects.get().at - earlier) < dt.timedelta(seconds=1)


def test_finishing_a_moment_anonymously_records_nothing(client):
    response = client.post(
        reverse("practice:moment_done"),
        {"kind": "exhale", "duration_s": "15"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"recorded": False}
    assert not Moment.objects.exists()


def test_a_bad_moment_is_refused(alice_client):
    response = alice_client.post(
        reverse("practice:moment_done"),
        {"kind": "levitate", "duration_s": "15"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert not Moment.objects.exists()


def test_recording_a_moment_needs_the_csrf_token(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("practice:moment_done"), {"kind": "exhale", "duration_s": "5"})
    assert response.status_code == 403


def test_service_worker_is_served_as_javascript_for_the_practice_scope(client):
    response = client.get("/oefenen/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/oefenen/"
    body = response.content.decode()
    assert '"/oefenen/adem/"' in body and "practice/breathe.js" in body


# Three questions


def test_three_questions_go_to_the_journal(alice_client, alice):
    response = alice_client.post(
        reverse("practice:three_questions"),
        {"q1": "mijn buik wordt zacht", "q2": "", "q3": "vroeg naar bed"},
        follow=True,
    )
    entry = JournalEntry.objects.get(user=alice)
    assert entry.kind == "three_questions" and entry.answers["q3"] == "vroeg naar bed"
    assert "mijn buik wordt zacht" in response.text


def test_three_questions_all_empty_saves_nothing(alice_client):
    response = alice_client.post(
        reverse("practice:three_questions"), {"q1": "", "q2": "", "q3": ""}
    )
    assert "minstens één vraag" in response.text
    assert not JournalEntry.objects.exists()


# Journal


def test_journal_shows_the_timeline_of_one_person_only(alice_client, alice, bob):
    checkin(alice, on_mind="werkdruk")
    services.record_moment(alice, "exhale", 15)
    services.create_entry(alice, "mijn eigen woorden")
    services.create_entry(bob, "bobs geheim")
    response = alice_client.get(reverse("practice:journal"))
    assert "werkdruk" in response.text
    assert "één bewuste uitademing" in response.text.lower()
    assert "mijn eigen woorden" in response.text
    assert "bobs geheim" not in response.text


def test_journal_search_ignores_case_and_accents(alice_client, alice):
    services.create_entry(alice, "Een café aan zee")
    services.create_entry(alice, "Iets anders")
    response = alice_client.get(reverse("practice:journal"), {"q": "CAFE"})
    assert "Een café aan zee" in response.text
    assert "Iets anders" not in response.text


def test_a_free_entry_can_be_written(alice_client, alice):
    alice_client.post(reverse("practice:journal"), {"title": "Avond", "text": "Rustig."})
    assert JournalEntry.objects.get(user=alice).text == "Rustig."


def test_an_empty_free_entry_is_refused(alice_client):
    response = alice_client.post(reverse("practice:journal"), {"title": "x", "text": ""})
    assert "Schrijf iets op" in response.text
    assert not JournalEntry.objects.exists()


def test_an_entry_can_be_edited(alice_client, alice):
    e = services.create_entry(alice, "eerst")
    url = reverse("practice:entry_edit", kwargs={"entry_id": e.pk})
    assert "eerst" in alice_client.get(url).text
    alice_client.post(url, {"title": "", "text": "daarna"})
    e.refresh_from_db()
    assert e.text == "daarna"


def test_three_question_answers_can_be_edited(alice_client, alice):
    e = services.answer_three_questions(alice, {"q1": "a", "q2": "b", "q3": "c"})
    url = reverse("practice:entry_edit", kwargs={"entry_id": e.pk})
    alice_client.post(url, {"q1": "x", "q2": "b", "q3": "c"})
    e.refresh_from_db()
    assert e.answers["q1"] == "x"


def test_deleting_asks_first_then_deletes(alice_client, alice):
    e = services.create_entry(alice, "weg")
    url = reverse("practice:entry_delete", kwargs={"entry_id": e.pk})
    assert "Weet je het zeker?" in alice_client.get(url).text
    assert JournalEntry.objects.exists()
    alice_client.post(url)
    assert not JournalEntry.objects.exists()


def test_a_checkin_and_a_moment_can_be_deleted(alice_client, alice):
    c = checkin(alice)
    m = services.record_moment(alice, "exhale", 5)
    alice_client.post(reverse("practice:checkin_delete", kwargs={"checkin_id": c.pk}))
    alice_client.post(reverse("practice:moment_delete", kwargs={"moment_id": m.pk}))
    assert not CheckIn.objects.exists() and not Moment.objects.exists()


def test_bob_gets_404_for_alices_entry_edit_and_delete(bob_client, alice):
    e = services.create_entry(alice, "van alice")
    for name in ("practice:entry_edit", "practice:entry_delete"):
        url = reverse(name, kwargs={"entry_id": e.pk})
        assert bob_client.get(url).status_code == 404
        assert bob_client.post(url, {"text": "van bob"}).status_code == 404
    e.refresh_from_db()
    assert e.text == "van alice"


def test_a_checkin_can_be_edited_from_the_journal(alice_client, alice):
    c = checkin(alice, on_mind="eerst", at=local(2026, 3, 2, 9, 15))
    url = reverse("practice:checkin_edit", kwargs={"checkin_id": c.pk})
    assert f'href="{url}"' in alice_client.get(reverse("practice:journal")).text
    assert "eerst" in alice_client.get(url).text
    response = alice_client.post(url, CHECKIN_POST)
    assert response.status_code == 302
    assert response["Location"] == reverse("practice:journal") + f"#item-checkin-{c.pk}"
    c.refresh_from_db()
    assert (c.breath, c.shoulders, c.tension, c.did, c.on_mind) == (
        "high",
        "tense",
        6,
        "hold",
        "de presentatie",
    )
    assert c.at == local(2026, 3, 2, 9, 15)


def test_a_checkin_edit_shows_its_current_answers(alice_client, alice):
    c = checkin(alice, tension=7, did="chase")
    text = alice_client.get(reverse("practice:checkin_edit", kwargs={"checkin_id": c.pk})).text
    checked = re.findall(r'<input type="radio" name="(\w+)" value="(\w*)"[^>]*checked>', text)
    assert dict(checked) == {**CALM, "tension": "7", "did": "chase"}


def test_an_invalid_checkin_edit_says_why_and_changes_nothing(alice_client, alice, settings):
    settings.LOSLATEN_MAX_TEXT_CHARS = 100
    c = checkin(alice, on_mind="eerst")
    url = reverse("practice:checkin_edit", kwargs={"checkin_id": c.pk})
    response = alice_client.post(url, {**CHECKIN_POST, "tension": "11", "on_mind": "x" * 101})
    assert response.status_code == 200
    assert "De spanning is een getal van 0 tot 10." in response.text
    assert "maximaal 100 tekens" in response.text
    assert "x" * 101 in response.text
    c.refresh_from_db()
    assert (c.tension, c.on_mind, c.breath) == (2, "eerst", "low")


def test_bob_gets_404_for_editing_alices_checkin(bob_client, alice):
    c = checkin(alice, on_mind="van alice")
    url = reverse("practice:checkin_edit", kwargs={"checkin_id": c.pk})
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url, {**CHECKIN_POST, "on_mind": "van bob"}).status_code == 404
    c.refresh_from_db()
    assert c.on_mind == "van alice" and c.tension == 2


def test_bob_gets_404_for_deleting_alices_checkin_and_moment(bob_client, alice):
    c = checkin(alice)
    m = services.record_moment(alice, "exhale", 5)
    assert (
        bob_client.post(reverse("practice:checkin_delete", kwargs={"checkin_id": c.pk})).status_code
        == 404
    )
    assert (
        bob_client.post(reverse("practice:moment_delete", kwargs={"moment_id": m.pk})).status_code
        == 404
    )
    assert CheckIn.objects.exists() and Moment.objects.exists()


# Path


def test_path_page_shows_the_first_step_open(alice_client):
    response = alice_client.get(reverse("practice:path"))
    assert "Merken waar je vasthoudt" in response.text
    assert "Ik heb deze stap gedaan" in response.text


def test_doing_a_step_shows_when_the_next_opens(alice_client, alice, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: local(2026, 6, 1, 10))
    alice_client.post(reverse("practice:path_step_done", kwargs={"number": 1}), {"text": "kaak"})
    response = alice_client.get(reverse("practice:path"))
    assert "Gaat open op dinsdag 2 juni" in response.text
    assert JournalEntry.objects.get(user=alice).kind == "path"
    monkeypatch.setattr(timezone, "now", lambda: local(2026, 6, 2, 9))
    response = alice_client.get(reverse("practice:path"))
    assert 'action="/oefenen/stap-voor-stap/2/"' in response.text


def test_a_step_that_is_not_open_yet_cannot_be_done(alice_client):
    response = alice_client.post(reverse("practice:path_step_done", kwargs={"number": 2}))
    assert response.status_code == 404
    assert not PathProgress.objects.exists()


# Settings


def test_settings_are_saved(alice_client, alice):
    alice_client.post(
        reverse("practice:settings"),
        {"reminders_enabled": "on", "time1": "08:15", "time2": "21:00", "language": "en"},
    )
    prefs = services.get_settings(alice)
    assert prefs.reminders_enabled and prefs.reminder_times == ["08:15", "21:00"]
    assert prefs.show_counts is False and prefs.language == "en"


def test_wake_and_sleep_are_saved_and_move_the_day(alice_client, alice, bob):
    alice_client.post(
        reverse("practice:settings"), {"language": "nl", "wake": "05:45", "sleep": "22:00"}
    )
    prefs = services.get_settings(alice)
    assert (prefs.wake, prefs.sleep) == ("05:45", "22:00")
    assert (services.get_settings(bob).wake, services.get_settings(bob).sleep) == ("07:00", "23:00")
    html = alice_client.get("/oefenen/dag/2026-06-02/").text
    assert "Je werd wakker om 05:45" in html


def test_a_wake_time_that_is_no_time_is_refused_and_nothing_changes(alice_client, alice):
    response = alice_client.post(
        reverse("practice:settings"), {"language": "nl", "wake": "25:61", "sleep": "22:00"}
    )
    assert "geen tijd" in response.text
    assert services.get_settings(alice).wake == "07:00"


def test_a_bad_reminder_time_is_refused_with_a_message(alice_client, alice):
    response = alice_client.post(
        reverse("practice:settings"),
        {"reminders_enabled": "on", "time1": "25:61", "language": "nl"},
    )
    assert "is geen tijd" in response.text
    assert services.get_settings(alice).reminder_times == []


def test_settings_page_shows_current_values(alice_client, alice):
    services.update_settings(alice, reminder_times=["07:45"])
    assert 'value="07:45"' in alice_client.get(reverse("practice:settings")).text


def test_pages_speak_english_when_asked(client):
    response = client.get(reverse("practice:breathe"), HTTP_ACCEPT_LANGUAGE="en")
    assert "breathe in" in response.text
    assert "Breathe in calmly through your nose, 4 counts." in response.text


def test_path_reads_in_english(alice_client):
    response = alice_client.get(reverse("practice:path"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Noticing where you hold on" in response.text


def test_journal_shows_each_question_with_its_answer(alice_client, alice):
    services.answer_three_questions(alice, {"q1": "", "q2": "piekeren", "q3": ""})
    response = alice_client.get(reverse("practice:journal"))
    assert "<dt>Waarom blijft een gedachte soms hangen?</dt><dd>piekeren</dd>" in response.text
    assert "Wat merk je in je lijf" not in response.text
