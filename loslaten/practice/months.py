"""The practice over a month and a year: one summary per local day, in a calendar.

(Named months.py, not calendar.py: a module called calendar would hide the standard one
from anything run inside this folder, such as makemessages.)

A day's summary counts the person's check-ins, moments and journal entries that day and
averages the tension of its check-ins. Three queries per view (one per kind, over the
month or year), whatever the number of rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_ALT
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loslaten.core.dates import FIRST_DAY, LAST_DAY, week_label
from loslaten.practice.models import CheckIn, JournalEntry, Moment
from loslaten.practice.services import day_bounds, local_date, local_tz

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "DaySummary",
    "MonthView",
    "YearView",
    "month_view",
    "year_view",
]

#: The years a month or year page exists for: the site's bounds. Others are 404.
FIRST_YEAR = FIRST_DAY.year
LAST_YEAR = LAST_DAY.year
#: Days before this are not linked: the body's day page refuses them.
FIRST_LINKED_DAY = dt.date(2000, 1, 1)

#: At most this many marks of each kind in a day's cell.
MARKS = 3


@dataclass(frozen=True)
class DaySummary:
    """One local day: what the person did, and how tense their check-ins said they were."""

    date: dt.date
    checkins: int = 0
    moments: int = 0
    entries: int = 0
    tension: float | None = None
    future: bool = False
    #: The day's page; empty for days that have none (the future, before 2000).
    url: str = ""

    @property
    def empty(self) -> bool:
        return not (self.checkins or self.moments or self.entries)

    @property
    def checkin_marks(self) -> range:
        """One mark per check-in, at most `MARKS` (the words say the real number)."""
        return range(min(MARKS, self.checkins))

    @property
    def moment_marks(self) -> range:
        return range(min(MARKS, self.moments))

    @property
    def level(self) -> str:
        """The tension as one of five calm shades ("t0".."t4"), or "none" without check-ins."""
        if self.tension is None:
            return "none"
        return f"t{min(4, int(self.tension // 2.2))}"

    @property
    def tension_label(self) -> str:
        """The mean tension with one decimal only if needed, in the page's language: "4,5"
        in Dutch, "4.5" in English, "5" for both."""
        if self.tension is None:
            return ""
        value = round(self.tension, 1)
        return str(int(value)) if value.is_integer() else number_format(value, 1)

    def describe(self) -> str:
        """The day in words, for a screen reader and a tooltip: "3 maart 2026: spanning 4,5;
        2 check-ins, 1 moment"."""
        parts = []
        if self.checkins:
            parts.append(ngettext("%d check-in", "%d check-ins", self.checkins) % self.checkins)
        if self.moments:
            parts.append(ngettext("%d moment", "%d momenten", self.moments) % self.moments)
        if self.entries:
            parts.append(
                ngettext("%d dagboekstuk", "%d dagboekstukken", self.entries) % self.entries
            )
        what = ", ".join(parts) or (_("nog niet") if self.future else _("niets bijgehouden"))
        if self.tension is not None:
            what = _("spanning %(t)s; %(what)s") % {"t": self.tension_label, "what": what}
        # MONTHS_ALT: the month as it stands in a date ("maart"; date_format is slower).
        when = f"{self.date.day} {MONTHS_ALT[self.date.month]} {self.date.year}"
        return f"{when}: {what}"


@dataclass(frozen=True)
class MonthView:
    """A month as weeks of seven days (Monday first), each with its ISO label ("2026-W10");
    `None` fills the days outside the month."""

    first: dt.date
    weeks: list[tuple[str, list[DaySummary | None]]]
    previous: dt.date | None
    next: dt.date | None
    checkins: int
    moments: int
    entries: int


@dataclass(frozen=True)
class YearView:
    """A year as twelve rows of days, one row per month."""

    year: int
    months: list[tuple[dt.date, list[DaySummary]]]
    previous: int | None
    next: int | None
    days_practised: int
    checkins: int


def _today() -> dt.date:
    return local_date(timezone.now())


def _per_day(model: type[Model], user: Any, start: dt.datetime, end: dt.datetime) -> Any:
    """{local day: [tension, ...]} for check-ins, {local day: count} for the others.

    Grouped here rather than with TruncDate: SQLite runs that in Python per row, slower
    than this; one person's year is a few thousand rows either way."""
    tz = local_tz()
    rows = model.objects.filter(user=user, at__gte=start, at__lt=end)  # type: ignore[attr-defined]
    if model is CheckIn:
        tensions: dict[dt.date, list[int]] = defaultdict(list)
        for at, tension in rows.values_list("at", "tension"):
            tensions[at.astimezone(tz).date()].append(tension)
        return tensions
    return Counter(at.astimezone(tz).date() for at in rows.values_list("at", flat=True))


def summaries(user: Any, first: dt.date, last: dt.date) -> dict[dt.date, DaySummary]:
    """A summary for every local day from `first` to `last` (both included)."""
    start, _ = day_bounds(first)
    _, end = day_bounds(last)
    today = _today()
    tensions = _per_day(CheckIn, user, start, end)
    moments = _per_day(Moment, user, start, end)
    entries = _per_day(JournalEntry, user, start, end)
    # One reverse for all the days: the address differs only in the date.
    pattern = reverse("practice:day", args=["0000-00-00"])
    out = {}
    day = first
    while day <= last:
        values = tensions.get(day)
        linked = FIRST_LINKED_DAY <= day <= today
        out[day] = DaySummary(
            date=day,
            checkins=len(values) if values else 0,
            moments=moments.get(day, 0),
            entries=entries.get(day, 0),
            tension=sum(values) / len(values) if values else None,
            future=day > today,
            url=pattern.replace("0000-00-00", day.isoformat()) if linked else "",
        )
        day += dt.timedelta(days=1)
    return out


def _month_after(first: dt.date) -> dt.date:
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _month_before(first: dt.date) -> dt.date:
    return dt.date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def month_view(user: Any, first: dt.date) -> MonthView:
    """The person's month that starts on `first` (a first of the month)."""
    last = dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    days = summaries(user, first, last)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            (week_label(week[0]), [days.get(d) if d.month == first.month else None for d in week])
        )
    before, after = _month_before(first), _month_after(first)
    return MonthView(
        first=first,
        weeks=weeks,
        previous=before if before.year >= FIRST_YEAR else None,
        next=after if after <= _today() and after.year <= LAST_YEAR else None,
        checkins=sum(d.checkins for d in days.values()),
        moments=sum(d.moments for d in days.values()),
        entries=sum(d.entries for d in days.values()),
    )


def year_view(user: Any, year: int) -> YearView:
    """The person's year: each month a row, each day a cell."""
    days = summaries(user, dt.date(year, 1, 1), dt.date(year, 12, 31))
    months = []
    for month in range(1, 13):
        length = calendar.monthrange(year, month)[1]
        months.append(
            (dt.date(year, month, 1), [days[dt.date(year, month, d)] for d in range(1, length + 1)])
        )
    return YearView(
        year=year,
        months=months,
        previous=year - 1 if year > FIRST_YEAR else None,
        next=year + 1 if year < _today().year and year < LAST_YEAR else None,
        days_practised=sum(1 for d in days.values() if not d.empty),
        checkins=sum(d.checkins for d in days.values()),
    )
