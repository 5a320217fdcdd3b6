"""The SVG chart renderer, on small hand-made data (no model, no database)."""

# The SVG parsed here is our own output, not untrusted input.
# ruff: noqa: S314

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loslaten.practice import charts

SVG = "{http://www.w3.org/2000/svg}"


def make_chart(**overrides) -> charts.Chart:
    minutes = np.arange(0, 1441, 5)
    bump = 1 + 0.8 * np.exp(-(((minutes - 580) / 30) ** 2))
    base = dict(
        chart_id="c1",
        title="De stresskant",
        desc="Je cortisol was het hoogst om 09:40.",
        series=[
            charts.Series("cortisol", "cortisol", bump),
            charts.Series("tension", "spanning", np.ones_like(bump)),
        ],
        step_min=5,
        span_min=1440,
        marks=[charts.Mark(540, 541, 1, "ik bleef alles controleren")],
        sleep_spans=charts.sleep_spans(7 * 60, 23 * 60),
        x_ticks=charts.day_ticks(),
    )
    base.update(overrides)
    return charts.Chart(**base)


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(charts.render_chart(chart))


def test_chart_is_well_formed_svg():
    assert parse(make_chart()).tag == f"{SVG}svg"


def test_chart_has_role_img_labelled_by_title_and_desc():
    root = parse(make_chart())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "De stresskant"
    assert root.find(f"{SVG}desc").text == "Je cortisol was het hoogst om 09:40."


def test_chart_escapes_text():
    root = parse(make_chart(title="<b>&", desc='"x" < y'))
    assert root.find(f"{SVG}title").text == "<b>&"
    assert root.find(f"{SVG}desc").text == '"x" < y'


def test_chart_has_no_inline_style():
    svg = charts.render_chart(make_chart())
    assert "style" not in svg


def test_chart_draws_one_path_per_series_with_its_class():
    paths = list(parse(make_chart()).iter(f"{SVG}path"))
    assert [p.get("class") for p in paths] == ["curve q-cortisol", "curve q-tension"]
    assert all(p.get("fill") == "none" for p in paths)


def test_dashed_series_get_a_dasharray_and_are_drawn_last():
    series = [
        charts.Series("cortisol", "cortisol", np.ones(289), dashed=True),
        charts.Series("tension", "spanning", np.ones(289)),
    ]
    paths = list(parse(make_chart(series=series)).iter(f"{SVG}path"))
    assert paths[-1].get("stroke-dasharray") and "what-if" in paths[-1].get("class")
    assert paths[0].get("stroke-dasharray") is None


def test_flat_curve_is_simplified_to_two_points():
    root = parse(make_chart(series=[charts.Series("tension", "spanning", np.ones(289))]))
    d = next(root.iter(f"{SVG}path")).get("d")
    assert d.count("L") == 1


def test_chart_stays_small():
    assert len(charts.render_chart(make_chart())) < 6000


def test_short_event_is_a_tick_and_a_long_one_a_band():
    marks = [charts.Mark(540, 541, 1, "kort"), charts.Mark(600, 660, 2, "lang")]
    root = parse(make_chart(marks=marks))
    lines = [e.get("class") for e in root.iter(f"{SVG}line")]
    rects = [e.get("class") for e in root.iter(f"{SVG}rect")]
    assert lines.count("mark") == 1
    assert rects.count("mark band") == 1


def test_marks_are_numbered_and_a_what_if_moment_is_a_dashed_line_without_a_number():
    marks = [charts.Mark(540, 541, 1, "a"), charts.Mark(700, 701, 2, "b", what_if=True)]
    root = parse(make_chart(marks=marks))
    labels = [t.text for t in root.iter(f"{SVG}text") if "label" in (t.get("class") or "")]
    assert labels == ["1"]
    dashed = [e for e in root.iter(f"{SVG}line") if e.get("class") == "mark what-if"]
    assert dashed and dashed[0].get("stroke-dasharray")


def test_night_is_shaded_before_wake_and_after_sleep():
    root = parse(make_chart())
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "sleep"]
    assert len(rects) == 2
    assert float(rects[0].get("x")) == charts.WIDE.left


def test_x_axis_has_hour_labels():
    root = parse(make_chart())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "00:00" in texts and "12:00" in texts and "24:00" in texts


def test_y_axis_labels_use_a_decimal_comma_in_dutch():
    root = parse(make_chart())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert any("," in (t or "") and t.endswith("×") for t in texts)


