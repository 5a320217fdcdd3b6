"""How the ``fitted`` parameters were obtained (run: ``python -m loslaten.hormones.calibrate``).

The fitted parameters are tuned, with Nelder-Mead on a weighted sum of squares, so that the
model reproduces the published figures listed in docs/model.md:

* cortisol awakening response: peak 30-45 min after waking (target 37.5), 50-75 % above the
  waking value (target 60 %) (Pruessner et al. 1997; Clow et al. 2004; Stalder et al. 2016);
* cortisol lowest around midnight (Weitzman et al. 1971);
* a 15-min TSST-like stressor (``hold`` at intensity 2): cortisol peaks 20-40 min after onset
  (target 30) at about 1.8x the unstressed course, and is largely back 60-90 min after the
  stressor ends (target: excess at +75 min below 15 % of the peak excess) (Kirschbaum et al.
  1993; Dickerson & Kemeny 2004);
* the unstressed 24-hour mean of cortisol is 1 (the definition of baseline).

The script prints the values; they are copied into params.toml by hand (with kind "fitted").
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
    "cortisol_feedback_gain",
    "cortisol_feedback_hill",
    "hpa_gain_hold",
    "circadian_drive_scale",
)
STRESSOR_ONSET = 14 * 60
STRESSOR_MIN = 15


def measure(params: dict[str, Any] | None = None, wake: str = "07:00") -> dict[str, float]:
    """The published figures as the model reproduces them (times in minutes)."""
    h, m = map(int, wake.split(":"))
    wake_min = h * 60 + m
    base = simulate([], wake=wake, params=params).cortisol
    day = base[:MINUTES_PER_DAY]
    peak = int(np.argmax(day))
    nadir = int(np.argmin(day))
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
        "car_rise_fraction": float(day[peak] / day[wake_min] - 1.0),
        "nadir_from_midnight_min": float(min(nadir, MINUTES_PER_DAY - nadir)),
        "stress_peak_after_onset_min": float(s_peak - STRESSOR_ONSET),
        "stress_peak_ratio": float(stressed[s_peak] / base[s_peak]),
        "stress_excess_left_75min": float(excess[end + 75] / excess[s_peak]),
        "stress_excess_left_90min": float(excess[end + 90] / excess[s_peak]),
        "mean_cortisol": float(np.mean(day)),
    }


def _loss(x: np.ndarray) -> float:
    if np.any(x <= 0):
        return 1e9
    params = dict(zip(FITTED, x.tolist(), strict=True))
    try:
        f = measure(params)
    except ValueError:
        return 1e9
    r = [
        (f["car_peak_after_wake_min"] - 37.5) / 3.0,
        (f["car_rise_fraction"] - 0.60) / 0.03,
        f["nadir_from_midnight_min"] / 30.0,
        max(0.0, f["stress_peak_after_onset_min"] - 33.0) / 3.0,
        (f["stress_peak_ratio"] - 1.5) / 0.1,
        max(0.0, f["stress_excess_left_90min"] - 0.2) / 0.03,
        (f["mean_cortisol"] - 1.0) / 0.01,
    ]
    return float(np.sum(np.square(r)))


def calibrate(maxiter: int = 400) -> dict[str, float]:
    """Run the fit from the current values in params.toml; returns the fitted values."""
    from scipy.optimize import minimize

    from .params import load_specs

    specs = load_specs()
    x0 = np.array([specs[name].value for name in FITTED])
    res = minimize(_loss, x0, method="Nelder-Mead", options={"maxiter": maxiter, "xatol": 1e-3})
    return dict(zip(FITTED, res.x.tolist(), strict=True))


if __name__ == "__main__":  # pragma: no cover - a tool, not part of the model
    fitted = calibrate()
    for name, value in fitted.items():
        print(f"{name} = {value:.4g}")
    for name, value in measure(fitted).items():
        print(f"  {name}: {value:.3f}")
