"""The body's day: ``day_model``, the what-ifs, the week, and the pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import time
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation

from loslaten.hormones.events import Event
from loslaten.practice import day as body
from loslaten.practice import services
from loslaten.practice.day import model as day_model_module
from loslaten.practice.day.whatif import changed_events
from loslaten.practice.tests.helpers import checkin, local

# The SVG parsed here is our own output, not untrusted input.
# ruff: noqa: S314

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 2)  # a Tuesday, in the past of the test run's clock
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice_day(alice):
    """Alice's Tuesday: she held on at 09:00, breathed at 09:30, accepted at 15:00."""
    checkin(alice, at=local(2026, 6, 2, 9, 0), did="hold", tension=8)
    services.record_moment(alice, "breathe_minute", 60, "4-6", at=local(2026, 6, 2, 9, 30))
    checkin(alice, at=local(2026, 6, 2, 12, 0), tension=3)  # nothing done: no event
    checkin(alice, at=local(2026, 6, 2, 15, 0), did="accept", tension=2)
    return alice


def model(user, what_if=None, lang="nl", date=DAY, event=None, now=None):
    return body.day_model(user, date, lang, what_if, event, now)


# day_model ---------------------------------------------------------------------------------


def test_day_model_marks_alices_checkins_and_moments(alice_day):
    m = model(alice_day)
    assert [(e.kind, e.clock) for e in m.events] == [
        ("hold", "09:00"),
        ("breathe", "09:30"),
        ("accept", "15:00"),
    ]
    assert [e.number for e in m.events] == [1, 2, 3]


def test_day_model_labels_events_with_the_checkin_phrase(alice_day):
    labels = [e.label for e in model(alice_day).events]
    assert labels[0] == "ik bleef alles controleren"


def test_day_model_labels_follow_the_language(alice_day):
    labels = [e.label for e in model(alice_day, lang="en").events]
    assert labels[0] != "ik bleef alles controleren"


def test_day_model_is_json_serialisable(alice_day):
    json.dumps(dataclasses.asdict(model(alice_day, "uitademen")))


