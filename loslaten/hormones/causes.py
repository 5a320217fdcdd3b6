"""Causes by counterfactual: what would the day have been without this one event?

The last event before a peak is not necessarily its cause (an "accept" right after two
moments of holding on comes last, but it lowers the peak). So the model is run again without
each event: the cause of a peak is the event whose removal lowers the peak most, and what an
event helped is the difference between the day without it and the day as it was.

Pure NumPy and the model; no Django. Used by the site, the API and ``explain``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .events import MINUTES_PER_DAY, Event, parse_clock
from .params import as_params
from .simulate import resume, simulate
from .trajectory import Trajectory

__all__ = [
    "CALMING_KINDS",
    "STRESS_KINDS",
    "STRESS_QUANTITIES",
    "Cause",
    "Counterfactuals",
    "Help",
    "is_awakening_response",
    "peak_minutes",
    "stress_causes",
    "stressors_before",
]

#: Acts that raise the stress side; only these can be the cause of a stress peak.
STRESS_KINDS: frozenset[str] = frozenset({"hold", "suppress", "chase"})
#: Acts that calm; never named as the cause of a stress peak.
CALMING_KINDS: frozenset[str] = frozenset({"exhale", "breathe", "accept", "complete", "connect"})
STRESS_QUANTITIES: tuple[str, ...] = ("cortisol", "adrenaline", "tension")

#: A removal must lower a peak by at least this share of its rise above the no-event day
#: (and this much in absolute terms) to count as its cause.
MIN_SHARE = 0.1
MIN_DROP = 0.005
#: The cortisol awakening response peaks within this many minutes after waking.
AWAKENING_MIN = 120
#: A stressful act can explain a value this many minutes after it ended, and no longer: it
#: is tried as a cause, and it keeps a morning peak from being the awakening response.
LOOKBACK = 360
#: "What helped" compares this many minutes after the calming act.
HELP_WINDOW = 180


@dataclass(frozen=True)
class Cause:
    """Why ``quantity`` was high at ``minute``.

    ``event`` is the act whose removal lowers the peak most (``None`` when no act explains
    it); ``lowered`` is how much lower the peak is without it (in units of the person's
    resting level). ``awakening`` is true for a cortisol peak shortly after waking with no
    stressful act before it (``is_awakening_response``): the body's own morning response.
    """

    quantity: str
    minute: int
    value: float
    event: Event | None
    lowered: float
    awakening: bool = False


@dataclass(frozen=True)
class Help:
    """What a calming act did: without it, ``quantity`` would on average have been
    ``mean_higher`` higher (as a fraction) over the ``window`` minutes after it."""

    event: Event
    quantity: str
    window: int
    mean_higher: float


def stressors_before(events: Sequence[Event], minute: int) -> list[int]:
    """Indices of the stressful acts that came before ``minute``: started at or before it
    and ended at most ``LOOKBACK`` minutes earlier (acts of no intensity do not count).
    Only these can be the cause of a stress peak at ``minute``."""
    return [
        i
        for i, e in enumerate(events)
        if e.kind in STRESS_KINDS
        and e.intensity > 0
        and 0 <= minute - e.start <= LOOKBACK + e.effective_duration
    ]


def is_awakening_response(traj: Trajectory, minute: int) -> bool:
    """Whether cortisol at ``minute`` is the awakening response: the body's own morning
    rise, within ``AWAKENING_MIN`` minutes after a wake-up and with no stressful act before
    it (``stressors_before``). The one rule for the CLI, the site and the API."""
    since_wake = (minute - parse_clock(traj.wake)) % MINUTES_PER_DAY
    return since_wake <= AWAKENING_MIN and not stressors_before(traj.events, minute)


class Counterfactuals:
    """The day re-run without each of its events, computed lazily and once per run.

    ``traj`` must come from ``simulate`` (its events, wake, sleep and params are reused).
    Over several days a run covers only the day of the moment asked about and the day
    before it (what happened earlier has long faded, and fourteen-day re-runs per event
    would take seconds); on a single day it is exact.
    """

    #: "What helped" looks at the most recent this many calming acts.
    MAX_HELPED = 12

    def __init__(self, traj: Trajectory) -> None:
        self.traj = traj
        self._params = as_params(traj.params or None)  # checked once, not once a run
        self._runs: dict[tuple[int, int, int | None], Trajectory] = {}

    def _run(self, first: int, last: int, skip: int | None) -> tuple[Trajectory, int]:
        """The run from ``first``'s day-before up to minute ``last``, without event
        ``skip``; and the minute offset of its start. (The model looks only at the past, so
        a run that stops at ``last`` has the whole day's values up to it.)"""
        t = self.traj
        day0 = max(0, first // MINUTES_PER_DAY - 1)
        offset = day0 * MINUTES_PER_DAY
        days = min(t.days, last // MINUTES_PER_DAY + 1) - day0
        key = (offset, days, skip)
        run = self._runs.get(key)
        # A run kept from an earlier question serves any minute it reaches: the model looks
        # only at the past, so its values up to ``last`` are those of a run that stops there.
        if run is None or len(run.minutes) <= last - offset:
            # Asked again for a later minute (a page redrawn as now moves on): run to the end
            # this time, so that no later question needs another run.
            until = last - offset if run is None else None
            if offset == 0 and days == t.days and skip is None:
                run = t
            elif offset == 0 and days == t.days and t.state is not None:
                # The day without one event is the day itself until that event: only the
                # rest is run again (the whole day, when what it asks for comes later).
                events = [e for i, e in enumerate(t.events) if i != skip]
                start = t.events[skip].start  # type: ignore[index]
                run = resume(t, events, start, until=until, params=self._params)
            else:
                events = [
                    Event(e.kind, e.start - offset, e.duration, e.intensity)
                    for i, e in enumerate(t.events)
                    if i != skip and offset <= e.start < offset + days * MINUTES_PER_DAY
                ]
                run = simulate(
                    events,
                    days=days,
                    wake=t.wake,
                    sleep=t.sleep,
                    params=self._params,
                    until=until,
                    rhythm=t.rhythm,
                )
            self._runs[key] = run
        return run, offset

    def without(self, index: int) -> Trajectory:
        """The whole run as if ``traj.events[index]`` had not happened."""
        return self._run(0, self.traj.days * MINUTES_PER_DAY, index)[0]

    def cause(self, quantity: str, minute: int, baseline: Trajectory | None = None) -> Cause:
        """The cause of ``quantity``'s value at ``minute``: the stressful act before it whose
        removal lowers that value most, if it lowers it enough to matter.

        Calming acts are never candidates. ``baseline`` (the day without events) sets the
        scale of "enough"; without it, only ``MIN_DROP`` counts.
        """
        t = self.traj
        value = float(t[quantity][minute])
        rise = value - float(baseline[quantity][minute]) if baseline is not None else 0.0
        need = max(MIN_DROP, MIN_SHARE * rise)
        best: tuple[float, Event | None] = (0.0, None)
        for i in stressors_before(t.events, minute):
            real, offset = self._run(minute, minute, None)
            alt, _ = self._run(minute, minute, i)
            lowered = float(real[quantity][minute - offset] - alt[quantity][minute - offset])
            if lowered > best[0]:
                best = (lowered, t.events[i])
        lowered, event = best
        if lowered < need:
            event, lowered = None, 0.0
        # With no stressful act before it there is no candidate cause either.
        awakening = quantity == "cortisol" and is_awakening_response(t, minute)
        return Cause(quantity, minute, value, event, round(lowered, 6), awakening)

    def helped(
        self, quantity: str = "tension", window: int = HELP_WINDOW, until: int | None = None
    ) -> list[Help]:
        """What each calming act did to ``quantity`` over the ``window`` minutes after it
        (cut at ``until`` when given): the day without it against the day as it was, most
        helpful first. Acts that made no difference are left out; over a long run only the
        ``MAX_HELPED`` most recent acts are weighed."""
        t = self.traj
        calming = [
            (i, e)
            for i, e in enumerate(t.events)
            if e.kind in CALMING_KINDS and (until is None or e.start < until)
        ][-self.MAX_HELPED :]
        out = []
        for i, e in calming:
            stop = min(e.start + window, len(t[quantity]) - 1)
            if until is not None:
                stop = min(stop, until)
            if stop <= e.start:
                continue
            real, offset = self._run(e.start, stop, None)
            alt, _ = self._run(e.start, stop, i)
            span = slice(e.start - offset, stop - offset + 1)
            higher = float(np.mean(alt[quantity][span])) / float(np.mean(real[quantity][span])) - 1
            if higher > 0.001:
                out.append(Help(e, quantity, stop - e.start, round(higher, 6)))
        return sorted(out, key=lambda h: -h.mean_higher)


def _window_max(values: np.ndarray, half: int) -> np.ndarray:
    """The highest value within ``half`` minutes either side of each minute, in O(n)
    (the van Herk / Gil-Werman running maximum: a year of minutes stays fast)."""
    width = 2 * half + 1
    padded = np.concatenate([np.full(half, -np.inf), values, np.full(half, -np.inf)])
    extra = -len(padded) % width
    padded = np.concatenate([padded, np.full(extra + width, -np.inf)])
    blocks = padded.reshape(-1, width)
    prefix = np.maximum.accumulate(blocks, axis=1).ravel()
    suffix = np.maximum.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].ravel()
    start = np.arange(len(values))
    return np.maximum(suffix[start], prefix[start + width - 1])


def peak_minutes(
    rel: np.ndarray, threshold: float, separation: int, limit: int, until: int | None = None
) -> list[int]:
    """Minutes of the highest peaks of ``rel`` above ``threshold``, at least ``separation``
    minutes apart, at most ``limit``, only up to ``until``; in time order.

    A peak is the highest point within ``separation`` minutes either side of it: a point on
    the flank of a higher peak (the slow fall after a stressor) is not a peak of its own."""
    values = np.asarray(rel if until is None else rel[: until + 1], dtype=float)
    if len(values) == 0:
        return []
    tops = np.flatnonzero((values >= threshold) & (values >= _window_max(values, separation)))
    order = tops[np.argsort(values[tops], kind="stable")[::-1]]
    chosen: list[int] = []
    for i in order:
        if len(chosen) >= limit:
            break
        if all(abs(int(i) - c) >= separation for c in chosen):
            chosen.append(int(i))
    return sorted(chosen)


def stress_causes(
    traj: Trajectory,
    baseline: Trajectory,
    quantities: Sequence[str] = STRESS_QUANTITIES,
    threshold: float = 0.08,
    until: int | None = None,
    runs: Counterfactuals | None = None,
) -> list[Cause]:
    """The highest point of each stress quantity above the no-event day (up to ``until``),
    with its cause. Quantities that stay within ``threshold`` of their own rhythm are left
    out."""
    runs = runs or Counterfactuals(traj)
    out = []
    for q in quantities:
        rel = traj[q] / baseline[q] - 1.0
        for minute in peak_minutes(rel, threshold, MINUTES_PER_DAY, 1, until):
            out.append(runs.cause(q, minute, baseline))
    return out
