"""The typed results of the body's day: what the page, the API and the charts read.

Frozen dataclasses over a ``hormones.Trajectory``: values are ratios to the person's own
resting level (1.0); minutes count from local midnight.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loslaten.hormones.events import MINUTES_PER_DAY
from loslaten.practice import charts


@dataclass(frozen=True)
class DayEvent:
    """One thing the person did (or, in a what-if, would have done)."""

    number: int
    kind: str
    start: int
    end: int
    clock: str
    duration: int
    intensity: float
    label: str
    what_if: bool = False

    @property
    def day(self) -> int:
        """The day of a run of several days the event is on (0 = the first)."""
        return self.start // MINUTES_PER_DAY

    def mark(self, shift: int = 0) -> charts.Mark:
        """The event as a chart draws it (a what-if's dashed), moved ``shift`` minutes
        (a chart that starts later than midnight)."""
        return charts.Mark(
            self.start + shift, self.end + shift, self.number, self.label, self.what_if
        )


@dataclass(frozen=True)
class Summary:
    """One group's highest point, in one sentence (the chart's description)."""

    quantity: str
    peak_minute: int
    peak_clock: str
    peak_value: float
    rise_pct: float
    sentence: str
    #: The number of the event that caused the peak (by counterfactual), if one did.
    cause: int | None = None


@dataclass(frozen=True)
class Group:
    """One small multiple: the stress side or the happiness side."""

    key: str
    title: str
    quantities: tuple[str, ...]
    labels: tuple[str, ...]
    summary: Summary


@dataclass(frozen=True)
class Choice:
    """One option of a form (a what-if kind, or an event to change)."""

    key: str
    label: str
    selected: bool


@dataclass(frozen=True)
class WhatIf:
    """The day with one event changed, and the hours after it compared in words."""

    key: str
    label: str
    #: The number of the event changed (``None`` for a whole other day, as in scenarios).
    event: int | None
    events: tuple[DayEvent, ...]
    series: dict[str, list[float]]
    hourly: dict[str, list[float]]
    mean: dict[str, float]
    #: The compared window ``[start, end)`` in minutes, and each quantity's mean change
    #: over it in percent (negative: lower in the what-if).
    window_start: int
    window_end: int
    window_change: dict[str, float]
    sentence: str
    note: str = ""


@dataclass(frozen=True)
class Day:
    """A person's day run through the model, up to now and (for today) the expected rest."""

    date: str
    date_label: str
    lang: str
    today: bool
    future: bool
    empty: bool
    wake: str
    sleep: str
    #: Why the day starts at ``wake``: "settings" or "checkin" (an earlier check-in).
    wake_from: str
    #: The minute it is now on today's page; ``None`` for a day that is over.
    now_min: int | None
    step_min: int
    events: tuple[DayEvent, ...]
    series: dict[str, list[float]]
    hourly: dict[str, list[float]]
    mean: dict[str, float]
    groups: tuple[Group, ...]
    story: tuple[str, ...]
    disclaimer: str
    what_if_kinds: tuple[Choice, ...]
    what_if_events: tuple[Choice, ...]
    what_if: WhatIf | None = None
    #: The model's uncertainty: each ``BAND_QUANTITIES`` curve's 10th and 90th percentile
    #: over its parameter draws, sampled like ``series`` (empty for a future day).
    band_low: dict[str, list[float]] = field(default_factory=dict)
    band_high: dict[str, list[float]] = field(default_factory=dict)

    @property
    def now_clock(self) -> str:
        """``HH:MM`` of now, or ``""`` for a day that is over."""
        if self.now_min is None:
            return ""
        return f"{self.now_min // 60:02d}:{self.now_min % 60:02d}"


@dataclass(frozen=True)
class DayRow:
    """One day of a run of several days (a week, a long scenario): its name, and each
    quantity's mean and highest value that day (the row of the charts' table)."""

    label: str
    #: The chart's tick under the day ("ma", or "1" for a scenario's first day).
    short: str
    mean: dict[str, float]
    peak: dict[str, float]
    #: The person's date (ISO); ``""`` for a scenario's day.
    date: str = ""
    #: A day still to come: nothing modelled, ``mean`` and ``peak`` empty.
    future: bool = False
    #: How many events the person had that day; ``None`` when not counted (a day to come,
    #: a scenario).
    events: int | None = None


@dataclass(frozen=True)
class Week:
    """A person's seven days from Monday in one run of the model (what builds up on Monday
    is still there on Tuesday), modelled and drawn up to now."""

    #: The ISO week, "2026-W23", and its neighbours.
    week: str
    previous: str
    next: str
    monday: str
    lang: str
    future: bool
    empty: bool
    wake: str
    sleep: str
    #: The minutes of the week that are modelled and drawn: up to now in the current week,
    #: 0 for a week to come, the whole week for a past one.
    until_min: int
    step_min: int
    days: tuple[DayRow, ...]
    events: tuple[DayEvent, ...]
    series: dict[str, list[float]]
    groups: tuple[Group, ...]
    explanation: str
    disclaimer: str


@dataclass(frozen=True)
class Partner:
    """The scenario a scenario is compared with, drawn dashed beside it."""

    #: Its slug, and its title.
    key: str
    label: str
    series: dict[str, list[float]]
    #: Hourly means for a one-day scenario (empty over several days).
    hourly: dict[str, list[float]]
    mean: dict[str, float]
    #: The two compared in words (``hormones.explain_comparison``).
    explanation: str


@dataclass(frozen=True)
class Scenario:
    """One of the model's public example runs (``hormones.scenarios``): one day, drawn like a
    person's ``Day``, or several, drawn like a ``Week``."""

    slug: str
    title: str
    description: str
    lang: str
    wake: str
    sleep: str
    days_count: int
    step_min: int
    events: tuple[DayEvent, ...]
    series: dict[str, list[float]]
    #: Hourly means for one day; empty over several days.
    hourly: dict[str, list[float]]
    #: One row per day over several days; empty for one day.
    days: tuple[DayRow, ...]
    groups: tuple[Group, ...]
    explanation: str
    disclaimer: str
    #: The partner drawn dashed (named as a ``Day``'s what-if, which the shared chart
    #: template reads).
    what_if: Partner | None = None


@dataclass(frozen=True)
class ScenarioListItem:
    """A scenario as the model page lists it."""

    slug: str
    title: str
    description: str
    days: int