def test_day_model_curves_run_every_five_minutes_over_the_day(alice_day):
    m = model(alice_day)
    assert m.step_min == 5
    assert all(len(v) == 1440 // 5 + 1 for v in m.series.values())
    assert all(len(v) == 24 for v in m.hourly.values())


def test_day_model_has_a_stress_and_a_happiness_group(alice_day):
    groups = model(alice_day).groups
    assert [g.key for g in groups] == ["stress", "happiness"]
    assert groups[0].quantities == ("cortisol", "adrenaline", "tension")
    assert groups[1].quantities == ("dopamine", "serotonin", "oxytocin")


def test_holding_on_raises_the_stress_side_after_nine(alice_day):
    m = model(alice_day)
    assert max(m.series["adrenaline"][9 * 12 : 10 * 12]) > 1.2
    assert m.groups[0].summary.peak_minute >= 9 * 60


def test_summary_sentence_names_the_peak_time_and_its_cause(alice_day):
    summary = model(alice_day).groups[0].summary
    assert summary.quantity == "adrenaline"
    assert summary.peak_clock == "09:01"
    assert summary.cause == 1
    assert summary.sentence.startswith("Je adrenaline steeg het meest om 09:01 (")
    assert summary.sentence.endswith("vooral door 'ik bleef alles controleren' om 09:00.")


@pytest.mark.parametrize(("lang", "start"), [("nl", "In dit model "), ("en", "In this model, ")])
def test_a_days_happiness_sentence_says_it_is_this_model(alice_day, bob, lang, start):
    # The happiness side is the article's idea: on a busy day (alice) and a quiet one (bob).
    for user in (alice_day, bob):
        with translation.override(lang):
            summary = model(user, lang=lang).groups[1].summary
        assert summary.sentence.startswith(start), summary.sentence


def test_the_happiness_charts_title_says_it_is_the_articles_idea(alice_day, alice_client):
    html = alice_client.get("/oefenen/dag/2026-06-02/").text
    assert "De gelukskant (volgens het artikel) op dinsdag 2 juni 2026" in html
    alice_client.cookies["django_language"] = "en"
    html = alice_client.get("/oefenen/dag/2026-06-02/").text
    assert "The happiness side (as the article tells it)" in html


def test_empty_day_shows_the_resting_rhythm(alice):
    m = model(alice)
    assert m.empty is True and m.events == ()
    # Cortisol's morning rise is the only peak on a day without events.
    assert 7 * 60 <= m.groups[0].summary.peak_minute <= 9 * 60
    assert "ochtendritme" in m.groups[0].summary.sentence


def test_story_tells_the_day_in_the_language(alice_day):
    story = " ".join(model(alice_day).story)
    assert "Je werd wakker om 07:00" in story
    assert "'ik bleef alles controleren' om 09:00" in story
    assert " ".join(model(alice_day, lang="en").story) != story


def test_disclaimer_is_in_the_model(alice):
    assert model(alice).disclaimer == "Dit model is een uitleg, geen meting en geen medisch advies."


def test_bob_does_not_see_alices_events(alice_day, bob):
    m = model(bob)
    assert m.events == () and m.empty is True
    assert m.series != model(alice_day).series


def test_unknown_what_if_is_ignored(alice_day):
    assert model(alice_day, "iets-anders").what_if is None


def test_day_model_future_day_is_marked(alice):
    assert model(alice, date=body.local_today() + dt.timedelta(days=3)).future is True


# The morning: up at 06:14, checked in three times ----------------------------------------


@pytest.fixture
def early_morning(alice):
    """06:14 holding on, 06:30 pushing it away, 06:45 letting it be."""
    for minute, did in ((14, "hold"), (30, "suppress"), (45, "accept")):
        checkin(alice, at=local(2026, 6, 2, 6, minute), did=did, tension=7)
    return alice


def test_a_checkin_at_6_14_means_awake_at_6_14(early_morning):
    m = model(early_morning)
    assert (m.wake, m.wake_from) == ("06:14", "checkin")
    assert "Je was om 06:14 al wakker" in m.story[0]


def test_a_late_checkin_moves_that_days_sleep_but_the_day_starts_on_the_usual_rhythm(alice):
    services.update_settings(alice, wake="07:00", sleep="23:00")
    checkin(alice, at=local(2026, 6, 2, 20, 0), did="suppress", tension=7)
    usual = model(alice)
    checkin(alice, at=local(2026, 6, 2, 23, 40), did="hold", tension=7)
    source = body.day_source(alice, DAY, "nl")
    assert (source.wake, source.sleep, source.rhythm) == ("07:00", "23:41", ("07:00", "23:00"))
    late = model(alice)
    assert late.sleep == "23:41"
    # Up to 23:00 the day is the one before the late check-in, to the last digit.
    points = 23 * 60 // late.step_min
    for q, values in usual.series.items():
        assert late.series[q][:points] == values[:points], q
    for q, values in usual.band_low.items():
        assert late.band_low[q][:points] == values[:points], q


def test_another_bedtime_on_the_same_settings_is_another_cached_day(alice):
    services.update_settings(alice, wake="07:00", sleep="23:00")
    checkin(alice, at=local(2026, 6, 2, 23, 40), did="hold", tension=7)
    moved = body.day_source(alice, DAY, "nl")
    services.update_settings(alice, wake="07:00", sleep="22:00")
    earlier = body.day_source(alice, DAY, "nl")
    assert (moved.sleep, earlier.sleep) == ("23:41", "23:41")
    assert moved.rhythm != earlier.rhythm and moved.digest != earlier.digest


def test_settings_set_wake_and_sleep(alice):
    services.update_settings(alice, wake="06:30", sleep="22:15")
    m = model(alice)
    assert (m.wake, m.sleep, m.wake_from) == ("06:30", "22:15", "settings")


def test_a_stress_peak_is_never_credited_to_letting_it_be(early_morning):
    m = model(early_morning)
    cause = m.groups[0].summary.cause
    assert m.events[cause - 1].kind in ("hold", "suppress")
    for sentence in m.story:
        if "het hoogst" in sentence:
            assert "ik liet het zijn zoals het is" not in sentence
    helped = [s for s in m.story if s.startswith("Wat hielp")]
    assert helped and "ik liet het zijn zoals het is" in helped[0]


def test_at_6_17_only_what_happened_is_told_and_the_rest_is_expected(early_morning):
    now = local(2026, 6, 2, 6, 17)
    m = model(early_morning, now=now)
    assert m.today and m.now_min == 6 * 60 + 15 and m.now_clock == "06:15"
    story = " ".join(m.story)
    assert "06:30" not in story and "06:45" not in story
    assert "07:40" not in story
    assert "verwachting" in m.story[-1]
    # The summary looks at the past only.
    assert all(g.summary.peak_minute <= m.now_min for g in m.groups)


def test_now_moves_the_cache_on(early_morning):
    early = model(early_morning, now=local(2026, 6, 2, 6, 17))
    later = model(early_morning, now=local(2026, 6, 2, 7, 2))
    assert (early.now_min, later.now_min) == (6 * 60 + 15, 7 * 60)


def test_a_day_redrawn_as_now_moves_on_does_not_run_the_model_again(early_morning, monkeypatch):
    from loslaten.practice.day import model as day_module

    day_module._RUNS.clear()
    runs = []
    real = day_module.simulate
    monkeypatch.setattr(day_module, "simulate", lambda *a, **k: runs.append(1) or real(*a, **k))
    model(early_morning, now=local(2026, 6, 2, 6, 17))
    model(early_morning, now=local(2026, 6, 2, 7, 2))
    model(early_morning, lang="en", now=local(2026, 6, 2, 7, 2))
    assert len(runs) == 1
    # Another day (another check-in) is its own run.
    checkin(early_morning, at=local(2026, 6, 2, 7, 30), did="hold")
    model(early_morning, now=local(2026, 6, 2, 7, 32))
    assert len(runs) == 2


# What-ifs -------------------------------------------------------------------------------------


def test_letting_it_be_instead_of_holding_on_lowers_the_hours_after(alice_day):
    m = model(alice_day, "aanvaarden", event=1)
    alt = m.what_if
    assert alt.event == 1
    assert [(e.kind, e.clock) for e in alt.events] == [("accept", "09:00")]
    assert (alt.window_start, alt.window_end) == (9 * 60, 12 * 60)
    assert alt.window_change["adrenaline"] < 0 and alt.window_change["tension"] < 0
    assert alt.sentence.startswith("Dan was in de 3 uur na 09:00 (tot 12:00) gemiddeld je spanning")


def test_an_exhale_after_a_moment_is_added_right_after_it(alice_day):
    alt = model(alice_day, "uitademen", event=1).what_if
    assert [(e.kind, e.clock) for e in alt.events] == [("exhale", "09:02")]
    assert alt.window_change["tension"] < 0


def test_without_a_moment_the_day_is_run_again_without_it(alice_day):
    alt = model(alice_day, "zonder", event=1).what_if
    assert alt.events == ()
    assert alt.window_change["adrenaline"] < 0
    assert alt.sentence.startswith("Zonder dit moment was in de 3 uur na 09:00")


@pytest.mark.parametrize(("what_if", "lang"), [("zonder", "nl"), ("aanvaarden", "en")])
@pytest.mark.parametrize("event", [1, 2, 3])
def test_a_what_if_put_on_the_day_is_the_day_built_with_it(alice_day, what_if, lang, event):
    source = body.day_source(alice_day, DAY, lang)
    day = day_model_module.source_day(source, with_charts=False)[0]
    built = model(alice_day, what_if, lang=lang, event=event)
    assert day_model_module.what_if_day(source, day, what_if, event) == built
    assert built.what_if is not None and built != day


def test_the_what_if_changes_the_peaks_cause_by_default(alice_day):
    m = model(alice_day, "aanvaarden")
    assert m.what_if.event == m.groups[0].summary.cause == 1
    assert [c.key for c in m.what_if_events if c.selected] == ["1"]
    assert [c.key for c in m.what_if_kinds if c.selected] == ["aanvaarden"]


def test_an_unknown_moment_falls_back_to_the_default(alice_day):
    assert model(alice_day, "uitademen", event=99).what_if.event == 1


def test_a_day_without_events_has_no_what_if(alice):
    assert model(alice, "aanvaarden").what_if is None


def test_changed_events_keep_time_length_and_strength():
    events = [Event("hold", 540, 15, 2.0), Event("exhale", 560)]
    all_events, added = changed_events("aanvaarden", events, 0)
    assert added == [Event("accept", 540, 15, 2.0)]
    assert [e.kind for e in all_events] == ["accept", "exhale"]
    with pytest.raises(KeyError):
        changed_events("vliegen", events, 0)


# Caching --------------------------------------------------------------------------------------


def test_day_model_is_cached_until_the_day_changes(alice_day):
    first = model(alice_day)
    checkin(alice_day, at=local(2026, 6, 2, 18, 0), did="chase", tension=6)
    again = model(alice_day)
    assert len(again.events) == len(first.events) + 1


def test_deleting_a_checkin_changes_the_day(alice_day):
    before = model(alice_day)
    services.delete_checkin(alice_day, services.list_checkins(alice_day)[0].pk)
    assert len(model(alice_day).events) == len(before.events) - 1


def test_a_day_page_seen_again_is_not_built_or_drawn_again(alice_day, alice_client, monkeypatch):
    url = "/oefenen/dag/2026-06-02/"
    first = alice_client.get(url).text

    def refuse(*args, **kwargs):
        raise AssertionError("the day was built or read again")

    monkeypatch.setattr(day_model_module, "source_day", refuse)
    assert alice_client.get(url).text == first


def test_a_waiting_message_shows_once_on_a_day_page_seen_before(alice_day, alice_client):
    url = "/oefenen/dag/2026-06-02/"
    alice_client.get(url)  # kept
    alice_client.post("/oefenen/adem/klaar/", {"kind": "geen"})  # refused: the day is as it was
    assert "Dit moment kon niet bewaard worden." in alice_client.get(url).text
    assert "Dit moment kon niet bewaard worden." not in alice_client.get(url).text


def test_a_kept_day_page_returns_to_its_own_address_after_a_language_switch(
    alice_day, alice_client
):
    # ?moment=01 and ?moment=1 ask for the same day: only the address differs.
    for query in ("?wat-als=aanvaarden&moment=1", "?wat-als=aanvaarden&moment=01"):
        html = alice_client.get(f"/oefenen/dag/2026-06-02/{query}").text
        assert (
            f'name="next" type="hidden" value="/oefenen/dag/2026-06-02/{query}"'.replace(
                "&", "&amp;"
            )
            in html
        )


def test_a_new_checkin_shows_on_a_day_page_seen_before(alice_day, alice_client):
    url = "/oefenen/dag/2026-06-02/"
    assert "<time>18:00</time> ik zocht afleiding" not in alice_client.get(url).text
    checkin(alice_day, at=local(2026, 6, 2, 18, 0), did="chase", tension=6)
    assert "<time>18:00</time> ik zocht afleiding" in alice_client.get(url).text


def test_the_day_page_seen_in_dutch_then_english_is_in_english(alice_day, alice_client):
    url = "/oefenen/dag/2026-06-02/"
    assert "Wat je deed" in alice_client.get(url).text
    alice_client.cookies["django_language"] = "en"
    html = alice_client.get(url).text
    assert "What you did" in html and "Wat je deed" not in html


def test_bob_never_gets_alices_rendered_day(alice_day, bob):
    url = "/oefenen/dag/2026-06-02/"
    alice_client, bob_client = Client(), Client()  # two browsers: the fixtures share one
    alice_client.force_login(alice_day)
    bob_client.force_login(bob)
    assert "<time>09:00</time>" in alice_client.get(url).text
    html = bob_client.get(url).text
    assert "<time>09:00</time>" not in html and "Op deze dag heb je niets bijgehouden" in html


def test_the_same_day_of_two_people_is_kept_under_two_keys(alice_day, bob):
    # With the very same check-ins the pages would look alike, so only the key can show
    # that each person's page is kept apart (a journal's day is private even when equal).
    checkin(bob, at=local(2026, 6, 2, 9, 0), did="hold", tension=8)
    services.record_moment(bob, "breathe_minute", 60, "4-6", at=local(2026, 6, 2, 9, 30))
    checkin(bob, at=local(2026, 6, 2, 12, 0), tension=3)
    checkin(bob, at=local(2026, 6, 2, 15, 0), did="accept", tension=2)
    alices, bobs = (body.day_source(user, DAY, "nl") for user in (alice_day, bob))
    assert alices.events == bobs.events
    assert alices.digest != bobs.digest


def test_the_day_is_read_in_one_query(alice_day, django_assert_num_queries):
    services.update_settings(alice_day, wake="06:30", sleep="22:15")
    with django_assert_num_queries(1):
        source = body.day_source(alice_day, DAY, "nl")
    assert [(e.kind, e.start) for e in source.events] == [
        ("hold", 9 * 60),
        ("breathe", 9 * 60 + 30),
        ("accept", 15 * 60),
    ]
    assert (source.wake, source.sleep) == ("06:30", "22:15")


def test_acts_at_the_same_minute_keep_the_order_they_always_had(alice):
    # Newest first, as the models order them: the later row is the first event.
    checkin(alice, at=local(2026, 6, 2, 9, 0), did="hold", tension=2)
    checkin(alice, at=local(2026, 6, 2, 9, 0), did="hold", tension=9)
    events = services.events_for_day(alice, DAY)
    assert [e.intensity for e in events] == [
        services.tension_intensity(9),
        services.tension_intensity(2),
    ]


def test_a_day_without_settings_wakes_and_sleeps_at_the_usual_times(alice_day):
    from loslaten.practice.models import DEFAULT_SLEEP, DEFAULT_WAKE, PracticeSettings

    assert not PracticeSettings.objects.filter(user=alice_day).exists()
    source = body.day_source(alice_day, DAY, "nl")
    assert (source.wake, source.sleep) == (DEFAULT_WAKE, DEFAULT_SLEEP)


def test_each_person_wakes_at_their_own_time(alice, bob):
    services.update_settings(alice, wake="06:30")
    services.update_settings(bob, wake="05:15")
    assert body.day_source(alice, DAY, "nl").wake == "06:30"
    assert body.day_source(bob, DAY, "nl").wake == "05:15"


# What another process changes shows at once: the rows are written here without the
# services (no signal, no cache of this process told), and the page seen before changes.
URL = "/oefenen/dag/2026-06-02/"


def test_a_wake_time_changed_elsewhere_shows_at_once_on_a_day_page_seen_before(
    alice_day, alice_client
):
    from loslaten.practice.models import PracticeSettings

    services.update_settings(alice_day, wake="06:30")
    assert "Je werd wakker om 06:30" in alice_client.get(URL).text
    PracticeSettings.objects.filter(user=alice_day).update(wake="05:45")
    html = alice_client.get(URL).text
    assert "Je werd wakker om 05:45" in html and "06:30" not in html


def test_a_moment_deleted_elsewhere_leaves_a_day_page_seen_before_at_once(alice_day, alice_client):
    from loslaten.practice.models import Moment

    assert "<time>09:30</time>" in alice_client.get(URL).text
    Moment.objects.filter(user=alice_day).delete()
    assert not Moment.objects.filter(user=alice_day).exists()
    assert "<time>09:30</time>" not in alice_client.get(URL).text


def test_a_deleted_person_leaves_nothing_of_their_day_behind(alice_day, bob):
    from loslaten.practice.models import CheckIn

    alice_client, bob_client = Client(), Client()
    alice_client.force_login(alice_day)
    bob_client.force_login(bob)
    assert "<time>09:00</time>" in alice_client.get(URL).text
    pk = alice_day.pk
    alice_day.delete()
    assert not CheckIn.objects.filter(user_id=pk).exists()
    assert alice_client.get(URL).status_code == 302  # logged out: to the login page
    assert "<time>09:00</time>" not in bob_client.get(URL).text


# Weeks ----------------------------------------------------------------------------------------


def test_week_model_places_events_on_their_day(alice_day):
    m = body.week_model(alice_day, dt.date(2026, 6, 1), "nl")
    assert [(e.day, e.clock, e.kind) for e in m.events] == [
        (1, "09:00", "hold"),
        (1, "09:30", "breathe"),
        (1, "15:00", "accept"),
    ]
    assert [d.events for d in m.days] == [0, 3, 0, 0, 0, 0, 0]
    assert len(m.series["cortisol"]) == 7 * 1440 // 15 + 1
    json.dumps(dataclasses.asdict(m))


def test_the_week_model_is_a_week_whose_days_events_and_groups_are_typed(alice_day):
    from loslaten.practice.day.results import DayEvent, DayRow, Group, Summary, Week

    m = body.week_model(alice_day, dt.date(2026, 6, 1), "nl", now=WEDNESDAY)
    assert isinstance(m, Week)
    assert (m.week, m.previous, m.next) == ("2026-W23", "2026-W22", "2026-W24")
    assert all(isinstance(d, DayRow) for d in m.days)
    assert [d.date for d in m.days][:2] == ["2026-06-01", "2026-06-02"]
    assert all(isinstance(e, DayEvent) for e in m.events)
    assert all(isinstance(g, Group) and isinstance(g.summary, Summary) for g in m.groups)
    # The stress side's peak names its cause by number, as a person's day does.
    assert m.groups[0].summary.cause == 1 and m.events[0].kind == "hold"


def test_a_week_from_the_cache_is_the_same_week(alice_day):
    first = body.week_model(alice_day, dt.date(2026, 6, 1), "nl", now=WEDNESDAY)
    again = body.week_model(alice_day, dt.date(2026, 6, 1), "nl", now=WEDNESDAY)
    assert again == first and again is not first  # unpickled from the cache, equal


def test_week_summary_names_the_day_of_the_peak(alice_day):
    m = body.week_model(alice_day, dt.date(2026, 6, 1), "nl")
    sentence = m.groups[0].summary.sentence
    assert "op dinsdag 2 juni om 09:01" in sentence
    assert "vooral door 'ik bleef alles controleren' op dinsdag 2 juni om 09:00" in sentence


def test_week_summary_names_the_act_without_which_the_peak_is_lowest(alice):
    # A strong hold, then a mild push-away a minute later: the last act before the peak is
    # the push-away, but without the hold the peak would have been far lower.
    checkin(alice, at=local(2026, 6, 2, 9, 0), did="hold", tension=10)
    checkin(alice, at=local(2026, 6, 2, 9, 1), did="suppress", tension=0)
    m = body.week_model(alice, dt.date(2026, 6, 1), "nl")
    sentence = m.groups[0].summary.sentence
    assert "vooral door 'ik bleef alles controleren' op dinsdag 2 juni om 09:00" in sentence
    assert "ik duwde het weg" not in sentence


def test_a_checkin_a_moment_ago_is_in_the_week_already(alice):
    # 10:08 is not on a quarter hour: the week's curves stop at 10:00, but not before it.
    checkin(alice, at=local(2026, 6, 3, 10, 7), did="hold", tension=8)
    m = body.week_model(alice, dt.date(2026, 6, 1), "nl", now=local(2026, 6, 3, 10, 8))
    assert not m.empty
    assert [e.kind for e in m.events] == ["hold"]
    assert m.until_min == 2 * 1440 + 10 * 60 + 7


@pytest.mark.parametrize("until", [0, 1, 100, 419, 430, 539, 1439, 1441, 3 * 1440])
def test_a_run_cut_at_any_minute_can_be_told(until):
    from loslaten.hormones import simulate
    from loslaten.practice.day.reading import cut_at
    from loslaten.practice.day.words import explain_text

    run = simulate(["hold@10:00+30*1.5", "accept@12:00"], days=3)
    told = explain_text(cut_at(run, until), "nl")
    # The morning's rise is told only once the morning (07:00-09:00) is over.
    assert ("ochtendpiek" in told) == (until >= 420 + 119)


def test_the_weeks_story_tells_only_what_happened_by_now(alice):
    import re

    # Checked in just now, holding on: adrenaline's peak a minute later has not happened yet.
    checkin(alice, at=local(2026, 6, 3, 10, 0), did="hold", tension=9)
    m = body.week_model(alice, dt.date(2026, 6, 1), "nl", now=local(2026, 6, 3, 10, 0))
    told = m.explanation.split("\n", 1)[1]  # after "you woke at .. and slept at .."
    assert "het vasthouden op dag 3 om 10:00" in told
    assert all(clock <= "10:00" for clock in re.findall(r"\b\d\d:\d\d\b", told))


def test_week_charts_are_valid_svg_with_a_row_per_day(alice_day):
    charts = body.week_charts(body.week_model(alice_day, dt.date(2026, 6, 1), "nl"))
    for chart in charts:
        ET.fromstring(chart["svg"])
        assert len(ET.fromstring(chart["table_html"]).find("tbody").findall("tr")) == 7


WEDNESDAY = local(2026, 6, 3, 10, 7)  # "now" in the middle of alice_day's week


def test_week_model_leaves_the_days_after_today_open(alice_day):
    checkin(alice_day, at=local(2026, 6, 3, 9, 0), did="hold", tension=7)
    m = body.week_model(alice_day, dt.date(2026, 6, 1), "nl", now=WEDNESDAY)
    assert [d.future for d in m.days] == [False] * 3 + [True] * 4
    assert [d.events for d in m.days] == [0, 3, 1, None, None, None, None]
    assert m.days[3].mean == {} and m.days[3].peak == {}
    # The curves end at the last quarter hour before now: Wednesday 10:00.
    assert m.until_min == 2 * 1440 + 10 * 60
    assert len(m.series["cortisol"]) == (2 * 1440 + 10 * 60) // 15 + 1
    assert "donderdag" not in json.dumps(dataclasses.asdict(m)["groups"])
    json.dumps(dataclasses.asdict(m))


def test_week_charts_stop_at_now_and_leave_the_future_out_of_the_table(alice_day):
    m = body.week_model(alice_day, dt.date(2026, 6, 1), "nl", now=WEDNESDAY)
    full = body.week_model(alice_day, dt.date(2026, 6, 1), "nl")
    # The days that have happened are drawn as in the whole week's run.
    assert m.series["cortisol"] == full.series["cortisol"][: len(m.series["cortisol"])]
    for chart in body.week_charts(m):
        ET.fromstring(chart["svg"])
        rows = ET.fromstring(chart["table_html"]).find("tbody").findall("tr")
        assert [row[0].text for row in rows] == [
            "maandag 1 juni",
            "dinsdag 2 juni",
            "woensdag 3 juni",
        ]


def test_week_page_shows_later_days_as_not_yet(alice_day, alice_client, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY)
    html = alice_client.get("/oefenen/week/2026-W23/").content.decode()
    assert 'href="/oefenen/dag/2026-06-03/"' in html
    assert 'href="/oefenen/dag/2026-06-04/"' not in html
    assert 'donderdag 4 juni <span class="small">nog niet</span>' in html
    assert html.count("nog niet") == 4
    assert html.count("0 gebeurtenissen") == 2  # Monday and Wednesday, not the days to come
    assert html.count("<svg") == 4


def test_week_page_in_english_says_not_yet(alice_day, alice_client, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY)
    alice_client.cookies["django_language"] = "en"
    html = alice_client.get("/oefenen/week/2026-W23/").content.decode()
    assert html.count("not yet") == 4


# Charts from the model --------------------------------------------------------------------------


def test_day_charts_are_well_formed_svg_with_title_and_desc(alice_day):
    for chart in body.day_charts(model(alice_day)):
        root = ET.fromstring(chart["svg"])
        assert root.get("role") == "img"
        ids = root.get("aria-labelledby").split()
        assert root.find(f"{SVG}title").get("id") == ids[0]
        assert root.find(f"{SVG}desc").get("id") == ids[1]
        assert root.find(f"{SVG}desc").text == chart["desc"]


def test_day_chart_table_has_24_hourly_rows(alice_day):
    for chart in body.day_charts(model(alice_day)):
        table = ET.fromstring(chart["table_html"])
        rows = table.find("tbody").findall("tr")
        assert len(rows) == 24
        assert rows[0][0].text == "00:00" and rows[-1][0].text == "23:00"
        assert len(rows[0]) == 1 + 3


def test_day_chart_table_gets_what_if_columns(alice_day):
    chart = body.day_charts(model(alice_day, "uitademen"))[1]
    table = ET.fromstring(chart["table_html"])
    assert len(table.find("thead").find("tr")) == 1 + 6
    assert len(table.find("tbody").findall("tr")[9]) == 1 + 6


def test_day_chart_desc_names_the_peak(alice_day):
    m = model(alice_day)
    stress = body.day_charts(m)[0]
    assert m.groups[0].summary.peak_clock in stress["desc"]


def test_what_if_curves_are_dashed_and_their_difference_shaded(alice_day):
    for chart in body.day_charts(model(alice_day, "uitademen"))[1:2]:
        for svg in (chart["svg"], chart["svg_narrow"]):
            root = ET.fromstring(svg)
            dashed = [p for p in root.iter(f"{SVG}path") if "what-if" in p.get("class")]
            assert len(dashed) == 3
            assert all(p.get("stroke-dasharray") for p in dashed)
            areas = [p for p in root.iter(f"{SVG}path") if "diff-area" in p.get("class")]
            assert len(areas) == 3


def test_the_stress_chart_draws_the_models_band_around_cortisol_and_adrenaline(alice_day):
    m = model(alice_day)
    for q in ("cortisol", "adrenaline"):
        low, center, high = m.band_low[q], m.series[q], m.band_high[q]
        assert len(low) == len(center) == len(high) == 24 * 12 + 1
        assert all(lo <= c <= hi for lo, c, hi in zip(low, center, high, strict=True))
        assert max(hi - lo for lo, hi in zip(low, high, strict=True)) > 0.05  # a real spread
    stress, happiness = body.day_charts(m)
    for svg in (stress["svg"], stress["svg_narrow"]):
        areas = [p.get("class") for p in ET.fromstring(svg).iter(f"{SVG}path")]
        assert "band-area q-cortisol" in areas and "band-area q-adrenaline" in areas
    assert stress["band"] and not happiness["band"]
    assert "band-area" not in happiness["svg"]


def test_the_band_is_computed_once_per_day_build_not_per_request(
    alice_day, alice_client, monkeypatch
):
    from loslaten.practice.day import model as day_model_module

    calls = []
    real = day_model_module.band

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(day_model_module, "band", counting)
    for _ in range(3):
        assert alice_client.get("/oefenen/dag/2026-06-02/").status_code == 200
    model(alice_day)
    # Another language and a what-if are other builds of the same day: the band is reused.
    model(alice_day, lang="en")
    model(alice_day, "uitademen")
    assert len(calls) == 1
    checkin(alice_day, at=local(2026, 6, 2, 18, 0), did="chase", tension=6)
    assert 'class="band-area q-cortisol' in alice_client.get("/oefenen/dag/2026-06-02/").text
    assert len(calls) == 2


def test_day_chart_marks_every_event(alice_day):
    svg = body.day_charts(model(alice_day))[0]["svg"]
    root = ET.fromstring(svg)
    labels = [t.text for t in root.iter(f"{SVG}text") if (t.get("class") or "").startswith("mark")]
    assert labels == ["1", "2", "3"]


def test_todays_band_is_reused_as_now_moves_on(early_morning, monkeypatch):
    from loslaten.practice.day import model as day_model_module

    calls = []
    real = day_model_module.band
    monkeypatch.setattr(day_model_module, "band", lambda *a, **k: calls.append(a) or real(*a, **k))
    first = model(early_morning, now=local(2026, 6, 2, 6, 17))
    later = model(early_morning, now=local(2026, 6, 2, 11, 40))
    assert first.now_min != later.now_min
    assert later.band_high["cortisol"] == first.band_high["cortisol"]
    assert len(calls) == 1


def test_today_chart_marks_now_and_draws_the_rest_as_expected(early_morning):
    m = model(early_morning, now=local(2026, 6, 2, 6, 17))
    for chart in body.day_charts(m):
        root = ET.fromstring(chart["svg"])
        assert any(g.get("class") == "now" for g in root.iter(f"{SVG}g"))
        assert any("expected" in (p.get("class") or "") for p in root.iter(f"{SVG}path"))


# Pages ----------------------------------------------------------------------------------------


def test_day_page_needs_login(client):
    response = client.get("/oefenen/vandaag/")
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]


