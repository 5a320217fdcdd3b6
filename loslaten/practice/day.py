"""The body's day: the hormone model run on a person's own check-ins and micro-moments.

``day_model`` is the one entry point for the page (``/oefenen/dag/<datum>/``) and the API
(``GET /api/day/{date}``); ``week_model`` does the same for a week. Both return plain,
JSON-friendly dicts; ``day_charts``/``week_charts`` turn such a dict into SVG charts.

The model is an explanation, not a measurement: every value is relative to the person's own
resting rhythm (1.0).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loslaten.hormones import simulate
from loslaten.hormones.events import Event, format_clock
from loslaten.practice import charts, services
from loslaten.practice.models import DID_CHOICES, CheckIn

WAKE, SLEEP = "07:00", "23:00"
STEP_MIN = 5  # the curves in the dict and the charts: one point every 5 minutes
WEEK_STEP_MIN = 15
CACHE_SECONDS = 60 * 60
CACHE_VERSION = "day-2"

#: The two small multiples, each with its three quantities (first = the one to summarise
#: when it moves most).
GROUPS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("stress", gettext_lazy("De stresskant"), ("cortisol", "adrenaline", "tension")),
    ("happiness", gettext_lazy("De gelukskant"), ("dopamine", "serotonin", "oxytocin")),
)
QUANTITY_LABELS = {
    "cortisol": gettext_lazy("cortisol"),
    "adrenaline": gettext_lazy("adrenaline"),
    "tension": gettext_lazy("spanning"),
    "dopamine": gettext_lazy("dopamine"),
    "serotonin": gettext_lazy("serotonine"),
    "oxytocin": gettext_lazy("oxytocine"),
}
EVENT_LABELS: dict[str, Any] = {
    **dict(DID_CHOICES),
    "exhale": gettext_lazy("een bewuste uitademing"),
    "breathe": gettext_lazy("rustig ademen"),
}
#: The what-if choices, by the slug used in ``?wat-als=``.
WHAT_IFS: dict[str, Any] = {
    "uitademen": gettext_lazy("en als ik drie keer bewust had uitgeademd"),
    "accepteren": gettext_lazy("en als ik had geaccepteerd in plaats van gecontroleerd"),
    "ademen": gettext_lazy("en als ik een minuut had geademd na elke check-in"),
}
STRAIN_KINDS = frozenset({"hold", "suppress", "chase"})
DISCLAIMER = gettext_lazy("Dit model is een uitleg, geen meting en geen medisch advies.")


# What-if ----------------------------------------------------------------------------------


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
        if e.kind in STRAIN_KINDS:
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


# Reading a trajectory ----------------------------------------------------------------------


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


def hourly_means(values: np.ndarray, hours: int = 24) -> list[float]:
    """The mean of each hour (minute ``h*60`` up to the next hour)."""
    return np.round(np.asarray(values[: hours * 60]).reshape(hours, 60).mean(axis=1), 2).tolist()


def mean_level(values: np.ndarray) -> float:
    """The day's mean level (the area under the curve divided by the day)."""
    return round(float(np.mean(values[:-1])), 5)


def event_before(events: Sequence[dict], minute: int, window: int = 180) -> dict | None:
    """The last real (not what-if) event starting at most ``window`` minutes before
    ``minute``."""
    before = [e for e in events if not e["what_if"] and 0 <= minute - e["start"] <= window]
    return before[-1] if before else None


def _decimal(value: float, digits: int = 1) -> str:
    """A number with ``digits`` decimals, with a decimal comma in Dutch."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if translation.get_language() == "nl" else text


@lru_cache(maxsize=8)
def rest_trajectory(days: int = 1, wake: str = WAKE, sleep: str = SLEEP) -> Any:
    """The body's own rhythm on days without events (computed once per process)."""
    return simulate([], days=days, wake=wake, sleep=sleep)


def rest_rhythm(days: int = 1, wake: str = WAKE, sleep: str = SLEEP) -> dict[str, np.ndarray]:
    """``rest_trajectory``'s values, one array per quantity over ``days`` days."""
    traj = rest_trajectory(days, wake, sleep)
    return {q: traj[q] for q in QUANTITY_LABELS}


