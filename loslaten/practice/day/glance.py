"""The body's day at a glance: one small chart for the overview, the home page and the page
after a check-in (which shows what that check-in did)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from loslaten.practice import services
from loslaten.practice.day.cache import CACHE_SECONDS, CACHE_VERSION, content_key
from loslaten.practice.day.draw import window_glance
from loslaten.practice.day.facts import current_lang
from loslaten.practice.day.model import (
    day_page,
    day_source,
    local_minute,
    local_today,
    source_day,
    what_if_day,
)
from loslaten.practice.day.results import Day


@dataclass(frozen=True)
class Glance:
    """One day's stress chart, drawn for a narrow box, and the day it comes from."""

    day: Day
    svg: str
    desc: str
    #: Whether the chart draws the model's uncertainty band (the caption then says what it is).
    band: bool = False


def _first_chart(day: Day, charts: list[dict]) -> Glance:
    chart = charts[0]
    return Glance(day, chart["svg_narrow"], chart["desc"], bool(chart.get("band")))


def today_glance(user: Any) -> Glance:
    """Today's stress side so far, with now marked."""
    return _first_chart(*day_page(user, local_today(), current_lang()))


def checkin_glance(user: Any, at: dt.datetime, kind: str) -> Glance:
    """The day of a check-in, with the day without it dashed beside it in the hours after it
    (when the check-in named something the person did, else the day as it is).

    The day itself is drawn whole and cached: "see your whole day" opens it next. Of the day
    without the check-in only the what-if is built and one small chart drawn (kept a while
    under the day's content and the check-in's number, for a reload).
    """
    lang = current_lang()
    date = services.local_date(at)
    source = day_source(user, date, lang)
    day, charts = source_day(source)
    minute = local_minute(at)
    number = next((e.number for e in day.events if e.start == minute and e.kind == kind), None)
    if number is None:
        return _first_chart(day, charts or [])
    key = f"loslaten:{CACHE_VERSION}:glance:{content_key(source.digest, number)}"
    glance = cache.get(key)
    if glance is None:
        without = what_if_day(source, day, "zonder", number)
        alt = without.what_if
        if alt is None or alt.window_end <= alt.window_start:
            glance = _first_chart(*day_page(user, date, lang, "zonder", number))
        else:
            # The page says the what-if's sentence just above the chart: the caption names it.
            svg, title = window_glance(without)
            glance = Glance(without, svg, title)
        cache.set(key, glance, CACHE_SECONDS)
    return glance
