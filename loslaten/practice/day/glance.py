"""The body's day at a glance: one small chart for the overview, the home page and the page
after a check-in (which shows what that check-in did)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from loslaten.practice import services
from loslaten.practice.day.draw import window_glance
from loslaten.practice.day.facts import current_lang
from loslaten.practice.day.model import day_model, day_page, local_minute, local_today
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
    """The day of a check-in, with the day without it dashed beside it in the hours after it
    (when the check-in named something the person did, else the day as it is).

    The day itself is drawn whole and cached: "see your whole day" opens it next. Of the day
    without the check-in only this one small chart is drawn.
    """
    date = services.local_date(at)
    day, charts = day_page(user, date, current_lang())
    minute = local_minute(at)
    number = next((e.number for e in day.events if e.start == minute and e.kind == kind), None)
    if number is None:
        return Glance(day, charts[0]["svg_narrow"], charts[0]["desc"])
    without = day_model(user, date, current_lang(), "zonder", number)
    alt = without.what_if
    if alt is None or alt.window_end <= alt.window_start:
        without, charts = day_page(user, date, current_lang(), "zonder", number)
        return Glance(without, charts[0]["svg_narrow"], charts[0]["desc"])
    return Glance(without, window_glance(without), alt.sentence)
