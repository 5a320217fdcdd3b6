"""The month and the year: one summary per day, each day linking to its page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from loslaten.core import dates
from loslaten.practice import months, services
from loslaten.practice.tests.helpers import checkin, local

NOW = local(2026, 3, 20, 15, 0)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_day_sums_its_check_ins_moments_and_entries_in_local_time(alice, bob):
    checkin(alice, tension=4, at=local(2026, 3, 3, 0, 30))  # 23:30 UTC on 2 March
    checkin(alice, tension=7, at=local(2026, 3, 3, 22, 0))
    services.record_moment(alice, "exhale", 15, at=local(2026, 3, 3, 9))
    services.create_entry(alice, "hallo", at=local(2026, 3, 4, 9))
    checkin(bob, tension=10, at=local(2026, 3, 3, 9))

    days = months.summaries(alice, dt.date(2026, 3, 1), dt.date(2026, 3, 31))

    third = days[dt.date(2026, 3, 3)]
    assert (third.checkins, third.moments, third.entries) == (2, 1, 0)
    assert third.tension == 5.5
    assert third.tension_label == "5,5"
    assert third.level == "t2"
    assert days[dt.date(2026, 3, 2)].empty
    assert days[dt.date(2026, 3, 4)].entries == 1
    assert days[dt.date(2026, 3, 4)].level == "none"
    assert days[dt.date(2026, 3, 21)].future and not days[dt.date(2026, 3, 21)].url


def test_the_month_is_weeks_from_monday_with_their_iso_labels(alice):
    view = months.month_view(alice, dt.date(2026, 3, 1))
    first_label, first_week = view.weeks[0]
    assert first_label == "2026-W09"
    # 1 March 2026 is a Sunday: six days of February before it.
    assert first_week[:6] == [None] * 6 and first_week[6].date == dt.date(2026, 3, 1)
    assert view.previous == dt.date(2026, 2, 1)
    assert view.next is None  # April has not begun


def test_the_month_and_year_are_bounded_like_the_api():
    assert dates.parse_month("1970-01") == dt.date(1970, 1, 1)
    assert dates.parse_year("2100") == 2100
    for bad in ("1969-12", "2101-01", "2026-13", "2026-00", "2026-3", "99999-01", ""):
        with pytest.raises(ValueError):
            dates.parse_month(bad)
    for bad in ("1969", "2101", "0000", "26", "２０２６"):
        with pytest.raises(ValueError):
            dates.parse_year(bad)


@pytest.mark.parametrize(
    "url",
    [
        "/oefenen/maand/1969-12/",
        "/oefenen/maand/2101-01/",
        "/oefenen/maand/2026-13/",
        "/oefenen/maand/9999999999-01/",
        "/oefenen/maand/maart/",
        "/oefenen/jaar/1969/",
        "/oefenen/jaar/2101/",
        "/oefenen/jaar/99999999999999999999/",
        "/oefenen/jaar/２０２６/",
        "/oefenen/maand/2026-3/",
    ],
)
def test_a_far_or_odd_month_or_year_is_404(alice_client, url):
    assert alice_client.get(url).status_code == 404


def test_the_first_and_last_years_render(alice_client):
    assert alice_client.get("/oefenen/jaar/1970/").status_code == 200
    assert alice_client.get("/oefenen/maand/1970-01/").status_code == 200
    assert alice_client.get("/oefenen/maand/2100-12/").status_code == 200


def test_the_month_page_shows_tension_and_links_each_past_day(alice_client, alice, bob):
    checkin(alice, tension=8, at=local(2026, 3, 3, 9))
    checkin(bob, tension=1, at=local(2026, 3, 5, 9))

    html = alice_client.get("/oefenen/maand/2026-03/").content.decode()

    assert "Maart 2026" in html
    assert 'href="/oefenen/dag/2026-03-03/"' in html
    assert 'aria-label="3 maart 2026: spanning 8; 1 check-in"' in html
    assert 'aria-label="5 maart 2026: niets bijgehouden"' in html  # bob's day is not hers
    assert 'href="/oefenen/dag/2026-03-21/"' not in html  # tomorrow
    assert 'href="/oefenen/week/2026-W10/"' in html
    assert 'href="/oefenen/jaar/2026/"' in html


def test_the_year_page_has_a_cell_for_every_day(alice_client, alice):
    checkin(alice, tension=3, at=local(2026, 1, 2, 9))
    html = alice_client.get("/oefenen/jaar/2026/").content.decode()
    assert html.count("<td ") == 365
    assert html.count('href="/oefenen/dag/2026-') == 31 + 28 + 20
    assert 'aria-label="2 januari 2026: spanning 3; 1 check-in"' in html
    assert 'href="/oefenen/maand/2026-02/"' in html


def test_the_current_month_and_year_redirect_to_their_address(alice_client):
    assert alice_client.get("/oefenen/maand/").url == "/oefenen/maand/2026-03/"
    assert alice_client.get("/oefenen/jaar/").url == "/oefenen/jaar/2026/"


def test_month_and_year_need_an_account(client):
    assert client.get("/oefenen/maand/2026-03/").status_code == 302
    assert client.get("/oefenen/jaar/2026/").status_code == 302


def test_the_week_page_links_to_its_month(alice_client):
    html = alice_client.get("/oefenen/week/2026-W10/").content.decode()
    assert 'href="/oefenen/maand/2026-03/"' in html


def test_the_week_counts_check_ins_as_noticing(alice):
    checkin(alice, at=local(2026, 3, 17, 9))
    checkin(alice, at=local(2026, 3, 18, 9))
    services.record_moment(alice, "feet", 30, at=local(2026, 3, 18, 10))
    week = services.week_summary(alice, dt.date(2026, 3, 20))
    assert (week.noticed, week.days_practised) == (3, 2)


def test_the_overview_says_how_often_the_person_noticed(alice_client, alice):
    checkin(alice, at=local(2026, 3, 17, 9))
    checkin(alice, at=local(2026, 3, 18, 9))
    html = alice_client.get("/oefenen/").content.decode()
    assert "Je stond 2 keer stil bij je lijf." in html


def test_the_month_and_year_speak_english_when_asked(alice_client, alice):
    checkin(alice, tension=5, at=local(2026, 3, 3, 9))
    services.record_moment(alice, "exhale", 15, at=local(2026, 3, 3, 10))
    checkin(alice, tension=4, at=local(2026, 3, 4, 9))
    checkin(alice, tension=5, at=local(2026, 3, 4, 19))
    alice_client.cookies["django_language"] = "en"
    html = alice_client.get("/oefenen/maand/2026-03/").content.decode()
    assert "March 2026" in html and ">Mo<" in html
    assert 'aria-label="3 March 2026: tension 5; 1 check-in, 1 moment"' in html
    assert '<span class="cal-t">4.5</span>' in html
    html = alice_client.get("/oefenen/jaar/2026/").content.decode()
    assert "Your year 2026" in html
