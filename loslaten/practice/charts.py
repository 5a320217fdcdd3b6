"""Server-rendered SVG line charts: small, valid, accessible, and free of inline style.

The page's Content-Security-Policy forbids inline ``style``, so the SVG carries only
presentation attributes (``stroke``, ``fill``, ``stroke-dasharray``) as a plain fallback and
classes that ``practice/day.css`` colours with the site's CSS variables (light and dark).

The chart is a picture for sighted readers; the accessible name and description come from
``<title>`` and ``<desc>`` (``role="img"``), and the page puts a data table beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from html import escape

import numpy as np

from loslaten.hormones.events import MINUTES_PER_DAY

SIMPLIFY_PX = 0.3  # a curve may deviate this much from the drawn path (invisible)


@dataclass(frozen=True)
class Layout:
    """Canvas and plot area in SVG user units. The right margin holds the direct labels at
    the end of each curve, so that colour is never the only way to tell the curves apart.

    The page draws each chart twice: ``WIDE`` for wide boxes, ``NARROW`` for narrow ones (a
    phone, the what-if's column beside the day's story), so that the text stays at least 12
    CSS pixels where each is shown (see ``day.css``). ``CLOSE_UP`` is the narrow drawing of
    a span shorter than a day: the what-if's close-up, whose box is down to 306 px."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int
    tick_hours: int

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom


WIDE = Layout(width=640, height=260, left=48, right=92, top=30, bottom=28, font=13, tick_hours=3)
NARROW = Layout(width=360, height=240, left=46, right=80, top=30, bottom=28, font=13, tick_hours=6)
#: A whole day's five hour labels need NARROW's width; a close-up's three fit in less.
CLOSE_UP = replace(NARROW, width=330)


@dataclass(frozen=True)
class Series:
    """One curve: ``values`` are equally spaced samples, ``step_min`` minutes apart, from
    minute 0. ``key`` names the CSS class (``q-<key>``); ``dashed`` draws the what-if.
    ``band`` is the model's uncertainty around the curve, ``(low, high)`` sampled like
    ``values``: drawn as a light area behind it."""

    key: str
    label: str
    values: Sequence[float]
    dashed: bool = False
    band: tuple[Sequence[float], Sequence[float]] | None = None


@dataclass(frozen=True)
class Mark:
    """An event on the time axis: a tick at ``start`` (a band when it lasts 5 minutes or
    more), labelled with ``number`` (the page lists what each number means)."""

    start: int
    end: int
    number: int
    label: str
    what_if: bool = False


@dataclass(frozen=True)
class Chart:
    """Everything needed to draw one chart."""

    chart_id: str
    title: str
    desc: str
    series: Sequence[Series]
    step_min: int
    span_min: int
    marks: Sequence[Mark] = ()
    sleep_spans: Sequence[tuple[int, int]] = ()
    x_ticks: Sequence[tuple[int, str]] = ()
    lang: str = "nl"
    baseline_label: str = "basis"
    extra_classes: Sequence[str] = field(default_factory=tuple)
    #: Today: the minute it is now. After it the curves are the expected course (lighter,
    #: dotted) and a line marks "now".
    now_min: int | None = None
    now_label: str = "nu"
    #: The what-if's window ``(start, end)``: the difference between each curve and its
    #: what-if partner is shaded there.
    shade: tuple[int, int] | None = None
    layout: Layout = WIDE


