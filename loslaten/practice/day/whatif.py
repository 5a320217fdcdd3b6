"""What-ifs: the day's events changed, to run the model again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from django.utils.translation import gettext_lazy

from loslaten.hormones.causes import STRESS_KINDS
from loslaten.hormones.events import Event

#: The what-if choices, by the slug used in ``?wat-als=``.
WHAT_IFS: dict[str, Any] = {
    "uitademen": gettext_lazy("en als ik drie keer bewust had uitgeademd"),
    "accepteren": gettext_lazy("en als ik had geaccepteerd in plaats van gecontroleerd"),
    "ademen": gettext_lazy("en als ik een minuut had geademd na elke check-in"),
}


#: Hours for the extra exhales on a day with too little strain to place them: spread over
#: the working day, never just before sleep.
QUIET_HOURS = (10, 13, 16, 11, 14, 17, 12, 15, 9, 18, 8, 19)


def busiest_minutes(
    events: Sequence[Event],
    tension: np.ndarray,
    wake_min: int,
    sleep_min: int,
    n: int = 3,
) -> list[int]:
    """Minutes for ``n`` extra exhales, spread over the busiest waking hours.

    An hour is busier the more strain (hold, suppress, chase, by intensity) it holds; the
    model's tension in that hour breaks ties. When fewer than ``n`` hours hold strain, the
    rest go to the ``QUIET_HOURS``. Chosen hours lie at least two hours apart (one, or none,
    when the day is too full for that). The exhale comes two minutes after the hour's first
    strain event, or on the hour.
    """
    awake = {h for h in range(24) if wake_min <= h * 60 and h * 60 + 59 < sleep_min}
    strain: dict[int, float] = {}
    first: dict[int, int] = {}
    for e in events:
        h = e.start // 60
        if e.kind in STRESS_KINDS:
            strain[h] = strain.get(h, 0.0) + e.intensity
            first.setdefault(h, e.start)
    mean_tension = {h: float(np.mean(tension[h * 60 : h * 60 + 60])) for h in strain}
    ranked = sorted(strain, key=lambda h: (-strain[h], -mean_tension[h], h))
    ranked += [h for h in QUIET_HOURS if h in awake and h not in strain]
    ranked += [h for h in range(24) if h not in ranked]
    chosen: list[int] = []
    for gap in (2, 1, 0):
        chosen = []
        for h in ranked:
            if all(abs(h - c) >= gap for c in chosen) and h not in chosen:
                chosen.append(h)
            if len(chosen) == n:
                break
        if len(chosen) == n:
            break
    return sorted(min(first[h] + 2, 1439) if h in first else h * 60 for h in chosen)


def what_if_events(
    key: str,
    events: Sequence[Event],
    checkin_minutes: Iterable[int],
    tension: np.ndarray,
    wake_min: int = 7 * 60,
    sleep_min: int = 23 * 60,
) -> tuple[list[Event], list[Event]]:
    """The day's events changed by the what-if ``key``: ``(all events, the added ones)``.

    * ``uitademen``: three exhales over the busiest hours (see ``busiest_minutes``);
    * ``accepteren``: every hold becomes accept (same time, length and strength);
    * ``ademen``: one minute of slow breathing right after each check-in.

    Raises ``KeyError`` for an unknown key.
    """
    if key not in WHAT_IFS:
        raise KeyError(key)
    events = list(events)
    if key == "uitademen":
        added = [Event("exhale", m) for m in busiest_minutes(events, tension, wake_min, sleep_min)]
        return sorted(events + added, key=lambda e: e.start), added
    if key == "accepteren":
        added = [
            Event("accept", e.start, e.duration, e.intensity) for e in events if e.kind == "hold"
        ]
        kept = [e for e in events if e.kind != "hold"]
        return sorted(kept + added, key=lambda e: e.start), added
    added = [Event("breathe", min(m + 1, 1439), 1) for m in sorted(set(checkin_minutes))]
    return sorted(events + added, key=lambda e: e.start), added
