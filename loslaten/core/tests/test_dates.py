"""Every date in a URL is bounded like the API's (1970–2100): far dates are 404, not 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import resolve, reverse

from loslaten.core import dates


@pytest.mark.parametrize(
    "path",
    [
        "/oefenen/dag/9999-12-31/",
        "/oefenen/dag/2101-01-01/",
        "/oefenen/week/9999-W52/",
        "/oefenen/week/2101-W01/",
        "/oefenen/week/0001-W01/",
        "/oefenen/dag/0001-01-01/",
        "/oefenen/week/2100-W53/",  # not a week of 2100
    ],
)
def test_a_far_date_is_not_found_rather_than_an_error(alice_client, path):
    assert alice_client.get(path).status_code == 404


def test_the_last_day_and_week_in_range_still_answer(alice_client):
    assert alice_client.get("/oefenen/dag/2100-12-31/").status_code == 200
    assert alice_client.get("/oefenen/week/2100-W51/").status_code == 200


def test_the_bounds_are_the_apis():
    assert (dates.FIRST_DAY, dates.LAST_DAY) == (dt.date(1970, 1, 1), dt.date(2100, 12, 31))
    assert dates.parse_day("1970-01-01") == dates.FIRST_DAY
    for bad in ("1969-12-31", "2101-01-01", "2025-02-30", "2025-3-4", ""):
        with pytest.raises(ValueError):
            dates.parse_day(bad)
    assert dates.parse_month("2100-12") == dt.date(2100, 12, 1)
    assert dates.parse_year("1970") == 1970
    for parse, bad in (
        (dates.parse_month, "9999-12"),
        (dates.parse_year, "9999"),
        (dates.parse_week, "1970-W01"),
    ):  # 1970-W01 starts in 1969
        with pytest.raises(ValueError):
            parse(bad)


def test_a_week_is_its_monday_and_its_label_reads_back():
    assert dates.parse_week("2026-W23") == dt.date(2026, 6, 1)
    assert dates.week_label(dt.date(2026, 6, 7)) == "2026-W23"  # a Sunday: the same week
    assert dates.week_label(dt.date(2027, 1, 1)) == "2026-W53"


@pytest.mark.parametrize(
    "text", ["2026-23", "2026-W54", "2026-W00", "", "W23-2026", "２０２６-W23"]
)
def test_a_week_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError):
        dates.parse_week(text)


def test_a_real_day_out_of_range_is_told_apart_from_no_day():
    with pytest.raises(dates.OutOfRange):
        dates.parse_day("2101-01-01")
    with pytest.raises(ValueError) as refused:
        dates.parse_day("2025-02-30")
    assert not isinstance(refused.value, dates.OutOfRange)


def test_only_ascii_digits_make_a_date():
    for parse, text in (
        (dates.parse_day, "２０２６-03-04"),
        (dates.parse_month, "２０２６-03"),
        (dates.parse_year, "２０２６"),
        (dates.parse_year, "٢٠٢٦"),
    ):
        with pytest.raises(ValueError):
            parse(text)


def test_the_converters_are_registered_for_every_app(settings):
    from django.urls import path

    def view(request, **kwargs):  # pragma: no cover - only resolved
        return kwargs

    class Urls:
        urlpatterns = [
            path("d/<day:day>/", view, name="d"),
            path("w/<isoweek:monday>/", view, name="w"),
            path("m/<month:first>/", view, name="m"),
            path("y/<year:year>/", view, name="y"),
        ]

    settings.ROOT_URLCONF = Urls
    assert resolve("/d/2025-03-04/").kwargs == {"day": dt.date(2025, 3, 4)}
    assert resolve("/w/2025-W10/").kwargs == {"monday": dt.date(2025, 3, 3)}
    assert resolve("/m/2025-03/").kwargs == {"first": dt.date(2025, 3, 1)}
    assert resolve("/y/2025/").kwargs == {"year": 2025}
    assert reverse("w", args=[dt.date(2025, 3, 5)]) == "/w/2025-W10/"
    assert reverse("m", args=[dt.date(2025, 3, 5)]) == "/m/2025-03/"
    from django.urls import Resolver404

    for far in ("/d/9999-12-31/", "/w/9999-W52/", "/m/9999-12/", "/y/9999/", "/y/２０２６/"):
        with pytest.raises(Resolver404):
            resolve(far)
