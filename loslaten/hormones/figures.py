"""The published figures the model is held to, measured on the model.

One home for how each figure is measured: the tests (``tests/test_published.py``), the
sensitivity table (``python -m loslaten.hormones.report sensitivity``) and docs/model.md use
these functions. Each returns plain floats; ``params`` overrides values of params.toml.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .events import MINUTES_PER_DAY, SLEEP, WAKE, format_clock, parse_clock
from .simulate import simulate

TSST_ONSET = 14 * 60
TSST_MIN = 15


def tsst_event(minutes: int = TSST_MIN) -> str:
    """A TSST-like stressor of ``minutes``: holding on at intensity 2 from ``TSST_ONSET``."""
    return f"hold@{format_clock(TSST_ONSET)}+{minutes}*2"


#: A TSST-like stressor: holding on at intensity 2 for 15 minutes, in the afternoon.
TSST = tsst_event()


def from_onset(course: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """``course`` (a day, by the minute) at ``minutes`` from the TSST's onset, as a ratio to
    its value just before it: the scale the TSST studies report."""
    before = course[TSST_ONSET - 1]
    return np.interp(TSST_ONSET + minutes, np.arange(course.size), course) / before


def from_wake(course: np.ndarray, minutes: np.ndarray, wake: str = WAKE) -> np.ndarray:
    """``course`` (a day, by the minute) at ``minutes`` after waking at ``wake``, as a ratio
    to its value at waking: the scale the awakening studies report."""
    at = parse_clock(wake)
    return np.interp(at + minutes, np.arange(course.size), course) / course[at]


Params = dict[str, Any] | None


def daily_rhythm(params: Params = None, wake: str = WAKE, sleep: str = SLEEP) -> dict:
    """Peak-to-nadir ratio, their clock times (minutes) and the awakening response."""
    day = simulate([], wake=wake, sleep=sleep, params=params).cortisol[:MINUTES_PER_DAY]
    wake_min = parse_clock(wake)
    after = day[wake_min : wake_min + 90]
    car_peak = int(np.argmax(after))
    return {
        "peak_to_nadir": float(day.max() / day.min()),
        "peak_minute": int(np.argmax(day)),
        "nadir_minute": int(np.argmin(day)),
        "car_rise": float(after[car_peak] / after[0] - 1.0),
        "car_abs_rise": float(after[car_peak] - after[0]),
        "car_peak_after_wake_min": car_peak,
        "car_at_wake": float(after[0]),
        "car_peak": float(after[car_peak]),
        "mean": float(day.mean()),
    }


def awakening_at(wake: str, params: Params = None, night_h: int = 8) -> dict:
    """The awakening response when waking at ``wake`` after a night of ``night_h`` hours
    (as on an early or a late shift): ``daily_rhythm``'s ``car_rise`` (relative to the value
    at waking), ``car_abs_rise`` (in units of the daily mean), ``car_at_wake`` and ``car_peak``
    (the values at waking and at the highest point) and its timing."""
    sleep = format_clock(parse_clock(wake) - 60 * night_h)
    return daily_rhythm(params, wake=wake, sleep=sleep)


def excess_left(base: np.ndarray, stressed: np.ndarray, minutes_after_end: int) -> float:
    """The share of the TSST's peak cortisol excess over the unstressed course that is left
    ``minutes_after_end`` minutes after the stressor ends (0 = back on the unstressed course)."""
    excess = stressed - base
    return float(excess[TSST_ONSET + TSST_MIN + minutes_after_end] / excess.max())


def tsst(params: Params = None) -> dict:
    """A TSST-like stressor against the unstressed day: cortisol and ACTH."""
    base = simulate([], params=params)
    stressed = simulate([TSST], params=params)
    excess = stressed.cortisol - base.cortisol
    peak = int(np.argmax(excess))
    end = TSST_ONSET + TSST_MIN
    before = stressed.cortisol[TSST_ONSET - 1]
    return {
        "cortisol_ratio": float(np.max(stressed.cortisol / base.cortisol)),
        "cortisol_peak_after_onset_min": peak - TSST_ONSET,
        "acth_ratio": float(np.max(stressed.acth / base.acth)),
        "excess_left_40min": excess_left(base.cortisol, stressed.cortisol, 40),
        "excess_left_60min": excess_left(base.cortisol, stressed.cortisol, 60),
        "ratio_60min_after": float(stressed.cortisol[end + 60] / base.cortisol[end + 60]),
        # As the TSST studies report it: against the value just before the stressor.
        "prestress_ratio_60min_after": float(stressed.cortisol[end + 60] / before),
        "prestress_ratio_90min_after": float(stressed.cortisol[end + 90] / before),
    }


def habituation(params: Params = None, days: int = 5) -> list[float]:
    """Peak cortisol excess of the same TSST on ``days`` days, as a fraction of day 1."""
    events = [TSST if d == 1 else f"D{d}/{TSST}" for d in range(1, days + 1)]
    base = simulate([], days=days, params=params).cortisol
    stressed = simulate(events, days=days, params=params).cortisol
    excess = stressed - base
    starts = [d * MINUTES_PER_DAY + TSST_ONSET for d in range(days)]
    peaks = [float(excess[s : s + 120].max()) for s in starts]
    return [p / peaks[0] for p in peaks]


def busy_day(params: Params = None) -> dict:
    """The ordinary busy day (scenario ``te-volle-dag``) against a quiet one, awake hours."""
    from .scenarios import get_scenario

    busy = get_scenario("te-volle-dag").simulate(params)
    quiet = simulate([], params=params)
    awake = slice(7 * 60, 23 * 60)
    return {
        "waking_mean_ratio": float(busy.cortisol[awake].mean() / quiet.cortisol[awake].mean()),
        "peak_ratio": float(np.max(busy.cortisol / quiet.cortisol)),
        "acth_peak_ratio": float(np.max(busy.acth / quiet.acth)),
    }


def slope(cortisol: np.ndarray, day: int) -> dict:
    """Morning peak, evening mean (20:00-23:00) and their ratio on day ``day`` (0-based)."""
    d = cortisol[day * MINUTES_PER_DAY : (day + 1) * MINUTES_PER_DAY]
    morning = float(d[6 * 60 : 10 * 60].max())
    evening = float(d[20 * 60 : 23 * 60].mean())
    return {"morning": morning, "evening": evening, "ratio": morning / evening}


def weeks_of_strain(params: Params = None, strain_days: int = 14, after_days: int = 7) -> dict:
    """Daily slope and evening cortisol after ``strain_days`` of the chronic-strain day,
    then ``after_days`` without events: how it changes and how it fades."""
    from .scenarios import _CHRONIC_DAY, _every_day

    days = strain_days + after_days
    strained = simulate(list(_every_day(_CHRONIC_DAY, strain_days)), days=days, params=params)
    quiet = slope(simulate([], params=params).cortisol, 0)
    last = slope(strained.cortisol, strain_days - 1)
    after = [slope(strained.cortisol, strain_days + k) for k in range(after_days)]
    return {
        "quiet": quiet,
        "last_strain_day": last,
        "days_after": after,
        "tension_max": float(strained.tension.max()),
        "adrenaline_max": float(strained.adrenaline.max()),
    }


def sensitivity_figures(params: Params = None) -> dict[str, float]:
    """The figures the sensitivity table reports, by name."""
    rhythm = daily_rhythm(params)
    stress = tsst(params)
    busy = busy_day(params)
    return {
        "morning peak : night low": rhythm["peak_to_nadir"],
        "awakening rise": rhythm["car_rise"],
        "TSST cortisol peak ratio": stress["cortisol_ratio"],
        "TSST ACTH peak ratio": stress["acth_ratio"],
        "TSST excess left 60 min after": stress["excess_left_60min"],
        "busy day waking mean ratio": busy["waking_mean_ratio"],
        "habituation: day 5 / day 1": habituation(params)[-1],
    }
