"""How the ``fitted`` parameters were obtained (run: ``python -m loslaten.hormones.calibrate``).

The fitted parameters are tuned, with Nelder-Mead on a sum of squared one-sided misses (zero
inside each band), so that the model reproduces the published figures listed in docs/model.md,
with some margin to the bands the tests use:

* cortisol awakening response: peak 30-45 min after waking (band 35-40), 50-75 % above the
  waking value (band 57-68 %) (Pruessner et al. 1997; Clow et al. 2004; Stalder et al. 2016);
* cortisol lowest around midnight (band: within 40 min of it) (Weitzman et al. 1971);
* a 15-min TSST-like stressor (``hold`` at intensity 2, 14:00): cortisol peaks 20-40 min after
  onset (band <= 36.5) at 1.5-2.5x the unstressed course, and less than a third of the peak
  excess is left 90 min after the stressor ends (band <= 0.30; <= 0.55 at +60 min)
  (Kirschbaum et al. 1993; Dickerson & Kemeny 2004);
* the unstressed 24-hour mean of cortisol is 1 (the definition of baseline);

and two structural bounds:

* the feedback stays a real negative feedback (loop gain >= ``MIN_LOOP_GAIN`` at baseline
  cortisol) that never rings (loop gain <= ``MAX_LOOP_GAIN`` at the lowest cortisol of the day,
  where it is largest; the linearised three-stage loop gets complex poles from ~0.81);
* the extra clearance above CBG saturation stays modest (``cortisol_cbg_clearance`` <=
  ``MAX_CBG_CLEARANCE``).

Times of peaks and of the nadir are measured to a fraction of a minute (a parabola through the
extreme minute and its neighbours), so the loss is smooth enough for Nelder-Mead. The script
prints the values; they are copied into params.toml by hand (with kind "fitted").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .events import MINUTES_PER_DAY
from .simulate import simulate

FITTED = (
    "awakening_drive_amplitude",
    "awakening_drive_time_min",
    "circadian_lead_min",
    "circadian_drive_scale",
    "crh_tonic_drive",
    "cortisol_feedback_halfmax",
    "cortisol_cbg_clearance",
    "hpa_gain_hold",
)
#: Largest loop gain of the feedback, at the lowest cortisol of the day (where it is largest).
#: The linearised loop CRH -> ACTH -> cortisol (half-lives 4, 10, 60 min) has only real poles
#: (no ringing, no undershoot) below ~0.81.
MAX_LOOP_GAIN = 0.75
#: ... and at least this much at baseline cortisol, so the axis keeps a real negative feedback.
MIN_LOOP_GAIN = 0.3
#: Largest extra CBG clearance: cortisol's clearance at most 1 + this times its literature
#: rate (once CBG is full; without CBG binding the free fraction is ~5x higher, Lewis et al.
#: 2005), and cortisol never gets as fast as ACTH (the loop would then ring).
MAX_CBG_CLEARANCE = 3.0
STRESSOR_ONSET = 14 * 60
STRESSOR_MIN = 15


def _refine(y: np.ndarray, i: int) -> float:
    """Position of the extreme at index ``i`` to a fraction of a minute (parabola)."""
    if 0 < i < len(y) - 1:
        a, b, c = y[i - 1], y[i], y[i + 1]
        den = a - 2.0 * b + c
        if den != 0:
            return i + 0.5 * float(a - c) / float(den)
    return float(i)


def measure(params: dict[str, Any] | None = None, wake: str = "07:00") -> dict[str, float]:
    """The published figures as the model reproduces them (times in minutes).

    ``*_min`` times are whole minutes, as the tests measure them; the ``smooth_*`` ones are
    refined to a fraction of a minute (for the fit).
    """
    h, m = map(int, wake.split(":"))
    wake_min = h * 60 + m
    base = simulate([], wake=wake, params=params).cortisol
    day = base[:MINUTES_PER_DAY]
    peak = int(np.argmax(day))
    nadir = int(np.argmin(day))
    smooth_nadir = _refine(-day, nadir)
    stressed = simulate(
        [f"hold@{STRESSOR_ONSET // 60:02d}:{STRESSOR_ONSET % 60:02d}+{STRESSOR_MIN}*2"],
        wake=wake,
        params=params,
    ).cortisol
    excess = stressed - base
    s_peak = int(np.argmax(excess))
    end = STRESSOR_ONSET + STRESSOR_MIN
    return {
        "car_peak_after_wake_min": float(peak - wake_min),
        "smooth_car_peak_after_wake": _refine(day, peak) - wake_min,
        "car_rise_fraction": float(day[peak] / day[wake_min] - 1.0),
        "nadir_from_midnight_min": float(min(nadir, MINUTES_PER_DAY - nadir)),
        "smooth_nadir_from_midnight": min(smooth_nadir, MINUTES_PER_DAY - smooth_nadir),
        "lowest_cortisol": float(day.min()),
        "stress_peak_after_onset_min": float(s_peak - STRESSOR_ONSET),
        "smooth_stress_peak_after_onset": _refine(excess, s_peak) - STRESSOR_ONSET,
        "stress_peak_ratio": float(stressed[s_peak] / base[s_peak]),
        "stress_excess_left_60min": float(excess[end + 60] / excess[s_peak]),
        "stress_excess_left_90min": float(excess[end + 90] / excess[s_peak]),
        "mean_cortisol": float(np.mean(day)),
    }


def loop_gain(params: dict[str, Any] | None, cortisol: float) -> float:
    """The feedback's loop gain at a cortisol level: D (1 + K) / (K + C)^2.

    The derivative of the feedback term D (1 + 1/K)/(1 + C/K) with respect to C; every other
    stage of the loop has gain 1 below CBG saturation.
    """
    from .params import Params

    p = Params(params)
    k = p.cortisol_feedback_halfmax
    return float(p.crh_tonic_drive * (1.0 + k) / (k + cortisol) ** 2)


def _band(x: float, lo: float, hi: float, scale: float) -> float:
    """How far ``x`` lies outside ``[lo, hi]``, in units of ``scale`` (0 inside)."""
    return (max(0.0, lo - x) + max(0.0, x - hi)) / scale


def residuals(params: dict[str, Any]) -> list[float]:
    """The misses the fit minimises (all zero when every figure is inside its band)."""
    f = measure(params)
    return [
        _band(f["smooth_car_peak_after_wake"], 35.0, 40.0, 1.0),
        _band(f["car_rise_fraction"], 0.57, 0.68, 0.01),
        _band(f["smooth_nadir_from_midnight"], 0.0, 40.0, 2.0),
        _band(f["smooth_stress_peak_after_onset"], 20.0, 36.5, 0.5),
        _band(f["stress_peak_ratio"], 1.5, 2.5, 0.05),
        _band(f["stress_excess_left_90min"], 0.0, 0.30, 0.005),
        _band(f["stress_excess_left_60min"], 0.0, 0.55, 0.01),
        _band(f["mean_cortisol"], 0.997, 1.003, 0.002),
        _band(loop_gain(params, f["lowest_cortisol"]), 0.0, MAX_LOOP_GAIN, 0.005),
        _band(loop_gain(params, 1.0), MIN_LOOP_GAIN, np.inf, 0.005),
        _band(params["cortisol_cbg_clearance"], 0.0, MAX_CBG_CLEARANCE, 0.005),
    ]


def _loss(x: np.ndarray) -> float:
    params = dict(zip(FITTED, np.exp(x).tolist(), strict=True))
    try:
        return float(np.sum(np.square(residuals(params))))
    except ValueError:
        return 1e9


def calibrate(maxiter: int = 500, restarts: int = 3) -> dict[str, float]:
    """Run the fit (in log parameters) from the current values in params.toml."""
    from scipy.optimize import minimize

    from .params import load_specs

    specs = load_specs()
    x = np.log([specs[name].value for name in FITTED])
    for _ in range(restarts):
        res = minimize(
            _loss,
            x,
            method="Nelder-Mead",
            options={"maxiter": maxiter, "xatol": 1e-4, "fatol": 1e-5, "adaptive": True},
        )
        x = res.x
        if res.fun < 1e-9:
            break
    return dict(zip(FITTED, np.exp(x).tolist(), strict=True))


if __name__ == "__main__":  # pragma: no cover - a tool, not part of the model
    fitted = calibrate()
    for name, value in fitted.items():
        print(f"{name} = {value:.4g}")
    figures = measure(fitted)
    lowest = figures["lowest_cortisol"]
    print(f"  loop gain at the lowest cortisol: {loop_gain(fitted, lowest):.3f}")
    print(f"  loop gain at baseline cortisol: {loop_gain(fitted, 1.0):.3f}")
    for name, value in figures.items():
        print(f"  {name}: {value:.3f}")
