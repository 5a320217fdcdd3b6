"""The body's day: ``day_model``, the what-ifs, the week, and the pages."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from django.core.cache import cache
from django.test import override_settings

from loslaten.hormones.events import Event
from loslaten.practice import day as body
from loslaten.practice import services
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


def model(user, what_if=None, lang="nl", date=DAY):
    return body.day_model(user, date, lang, what_if)


# day_model ---------------------------------------------------------------------------------


def test_day_model_marks_alices_checkins_and_moments(alice_day):
    m = model(alice_day)
    assert [(e["kind"], e["clock"]) for e in m["events"]] == [
        ("hold", "09:00"),
        ("breathe", "09:30"),
        ("accept", "15:00"),
    ]
    assert [e["number"] for e in m["events"]] == [1, 2, 3]


def test_day_model_labels_events_with_the_checkin_phrase(alice_day):
    labels = [e["label"] for e in model(alice_day)["events"]]
    assert labels[0] == "ik bleef alles controleren"


def test_day_model_labels_follow_the_language(alice_day):
    labels = [e["label"] for e in model(alice_day, lang="en")["events"]]
    assert labels[0] != "ik bleef alles controleren"


def test_day_model_is_json_serialisable(alice_day):
    json.dumps(model(alice_day, "uitademen"))


def test_day_model_curves_run_every_five_minutes_over_the_day(alice_day):
    m = model(alice_day)
    assert m["step_min"] == 5
    assert all(len(v) == 1440 // 5 + 1 for v in m["series"].values())
    assert all(len(v) == 24 for v in m["hourly"].values())


def test_day_model_has_a_stress_and_a_happiness_group(alice_day):
    groups = model(alice_day)["groups"]
    assert [g["key"] for g in groups] == ["stress", "happiness"]
    assert groups[0]["quantities"] == ["cortisol", "adrenaline", "tension"]
    assert groups[1]["quantities"] == ["dopamine", "serotonin", "oxytocin"]


def test_holding_on_raises_the_stress_side_after_nine(alice_day):
    m = model(alice_day)
    adrenaline = m["series"]["adrenaline"]
    assert max(adrenaline[9 * 12 : 10 * 12]) > 1.2
    assert m["groups"][0]["summary"]["peak_minute"] >= 9 * 60


def test_summary_sentence_names_the_peak_time_and_the_event_before_it(alice_day):
    summary = model(alice_day)["groups"][0]["summary"]
    sentence = summary["sentence"]
    assert summary["quantity"] == "adrenaline"
    assert summary["peak_clock"] == "09:01"
    assert sentence.startswith("Je adrenaline steeg het meest om 09:01 (")
    assert sentence.endswith("na 'ik bleef alles controleren' om 09:00.")


def test_empty_day_shows_the_resting_rhythm(alice):
    m = model(alice)
    assert m["empty"] is True and m["events"] == []
    # Cortisol's morning rise is the only peak on a day without events.
    assert 7 * 60 <= m["groups"][0]["summary"]["peak_minute"] <= 9 * 60
    assert "ochtendritme" in m["groups"][0]["summary"]["sentence"]


def test_explanation_comes_from_the_model_in_the_language(alice_day):
    assert "09:00" in model(alice_day)["explanation"]
    assert model(alice_day, lang="en")["explanation"] != model(alice_day)["explanation"]


def test_disclaimer_is_in_the_model(alice):
    assert model(alice)["disclaimer"] == (
        "Dit model is een uitleg, geen meting en geen medisch advies."
    )


def test_bob_does_not_see_alices_events(alice_day, bob):
    m = model(bob)
    assert m["events"] == [] and m["empty"] is True
    assert m["series"] != model(alice_day)["series"]


def test_unknown_what_if_is_ignored(alice_day):
    m = model(alice_day, "iets-anders")
    assert m["what_if"] is None
    assert not any(c["selected"] for c in m["what_if_choices"])


def test_day_model_future_day_is_marked(alice):
    m = model(alice, date=body.local_today() + dt.timedelta(days=3))
    assert m["future"] is True


# What-ifs -------------------------------------------------------------------------------------


def test_three_exhales_lower_the_tension(alice_day):
    m = model(alice_day, "uitademen")
    alt = m["what_if"]
    assert [e["kind"] for e in alt["events"]] == ["exhale"] * 3
    assert alt["mean"]["tension"] < m["mean"]["tension"]
    assert alt["change_pct"]["tension"] < 0


def test_accepting_instead_of_holding_lowers_adrenaline(alice_day):
    m = model(alice_day, "accepteren")
    alt = m["what_if"]
    assert [(e["kind"], e["clock"]) for e in alt["events"]] == [("accept", "09:00")]
    assert alt["mean"]["adrenaline"] < m["mean"]["adrenaline"]
    assert max(alt["series"]["adrenaline"]) < max(m["series"]["adrenaline"])


def test_breathing_after_each_checkin_adds_one_minute_per_checkin(alice_day):
    alt = model(alice_day, "ademen")["what_if"]
    assert [(e["kind"], e["clock"], e["duration"]) for e in alt["events"]] == [
        ("breathe", "09:01", 1),
        ("breathe", "12:01", 1),
        ("breathe", "15:01", 1),
    ]
    assert alt["mean"]["tension"] <= model(alice_day)["mean"]["tension"]


def test_what_if_has_a_comparison_text(alice_day):
    alt = model(alice_day, "accepteren")["what_if"]
    assert alt["explanation"]
    assert alt["label"] == "en als ik had geaccepteerd in plaats van gecontroleerd"


def test_accepting_on_a_day_without_holding_says_so(alice):
    alt = model(alice, "accepteren")["what_if"]
    assert alt["events"] == [] and alt["note"]


def test_selected_what_if_is_marked_in_the_choices(alice_day):
    choices = model(alice_day, "ademen")["what_if_choices"]
    assert [c["key"] for c in choices if c["selected"]] == ["ademen"]


def test_busiest_minutes_follow_the_strain_two_hours_apart():
    events = [Event("hold", 9 * 60, 0, 2.0), Event("hold", 10 * 60 + 5), Event("chase", 14 * 60)]
    tension = np.ones(1441)
    minutes = body.busiest_minutes(events, tension, 7 * 60, 23 * 60)
    assert 9 * 60 + 2 in minutes
    assert 14 * 60 + 2 in minutes
    assert all(b // 60 - a // 60 >= 2 for a, b in itertools.pairwise(minutes))


def test_busiest_minutes_on_an_empty_day_spread_over_the_working_day():
    minutes = body.busiest_minutes([], np.ones(1441), 7 * 60, 23 * 60)
    assert minutes == [10 * 60, 13 * 60, 16 * 60]


def test_busiest_minutes_fill_up_away_from_the_strain():
    minutes = body.busiest_minutes([Event("hold", 10 * 60 + 30)], np.ones(1441), 420, 1380)
    assert minutes == [10 * 60 + 32, 13 * 60, 16 * 60]


def test_what_if_events_unknown_key_raises():
    with pytest.raises(KeyError):
        body.what_if_events("vliegen", [], [], np.ones(1441))


def test_accept_what_if_keeps_time_length_and_strength():
    events = [Event("hold", 540, 15, 2.0), Event("exhale", 560)]
    all_events, added = body.what_if_events("accepteren", events, [], np.ones(1441))
    assert added == [Event("accept", 540, 15, 2.0)]
    assert [e.kind for e in all_events] == ["accept", "exhale"]


# Caching --------------------------------------------------------------------------------------


def test_day_model_is_cached_until_the_day_changes(alice_day):
    first = model(alice_day)
    assert model(alice_day) is not None
    checkin(alice_day, at=local(2026, 6, 2, 18, 0), did="chase", tension=6)
    again = model(alice_day)
    assert len(again["events"]) == len(first["events"]) + 1


def test_deleting_a_checkin_changes_the_day(alice_day):
    before = model(alice_day)
    services.delete_checkin(alice_day, services.list_checkins(alice_day)[0].pk)
    assert len(model(alice_day)["events"]) == len(before["events"]) - 1


# Weeks ----------------------------------------------------------------------------------------


def test_parse_week_gives_the_monday():
    assert body.parse_week("2026-W23") == dt.date(2026, 6, 1)


@pytest.mark.parametrize("text", ["2026-23", "2026-W54", "2026-W00", "", "W23-2026"])
def test_parse_week_refuses_nonsense(text):
    with pytest.raises(ValueError):
        body.parse_week(text)


def test_week_model_places_events_on_their_day(alice_day):
    m = body.week_model(alice_day, dt.date(2026, 6, 1), "nl")
    assert [(e["day"], e["clock"], e["kind"]) for e in m["events"]] == [
        (1, "09:00", "hold"),
        (1, "09:30", "breathe"),
        (1, "15:00", "accept"),
    ]
    assert [d["events"] for d in m["days"]] == [0, 3, 0, 0, 0, 0, 0]
    assert len(m["series"]["cortisol"]) == 7 * 1440 // 15 + 1
    json.dumps(m)


def test_week_summary_names_the_day_of_the_peak(alice_day):
    m = body.week_model(alice_day, dt.date(2026, 6, 1), "nl")
    sentence = m["groups"][0]["summary"]["sentence"]
    assert "op dinsdag 2 juni om 09:01" in sentence
    assert "na 'ik bleef alles controleren' op dinsdag 2 juni om 09:00" in sentence


def test_week_charts_are_valid_svg_with_a_row_per_day(alice_day):
    charts = body.week_charts(body.week_model(alice_day, dt.date(2026, 6, 1), "nl"))
    for chart in charts:
        ET.fromstring(chart["svg"])
        assert len(chart["table"]["rows"]) == 7


WEDNESDAY = local(2026, 6, 3, 10, 7)  # "now" in the middle of alice_day's week


def test_week_model_leaves_the_days_after_today_open(alice_day):
    checkin(alice_day, at=local(2026, 6, 3, 9, 0), did="hold", tension=7)
    m = body.week_model(alice_day, dt.date(2026, 6, 1), "nl", now=WEDNESDAY)
    assert [d["future"] for d in m["days"]] == [False] * 3 + [True] * 4
    assert [d["events"] for d in m["days"]] == [0, 3, 1, None, None, None, None]
    assert m["days"][3]["mean"] == {} and m["days"][3]["peak"] == {}
    # The curves end at the last quarter hour before now: Wednesday 10:00.
    assert m["until_min"] == 2 * 1440 + 10 * 60
    assert len(m["series"]["cortisol"]) == (2 * 1440 + 10 * 60) // 15 + 1
    assert "donderdag" not in json.dumps(m["groups"])
    json.dumps(m)


def test_week_charts_stop_at_now_and_leave_the_future_out_of_the_table(alice_day):
    m = body.week_model(alice_day, dt.date(2026, 6, 1), "nl", now=WEDNESDAY)
    full = body.week_model(alice_day, dt.date(2026, 6, 1), "nl")
    # The days that have happened are drawn as in the whole week's run.
    assert m["series"]["cortisol"] == full["series"]["cortisol"][: len(m["series"]["cortisol"])]
    for chart in body.week_charts(m):
        ET.fromstring(chart["svg"])
        assert [row[0] for row in chart["table"]["rows"]] == [
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
    assert html.count("<svg") == 2


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
        rows = chart["table"]["rows"]
        assert len(rows) == 24
        assert rows[0][0] == "00:00" and rows[-1][0] == "23:00"
        assert len(rows[0]) == 1 + 3


def test_day_chart_table_gets_what_if_columns(alice_day):
    chart = body.day_charts(model(alice_day, "uitademen"))[0]
    assert len(chart["table"]["head"]) == 6
    assert len(chart["table"]["rows"][9]) == 1 + 6


def test_day_chart_desc_names_the_peak(alice_day):
    m = model(alice_day)
    stress = body.day_charts(m)[0]
    assert m["groups"][0]["summary"]["peak_clock"] in stress["desc"]


def test_what_if_curves_are_dashed_in_the_chart(alice_day):
    svg = body.day_charts(model(alice_day, "uitademen"))[0]["svg"]
    root = ET.fromstring(svg)
    dashed = [p for p in root.iter(f"{SVG}path") if "what-if" in p.get("class")]
    assert len(dashed) == 3
    assert all(p.get("stroke-dasharray") for p in dashed)


def test_day_chart_marks_every_event(alice_day):
    svg = body.day_charts(model(alice_day))[0]["svg"]
    root = ET.fromstring(svg)
    labels = [t.text for t in root.iter(f"{SVG}text") if (t.get("class") or "").startswith("mark")]
    assert labels == ["1", "2", "3"]


# Pages ----------------------------------------------------------------------------------------


def test_day_page_needs_login(client):
    response = client.get("/oefenen/vandaag/")
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]


def test_day_page_shows_alices_day(alice_day, alice_client):
    response = alice_client.get("/oefenen/dag/2026-06-02/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 2
    assert "ik bleef alles controleren" in html
    assert "Dit model is een uitleg, geen meting en geen medisch advies." in html
    assert 'href="/oefenen/model/"' in html
    assert html.count("<table") == 2


def test_day_page_has_no_inline_style_or_script(alice_day, alice_client):
    html = alice_client.get("/oefenen/dag/2026-06-02/?wat-als=uitademen").content.decode()
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
    assert html.count("<svg") == 2


def test_what_if_page_shows_the_comparison(alice_day, alice_client):
    html = alice_client.get("/oefenen/dag/2026-06-02/?wat-als=accepteren").content.decode()
    assert 'id="vergelijking"' in html
    assert 'value="accepteren" checked' in html
    assert "stroke-dasharray" in html


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
    assert html.count("<svg") == 2
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
    start = time.perf_counter()
    alice_client.get(url)
    warm = time.perf_counter() - start
    # Cold: two runs of the model (the day and the what-if), under a shared test machine's
    # load; warm: the cached model and charts, only the template is rendered.
    assert cold < 0.6 and warm < 0.1, (cold, warm)