def test_end_labels_name_every_curve():
    root = parse(make_chart())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "cortisol" in texts and "spanning" in texts


def test_end_labels_do_not_overlap():
    same = [charts.Series(q, q, np.ones(289)) for q in ("a", "b", "c")]
    root = parse(make_chart(series=same))
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "end-labels")
    ys = sorted(float(t.get("y")) for t in group)
    assert all(b - a >= charts.WIDE.font - 1e-6 for a, b in itertools.pairwise(ys))


def test_simplify_keeps_a_spike():
    xs = np.arange(100.0)
    ys = np.zeros(100)
    ys[50] = 10
    kept = charts.simplify(np.column_stack([xs, ys]))
    assert [50.0, 10.0] in kept.tolist()
    assert len(kept) <= 5


def test_simplify_keeps_the_ends():
    pts = np.column_stack([np.arange(10.0), np.arange(10.0)])
    kept = charts.simplify(pts)
    assert kept.tolist() == [[0.0, 0.0], [9.0, 9.0]]


def one_piece_at_a_time(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Ramer-Douglas-Peucker as it is usually written: the reference for ``simplify``."""
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = points[first], points[last]
        seg = points[first + 1 : last]
        dx, dy = b - a
        norm = np.hypot(dx, dy)
        if norm == 0:
            dist = np.hypot(seg[:, 0] - a[0], seg[:, 1] - a[1])
        else:
            dist = np.abs(dx * (seg[:, 1] - a[1]) - dy * (seg[:, 0] - a[0])) / norm
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            keep[first + 1 + i] = True
            stack += [(first, first + 1 + i), (first + 1 + i, last)]
    return points[keep]


curves = st.lists(st.floats(-50, 50, allow_nan=False, width=32), min_size=3, max_size=300).map(
    lambda ys: np.column_stack([np.arange(len(ys)) * 1.9, np.round(ys, 1)])
)


@settings(max_examples=200, deadline=None)
@given(curves, st.sampled_from([0.0, 0.3, 1.0, 5.0]))
def test_simplify_keeps_what_one_piece_at_a_time_keeps(points, tolerance):
    kept = charts.simplify(points, tolerance)
    assert kept.tolist() == one_piece_at_a_time(points, tolerance).tolist()


def awkward_lines() -> list[np.ndarray]:
    """Lines a chart meets, and some it should survive: flat, one spike, a step, a plateau
    of equal highest points (a tie), coinciding ends (a loop), repeated points, and lines
    of one, two and no points."""
    xs = np.arange(50.0) * 1.7
    flat = np.column_stack([xs, np.full(50, 120.25)])
    spike = flat.copy()
    spike[20, 1] = 30.0
    step = np.column_stack([xs, np.where(xs < 40, 200.0, 60.0)])
    plateau = np.column_stack([xs, 100 - 40 * ((xs > 30) & (xs < 50))])
    loop = (
        np.column_stack(
            [np.cos(np.linspace(0, 2 * np.pi, 40)), np.sin(np.linspace(0, 2 * np.pi, 40))]
        )
        * 50
    )
    repeated = np.repeat(np.column_stack([xs[:10], xs[:10] ** 1.5]), 3, axis=0)
    return [
        flat,
        spike,
        step,
        plateau,
        loop,
        repeated,
        flat[:1],
        spike[19:21],
        np.empty((0, 2)),
        np.array([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]]),
    ]


@pytest.mark.parametrize("tolerance", [0.0, 0.3, 2.0])
def test_simplify_many_keeps_what_each_line_alone_keeps(tolerance):
    lines = awkward_lines()
    together = charts.simplify_many(lines, tolerance)
    for line, kept in zip(lines, together, strict=True):
        expected = one_piece_at_a_time(line, tolerance) if len(line) >= 3 else line
        assert kept.tolist() == expected.tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(curves | st.integers(0, 2).map(lambda n: np.ones((n, 2))), max_size=6))
def test_lines_simplified_together_keep_what_each_keeps_alone(lines):
    together = charts.simplify_many(lines)
    assert [k.tolist() for k in together] == [charts.simplify(p).tolist() for p in lines]
    assert [k.tolist() for k in together] == [
        (one_piece_at_a_time(p, 0.3) if len(p) >= 3 else p).tolist() for p in lines
    ]


def old_path_d(points: np.ndarray, close: bool = False) -> str:
    """A path's ``d`` written one number at a time: the reference for ``path_d``."""
    d = "M" + "L".join(f"{charts._fmt(x)},{charts._fmt(y)}" for x, y in points)
    return d + "Z" if close else d


coordinates = st.floats(-1000, 1000, allow_nan=False) | st.sampled_from(
    [0.0, -0.0, 0.05, -0.05, 0.25, 1.05, 2.95, 9.95, 99.95, -0.04, 10.0, 120.0]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(coordinates, coordinates), max_size=40), st.booleans())