def test_day_page_shows_alices_day(alice_day, alice_client):
    response = alice_client.get("/oefenen/dag/2026-06-02/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 4  # each chart wide and narrow
    assert "ik bleef alles controleren" in html
    assert "Dit model is een uitleg, geen meting en geen medisch advies." in html
    assert 'href="/oefenen/model/"' in html
    assert html.count("<table") == 2
    assert html.count('class="band-area q-cortisol"') == 2  # wide and narrow
    assert "lichte band: de onzekerheid van het model" in html


def test_day_page_has_no_inline_style_or_script(alice_day, alice_client):
    html = alice_client.get("/oefenen/dag/2026-06-02/?wat-als=uitademen").content.decode()
    assert 'class="diff-area' in html
    assert "style=" not in html
    assert "<script>" not in html and "<script " not in html.replace('<script src="', "")


def test_bob_sees_none_of_alices_events_on_the_page(alice_day, bob_client):
    html = bob_client.get("/oefenen/dag/2026-06-02/").content.decode()
    assert "ik bleef alles controleren" not in html
    assert "niets bijgehouden" in html


def test_today_page_renders_for_an_empty_day(alice_client):
    response = alice_client.get("/oefenen/vandaag/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Je lichaam vandaag" in html
    assert "/oefenen/check-in/" in html
    assert html.count("<svg") == 4
    assert 'class="now"' in html


def test_what_if_page_shows_the_comparison(alice_day, alice_client):
    url = "/oefenen/dag/2026-06-02/?moment=1&wat-als=aanvaarden"
    html = alice_client.get(url).content.decode()
    assert 'id="vergelijking"' in html
    assert 'value="aanvaarden" checked' in html
    assert '<option value="1" selected>' in html
    assert "Dan was in de 3 uur na 09:00 (tot 12:00)" in html
    assert "stroke-dasharray" in html


def test_the_what_ifs_sentence_is_said_once_beside_its_close_up(alice_day, alice_client):
    html = alice_client.get("/oefenen/dag/2026-06-02/?moment=1&wat-als=aanvaarden").text
    # The drawings keep it as their own description, for screen readers.
    text = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert text.count("Dan was in de 3 uur na 09:00 (tot 12:00)") == 1


@pytest.mark.parametrize("moment", ["x", "-1", "99999", ""])
def test_a_what_if_with_a_strange_moment_still_shows_a_page(alice_day, alice_client, moment):
    url = f"/oefenen/dag/2026-06-02/?moment={moment}&wat-als=uitademen"
    assert alice_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "path", ["/oefenen/dag/2026-02-30/", "/oefenen/dag/gisteren/", "/oefenen/dag/1999-12-31/"]
)
def test_bad_dates_are_not_found(alice_client, path):
    assert alice_client.get(path).status_code == 404


def test_future_day_gets_a_friendly_word(alice_client):
    later = (body.local_today() + dt.timedelta(days=2)).isoformat()
    response = alice_client.get(f"/oefenen/dag/{later}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "moet nog komen" in html
    assert "<svg" not in html


def test_week_page_shows_the_week(alice_day, alice_client):
    response = alice_client.get("/oefenen/week/2026-W23/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 4
    assert 'href="/oefenen/dag/2026-06-02/"' in html
    assert "Dit model is een uitleg" in html


@pytest.mark.parametrize("path", ["/oefenen/week/2026-W60/", "/oefenen/week/volgende/"])
def test_bad_weeks_are_not_found(alice_client, path):
    assert alice_client.get(path).status_code == 404


def test_week_page_needs_login(client):
    assert client.get("/oefenen/week/2026-W23/").status_code == 302


def test_day_page_in_english(alice_day, alice_client):
    alice_client.cookies["django_language"] = "en"
    html = alice_client.get("/oefenen/dag/2026-06-02/").content.decode()
    assert 'lang="en"' in html


@override_settings(DEBUG=False)
def test_day_page_renders_quickly(alice_day, alice_client):
    url = "/oefenen/dag/2026-06-02/?wat-als=uitademen"
    alice_client.get(url)  # warm: the model's start state and the template
    cache.clear()
    start = time.perf_counter()
    alice_client.get(url)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(3):
        start = time.perf_counter()
        alice_client.get(url)
        warm.append(time.perf_counter() - start)
    # Cold: the day, one re-run per moment (to find causes and what helped) and the what-if,
    # under a shared test machine's load; warm: the cached model and charts, only the
    # template is rendered.
    assert cold < 1.5 and min(warm) < 0.1, (cold, warm)
