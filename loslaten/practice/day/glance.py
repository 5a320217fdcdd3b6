"""The body's day at a glance: one small chart for the overview, the home page and the page
after a check-in (which shows what that check-in did)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from loslaten.practice import services
from loslaten.practice.day.facts import current_lang
from loslaten.practice.day.model import day_page, local_minute, local_today
from loslaten.practice.day.results import Day


@dataclass(frozen=True)
class Glance:
    """One day's stress chart, drawn for a narrow box, and the day it comes from."""

    day: Day
    svg: str
    desc: str


def today_glance(user: Any) -> Glance:
    """Today's stress side so far, with now marked."""
    day, charts = day_page(user, local_today(), current_lang())
    return Glance(day, charts[0]["svg_narrow"], charts[0]["desc"])


def checkin_glance(user: Any, at: dt.datetime, kind: str) -> Glance:
    """The day of a check-in, with the day without it dashed beside it (when the check-in
    named something the person did, else the day as it is)."""
    date = services.local_date(at)
    day, charts = day_page(user, date, current_lang())
    minute = local_minute(at)
    number = next((e.number for e in day.events if e.start == minute and e.kind == kind), None)
    if number is not None:
        day, charts = day_page(user, date, current_lang(), "zonder", number)
    return Glance(day, charts[0]["svg_narrow"], charts[0]["desc"])
