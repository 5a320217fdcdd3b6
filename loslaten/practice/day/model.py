"""The body's day: the model run on a person's own check-ins and moments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loslaten.hormones import simulate
from loslaten.hormones.events import Event
from loslaten.practice import services
from loslaten.practice.day.cache import cached, content_key
from loslaten.practice.day.draw import (
    day_charts,
)
from loslaten.practice.day.facts import (
    DISCLAIMER,
    GROUPS,
    QUANTITY_LABELS,
    SLEEP,
    STEP_MIN,
    WAKE,
)
from loslaten.practice.day.reading import (
    downsample,
    event_rows,
    group_summary,
    hourly_means,
    mean_level,
)
from loslaten.practice.day.whatif import WHAT_IFS, what_if_events
from loslaten.practice.day.words import comparison_text, explain_text
from loslaten.practice.models import CheckIn


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
    digest = content_key(user.pk, date.isoformat(), lang, what_if, today == date, events, checkins)
    return cached(
        digest,
        lang,
        with_charts,
        lambda: _build_day(date, lang, what_if, events, checkins, today),
        day_charts,
    )


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
    event_dicts = event_rows(traj.events)
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
            "events": event_rows(added, what_if=True),
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