#: A rise above the own rhythm smaller than this is not worth a sentence.
NOTABLE_RISE = 0.02


def group_summary(
    traj: Any,
    quantities: Sequence[str],
    events: Sequence[dict],
    wake_min: int,
    day_labels: Sequence[str] | None = None,
) -> dict:
    """One sentence about a group, for screen readers and the chart's ``<desc>``.

    When something the person did moved the group, the sentence names the quantity that
    rose most above the body's own rhythm, the time of that peak, and the event before it.
    On a quiet day it names the highest point of the day (usually the morning cortisol).
    ``day_labels`` (one per day) puts the day in the sentence for runs of several days.
    """
    rest = rest_rhythm(traj.days, traj.wake, traj.sleep)
    # A trajectory cut at "now" (the current week) is shorter than its days.
    rises = {q: traj[q] / rest[q][: len(traj[q])] - 1.0 for q in quantities}
    best = max(quantities, key=lambda q: float(np.max(rises[q])))
    rise = float(np.max(rises[best]))
    if rise >= NOTABLE_RISE:
        minute = int(np.argmax(rises[best]))
    else:
        best = max(quantities, key=lambda q: float(np.max(traj[q])) - 1.0)
        minute = int(np.argmax(traj[best]))
        rise = 0.0
    value = float(traj[best][minute])
    cause = event_before(events, minute) if rise else None

    def when(m: int) -> str:
        if day_labels is None:
            return _("om %(clock)s") % {"clock": format_clock(m)}
        day = day_labels[min(m // 1440, len(day_labels) - 1)]
        return _("op %(day)s om %(clock)s") % {"day": day, "clock": format_clock(m)}

    names = {"q": QUANTITY_LABELS[best], "when": when(minute)}
    if cause:
        sentence = _(
            "Je %(q)s steeg het meest %(when)s (%(pct)s%% boven je eigen ritme), "
            "na '%(event)s' %(at)s."
        ) % {
            **names,
            "pct": _decimal(100 * rise, 0),
            "event": cause["label"],
            "at": when(cause["start"]),
        }
    elif rise:
        sentence = _("Je %(q)s steeg het meest %(when)s (%(pct)s%% boven je eigen ritme).") % {
            **names,
            "pct": _decimal(100 * rise, 0),
        }
    elif 0 <= minute % 1440 - wake_min <= 120:
        sentence = _(
            "Je %(q)s was het hoogst %(when)s (%(factor)s keer je rustniveau), "
            "kort na het opstaan: het gewone ochtendritme."
        ) % {**names, "factor": _decimal(value)}
    else:
        sentence = _("Je %(q)s was het hoogst %(when)s (%(factor)s keer je rustniveau).") % {
            **names,
            "factor": _decimal(value),
        }
    return {
        "quantity": best,
        "peak_minute": minute,
        "peak_clock": format_clock(minute),
        "peak_value": round(value, 3),
        "rise_pct": round(100 * rise, 1),
        "sentence": sentence,
    }


# The model's explanation (from loslaten.hormones when it is there) -------------------------


def explain_text(traj: Any, lang: str) -> str:
    """The model's plain-language explanation of a day (``loslaten.hormones.explain``)."""
    try:
        from loslaten.hormones.explain import explain
    except ImportError:  # pragma: no cover - the module lands separately
        return _fallback_explain(traj)
    return explain(traj, lang=lang, baseline=rest_trajectory(traj.days, traj.wake, traj.sleep))


def comparison_text(a: Any, b: Any, lang: str, label_a: str = "", label_b: str = "") -> str:
    """The model's plain-language comparison of the real day ``a`` and the what-if ``b``."""
    try:
        from loslaten.hormones.compare import compare
        from loslaten.hormones.explain import explain_comparison
    except ImportError:  # pragma: no cover - the module lands separately
        return _fallback_comparison(a, b)
    comparison = compare(a, b, label_a=label_a or _("je dag"), label_b=label_b or _("wat als"))
    return explain_comparison(comparison, lang=lang)


def _fallback_explain(traj: Any) -> str:
    if not traj.events:
        return _(
            "Zonder gebeurtenissen volgt je lichaam zijn eigen ritme: cortisol stijgt in de "
            "ochtend en zakt in de loop van de dag."
        )
    return _(
        "Elke keer dat je vasthield, ging je stresskant omhoog; elke uitademing en elk "
        "moment van verbinding hielp je lichaam terug naar rust."
    )


def _fallback_comparison(a: Any, b: Any) -> str:
    parts = []
    for q in ("tension", "cortisol", "serotonin"):
        before, after = mean_level(a[q]), mean_level(b[q])
        change = 100 * (after - before) / before
        if abs(change) >= 0.05:
            word = _("lager") if change < 0 else _("hoger")
            parts.append(
                _("je %(q)s %(pct)s%% %(dir)s")
                % {"q": QUANTITY_LABELS[q], "pct": f"{abs(change):.1f}", "dir": word}
            )
    if not parts:
        return _("Deze keuze verandert je dag in het model nauwelijks.")
    return _("Over de hele dag gemeten was %(parts)s.") % {"parts": ", ".join(parts)}


# Days ---------------------------------------------------------------------------------------


def local_today() -> dt.date:
    """Today in the site's time zone."""
    return services.local_date(timezone.now())


def checkin_minutes(user: Any, day: dt.date) -> list[int]:
    """Minutes after local midnight of the person's check-ins on ``day``."""
    start, end = services.day_bounds(day)
    tz = services.local_tz()
    out = []
    for at in CheckIn.objects.filter(user=user, at__gte=start, at__lt=end).values_list(
        "at", flat=True
    ):
        local = timezone.localtime(at, tz)
        out.append(local.hour * 60 + local.minute)
    return sorted(out)


def _event_dicts(events: Sequence[Event], what_if: bool = False, first: int = 1) -> list[dict]:
    return [
        {
            "number": first + i,
            "kind": e.kind,
            "start": e.start,
            "end": e.end,
            "clock": format_clock(e.start),
            "duration": e.duration,
            "intensity": e.intensity,
            "label": str(EVENT_LABELS[e.kind]),
            "what_if": what_if,
        }
        for i, e in enumerate(events)
    ]


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def day_model(user: Any, date: dt.date, lang: str, what_if: str | None = None) -> dict:
    """The model run on the person's own day, ready for a page or the API.

    ``what_if`` is a key of ``WHAT_IFS`` or ``None`` (an unknown key counts as ``None``).
    Only ``user``'s own check-ins and moments are read. The result is cached by the day's
    content (its events and check-in times), so a new, changed or deleted check-in shows at
    once. Returns a JSON-friendly dict::

        {"date": "2025-03-04", "lang": "nl", "today": bool, "future": bool, "empty": bool,
         "wake": "07:00", "sleep": "23:00", "step_min": 5,
         "events": [{"number", "kind", "start", "end", "clock", "duration", "intensity",
                     "label", "what_if"}],
         "series": {quantity: [value every step_min minutes, 0..1440]},
         "hourly": {quantity: [24 hourly means]},
         "mean": {quantity: mean level over the day},
         "groups": [{"key", "title", "quantities", "summary": {"quantity", "peak_minute",
                     "peak_clock", "peak_value", "sentence"}}],
         "explanation": str, "disclaimer": str,
         "what_if_choices": [{"key", "label", "selected"}],
         "what_if": None or {"key", "label", "events" (the added ones), "series", "hourly",
                     "mean", "change_pct": {quantity: % change of the mean}, "explanation",
                     "note"}}
    """
    if what_if not in WHAT_IFS:
        what_if = None
    events = services.events_for_day(user, date)
    checkins = checkin_minutes(user, date)
    return _cached_day(user, date, lang, what_if, events, checkins, with_charts=False)[0]


def day_page(
    user: Any, date: dt.date, lang: str, what_if: str | None = None
) -> tuple[dict, list[dict]]:
    """``day_model`` and its ``day_charts`` (no charts for a future day), both cached."""
    if what_if not in WHAT_IFS:
        what_if = None
    events = services.events_for_day(user, date)
    checkins = checkin_minutes(user, date)
    model, charts_ = _cached_day(user, date, lang, what_if, events, checkins, with_charts=True)
    return model, charts_ or []


def _cached_day(
    user: Any,
    date: dt.date,
    lang: str,
    what_if: str | None,
    events: list[Event],
    checkins: list[int],
    with_charts: bool,
) -> tuple[dict, list[dict] | None]:
    # The key holds the day's content itself, so that a new, changed or deleted check-in
    # or moment is seen at once, without signals.
    today = local_today()
    digest = _digest(user.pk, date.isoformat(), lang, what_if, today == date, events, checkins)
    return _cached(
        digest,
        lang,
        with_charts,
        lambda: _build_day(date, lang, what_if, events, checkins, today),
        day_charts,
    )


def _cached(
    digest: str,
    lang: str,
    with_charts: bool,
    build: Callable[[], dict],
    draw: Callable[[dict], list[dict]],
) -> tuple[dict, list[dict] | None]:
    """``(model, charts)`` from the cache, or the model built and its charts drawn (only
    when asked for, and none for the future) in ``lang``, then cached; ``charts`` is
    ``None`` when they were not asked for."""
    key = f"loslaten:{CACHE_VERSION}:{digest}"
    cached = cache.get(key)
    if cached is not None and (cached[1] is not None or not with_charts):
        return cached
    with translation.override(lang):
        model = cached[0] if cached is not None else build()
        charts_ = None if not with_charts else [] if model["future"] else draw(model)
    cache.set(key, (model, charts_), CACHE_SECONDS)
    return model, charts_


def _build_day(
    date: dt.date,
    lang: str,
    what_if: str | None,
    events: list[Event],
    checkins: list[int],
    today: dt.date,
) -> dict:
    traj = simulate(events, days=1, wake=WAKE, sleep=SLEEP)
    wake_min, sleep_min = 7 * 60, 23 * 60
    quantities = [q for _key, _title, qs in GROUPS for q in qs]
    event_dicts = _event_dicts(traj.events)
    model: dict[str, Any] = {
        "date": date.isoformat(),
        "date_label": date_format(date, "l j F Y"),
        "lang": lang,
        "today": date == today,
        "future": date > today,
        "empty": not events,
        "wake": WAKE,
        "sleep": SLEEP,
        "step_min": STEP_MIN,
        "events": event_dicts,
        "checkin_minutes": checkins,
        "series": {q: downsample(traj[q]) for q in quantities},
        "hourly": {q: hourly_means(traj[q]) for q in quantities},
        "mean": {q: mean_level(traj[q]) for q in quantities},
        "groups": [
            {
                "key": key,
                "title": str(title),
                "quantities": list(qs),
                "labels": [str(QUANTITY_LABELS[q]) for q in qs],
                "summary": group_summary(traj, qs, event_dicts, wake_min),
            }
            for key, title, qs in GROUPS
        ],
        "explanation": explain_text(traj, lang),
        "disclaimer": str(DISCLAIMER),
        "what_if_choices": [
            {"key": k, "label": str(label), "selected": k == what_if}
            for k, label in WHAT_IFS.items()
        ],
        "what_if": None,
    }
    if what_if:
        all_events, added = what_if_events(
            what_if, traj.events, checkins, traj["tension"], wake_min, sleep_min
        )
        alt = simulate(all_events, days=1, wake=WAKE, sleep=SLEEP)
        mean = {q: mean_level(alt[q]) for q in quantities}
        note = ""
        if not added and what_if == "ademen":
            note = _("Op deze dag heb je niet ingecheckt, dus er komt geen ademminuut bij.")
        elif not added and what_if == "accepteren":
            note = _("Op deze dag heb je niet gecontroleerd: er valt niets te vervangen.")
        model["what_if"] = {
            "key": what_if,
            "label": str(WHAT_IFS[what_if]),
            "events": _event_dicts(added, what_if=True),
            "series": {q: downsample(alt[q]) for q in quantities},
            "hourly": {q: hourly_means(alt[q]) for q in quantities},
            "mean": mean,
            "change_pct": {
                q: round(100 * (mean[q] - model["mean"][q]) / model["mean"][q], 3)
                for q in quantities
            },
            "explanation": comparison_text(traj, alt, lang),
            "note": note,
        }
    return model


# Charts -------------------------------------------------------------------------------------


def _hour_label(h: int) -> str:
    return f"{h:02d}:00"


def chart_desc(summary: str, what_if: dict | None) -> str:
    """The chart's one-sentence summary, with a word on the dashed what-if curves."""
    if what_if:
        return summary + " " + _("Gestreept: %(label)s.") % {"label": what_if["label"]}
    return summary


def group_series(model: dict, group: dict) -> list[charts.Series]:
    """The curves of one group: the model's own, then the what-if's (dashed) when there is
    one."""
    pairs = list(zip(group["quantities"], group["labels"], strict=True))
    series = [charts.Series(q, label, model["series"][q]) for q, label in pairs]
    if model.get("what_if"):
        alt = model["what_if"]["series"]
        series += [charts.Series(q, label, alt[q], dashed=True) for q, label in pairs]
    return series


def _chart_entry(
    group: dict, chart: charts.Chart, first: str, head: list[str], rows: list[list], caption: str
) -> dict:
    """One chart for the page: its SVG, description, legend, and data table (``first`` heads
    the column of row labels)."""
    pairs = zip(group["quantities"], group["labels"], strict=True)
    return {
        "key": group["key"],
        "title": group["title"],
        "svg": charts.render_chart(chart),
        "desc": chart.desc,
        "legend": [{"key": q, "label": label} for q, label in pairs],
        "table": {"head": head, "rows": rows, "first": first},
        "table_html": charts.render_table(caption, first, head, rows, chart.lang),
    }


def day_charts(model: dict) -> list[dict]:
    """One chart per group for a ``day_model`` dict: ``{"key", "title", "svg", "desc",
    "legend", "table": {"head": [...], "rows": [[hour, values...]]}}``."""
    wake_min = int(WAKE[:2]) * 60 + int(WAKE[3:])
    sleep_min = int(SLEEP[:2]) * 60 + int(SLEEP[3:])
    alt = model["what_if"]
    marks = [charts.Mark(e["start"], e["end"], e["number"], e["label"]) for e in model["events"]]
    if alt:
        marks += [
            charts.Mark(e["start"], e["end"], e["number"], e["label"], what_if=True)
            for e in alt["events"]
        ]
    out = []
    for group in model["groups"]:
        qs, labels = group["quantities"], group["labels"]
        chart = charts.Chart(
            chart_id=f"chart-{group['key']}",
            title=model.get("chart_title", _("%(group)s op %(subject)s"))
            % {"group": group["title"], "subject": model.get("chart_subject", model["date_label"])},
            desc=chart_desc(group["summary"]["sentence"], alt),
            series=group_series(model, group),
            step_min=model["step_min"],
            span_min=1440,
            marks=sorted(marks, key=lambda m: m.start),
            sleep_spans=charts.sleep_spans(wake_min, sleep_min),
            x_ticks=charts.day_ticks(),
            lang=model["lang"],
        )
        head = list(labels)
        if alt:
            head += [_("%(q)s (wat als)") % {"q": label} for label in labels]
        rows = []
        for h in range(24):
            row = [model["hourly"][q][h] for q in qs]
            if alt:
                row += [alt["hourly"][q][h] for q in qs]
            rows.append([_hour_label(h), *row])
        caption = _("%(title)s: gemiddelde per uur, keer je rustniveau") % {"title": chart.title}
        out.append(_chart_entry(group, chart, _("Uur"), head, rows, caption))
    return out


# Weeks --------------------------------------------------------------------------------------


def parse_week(text: str) -> dt.date:
    """``"2025-W07"`` to the Monday of that ISO week; ``ValueError`` when it is not one."""
    import re

    match = re.fullmatch(r"(\d{4})-W(\d{2})", text or "")
    if not match:
        raise ValueError(f"week: expected YYYY-Www, got {text!r}")
    return dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)


def week_label(monday: dt.date) -> str:
    """The ISO week of a Monday as ``"2025-W07"``."""
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_model(user: Any, monday: dt.date, lang: str, now: dt.datetime | None = None) -> dict:
    """The model run over the person's seven days from ``monday``, as one continuous week
    (what builds up on Monday is still there on Tuesday). Cached like ``day_model``.

    Only what has happened by ``now`` (default: the current time) is modelled and drawn: the
    days after today are ``"future"`` (no events, no mean or peak), and in the current week
    the curves stop at the last quarter-hour sample before now.

    Returns ``{"week", "monday", "future", "empty", "step_min": 15, "until_min", "days":
    [{"date", "label", "future", "events", "mean": {q}, "peak": {q}}], "events": [... with
    "day"], "series": {q: [...]}, "groups": [{"key", "title", "quantities", "labels",
    "summary"}], "explanation", "disclaimer", "previous", "next"}``.
    """
    return week_page(user, monday, lang, with_charts=False, now=now)[0]


def week_page(
    user: Any,
    monday: dt.date,
    lang: str,
    with_charts: bool = True,
    now: dt.datetime | None = None,
) -> tuple[dict, list[dict]]:
    """``week_model`` and its ``week_charts`` (none for a future week), both cached."""
    now = timezone.localtime(now or timezone.now(), services.local_tz())
    today = now.date()
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    per_day = [services.events_for_day(user, d) for d in days]
    until = week_minutes_until(monday, now)
    # How much of the week has happened is part of the key: the current week's curves grow
    # every quarter of an hour, a past week's no longer change.
    digest = _digest("week", user.pk, monday.isoformat(), lang, until, per_day)
    model, charts_ = _cached(
        digest,
        lang,
        with_charts,
        lambda: _build_week(monday, lang, days, per_day, today, until),
        week_charts,
    )
    return model, charts_ or []


def week_minutes_until(monday: dt.date, now: dt.datetime) -> int:
    """The minutes of the week from ``monday`` that have happened by ``now`` (local time),
    down to the last ``WEEK_STEP_MIN`` sample: 0 for a future week, the whole week (7 * 1440)
    for a past one."""
    days = (now.date() - monday).days
    if days < 0:
        return 0
    if days >= 7:
        return 7 * 1440
    minute = days * 1440 + now.hour * 60 + now.minute
    return minute - minute % WEEK_STEP_MIN


def _until(traj: Any, minute: int) -> Any:
    """``traj`` with its values cut after ``minute`` (days, wake and sleep unchanged)."""
    if minute >= len(traj.minutes) - 1:
        return traj
    return dataclasses.replace(
        traj,
        minutes=traj.minutes[: minute + 1],
        values={q: v[: minute + 1] for q, v in traj.values.items()},
    )


def _day_rows(traj: Any, n_days: int, dates: Sequence[dt.date] | None = None) -> list[dict]:
    """Per day of a multi-day trajectory: its label, mean and peak of every quantity."""
    quantities = [q for _key, _title, qs in GROUPS for q in qs]
    rows = []
    for i in range(n_days):
        window = slice(i * 1440, (i + 1) * 1440)
        if dates is not None:
            label, short = date_format(dates[i], "l j F"), date_format(dates[i], "D")
        else:
            label, short = _("dag %(n)d") % {"n": i + 1}, str(i + 1)
        rows.append(
            {
                "date": dates[i].isoformat() if dates is not None else "",
                "label": label,
                "short": short,
                "mean": {q: round(float(np.mean(traj[q][window])), 2) for q in quantities},
                "peak": {q: round(float(np.max(traj[q][window])), 2) for q in quantities},
            }
        )
    return rows


def _multi_day_groups(traj: Any, day_rows: list[dict], events: Sequence[dict]) -> list[dict]:
    labels = [d["label"] for d in day_rows]
    return [
        {
            "key": key,
            "title": str(title),
            "quantities": list(qs),
            "labels": [str(QUANTITY_LABELS[q]) for q in qs],
            "summary": group_summary(traj, qs, events, 7 * 60, labels),
        }
        for key, title, qs in GROUPS
    ]


def _build_week(
    monday: dt.date,
    lang: str,
    days: list[dt.date],
    per_day: list[list[Event]],
    today: dt.date,
    until: int,
) -> dict:
    events = [
        Event(e.kind, e.start + i * 1440, e.duration, e.intensity)
        for i, day_events in enumerate(per_day)
        for e in day_events
        if e.start + i * 1440 <= until
    ]
    # Only the days up to today are run (the model looks at the past only, so their curves
    # are the same as in a run of the whole week), and then cut at ``until``.
    n_past = sum(d <= today for d in days)
    full = simulate(events, days=max(n_past, 1), wake=WAKE, sleep=SLEEP)
    traj = _until(full, until)
    quantities = [q for _key, _title, qs in GROUPS for q in qs]
    event_dicts = _event_dicts(full.events)
    for e in event_dicts:
        e["day"] = e["start"] // 1440
    day_rows = _day_rows(traj, n_past, days[:n_past])
    for row, day_events in zip(day_rows, per_day, strict=False):
        row["future"] = False
        row["events"] = len(day_events)
    for d in days[n_past:]:
        day_rows.append(
            {
                "date": d.isoformat(),
                "label": date_format(d, "l j F"),
                "short": date_format(d, "D"),
                "future": True,
                "events": None,
                "mean": {},
                "peak": {},
            }
        )
    week = week_label(monday)
    return {
        "week": week,
        "monday": monday.isoformat(),
        "lang": lang,
        "future": monday > today,
        "empty": not events,
        "wake": WAKE,
        "sleep": SLEEP,
        "days_count": 7,
        "until_min": until,
        "step_min": WEEK_STEP_MIN,
        "chart_title": _("%(group)s in week %(subject)s"),
        "chart_subject": week,
        "days": day_rows,
        "events": event_dicts,
        "series": {q: downsample(traj[q], WEEK_STEP_MIN) for q in quantities},
        "groups": _multi_day_groups(traj, day_rows[:n_past] or day_rows, event_dicts),
        "explanation": explain_text(full, lang),
        "disclaimer": str(DISCLAIMER),
        "previous": week_label(monday - dt.timedelta(days=7)),
        "next": week_label(monday + dt.timedelta(days=7)),
        "what_if": None,
    }


def week_charts(model: dict) -> list[dict]:
    """One chart per group over several days (a week, or a multi-day scenario), with a
    table of each day's mean and peak. A ``what_if`` in the model is drawn dashed."""
    n_days = model["days_count"]
    alt = model.get("what_if")
    # Over many days, every event as a mark would hide the curves: the table and the
    # explanation carry them instead.
    marks = (
        [charts.Mark(e["start"], e["end"], e["number"], e["label"]) for e in model["events"]]
        if n_days <= 7
        else []
    )
    # The current week is drawn up to now; after that the chart stays blank.
    until = model.get("until_min", n_days * 1440)
    nights = charts.sleep_spans(7 * 60, 23 * 60, days=n_days)
    every = max(1, n_days // 7)
    ticks = [(i * 1440 + 720, d["short"]) for i, d in enumerate(model["days"]) if i % every == 0]
    out = []
    for group in model["groups"]:
        qs, labels = group["quantities"], group["labels"]
        chart = charts.Chart(
            chart_id=f"days-{group['key']}",
            title=model["chart_title"]
            % {"group": group["title"], "subject": model["chart_subject"]},
            desc=chart_desc(group["summary"]["sentence"], alt),
            series=group_series(model, group),
            step_min=model["step_min"],
            span_min=n_days * 1440,
            marks=marks,
            sleep_spans=[(start, min(end, until)) for start, end in nights if start < until],
            x_ticks=ticks,
            lang=model["lang"],
            extra_classes=("days",),
        )
        head = []
        for label in labels:
            head += [_("%(q)s gemiddeld") % {"q": label}, _("%(q)s hoogst") % {"q": label}]
        rows = []
        for d in model["days"]:
            if d.get("future"):
                continue
            row: list[Any] = [d["label"]]
            for q in qs:
                row += [d["mean"][q], d["peak"][q]]
            rows.append(row)
        caption = _("%(title)s: per dag, keer je rustniveau") % {"title": chart.title}
        out.append(_chart_entry(group, chart, _("Dag"), head, rows, caption))
    return out


# The model's public scenarios -----------------------------------------------------------------

#: Neutral names of the event kinds, for the scenarios (which are not the reader's own day).
KIND_NAMES: dict[str, Any] = {
    "hold": gettext_lazy("vasthouden"),
    "suppress": gettext_lazy("wegduwen"),
    "exhale": gettext_lazy("bewust uitademen"),
    "breathe": gettext_lazy("rustig ademen"),
    "complete": gettext_lazy("afronden"),
    "connect": gettext_lazy("verbinden"),
    "accept": gettext_lazy("aanvaarden"),
    "chase": gettext_lazy("prikkels zoeken"),
}


def scenario_list(lang: str) -> list[dict]:
    """Every scenario: ``{"slug", "title", "description", "days", "compare_with",
    "compare_title"}``, in presentation order."""
    from loslaten.hormones.scenarios import SCENARIOS

    return [
        {
            "slug": s.slug,
            "title": s.title(lang),
            "description": s.description(lang),
            "days": s.days,
            "compare_with": s.compare_with,
            "compare_title": SCENARIOS[s.compare_with].title(lang) if s.compare_with else "",
        }
        for s in SCENARIOS.values()
    ]


def scenario_model(slug: str, lang: str) -> dict:
    """A scenario run through the model, shaped like ``day_model`` (one day) or
    ``week_model`` (several days), with its partner as the dashed ``what_if``.

    Raises ``KeyError`` for an unknown slug. Cached (scenarios do not change at run time).
    """
    from loslaten.hormones.scenarios import SCENARIOS

    scenario = SCENARIOS[slug]
    key = f"loslaten:{CACHE_VERSION}:scenario:{slug}:{lang}"
    cached = cache.get(key)
    if cached is None:
        with translation.override(lang):
            cached = _build_scenario(scenario, lang)
        cache.set(key, cached, None)
    return cached


def scenario_charts(slug: str, lang: str) -> list[dict]:
    """The charts of ``scenario_model(slug, lang)`` (cached)."""
    key = f"loslaten:{CACHE_VERSION}:scenario-charts:{slug}:{lang}"
    out = cache.get(key)
    if out is None:
        model = scenario_model(slug, lang)
        with translation.override(lang):
            out = day_charts(model) if model["days_count"] == 1 else week_charts(model)
        cache.set(key, out, None)
    return out


def _build_scenario(scenario: Any, lang: str) -> dict:
    from loslaten.hormones.scenarios import SCENARIOS

    traj = scenario.simulate()
    n_days = scenario.days
    step = STEP_MIN if n_days == 1 else 30
    quantities = [q for _key, _title, qs in GROUPS for q in qs]
    events = _event_dicts(traj.events)
    for e in events:
        e["label"] = str(KIND_NAMES[e["kind"]])
        e["day"] = e["start"] // 1440
    model: dict[str, Any] = {
        "slug": scenario.slug,
        "title": scenario.title(lang),
        "description": scenario.description(lang),
        "lang": lang,
        "days_count": n_days,
        "date_label": scenario.title(lang),
        "step_min": step,
        "events": events,
        "series": {q: downsample(traj[q], step) for q in quantities},
        "explanation": explain_text(traj, lang),
        "disclaimer": str(DISCLAIMER),
        "what_if": None,
        "chart_title": _("%(group)s: %(subject)s"),
        "chart_subject": scenario.title(lang),
    }
    if n_days == 1:
        model["hourly"] = {q: hourly_means(traj[q]) for q in quantities}
        model["groups"] = [
            {
                "key": key,
                "title": str(title),
                "quantities": list(qs),
                "labels": [str(QUANTITY_LABELS[q]) for q in qs],
                "summary": group_summary(traj, qs, events, 7 * 60),
            }
            for key, title, qs in GROUPS
        ]
    else:
        model["days"] = _day_rows(traj, n_days)
        model["groups"] = _multi_day_groups(traj, model["days"], events)
    if scenario.compare_with:
        partner = SCENARIOS[scenario.compare_with]
        other = partner.simulate()
        model["what_if"] = {
            "key": partner.slug,
            "label": partner.title(lang),
            "events": [],
            "series": {q: downsample(other[q], step) for q in quantities},
            "hourly": {q: hourly_means(other[q]) for q in quantities} if n_days == 1 else {},
            "mean": {q: mean_level(other[q]) for q in quantities},
            "explanation": comparison_text(
                traj, other, lang, scenario.title(lang), partner.title(lang)
            ),
            "note": "",
        }
    return model
