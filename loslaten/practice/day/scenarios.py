"""The model's public example days and weeks."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from loslaten.hormones import scenarios as examples
from loslaten.hormones.causes import Counterfactuals
from loslaten.hormones.events import MINUTES_PER_DAY
from loslaten.practice.day.cache import CACHE_VERSION
from loslaten.practice.day.draw import DayDrawing, DaysDrawing, draw_day, draw_days
from loslaten.practice.day.facts import (
    DISCLAIMER,
    KIND_NAMES,
    QUANTITY_LABELS,
    STEP_MIN,
)
from loslaten.practice.day.reading import (
    day_events,
    downsample,
    group_summary,
    groups_of,
    hourly_means,
    mean_level,
)
from loslaten.practice.day.results import Partner, Scenario, ScenarioListItem
from loslaten.practice.day.week import multi_day_groups, rows_per_day
from loslaten.practice.day.words import comparison_text, explain_text

#: A long scenario's curves: one point every half hour.
DAYS_STEP_MIN = 30


def scenario_list(lang: str) -> list[ScenarioListItem]:
    """Every scenario, in presentation order."""
    return [
        ScenarioListItem(s.slug, s.title(lang), s.description(lang), s.days)
        for s in examples.SCENARIOS.values()
    ]


def scenario_model(slug: str, lang: str) -> Scenario:
    """A scenario run through the model, drawn like a ``Day`` (one day) or a ``Week``
    (several days), with its partner as the dashed comparison.

    Raises ``KeyError`` for an unknown slug. Cached (scenarios do not change at run time).
    """
    scenario = examples.SCENARIOS[slug]
    key = f"loslaten:{CACHE_VERSION}:scenario:{slug}:{lang}"
    model = cache.get(key)
    if model is None:
        with translation.override(lang):
            model = _build_scenario(scenario, lang)
        cache.set(key, model, None)
    return model


def scenario_charts(slug: str, lang: str) -> list[dict]:
    """The charts of ``scenario_model(slug, lang)`` (cached)."""
    key = f"loslaten:{CACHE_VERSION}:scenario-charts:{slug}:{lang}"
    out = cache.get(key)
    if out is None:
        model = scenario_model(slug, lang)
        with translation.override(lang):
            out = _charts(model)
        cache.set(key, out, None)
    return out


def _build_scenario(scenario: examples.Scenario, lang: str) -> Scenario:
    traj = scenario.simulate()
    runs = Counterfactuals(traj)
    n_days = scenario.days
    step = STEP_MIN if n_days == 1 else DAYS_STEP_MIN
    events = day_events(traj.events, names=KIND_NAMES)
    days = rows_per_day(traj, n_days) if n_days > 1 else ()
    if n_days == 1:
        groups = groups_of(lambda qs: group_summary(traj, qs, events, runs))
    else:
        groups = multi_day_groups(traj, days, events, runs)
    partner = None
    if scenario.compare_with:
        other_scenario = examples.SCENARIOS[scenario.compare_with]
        other = other_scenario.simulate()
        partner = Partner(
            key=other_scenario.slug,
            label=other_scenario.title(lang),
            series={q: downsample(other[q], step) for q in QUANTITY_LABELS},
            hourly={q: hourly_means(other[q]) for q in QUANTITY_LABELS} if n_days == 1 else {},
            mean={q: mean_level(other[q]) for q in QUANTITY_LABELS},
            explanation=comparison_text(
                traj, other, lang, scenario.title(lang), other_scenario.title(lang)
            ),
        )
    return Scenario(
        slug=scenario.slug,
        title=scenario.title(lang),
        description=scenario.description(lang),
        lang=lang,
        wake=traj.wake,
        sleep=traj.sleep,
        days_count=n_days,
        step_min=step,
        events=events,
        series={q: downsample(traj[q], step) for q in QUANTITY_LABELS},
        hourly={q: hourly_means(traj[q]) for q in QUANTITY_LABELS} if n_days == 1 else {},
        days=days,
        groups=groups,
        explanation=explain_text(traj, lang),
        disclaimer=str(DISCLAIMER),
        what_if=partner,
    )


def _charts(s: Scenario) -> list[dict]:
    """One day drawn like a person's day; several like a week (no marks beyond a week)."""
    title = _("%(group)s: %(subject)s") % {"group": "%(group)s", "subject": s.title}
    alt = s.what_if
    marks = [e.mark() for e in s.events]
    if s.days_count == 1:
        return draw_day(
            DayDrawing(
                prefix="chart",
                title=title,
                groups=[
                    (g.key, g.title, g.quantities, g.labels, g.summary.sentence) for g in s.groups
                ],
                series=s.series,
                hourly=s.hourly,
                marks=marks,
                lang=s.lang,
                wake=s.wake,
                sleep=s.sleep,
                step_min=s.step_min,
                alt_label=alt.label if alt else "",
                alt_series=alt.series if alt else None,
                alt_hourly=alt.hourly if alt else None,
            )
        )
    return draw_days(
        DaysDrawing(
            title=title,
            days=s.days,
            groups=s.groups,
            series=s.series,
            marks=marks,
            lang=s.lang,
            wake=s.wake,
            sleep=s.sleep,
            step_min=s.step_min,
            until_min=s.days_count * MINUTES_PER_DAY,
            alt_label=alt.label if alt else "",
            alt_series=alt.series if alt else None,
        )
    )