def test_path_d_writes_every_number_as_one_at_a_time(points, close):
    array = np.array(points, dtype=float).reshape(-1, 2)
    assert charts.path_d(array, close) == old_path_d(array, close)


def test_charts_drawn_together_are_the_charts_drawn_alone():
    minutes = np.arange(0, 1441, 5)
    band = (np.full(289, 0.9), 1.2 + 0.4 * np.sin(minutes / 90))
    banded = charts.Series("cortisol", "cortisol", 1 + 0.3 * np.sin(minutes / 90), band=band)
    what_if = charts.Series("cortisol", "cortisol", 1 + 0.2 * np.sin(minutes / 80), dashed=True)
    several = [
        make_chart(),
        make_chart(chart_id="c2", series=[banded, what_if], now_min=600, shade=(540, 700)),
        make_chart(chart_id="c3", layout=charts.NARROW, now_min=1430),
        make_chart(chart_id="c4", series=[charts.Series("a", "a", [1.0])]),
    ]
    assert charts.render_charts(several) == [charts.render_chart(c) for c in several]


@settings(max_examples=100, deadline=None)
@given(curves)
def test_simplified_path_stays_within_the_tolerance(points):
    kept = charts.simplify(points, 0.3)
    # Each point lies within the tolerance of the chord of the drawn piece it belongs to.
    piece = np.minimum(np.searchsorted(kept[:, 0], points[:, 0], side="right") - 1, len(kept) - 2)
    a, b = kept[piece], kept[piece + 1]
    d = b - a
    cross = d[:, 0] * (points[:, 1] - a[:, 1]) - d[:, 1] * (points[:, 0] - a[:, 0])
    assert np.all(np.abs(cross) / np.hypot(d[:, 0], d[:, 1]) <= 0.3 + 1e-9)


@pytest.mark.parametrize(
    ("lo", "hi"), [(0.3, 3.1), (0.95, 1.05), (1.0, 16.0), (0.0, 1.0), (0.8, 1.5)]
)
def test_nice_ticks_are_few_and_inside(lo, hi):
    ticks = charts.nice_ticks(lo, hi)
    assert 1 <= len(ticks) <= 5
    assert all(lo - 1e-9 <= t <= hi + 1e-9 for t in ticks)


@pytest.mark.parametrize(("lo", "hi"), [(0.3, 6.2), (0.05, 40.0), (0.9, 1.1)])
def test_log_ticks_keep_the_baseline_and_stay_few(lo, hi):
    ticks = charts.log_ticks(lo, hi)
    assert 1.0 in ticks and len(ticks) <= 6


def test_twice_and_half_lie_equally_far_from_the_baseline():
    series = [charts.Series("a", "a", [0.5, 2.0])]
    root = parse(make_chart(series=series, marks=[]))
    ys = {t.text: float(t.get("y")) for t in root.iter(f"{SVG}text") if t.text.endswith("×")}
    assert abs((ys["0,5×"] - ys["1×"]) - (ys["1×"] - ys["2×"])) < 0.2


def test_y_range_includes_the_baseline():
    lo, hi = charts.y_range([charts.Series("a", "a", [1.5, 2.0])])
    assert lo < 1.0 < hi


def test_sleep_spans_for_a_night_over_midnight():
    assert charts.sleep_spans(420, 1380) == [(0, 420), (1380, 1440)]


def test_sleep_spans_join_nights_over_several_days():
    assert charts.sleep_spans(420, 1380, days=2) == [(0, 420), (1380, 1860), (2820, 2880)]


def test_sleep_spans_for_sleeping_after_midnight():
    assert charts.sleep_spans(9 * 60, 60) == [(60, 540)]


