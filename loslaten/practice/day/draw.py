"""The charts of a day or a run of days, with their tables."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from loslaten.practice import charts
from loslaten.practice.day.facts import (
    SLEEP,
    WAKE,
)


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


def chart_entry(
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
        out.append(chart_entry(group, chart, _("Uur"), head, rows, caption))
    return out


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
        out.append(chart_entry(group, chart, _("Dag"), head, rows, caption))
    return out
