"""What-ifs: one of the day's events changed, the model run again, the hours after compared.

A what-if changes one event (by its number on the page): it is replaced by accepting, or an
exhale or a few minutes of slow breathing is added right after it, or it is left out (which
is how the check-in's "done" page shows what that check-in did).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loslaten.hormones import Event, Trajectory
from loslaten.hormones.events import MINUTES_PER_DAY, format_clock
from loslaten.practice.day.facts import QUANTITY_LABELS, WINDOW_MIN, decimal

#: The what-if kinds, by the slug used in ``?wat-als=``; each label follows "en als ik".
WHAT_IFS = {
    "aanvaarden": gettext_lazy("het had laten zijn, in plaats daarvan"),
    "uitademen": gettext_lazy("daarna één keer bewust had uitgeademd"),
    "ademen": gettext_lazy("daarna drie minuten rustig had geademd"),
    "zonder": gettext_lazy("dit niet had gedaan"),
}
#: The quantities the window comparison puts in words, in this order.
COMPARED = ("tension", "cortisol", "adrenaline")
#: A change smaller than this (in percent) is "hardly".
NOTABLE_PCT = 0.5


def changed_events(
    key: str, events: Sequence[Event], index: int
) -> tuple[list[Event], list[Event]]:
    """The day's ``events`` with ``events[index]`` changed by the what-if ``key``:
    ``(all events, the added ones)``.

    Raises ``KeyError`` for an unknown key and ``IndexError`` for an unknown event.
    """
    if key not in WHAT_IFS:
        raise KeyError(key)
    e = events[index]
    rest = [x for i, x in enumerate(events) if i != index]
    after = min(e.end + 1, MINUTES_PER_DAY - 1)
    added = {
        "aanvaarden": [Event("accept", e.start, e.duration, e.intensity)],
        "uitademen": [Event("exhale", after)],
        "ademen": [Event("breathe", after, 3)],
        "zonder": [],
    }[key]
    kept = rest if key in ("aanvaarden", "zonder") else list(events)
    return sorted(kept + added, key=lambda x: x.start), added


def window_change(
    real: Trajectory, alt: Trajectory, start: int, length: int = WINDOW_MIN
) -> tuple[int, dict[str, float]]:
    """The end of the window after ``start`` and each quantity's mean over it in the
    what-if, as a percent change from the real day."""
    end = min(start + length, MINUTES_PER_DAY)
    span = slice(start, end)
    change = {}
    for q in QUANTITY_LABELS:
        before = float(np.mean(real[q][span]))
        change[q] = round(100 * (float(np.mean(alt[q][span])) - before) / before, 2)
    return end, change


def window_sentence(key: str, start: int, end: int, change: dict[str, float]) -> str:
    """The window compared in plain words, e.g. "In de 3 uur na 09:00 lag je spanning in
    het model gemiddeld 12 % lager."."""
    hours = (end - start) / 60
    span = {
        "hours": decimal(hours, 0 if hours.is_integer() else 1),
        "start": format_clock(start),
        "end": format_clock(end),
    }
    parts = []
    for q in COMPARED:
        pct = change[q]
        if abs(pct) < NOTABLE_PCT:
            continue
        direction = _("lager") if pct < 0 else _("hoger")
        parts.append(
            _("je %(q)s %(pct)s%% %(dir)s")
            % {"q": QUANTITY_LABELS[q], "pct": decimal(abs(pct), 0), "dir": direction}
        )
    if not parts:
        return (
            _(
                "In de %(hours)s uur na %(start)s (tot %(end)s) verandert dit in het model "
                "nauwelijks."
            )
            % span
        )
    listed = (
        parts[0]
        if len(parts) == 1
        else _("%(first)s en %(last)s")
        % {
            "first": ", ".join(parts[:-1]),
            "last": parts[-1],
        }
    )
    if key == "zonder":
        return _(
            "Zonder dit moment was in de %(hours)s uur na %(start)s (tot %(end)s) gemiddeld "
            "%(changes)s geweest."
        ) % {**span, "changes": listed}
    return _(
        "Dan was in de %(hours)s uur na %(start)s (tot %(end)s) gemiddeld %(changes)s geweest."
    ) % {**span, "changes": listed}
