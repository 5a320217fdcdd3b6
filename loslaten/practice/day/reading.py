"""Reading a trajectory: samples for the charts, hourly means, one-sentence summaries."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from loslaten.hormones import simulate
from loslaten.hormones.causes import STRESS_QUANTITIES, Counterfactuals, is_awakening_response
from loslaten.hormones.events import MINUTES_PER_DAY, Event, format_clock
from loslaten.practice.day.facts import (
    EVENT_LABELS,
    GROUPS,
    QUANTITY_LABELS,
    SLEEP,
    STEP_MIN,
    WAKE,
    decimal,
)
from loslaten.practice.day.results import DayEvent, Group, Summary


def now_mark(minute: int, step: int, acts: Iterable[int] = ()) -> int:
    """Where a page marks now: ``minute`` down to a multiple of ``step`` (so that a cached
    page serves those minutes), but never before an act that has already happened: a
    check-in made a moment ago always shows."""
    return max([minute - minute % step, *(m for m in acts if m <= minute)])


def cut_at(traj: Any, minute: int) -> Any:
    """``traj`` with its values cut after ``minute`` (days, wake and sleep unchanged)."""
    if minute >= len(traj.minutes) - 1:
        return traj
    return dataclasses.replace(
        traj,
        minutes=traj.minutes[: minute + 1],
        values={q: v[: minute + 1] for q, v in traj.values.items()},
    )


def downsample(values: np.ndarray, step: int = STEP_MIN) -> list[float]:
    """One value per ``step`` minutes (minute 0, step, 2*step, ... the last included),
    rounded for JSON.

    Each point is the value furthest from rest (1.0) within half a step either side, so
    that a one-minute spike (one breath out, one moment of holding on) stays visible.
    """
    values = np.asarray(values, dtype=float)
    half = step // 2
    # Pad with 1.0 (rest), which never wins the "furthest from rest" contest.
    padded = np.concatenate([np.ones(half), values, np.ones(half)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)[::step]
    picked = windows[np.arange(len(windows)), np.argmax(np.abs(windows - 1.0), axis=1)]
    return np.round(picked, 4).tolist()


def downsample_band(
    low: np.ndarray, high: np.ndarray, step: int = STEP_MIN
) -> tuple[list[float], list[float]]:
    """The band's edges, one value per ``step`` minutes like ``downsample``: the lowest
    ``low`` and highest ``high`` within the same window, so that the band still holds the
    curve's sampled point."""
    half = step // 2
    edges = []
    for values, pick in ((low, np.min), (high, np.max)):
        padded = np.pad(np.asarray(values, dtype=float), half, mode="edge")
        windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)[::step]
        edges.append(np.round(pick(windows, axis=1), 4).tolist())
    return edges[0], edges[1]


def hourly_means(values: np.ndarray, hours: int = 24) -> list[float]:
    """The mean of each hour (minute ``h*60`` up to the next hour)."""
    return np.round(np.asarray(values[: hours * 60]).reshape(hours, 60).mean(axis=1), 2).tolist()


def mean_level(values: np.ndarray) -> float:
    """The day's mean level (the area under the curve divided by the day)."""
    return round(float(np.mean(values[:-1])), 5)


@lru_cache(maxsize=8)
def rest_trajectory(
    days: int = 1, wake: str = WAKE, sleep: str = SLEEP, rhythm: tuple[str, str] | None = None
) -> Any:
    """The body's own rhythm on days without events (computed once per process); ``rhythm``
    as for ``simulate`` (a day whose wake or sleep was moved starts on the usual one)."""
    return simulate([], days=days, wake=wake, sleep=sleep, rhythm=rhythm)


#: A rise above the own rhythm smaller than this is not worth a sentence.
NOTABLE_RISE = 0.02


