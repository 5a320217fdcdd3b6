"""The body's week: seven days in one run of the model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loslaten.core.dates import week_label
from loslaten.hormones import Trajectory, simulate
from loslaten.hormones.causes import Counterfactuals
from loslaten.hormones.events import MINUTES_PER_DAY, Event
from loslaten.practice import services
from loslaten.practice.day.cache import cached, content_key
from loslaten.practice.day.draw import week_charts
from loslaten.practice.day.facts import (
    DISCLAIMER,
    QUANTITY_LABELS,
    SLEEP,
    WAKE,
    WEEK_STEP_MIN,
)
from loslaten.practice.day.reading import (
    cut_at,
    day_events,
    downsample,
    group_summary,
    groups_of,
    now_mark,
)
from loslaten.practice.day.results import DayEvent, DayRow, Group, Week
from loslaten.practice.day.words import explain_text


def week_model(user: Any, monday: dt.date, lang: str, now: dt.datetime | None = None) -> Week:
    """The model run over the person's seven days from ``monday``, as one continuous week
    (what builds up on Monday is still there on Tuesday). Cached like ``day_model``.

    Only what has happened by ``now`` (default: the current time) is modelled and drawn: the
    days after today are ``future`` (no events, no mean or peak), and in the current week
    the curves stop at the last quarter-hour sample before now (``until_min``).
    """
    return week_page(user, monday, lang, with_charts=False, now=now)[0]


def week_page(
    user: Any,
    monday: dt.date,
    lang: str,
    with_charts: bool = True,
    now: dt.datetime | None = None,
) -> tuple[Week, list[dict]]:
    """``week_model`` and its ``week_charts`` (none for a future week), both cached."""
    now = timezone.localtime(now or timezone.now(), services.local_tz())
    today = now.date()
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    per_day = [services.events_for_day(user, d) for d in days]
    acts = [i * MINUTES_PER_DAY + e.start for i, events in enumerate(per_day) for e in events]
    until = week_minutes_until(monday, now, acts)
    # How much of the week has happened is part of the key: the current week's curves grow
    # every quarter of an hour, a past week's no longer change.
    digest = content_key("week", user.pk, monday.isoformat(), lang, until, per_day)
    model, charts_ = cached(
        digest,
        lang,
        with_charts,
        lambda: _build_week(monday, lang, days, per_day, today, until),
        week_charts,
    )
    return model, charts_ or []


def week_minutes_until(monday: dt.date, now: dt.datetime, acts: Sequence[int] = ()) -> int:
    """The minutes of the week from ``monday`` that have happened by ``now`` (local time),
    down to the last ``WEEK_STEP_MIN`` sample but never before one of ``acts`` (minutes of
    the week) that has happened: 0 for a future week, the whole week (7 days) for a past
    one."""
    days = (now.date() - monday).days
    if days < 0:
        return 0
    if days >= 7:
        return 7 * MINUTES_PER_DAY
    return now_mark(days * MINUTES_PER_DAY + now.hour * 60 + now.minute, WEEK_STEP_MIN, acts)


def rows_per_day(
    traj: Trajectory,
    n_days: int,
    dates: Sequence[dt.date] | None = None,
    counts: Sequence[int] | None = None,
) -> tuple[DayRow, ...]:
    """Per day of a multi-day trajectory: its label, mean and peak of every quantity (and,
    for a person's days, its date and ``counts`` of events)."""
    rows = []
    for i in range(n_days):
        window = slice(i * MINUTES_PER_DAY, (i + 1) * MINUTES_PER_DAY)
        if dates is not None:
            label, short = date_format(dates[i], "l j F"), date_format(dates[i], "D")
        else:
            label, short = _("dag %(n)d") % {"n": i + 1}, str(i + 1)
        rows.append(
            DayRow(
                label=label,
                short=short,
                mean={q: round(float(np.mean(traj[q][window])), 2) for q in QUANTITY_LABELS},
                peak={q: round(float(np.max(traj[q][window])), 2) for q in QUANTITY_LABELS},
                date=dates[i].isoformat() if dates is not None else "",
                events=counts[i] if counts is not None else None,
            )
        )
    return tuple(rows)


def multi_day_groups(
    traj: Trajectory, day_rows: Sequence[DayRow], events: Sequence[DayEvent], runs: Counterfactuals
) -> tuple[Group, ...]:
    """The stress and happiness groups of a run of several days, each with its sentence."""
    labels = [d.label for d in day_rows]
    return groups_of(lambda qs: group_summary(traj, qs, events, runs, day_labels=labels))


def _build_week(
    monday: dt.date,
    lang: str,
    days: list[dt.date],
    per_day: list[list[Event]],
    today: dt.date,
    until: int,
) -> Week:
    events = [
        Event(e.kind, e.start + i * MINUTES_PER_DAY, e.duration, e.intensity)
        for i, day_events in enumerate(per_day)
        for e in day_events
        if e.start + i * MINUTES_PER_DAY <= until
    ]
    # Only the days up to today are run (the model looks at the past only, so their curves
    # are the same as in a run of the whole week), and then cut at ``until``.
    n_past = sum(d <= today for d in days)
    full = simulate(events, days=max(n_past, 1), wake=WAKE, sleep=SLEEP)
    traj = cut_at(full, until)
    listed = day_events(full.events)
    past = rows_per_day(traj, n_past, days[:n_past], [len(e) for e in per_day])
    to_come = tuple(
        DayRow(
            label=date_format(d, "l j F"),
            short=date_format(d, "D"),
            mean={},
            peak={},
            date=d.isoformat(),
            future=True,
        )
        for d in days[n_past:]
    )
    return Week(
        week=week_label(monday),
        previous=week_label(monday - dt.timedelta(days=7)),
        next=week_label(monday + dt.timedelta(days=7)),
        monday=monday.isoformat(),
        lang=lang,
        future=monday > today,
        empty=not events,
        wake=WAKE,
        sleep=SLEEP,
        until_min=until,
        step_min=WEEK_STEP_MIN,
        days=past + to_come,
        events=listed,
        series={q: downsample(traj[q], WEEK_STEP_MIN) for q in QUANTITY_LABELS},
        groups=multi_day_groups(traj, past or to_come, listed, Counterfactuals(full)),
        explanation=explain_text(traj, lang),
        disclaimer=str(DISCLAIMER),
    )
