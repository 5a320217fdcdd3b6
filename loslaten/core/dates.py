"""The calendar range every date in a URL must fall in, and path converters that keep to it.

One home for the bound: the pages and the API answer a date outside 1970–2100 as "no such
page" (404) instead of running the model on it or overflowing `date + 1 day` at year 9999.
Routes use the converters (registered in CoreConfig.ready):

    path("dag/<day:date>/", ...)        # a datetime.date, 1970-01-01 .. 2100-12-31
    path("week/<isoweek:monday>/", ...) # the Monday (a date) of an ISO week "2025-W07"
    path("maand/<month:first>/", ...)   # the first day (a date) of "2025-03"
    path("jaar/<year:year>/", ...)      # an int, 1970 .. 2100

A value that does not parse or lies outside the range makes the converter refuse, and
Django answers 404. Code that takes a `str` (the API, a form) calls parse_day / parse_week /
... itself. Only ASCII digits count: "２０２６" is not a year here.
"""

from __future__ import annotations

import datetime as dt
import re

FIRST_DAY = dt.date(1970, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)

_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_YEAR = re.compile(r"[0-9]{4}")


class OutOfRange(ValueError):
    """A real date, but outside the range the site answers for."""


def in_bounds(day: dt.date) -> bool:
    """Whether a day lies in the range the site answers for (1970–2100)."""
    return FIRST_DAY <= day <= LAST_DAY


def _bounded(day: dt.date) -> dt.date:
    if not in_bounds(day):
        raise OutOfRange(f"{day.isoformat()} lies outside {FIRST_DAY.year}–{LAST_DAY.year}")
    return day


def parse_day(text: str) -> dt.date:
    """``"2025-03-04"`` to a date in range; ``OutOfRange`` for a date outside it,
    ``ValueError`` for anything else."""
    if not _DAY.fullmatch(text or ""):
        raise ValueError(f"expected YYYY-MM-DD, got {text!r}")
    return _bounded(dt.date.fromisoformat(text))


def parse_week(text: str) -> dt.date:
    """``"2025-W07"`` to the Monday of that ISO week, in range; ``ValueError`` otherwise."""
    match = _WEEK.fullmatch(text or "")
    if not match:
        raise ValueError(f"expected YYYY-Www, got {text!r}")
    monday = _bounded(dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1))
    _bounded(monday + dt.timedelta(days=6))  # the whole week, its Sunday included
    return monday


def parse_month(text: str) -> dt.date:
    """``"2025-03"`` to the first day of that month, in range; ``ValueError`` otherwise."""
    match = _MONTH.fullmatch(text or "")
    if not match:
        raise ValueError(f"expected YYYY-MM, got {text!r}")
    return _bounded(dt.date(int(match.group(1)), int(match.group(2)), 1))


def parse_year(text: str) -> int:
    """``"2025"`` to an int in range; ``ValueError`` otherwise."""
    if not _YEAR.fullmatch(text or ""):
        raise ValueError(f"expected YYYY, got {text!r}")
    return _bounded(dt.date(int(text), 1, 1)).year


def week_label(day: dt.date) -> str:
    """The ISO week a day lies in, as ``"2025-W07"`` (the form parse_week reads)."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


class DayConverter:
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> dt.date:
        return parse_day(value)

    def to_url(self, value: dt.date | str) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)


class WeekConverter:
    regex = r"[0-9]{4}-W[0-9]{2}"

    def to_python(self, value: str) -> dt.date:
        return parse_week(value)

    def to_url(self, value: dt.date | str) -> str:
        return week_label(value) if isinstance(value, dt.date) else str(value)


class MonthConverter:
    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> dt.date:
        return parse_month(value)

    def to_url(self, value: dt.date | str) -> str:
        return f"{value.year:04d}-{value.month:02d}" if isinstance(value, dt.date) else str(value)


class YearConverter:
    regex = r"[0-9]{4}"

    def to_python(self, value: str) -> int:
        return parse_year(value)

    def to_url(self, value: int | str) -> str:
        return f"{int(value):04d}"


CONVERTERS = {
    "day": DayConverter,
    "isoweek": WeekConverter,
    "month": MonthConverter,
    "year": YearConverter,
}


def register() -> None:
    """Make <day:…>, <isoweek:…>, <month:…> and <year:…> usable in every app's urls.py."""
    from django.urls import register_converter

    for name, converter in CONVERTERS.items():
        register_converter(converter, name)
