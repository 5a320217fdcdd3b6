"""The model's public example days and weeks."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from loslaten.hormones.causes import Counterfactuals
from loslaten.hormones.events import MINUTES_PER_DAY, parse_clock
from loslaten.practice.day.cache import CACHE_VERSION
from loslaten.practice.day.draw import (
    DayDrawing,
    draw_day,
    event_marks,
    week_charts,
)
from loslaten.practice.day.facts import (
    DISCLAIMER,
    GROUPS,
    KIND_NAMES,
    QUANTITY_LABELS,
    STEP_MIN,
)
from loslaten.practice.day.reading import (
    downsample,
    event_rows,
    group_summary,
    hourly_means,
    mean_level,
)
from loslaten.practice.day.week import (
    multi_day_groups,
    rows_per_day,
)
from loslaten.practice.day.words import comparison_text, explain_text


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
            out = _one_day_charts(model) if model["days_count"] == 1 else week_charts(model)
        cache.set(key, out, None)
    return out


def _build_scenario(scenario: Any, lang: str) -> dict:
    from loslaten.hormones.scenarios import SCENARIOS

    traj = scenario.simulate()
    runs = Counterfactuals(traj)
    n_days = scenario.days
    step = STEP_MIN if n_days == 1 else 30
    quantities = [q for _key, _title, qs in GROUPS for q in qs]
    events = event_rows(traj.events)
    for e in events:
        e["label"] = str(KIND_NAMES[e["kind"]])
        e["day"] = e["start"] // MINUTES_PER_DAY
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
        "wake": traj.wake,
        "sleep": traj.sleep,
    }
    if n_days == 1:
        model["hourly"] = {q: hourly_means(traj[q]) for q in quantities}
        model["groups"] = [
            {
                "key": key,
                "title": str(title),
                "quantities": list(qs),
                "labels": [str(QUANTITY_LABELS[q]) for q in qs],
                "summary": group_summary(traj, qs, events, parse_clock(traj.wake), runs),
            }
            for key, title, qs in GROUPS
        ]
    else:
        model["days"] = rows_per_day(traj, n_days)
        model["groups"] = multi_day_groups(traj, model["days"], events, runs)
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


def _one_day_charts(model: dict) -> list[dict]:
    alt = model["what_if"]
    return draw_day(
        DayDrawing(
            prefix="chart",
            title=model["chart_title"] % {"group": "%(group)s", "subject": model["chart_subject"]},
            groups=[
                (g["key"], g["title"], g["quantities"], g["labels"], g["summary"]["sentence"])
                for g in model["groups"]
            ],
            series=model["series"],
            hourly=model["hourly"],
            marks=event_marks(model["events"]),
            lang=model["lang"],
            wake=model["wake"],
            sleep=model["sleep"],
            step_min=model["step_min"],
            alt_label=alt["label"] if alt else "",
            alt_series=alt["series"] if alt else None,
            alt_hourly=alt["hourly"] if alt else None,
        )
    )