def test_the_top_row_of_marks_stays_inside_the_chart():
    marks = [charts.Mark(540 + i, 541 + i, i + 1, "x") for i in range(3)]
    root = parse(make_chart(marks=marks))
    ys = [float(t.get("y")) for t in root.iter(f"{SVG}text") if "label" in (t.get("class") or "")]
    assert min(ys) >= charts.WIDE.font  # the digits' baseline: nothing above y=0 is cut off


def test_crowded_marks_share_one_range_label_instead_of_stacking():
    marks = [charts.Mark(540 + i, 541 + i, i + 1, "x") for i in range(5)]
    marks.append(charts.Mark(900, 901, 6, "y"))
    root = parse(make_chart(marks=marks))
    texts = [t for t in root.iter(f"{SVG}text") if "label" in (t.get("class") or "")]
    assert [t.text for t in texts] == ["1–5", "6"]
    assert len({t.get("y") for t in texts}) == 1


def test_mark_labels_never_overlap_on_a_phone():
    marks = [charts.Mark(360 + 20 * i, 361 + 20 * i, i + 1, "x") for i in range(30)]
    root = parse(make_chart(marks=marks, layout=charts.NARROW))
    xs = [float(t.get("x")) for t in root.iter(f"{SVG}text") if "label" in (t.get("class") or "")]
    width = 3 * charts.NARROW.font  # "12–14" at most
    assert all(b - a >= width / 2 for a, b in itertools.pairwise(xs))


def test_now_splits_each_curve_into_the_past_and_the_expected_course():
    root = parse(make_chart(now_min=600))
    paths = [p.get("class") for p in root.iter(f"{SVG}path")]
    assert "curve q-cortisol" in paths and "curve q-cortisol expected" in paths
    now = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "now")
    assert [t.text for t in now.iter(f"{SVG}text")] == ["nu"]
    future = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "future"]
    assert len(future) == 1


def test_the_what_if_difference_is_a_shaded_area_in_its_window():
    base = np.ones(289)
    alt = base.copy()
    alt[120:160] = 0.8
    series = [charts.Series("tension", "spanning", base), charts.Series("tension", "s", alt, True)]
    root = parse(make_chart(series=series, shade=(600, 780)))
    areas = [p for p in root.iter(f"{SVG}path") if "diff-area" in (p.get("class") or "")]
    assert len(areas) == 1
    xs = [float(pt.split(",")[0]) for pt in areas[0].get("d")[1:-1].split("L")]
    lay = charts.WIDE
    assert min(xs) >= lay.left + lay.plot_w * 600 / 1440 - 0.1
    assert max(xs) <= lay.left + lay.plot_w * 780 / 1440 + 0.1


def test_narrow_chart_text_is_at_least_12_css_pixels_on_a_phone():
    # 390 px wide, about 355 px of it for the chart; the what-if's close-up has 323 px on a
    # phone and 306 px in its column on a desktop.
    assert charts.NARROW.font * 355 / charts.NARROW.width >= 12
    assert charts.CLOSE_UP.font * 306 / charts.CLOSE_UP.width >= 12
    # From 40rem (640 px) up the wide one shows, in at least 606 px.
    assert charts.WIDE.font * 606 / charts.WIDE.width >= 12


def test_a_band_is_a_light_area_drawn_behind_its_curve_and_inside_the_plot():
    minutes = np.arange(0, 1441, 5)
    bump = 1 + 0.8 * np.exp(-(((minutes - 580) / 30) ** 2))
    band = (bump * 0.05, bump * 1.3)  # its low edge far below anything the curves reach
    series = [charts.Series("cortisol", "cortisol", bump, band=band)]
    without = parse(make_chart(series=[charts.Series("cortisol", "cortisol", bump)]))
    root = parse(make_chart(series=series))
    paths = [p.get("class") for p in root.iter(f"{SVG}path")]
    assert paths.index("band-area q-cortisol") < paths.index("curve q-cortisol")
    # The axis is the curve's own: the band is cut at the plot's edge, not stretched for.
    ticks = [t.text for t in root.iter(f"{SVG}text") if (t.text or "").endswith("×")]
    assert ticks == [t.text for t in without.iter(f"{SVG}text") if (t.text or "").endswith("×")]
    area = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "band-area q-cortisol")
    ys = [float(pt.split(",")[1]) for pt in area.get("d")[1:-1].split("L")]
    lay = charts.WIDE
    assert lay.top - 0.1 <= min(ys) and max(ys) <= lay.top + lay.plot_h + 0.1
