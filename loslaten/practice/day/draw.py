"""The charts of a day or a run of days, with their tables."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from loslaten.hormones.events import MINUTES_PER_DAY, format_clock, parse_clock
from loslaten.practice import charts
from loslaten.practice.day.facts import STEP_MIN, decimal
from loslaten.practice.day.results import Day, DayRow, Group, Week


def _hour_label(h: int) -> str:
    return f"{h:02d}:00"


def chart_desc(sentence: str, alt_label: str | None) -> str:
    """The chart's one-sentence summary, with a word on the dashed curves when there are
    any (``alt_label`` names what they show)."""
    if alt_label is None:
        return sentence
    return sentence + " " + _("Gestreept: %(label)s.") % {"label": alt_label}


def narrow(chart: charts.Chart) -> charts.Chart:
    """``chart`` laid out for a narrow box: fewer hour ticks, so that their text stays
    readable; a span shorter than a day (the what-if's close-up) narrower still."""
    layout = charts.CLOSE_UP if chart.span_min < MINUTES_PER_DAY else charts.NARROW
    small = dataclasses.replace(chart, chart_id=f"{chart.chart_id}-n", layout=layout)
    if chart.x_ticks and chart.span_min == MINUTES_PER_DAY:
        return dataclasses.replace(small, x_ticks=charts.day_ticks(charts.NARROW.tick_hours))
    if len(chart.x_ticks) > 5:  # "09:30" needs room: on a phone every other one
        return dataclasses.replace(small, x_ticks=chart.x_ticks[::2])
    return small


def chart_entry(
    key: str,
    title: str,
    legend: list[dict],
    chart: charts.Chart,
    table: tuple[str, list[str], list[list], str],
) -> dict:
    """One chart for the page: its SVG (wide, and narrow for phones), description, legend,
    and data table (``table`` is the first column's head, the heads, rows and caption)."""
    first, head, rows, caption = table
    wide, small = charts.render_charts([chart, narrow(chart)])
    return {
        "key": key,
        "title": title,
        "svg": wide,
        "svg_narrow": small,
        "desc": chart.desc,
        "legend": legend,
        "table_html": charts.render_table(caption, first, head, rows, chart.lang),
    }


@dataclasses.dataclass(frozen=True)
class DayDrawing:
    """What one day's charts need, from a person's ``Day`` or a one-day scenario."""

    prefix: str
    title: str  # with %(group)s
    groups: Sequence[tuple[str, str, Sequence[str], Sequence[str], str]]
    series: dict[str, list[float]]
    hourly: dict[str, list[float]]
    marks: Sequence[charts.Mark]
    lang: str
    wake: str
    sleep: str
    step_min: int = STEP_MIN
    alt_label: str = ""
    alt_series: dict[str, list[float]] | None = None
    alt_hourly: dict[str, list[float]] | None = None
    now_min: int | None = None
    shade: tuple[int, int] | None = None
    #: The model's uncertainty band per quantity (10th and 90th percentile), if drawn.
    band_low: dict[str, list[float]] | None = None
    band_high: dict[str, list[float]] | None = None


def draw_day(d: DayDrawing) -> list[dict]:
    """One chart per group over one day, with a table of hourly means."""
    nights = charts.sleep_spans(parse_clock(d.wake), parse_clock(d.sleep))
    out = []
    for key, group_title, qs, labels, sentence in d.groups:
        pairs = list(zip(qs, labels, strict=True))
        lows, highs = d.band_low or {}, d.band_high or {}
        series = [
            charts.Series(q, label, d.series[q], band=(lows[q], highs[q]) if q in lows else None)
            for q, label in pairs
        ]
        if d.alt_series:
            series += [charts.Series(q, label, d.alt_series[q], dashed=True) for q, label in pairs]
        chart = charts.Chart(
            chart_id=f"{d.prefix}-{key}",
            title=d.title % {"group": group_title},
            desc=chart_desc(sentence, d.alt_label if d.alt_series else None),
            series=series,
            step_min=d.step_min,
            span_min=MINUTES_PER_DAY,
            marks=sorted(d.marks, key=lambda m: m.start),
            sleep_spans=nights,
            x_ticks=charts.day_ticks(),
            lang=d.lang,
            now_min=d.now_min,
            now_label=_("nu"),
            shade=d.shade,
        )
        head = list(labels)
        if d.alt_hourly:
            head += [_("%(q)s (wat als)") % {"q": label} for label in labels]
        rows = []
        for h in range(24):
            row = [d.hourly[q][h] for q in qs]
            if d.alt_hourly:
                row += [d.alt_hourly[q][h] for q in qs]
            rows.append([_hour_label(h), *row])
        caption = _("%(title)s: gemiddelde per uur, keer je rustniveau") % {"title": chart.title}
        legend = [{"key": q, "label": label} for q, label in pairs]
        entry = chart_entry(key, group_title, legend, chart, (_("Uur"), head, rows, caption))
        entry["band"] = any(s.band for s in series)
        entry["dashed"] = d.alt_label if d.alt_series else ""
        entry["now_clock"] = "" if d.now_min is None else format_clock(d.now_min)
        out.append(entry)
    return out


def window_chart(day: Day) -> dict:
    """The what-if's window up close: the stress side in the hours after the changed
    moment, the day as it was against the what-if, the difference shaded."""
    chart = window_figure(day)
    alt, step, group = day.what_if, day.step_min, day.groups[0]
    assert alt is not None  # window_figure refuses a day without one
    first, last = alt.window_start // step, alt.window_end // step
    start = first * step
    pairs = list(zip(group.quantities, group.labels, strict=True))
    head = [str(label) for _q, label in pairs]
    head += [_("%(q)s (wat als)") % {"q": label} for _q, label in pairs]
    rows = [
        [
            format_clock(start + i * step),
            *(day.series[q][first + i] for q, _label in pairs),
            *(alt.series[q][first + i] for q, _label in pairs),
        ]
        for i in range(0, last - first + 1, 30 // step)
    ]
    caption = _("%(title)s: elk half uur, keer je rustniveau") % {"title": chart.title}
    legend = [{"key": q, "label": label} for q, label in pairs]
    entry = chart_entry("window", chart.title, legend, chart, (_("Tijd"), head, rows, caption))
    entry["dashed"] = _("en als ik %(label)s") % {"label": alt.label}
    entry["now_clock"] = day.now_clock
    # The what-if's section says the sentence just above the close-up; the SVG keeps it as
    # its description.
    entry["desc"] = ""
    return entry


def window_glance(day: Day) -> tuple[str, str]:
    """The what-if's window as one small SVG for a phone-wide box (the check-in's page),
    and its title."""
    chart = window_figure(day)
    return charts.render_chart(narrow(chart)), chart.title


def window_figure(day: Day) -> charts.Chart:
    """The chart of the what-if's window (see ``window_chart``), not yet drawn."""
    alt = day.what_if
    if alt is None:
        raise ValueError("window_figure: the day has no what-if")
    step = day.step_min
    first, last = alt.window_start // step, alt.window_end // step
    span = (last - first) * step
    start = first * step
    group = day.groups[0]
    pairs = list(zip(group.quantities, group.labels, strict=True))
    series = [charts.Series(q, label, day.series[q][first : last + 1]) for q, label in pairs]
    series += [
        charts.Series(q, label, alt.series[q][first : last + 1], dashed=True) for q, label in pairs
    ]
    every = 30 if span <= 180 else 60
    ticks = [
        (m - start, format_clock(m))
        for m in range(start + (-start) % every, start + span + 1, every)
    ]
    marks = [e.mark(-start) for e in (*day.events, *alt.events) if start <= e.start <= start + span]
    now = day.now_min
    title = _("De %(hours)s uur na moment %(number)s van dichtbij") % {
        "hours": decimal(span / 60, 0 if span % 60 == 0 else 1),
        "number": alt.event,
    }
    return charts.Chart(
        chart_id="chart-window",
        title=title,
        desc=alt.sentence,
        series=series,
        step_min=step,
        span_min=span,
        marks=marks,
        x_ticks=ticks,
        lang=day.lang,
        now_min=now - start if now is not None and start < now < start + span else None,
        now_label=_("nu"),
        shade=(0, span),
    )


def day_charts(day: Day) -> list[dict]:
    """The charts of a person's ``Day``: now marked, the what-if's difference shaded, and
    with a what-if its window up close first (``key == "window"``)."""
    alt = day.what_if
    marks = [e.mark() for e in (*day.events, *(alt.events if alt else ()))]
    window = [window_chart(day)] if alt and alt.window_end > alt.window_start else []
    return window + draw_day(
        DayDrawing(
            prefix="chart",
            title=_("%(group)s op %(subject)s") % {"group": "%(group)s", "subject": day.date_label},
            groups=[
                (g.key, g.title, g.quantities, g.labels, g.summary.sentence) for g in day.groups
            ],
            series=day.series,
            hourly=day.hourly,
            marks=marks,
            lang=day.lang,
            wake=day.wake,
            sleep=day.sleep,
            step_min=day.step_min,
            alt_label=_("en als ik %(label)s") % {"label": alt.label} if alt else "",
            alt_series=alt.series if alt else None,
            alt_hourly=alt.hourly if alt else None,
            now_min=day.now_min,
            shade=(alt.window_start, alt.window_end) if alt else None,
            band_low=day.band_low,
            band_high=day.band_high,
        )
    )


@dataclasses.dataclass(frozen=True)
class DaysDrawing:
    """What the charts of several days need, from a person's ``Week`` or a long scenario."""

    title: str  # with %(group)s
    days: Sequence[DayRow]
    groups: Sequence[Group]
    series: dict[str, list[float]]
    marks: Sequence[charts.Mark]
    lang: str
    wake: str
    sleep: str
    step_min: int
    #: The minutes drawn (the current week stops at now; after that the chart stays blank).
    until_min: int
    alt_label: str = ""
    alt_series: dict[str, list[float]] | None = None


def draw_days(d: DaysDrawing) -> list[dict]:
    """One chart per group over several days, with a table of each day's mean and peak
    (the days to come left out). The ``alt_series`` are drawn dashed."""
    n_days = len(d.days)
    # Over many days, every event as a mark would hide the curves: the table and the
    # explanation carry them instead.
    marks = list(d.marks) if n_days <= 7 else []
    nights = charts.sleep_spans(parse_clock(d.wake), parse_clock(d.sleep), days=n_days)
    every = max(1, n_days // 7)
    ticks = [
        (i * MINUTES_PER_DAY + 720, day.short) for i, day in enumerate(d.days) if i % every == 0
    ]
    out = []
    for group in d.groups:
        pairs = list(zip(group.quantities, group.labels, strict=True))
        series = [charts.Series(q, label, d.series[q]) for q, label in pairs]
        if d.alt_series:
            series += [charts.Series(q, label, d.alt_series[q], dashed=True) for q, label in pairs]
        chart = charts.Chart(
            chart_id=f"days-{group.key}",
            title=d.title % {"group": group.title},
            desc=chart_desc(group.summary.sentence, d.alt_label if d.alt_series else None),
            series=series,
            step_min=d.step_min,
            span_min=n_days * MINUTES_PER_DAY,
            marks=marks,
            sleep_spans=[
                (start, min(end, d.until_min)) for start, end in nights if start < d.until_min
            ],
            x_ticks=ticks,
            lang=d.lang,
            extra_classes=("days",),
        )
        head = []
        for label in group.labels:
            head += [_("%(q)s gemiddeld") % {"q": label}, _("%(q)s hoogst") % {"q": label}]
        rows: list[list[Any]] = [
            [day.label, *(v for q in group.quantities for v in (day.mean[q], day.peak[q]))]
            for day in d.days
            if not day.future
        ]
        caption = _("%(title)s: per dag, keer je rustniveau") % {"title": chart.title}
        legend = [{"key": q, "label": label} for q, label in pairs]
        table = (_("Dag"), head, rows, caption)
        entry = chart_entry(group.key, group.title, legend, chart, table)
        entry["dashed"] = d.alt_label if d.alt_series else ""
        out.append(entry)
    return out


def week_charts(week: Week) -> list[dict]:
    """The charts of a person's ``Week``, drawn up to now, its events marked."""
    return draw_days(
        DaysDrawing(
            title=_("%(group)s in week %(subject)s") % {"group": "%(group)s", "subject": week.week},
            days=week.days,
            groups=week.groups,
            series=week.series,
            marks=[e.mark() for e in week.events],
            lang=week.lang,
            wake=week.wake,
            sleep=week.sleep,
            step_min=week.step_min,
            until_min=week.until_min,
        )
    )