def group_summary(
    traj: Any,
    quantities: Sequence[str],
    events: Sequence[DayEvent],
    runs: Counterfactuals,
    until: int | None = None,
    day_labels: Sequence[str] | None = None,
) -> Summary:
    """One sentence about a group up to minute ``until`` (the whole of ``traj`` without
    it), for the page, screen readers and the chart's ``<desc>``.

    When something the person did moved the group, the sentence names the quantity that
    rose most above the body's own rhythm, the time of that peak, and (on the stress side)
    the act without which it would have been lowest (``runs``, the counterfactual runs of
    the whole run ``traj`` may be cut from). On a quiet day it names the highest point
    (usually the morning cortisol, called the awakening response only when no stressful act
    came before it). ``day_labels`` (one per day) puts the day in the sentence for runs of
    several days. The one summary of the body's day, the week and the model's examples.
    """
    whole = runs.traj
    rest_run = rest_trajectory(whole.days, whole.wake, whole.sleep, whole.rhythm)
    # A trajectory cut at "now" (the current week) is shorter than its days.
    stop = len(traj[quantities[0]]) if until is None else min(until + 1, len(traj[quantities[0]]))
    values = {q: np.asarray(traj[q][:stop]) for q in quantities}
    rises = {q: values[q] / rest_run[q][:stop] - 1.0 for q in quantities}
    best = max(quantities, key=lambda q: float(np.max(rises[q])))
    rise = float(np.max(rises[best]))
    if rise >= NOTABLE_RISE:
        minute = int(np.argmax(rises[best]))
    else:
        best = max(quantities, key=lambda q: float(np.max(values[q])))
        minute = int(np.argmax(values[best]))
        rise = 0.0
    value = float(values[best][minute])
    cause = None
    if rise and best in STRESS_QUANTITIES:
        found = runs.cause(best, minute, rest_run).event
        if found is not None:
            cause = next(
                (e for e in events if (e.start, e.kind) == (found.start, found.kind)), None
            )

    def when(m: int) -> str:
        if day_labels is None:
            return _("om %(clock)s") % {"clock": format_clock(m)}
        day = day_labels[min(m // MINUTES_PER_DAY, len(day_labels) - 1)]
        return _("op %(day)s om %(clock)s") % {"day": day, "clock": format_clock(m)}

    names = {
        "q": QUANTITY_LABELS[best],
        "when": when(minute),
        "pct": decimal(100 * rise, 0),
        "factor": decimal(value),
    }
    if cause:
        sentence = _(
            "Je %(q)s steeg het meest %(when)s (%(pct)s%% boven je eigen ritme), "
            "vooral door '%(event)s' %(at)s."
        ) % {**names, "event": cause.label, "at": when(cause.start)}
    elif rise and best not in STRESS_QUANTITIES:
        # The happiness side is the article's idea drawn as lines, and says so.
        sentence = (
            _("In dit model steeg je %(q)s het meest %(when)s (%(pct)s%% boven je eigen ritme).")
            % names
        )
    elif rise:
        sentence = _("Je %(q)s steeg het meest %(when)s (%(pct)s%% boven je eigen ritme).") % names
    elif best == "cortisol" and is_awakening_response(whole, minute):
        sentence = (
            _(
                "Je %(q)s was het hoogst %(when)s (%(factor)s keer je rustniveau), "
                "kort na het opstaan: het gewone ochtendritme."
            )
            % names
        )
    elif best not in STRESS_QUANTITIES:
        sentence = (
            _("In dit model was je %(q)s het hoogst %(when)s (%(factor)s keer je rustniveau).")
            % names
        )
    else:
        sentence = _("Je %(q)s was het hoogst %(when)s (%(factor)s keer je rustniveau).") % names
    return Summary(
        quantity=best,
        peak_minute=minute,
        peak_clock=format_clock(minute),
        peak_value=round(value, 3),
        rise_pct=round(100 * rise, 1),
        sentence=sentence,
        cause=cause.number if cause else None,
    )


def day_events(
    events: Sequence[Event],
    what_if: bool = False,
    first: int = 1,
    names: Mapping[str, Any] = EVENT_LABELS,
) -> tuple[DayEvent, ...]:
    """The model's events as a page lists them, numbered from ``first``, each labelled by
    ``names`` (a person's own words by default; a scenario's are ``KIND_NAMES``)."""
    return tuple(
        DayEvent(
            number=first + i,
            kind=e.kind,
            start=e.start,
            end=e.end,
            clock=format_clock(e.start),
            duration=e.duration,
            intensity=e.intensity,
            label=str(names[e.kind]),
            what_if=what_if,
        )
        for i, e in enumerate(events)
    )


def groups_of(summary: Callable[[tuple[str, ...]], Summary]) -> tuple[Group, ...]:
    """The stress and the happiness group (``GROUPS``), each told by ``summary(quantities)``."""
    return tuple(
        Group(
            key=key,
            title=str(title),
            quantities=qs,
            labels=tuple(str(QUANTITY_LABELS[q]) for q in qs),
            summary=summary(qs),
        )
        for key, title, qs in GROUPS
    )