def _fmt(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _number(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "nl" else text


def simplify(points: np.ndarray, tolerance: float = SIMPLIFY_PX) -> np.ndarray:
    """Ramer-Douglas-Peucker: keep the points a path needs to stay within ``tolerance`` of
    every original point. ``points`` has shape ``(n, 2)``; returns a subset in order."""
    return simplify_many([points], tolerance)[0]


def simplify_many(lines: Sequence[np.ndarray], tolerance: float = SIMPLIFY_PX) -> list[np.ndarray]:
    """``simplify`` of each of ``lines`` (float arrays of shape ``(n, 2)``), all at once.

    Ramer-Douglas-Peucker splits a piece of a path at its point farthest from the chord
    between the piece's ends (the first such point on a tie), until no point lies farther
    than ``tolerance``. A piece depends only on its own ends, so the open pieces of every
    line are split together, level by level: the same points as splitting one piece at a
    time, in some thirty array operations per level for all the lines at once. Arrays of a
    few hundred points cost mostly per operation, so a chart's wide and narrow drawings,
    simplified together, cost about a fifth of their lines simplified one by one.

    The wide and the narrow drawing of a curve cannot share one simplification: the two
    scale x and y by different factors, and the points a path needs change with that.
    """
    if not lines:
        return []
    sizes = np.array([len(line) for line in lines])
    bounds = np.concatenate(([0], np.cumsum(sizes)))
    joined = np.concatenate(lines) if len(lines) > 1 else lines[0]
    xy = np.ascontiguousarray(np.asarray(joined, dtype=float).T)  # row 0: x, row 1: y
    keep = np.zeros(len(joined), dtype=bool)
    # The open pieces, by their first and last point (indices into ``joined``).
    first, last = bounds[:-1][sizes >= 3], bounds[1:][sizes >= 3] - 1
    keep[first] = keep[last] = True
    while len(first):
        inside = last - first - 1  # every open piece has points between its ends
        offset = np.cumsum(inside) - inside  # where each piece's points start in ``at``
        at = np.arange(offset[-1] + inside[-1]) + np.repeat(first + 1 - offset, inside)
        start = xy[:, first]
        chord = xy[:, last] - start  # dx, dy
        norm = np.hypot(chord[0], chord[1])
        rel = xy[:, at] - np.repeat(start, inside, axis=1)
        terms = np.repeat(chord, inside, axis=1) * rel[::-1]  # dx * ry, dy * rx
        cross = np.abs(terms[0] - terms[1])
        if norm.all():
            dist = cross / np.repeat(norm, inside)
        else:  # a piece whose ends coincide: the distance to that point
            each = np.repeat(norm, inside)
            dist = np.divide(cross, each, out=np.hypot(rel[0], rel[1]), where=each > 0)
        farthest = np.maximum.reduceat(dist, offset)
        split = farthest > tolerance
        if not split.any():
            break
        hits = np.flatnonzero(dist == np.repeat(np.where(split, farthest, np.nan), inside))
        if len(hits) > np.count_nonzero(split):  # a tie: the first of each piece
            piece = np.searchsorted(offset, hits, side="right")
            hits = hits[np.concatenate(([True], piece[1:] != piece[:-1]))]
        middle = at[hits]
        keep[middle] = True
        first = np.concatenate((first[split], middle))
        last = np.concatenate((middle, last[split]))
        first, last = first[last - first > 1], last[last - first > 1]
    return [
        line if n < 3 else line[keep[a : a + n]]
        for line, a, n in zip(lines, bounds[:-1].tolist(), sizes.tolist(), strict=True)
    ]


_POINT_ZERO = re.compile(r"\.0(?![0-9])")


def path_d(points: np.ndarray, close: bool = False) -> str:
    """A path's ``d``: ``M`` to the first of ``points`` (shape ``(n, 2)``), ``L`` to each
    next, ``Z`` when ``close``; every coordinate as ``_fmt`` writes it, formatted in one
    operation (one decimal, then each trailing ``.0`` dropped)."""
    text = "M" + "L".join(["%.1f,%.1f"] * len(points)) % tuple(np.ravel(points).tolist())
    return _POINT_ZERO.sub("", text + "Z" if close else text)


def nice_ticks(lo: float, hi: float, max_ticks: int = 5) -> list[float]:
    """Round tick values covering ``[lo, hi]``, at most ``max_ticks`` of them."""
    span = max(hi - lo, 1e-9)
    for step in (0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        first = np.ceil(lo / step - 1e-9) * step
        ticks = [round(first + i * step, 6) for i in range(int(span / step) + 2)]
        ticks = [t for t in ticks if t <= hi + 1e-9]
        if len(ticks) <= max_ticks:
            return ticks
    return [lo, hi]


FLOOR = 0.05  # values are ratios to rest; nothing real goes this low, and log needs > 0


def y_range(series: Sequence[Series]) -> tuple[float, float]:
    """The value range to show: every curve and the baseline 1.0, with a little air (in
    log space, where the chart draws)."""
    lo, hi = 1.0, 1.0
    for s in series:
        if len(s.values):
            lo = min(lo, float(np.min(s.values)))
            hi = max(hi, float(np.max(s.values)))
    lo = max(lo, FLOOR)
    pad = max(np.log(hi / lo), 0.1) * 0.06
    return float(lo * np.exp(-pad)), float(hi * np.exp(pad))


def log_ticks(lo: float, hi: float, max_ticks: int = 6) -> list[float]:
    """Ticks for a log axis: doublings (…, 0.5, 1, 2, 4, …) over wide ranges, round linear
    steps over narrow ones."""
    if hi / lo >= 3:
        step = 1
        while True:  # every doubling, then every second one (always keeping 1×), ...
            ticks = [2.0**k for k in range(-12, 13) if k % step == 0 and lo <= 2.0**k <= hi]
            if len(ticks) <= max_ticks:
                return ticks
            step += 1
    return nice_ticks(lo, hi, max_ticks=5)


def _spread(wanted: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Move label positions apart (keeping their order) so that none are closer than
    ``gap``, staying within ``[lo, hi]`` where possible."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    pos = [wanted[i] for i in order]
    for i in range(1, len(pos)):
        pos[i] = max(pos[i], pos[i - 1] + gap)
    overflow = pos[-1] - hi if pos else 0
    if overflow > 0:
        pos[-1] -= overflow
        for i in range(len(pos) - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - gap)
    pos = [max(lo, p) for p in pos]
    out = [0.0] * len(wanted)
    for rank, i in enumerate(order):
        out[i] = pos[rank]
    return out


def _mark_labels(
    xs: Sequence[float], numbers: Sequence[int], font: float
) -> list[tuple[float, str]]:
    """One label per group of marks whose numbers would touch: ``"3"`` or ``"3–5"`` (the
    numbers run in time order), centred over the group, in one row, never overlapping."""

    def width(text: str) -> float:
        return 0.62 * font * len(text) + 2  # digits of a system sans-serif, and air

    labels: list[tuple[float, float, str, str]] = []  # (first x, last x, first, last)
    for x, n in zip(xs, numbers, strict=True):
        labels.append((x, x, str(n), str(n)))
        # Join the new label with the ones before it for as long as they would touch.
        while len(labels) > 1:
            (a0, a1, af, al), (b0, b1, bf, bl) = labels[-2], labels[-1]
            ta = af if af == al else f"{af}–{al}"
            tb = bf if bf == bl else f"{bf}–{bl}"
            if (b0 + b1) / 2 - (a0 + a1) / 2 >= (width(ta) + width(tb)) / 2:
                break
            labels[-2:] = [(a0, b1, af, bl)]
    return [((x0 + x1) / 2, f if f == last else f"{f}–{last}") for x0, x1, f, last in labels]


def render_chart(chart: Chart) -> str:
    """The chart as one ``<svg>`` element (a string of well-formed XML)."""
    return render_charts([chart])[0]


def render_charts(charts: Sequence[Chart]) -> list[str]:
    """Each of ``charts`` as ``render_chart`` draws it, their curves simplified together
    (``simplify_many``): a chart's wide and narrow drawings cost little more than one."""
    lines: list[np.ndarray] = []
    drafts = [_draft(chart, lines) for chart in charts]
    kept = simplify_many(lines)
    return ["".join(p if isinstance(p, str) else p(kept) for p in draft) for draft in drafts]


#: A part of a drawn chart: text, or the ``d`` of a path from the simplified lines.
Part = str | Callable[[list[np.ndarray]], str]


def _draft(chart: Chart, lines: list[np.ndarray]) -> list[Part]:
    """The parts of ``chart``'s SVG. Each path that needs simplifying adds its lines to
    ``lines`` and stands in the draft as a function of the simplified lines."""

    def later(points: np.ndarray) -> int:
        lines.append(points)
        return len(lines) - 1

    lay = chart.layout
    left, top, plot_w, plot_h = lay.left, lay.top, lay.plot_w, lay.plot_h
    lo, hi = y_range(chart.series)
    span = max(chart.span_min, 1)

    def x_of(minute: float) -> float:
        return left + plot_w * minute / span

    # A log scale: the values are ratios to rest, so twice as high and half as high lie
    # equally far from the baseline, and a six-fold cortisol peak does not flatten the rest.
    log_lo, log_span = np.log(lo), np.log(hi) - np.log(lo)

    def ys_of(values: np.ndarray) -> np.ndarray:
        return top + plot_h * (1 - (np.log(np.maximum(values, FLOOR)) - log_lo) / log_span)

    def y_of(value: float) -> float:
        return float(ys_of(np.asarray([value]))[0])

    cid = escape(chart.chart_id)
    classes = " ".join(["chart", *chart.extra_classes])
    out: list[Part] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(classes)}" '
        f'viewBox="0 0 {lay.width} {lay.height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" focusable="false">',
        f'<title id="{cid}-title">{escape(chart.title)}</title>',
        f'<desc id="{cid}-desc">{escape(chart.desc)}</desc>',
    ]
    # Night: shaded, drawn first so that everything else lies on top.
    for start, end in chart.sleep_spans:
        out.append(
            f'<rect class="sleep" x="{_fmt(x_of(start))}" y="{top}" '
            f'width="{_fmt(x_of(end) - x_of(start))}" height="{plot_h}" fill="#888" '
            f'fill-opacity="0.15"/>'
        )
    now = chart.now_min
    if now is not None:
        out.append(
            f'<rect class="future" x="{_fmt(x_of(now))}" y="{top}" '
            f'width="{_fmt(x_of(span) - x_of(now))}" height="{plot_h}" fill="#888" '
            f'fill-opacity="0.08"/>'
        )
    # Value grid and axis labels.
    out.append(f'<g class="axis" fill="currentColor" font-size="{lay.font}">')
    for tick in log_ticks(lo, hi):
        y = _fmt(y_of(tick))
        out.append(
            f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y}" y2="{y}" '
            f'stroke="#888" stroke-opacity="0.3"/>'
        )
        out.append(
            f'<text x="{left - 4}" y="{y}" text-anchor="end" dominant-baseline="middle">'
            f"{_number(tick, chart.lang)}×</text>"
        )
    for minute, label in chart.x_ticks:
        x = _fmt(x_of(minute))
        out.append(
            f'<line class="tick" x1="{x}" x2="{x}" y1="{top + plot_h}" y2="{top + plot_h + 4}" '
            f'stroke="#888"/>'
        )
        anchor = "start" if minute == 0 else "end" if minute >= span else "middle"
        out.append(
            f'<text x="{x}" y="{top + plot_h + lay.font + 4}" text-anchor="{anchor}">'
            f"{escape(label)}</text>"
        )
    out.append("</g>")
    # The model's uncertainty: a light area behind each curve that has one. The axis is
    # set by the curves; a band reaching further is cut at the plot's edge (a wide night
    # band would otherwise squeeze the day into half the height).
    banded = [s for s in chart.series if s.band is not None and len(s.band[0])]
    if banded:
        out.append('<g class="uncertainty">')
        for s in banded:
            low, high = (np.clip(np.asarray(edge, dtype=float), lo, hi) for edge in s.band or ())
            xs = left + plot_w * (np.arange(len(low)) * chart.step_min) / span
            upper = later(np.column_stack([xs, ys_of(high)]))
            lower = later(np.column_stack([xs, ys_of(low)]))
            out += [
                f'<path class="band-area q-{escape(s.key)}" d="',
                lambda kept, u=upper, w=lower: path_d(
                    np.concatenate([kept[u], kept[w][::-1]]), close=True
                ),
                '" fill="currentColor" fill-opacity="0.14" stroke="none"/>',
            ]
        out.append("</g>")
    # The baseline: where the body is at rest, on its own daily rhythm.
    y1 = _fmt(y_of(1.0))
    out.append(
        f'<line class="baseline" x1="{left}" x2="{left + plot_w}" y1="{y1}" y2="{y1}" '
        f'stroke="#888" stroke-dasharray="2 3"/>'
    )
    # Event marks: a thin line or band through the plot, and one number (or range) per
    # cluster above it. A what-if's added moment is a dashed line; the list names it.
    if chart.marks:
        out.append('<g class="marks" text-anchor="middle" fill="currentColor">')
        for mark in chart.marks:
            x0, x1 = x_of(mark.start), x_of(max(mark.end, mark.start + 1))
            cls = "mark what-if" if mark.what_if else "mark"
            if x1 - x0 >= 2:
                out.append(
                    f'<rect class="{cls} band" x="{_fmt(x0)}" y="{top}" '
                    f'width="{_fmt(x1 - x0)}" height="{plot_h}" fill="#888" fill-opacity="0.2"/>'
                )
            else:
                dash = ' stroke-dasharray="3 2"' if mark.what_if else ""
                out.append(
                    f'<line class="{cls}" x1="{_fmt(x0)}" x2="{_fmt(x0)}" y1="{top}" '
                    f'y2="{top + plot_h}" stroke="#888"{dash}/>'
                )
        real = [m for m in chart.marks if not m.what_if]
        labels = _mark_labels([x_of(m.start) for m in real], [m.number for m in real], lay.font)
        for x, text in labels:
            x = min(max(x, left + lay.font), left + plot_w - lay.font)
            out.append(
                f'<text class="mark-label" x="{_fmt(x)}" y="{top - 6}" '
                f'font-size="{lay.font}">{escape(text)}</text>'
            )
        out.append("</g>")
    # The what-if's difference: the area between each curve and its dashed partner, over
    # the hours after the change.
    if chart.shade:
        step = chart.step_min
        a, b = chart.shade[0] // step, min(chart.shade[1] // step, span // step)
        partners = {s.key: s for s in chart.series if s.dashed}
        out.append('<g class="diff">')
        for s in chart.series:
            other = partners.get(s.key)
            if s.dashed or other is None or b <= a:
                continue
            xs = left + plot_w * (np.arange(a, b + 1) * step) / span
            top_line = ys_of(np.asarray(s.values[a : b + 1], dtype=float))
            bottom_line = ys_of(np.asarray(other.values[a : b + 1], dtype=float))
            pts = np.column_stack(
                [np.concatenate([xs, xs[::-1]]), np.concatenate([top_line, bottom_line[::-1]])]
            )
            d = path_d(pts, close=True)
            out.append(
                f'<path class="diff-area q-{escape(s.key)}" d="{d}" fill="currentColor" '
                f'fill-opacity="0.25" stroke="none"/>'
            )
        out.append("</g>")
    # The curves, the what-if (dashed) ones after the real ones so that they lie on top.
    # After now, the real curves go on as the expected course (lighter, dotted).
    ends: list[tuple[float, str]] = []
    cut = None if now is None else now // chart.step_min
    for s in sorted(chart.series, key=lambda s: s.dashed):
        values = np.asarray(s.values, dtype=float)
        if not len(values):
            continue
        xs = left + plot_w * (np.arange(len(values)) * chart.step_min) / span
        ys = ys_of(values)
        cls = f"curve q-{s.key}" + (" what-if" if s.dashed else "")
        parts = [(0, len(values), cls, ' stroke-dasharray="6 4"' if s.dashed else "")]
        if cut is not None and not s.dashed and 0 < cut < len(values) - 1:
            parts = [
                (0, cut + 1, cls, ""),
                (cut, len(values), cls + " expected", ' stroke-dasharray="2 3"'),
            ]
        for first, last, part_cls, dash in parts:
            line = later(np.column_stack([xs[first:last], ys[first:last]]))
            out += [
                f'<path class="{escape(part_cls)}" d="',
                lambda kept, i=line: path_d(kept[i]),
                f'" fill="none" stroke="currentColor" stroke-width="2" '
                f'stroke-linejoin="round"{dash}/>',
            ]
        # The legend explains the dashes; labelling them too would crowd the right edge.
        if not s.dashed:
            ends.append((float(ys[-1]), s.label))
    if now is not None:
        x = _fmt(x_of(now))
        anchor = "end" if now > span * 0.85 else "start"
        dx = -3 if anchor == "end" else 3
        out.append(
            f'<g class="now"><line x1="{x}" x2="{x}" y1="{top}" y2="{top + plot_h}" '
            f'stroke="currentColor" stroke-width="1.5"/>'
            f'<text x="{_fmt(x_of(now) + dx)}" y="{top + lay.font}" text-anchor="{anchor}" '
            f'font-size="{lay.font}" fill="currentColor">{escape(chart.now_label)}</text></g>'
        )
    # Direct labels at the right end of each curve.
    if ends:
        placed = _spread([y for y, _ in ends], lay.font, top + 4, top + plot_h)
        out.append(f'<g class="end-labels" font-size="{lay.font}" fill="currentColor">')
        for (_, label), y in zip(ends, placed, strict=True):
            out.append(
                f'<text x="{left + plot_w + 5}" y="{_fmt(y)}" dominant-baseline="middle">'
                f"{escape(label)}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return out


def day_ticks(every_h: int = 3) -> list[tuple[int, str]]:
    """x-axis ticks for one day: every ``every_h`` hours, ``00:00`` to ``24:00``."""
    return [(h * 60, f"{h:02d}:00") for h in range(0, 25, every_h)]


def sleep_spans(wake_min: int, sleep_min: int, days: int = 1) -> list[tuple[int, int]]:
    """The minutes asleep, as ``(start, end)`` spans over ``days`` days (night may cross
    midnight)."""
    spans: list[tuple[int, int]] = []
    for d in range(days):
        base = d * MINUTES_PER_DAY
        if sleep_min > wake_min:
            spans.append((base, base + wake_min))
            spans.append((base + sleep_min, base + MINUTES_PER_DAY))
        else:
            spans.append((base + sleep_min, base + wake_min))
    # Join a night that runs over midnight into one span.
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        elif end > start:
            merged.append((start, end))
    return merged


def render_table(
    caption: str,
    first_header: str,
    head: Sequence[str],
    rows: Sequence[Sequence[object]],
    lang: str,
) -> str:
    """The chart's data as an accessible ``<table>``: a caption, column headers, and one row
    per hour (or day) with its label as the row header. Numbers get two decimals.

    Built here rather than in a template: a day's two tables have some 350 cells, and the
    template engine would spend most of the page's time on them.
    """
    out = [
        f"<table><caption>{escape(caption)}</caption><thead><tr>",
        f'<th scope="col">{escape(first_header)}</th>',
        *(f'<th scope="col">{escape(str(h))}</th>' for h in head),
        "</tr></thead><tbody>",
    ]
    for label, *cells in rows:
        out.append(f'<tr><th scope="row">{escape(str(label))}</th>')
        for cell in cells:
            text = f"{cell:.2f}" if isinstance(cell, float | int) else str(cell)
            out.append(f"<td>{escape(text.replace('.', ',') if lang == 'nl' else text)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)
