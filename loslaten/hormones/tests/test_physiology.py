"""The stress side is held to published figures (see docs/model.md, 'Published figures')."""

import numpy as np
import pytest

from loslaten.hormones import simulate
from loslaten.hormones.equations import baseline_state, prepare
from loslaten.hormones.integrate import run_scalar
from loslaten.hormones.params import Params, load_specs

ONSET = 14 * 60  # TSST-style stressors are usually run in the afternoon
END = ONSET + 15


@pytest.fixture(scope="module")
def stressor():
    base = simulate([])
    stressed = simulate(["hold@14:00+15*2"])
    return base, stressed


def test_cortisol_peaks_20_to_40_minutes_after_a_15_minute_stressor(stressor):
    base, stressed = stressor
    excess = stressed.cortisol - base.cortisol
    peak = int(np.argmax(excess))
    assert 20 <= peak - ONSET <= 40
    # A clear response: well above the unstressed course (TSST: roughly 1.5-2x).
    assert stressed.cortisol[peak] / base.cortisol[peak] > 1.3


def test_cortisol_is_largely_back_90_minutes_after_the_stressor(stressor):
    """Recovery, defined explicitly: 90 min after a 15-min stressor ends, less than a third of
    the peak excess over the unstressed course is left, and by +60 min it is clearly falling.

    Dickerson & Kemeny (2004, meta-analysis, abstract): TSST-like stressors have "the longest
    times to recovery"; the thresholds here are the model's own, not theirs. The row of the
    review's table, held to the TSST group curve (Kirschbaum et al. 1993), is in
    test_published.py; docs/model.md ("Recovery") says why the model is not faster.
    """
    base, stressed = stressor
    excess = stressed.cortisol - base.cortisol
    peak_excess = excess.max()
    assert excess[END + 60] < 0.6 * peak_excess
    assert excess[END + 60] < excess[END + 50]  # still falling
    assert excess[END + 90] < peak_excess / 3


def test_adrenaline_peaks_within_minutes_and_is_back_within_15_minutes(stressor):
    base, stressed = stressor
    excess = stressed.adrenaline - base.adrenaline
    peak_excess = excess.max()
    # 90 % of the peak within 10 minutes of onset.
    assert excess[ONSET + 10] > 0.9 * peak_excess
    assert excess[END + 15] < 0.1 * peak_excess


@pytest.mark.parametrize("wake", ["07:00", "06:15", "08:30"])
def test_cortisol_awakening_response(wake):
    traj = simulate([], wake=wake, sleep="23:00")
    h, m = map(int, wake.split(":"))
    wake_min = h * 60 + m
    day = traj.cortisol[:1440]
    peak = int(np.argmax(day))
    assert 30 <= peak - wake_min <= 45
    rise = day[peak] / day[wake_min] - 1
    assert 0.50 <= rise <= 0.75


def test_cortisol_is_lowest_around_midnight():
    traj = simulate([])
    nadir = int(np.argmin(traj.cortisol[:1440]))
    assert min(nadir, 1440 - nadir) <= 60


def test_baseline_is_the_daily_mean_of_cortisol():
    assert np.mean(simulate([]).cortisol[:1440]) == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize(
    "index,name",
    [(0, "crh"), (1, "acth"), (2, "cortisol"), (3, "adrenaline"), (4, "oxytocin")],
)
def test_with_production_switched_off_each_hormone_decays_with_its_half_life(index, name):
    q = prepare(Params({"production_switch": 0.0}))
    states, _ = run_scalar(baseline_state(), 240, 420, 1380, None, q)
    half_life = load_specs()[f"{name}_half_life_min"].value
    minutes = np.arange(states.shape[0])
    expected = 0.5 ** (minutes / half_life)
    # Compare over three half-lives (or at least 10 minutes).
    upto = int(max(10, 3 * half_life))
    rel = np.abs(states[:upto, index] / expected[:upto] - 1)
    assert rel.max() < 0.01


def test_the_free_cortisol_readout_gives_the_unbound_means_coolens_et_al_report():
    """Coolens et al. 1987 (abstract): in 19 normal people total cortisol was 193.7 ng/ml at
    08:00 and 43.2 at 22:00, unbound 16.5 and 2.3 ng/ml. Their equation with the constants in
    params.toml gives those unbound means within 15 % (1 ng/ml = 2.759 nmol/L)."""
    from loslaten.hormones.equations import free_cortisol_nmol_l

    p = Params()
    for total_ng_ml, free_ng_ml in ((193.7, 16.5), (43.2, 2.3)):
        total = total_ng_ml * 2.759 / p.cortisol_mean_nmol_l
        free = free_cortisol_nmol_l(total, p) / 2.759
        assert free == pytest.approx(free_ng_ml, rel=0.15)


def test_the_free_fraction_rises_as_cbg_fills():
    """About 5 % free at low and resting totals, rising steeply once total cortisol nears the
    CBG capacity (Vining et al. 1983: salivary cortisol rises faster once CBG is saturated):
    over 15 % at six times the daily mean (about 1,000 nmol/L)."""
    from loslaten.hormones.equations import free_cortisol_nmol_l

    p = Params()
    levels = np.array([0.2, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0])
    fraction = free_cortisol_nmol_l(levels, p) / (levels * p.cortisol_mean_nmol_l)
    assert np.all(np.diff(fraction) > 0)
    assert 0.03 < fraction[0] < 0.06 and 0.04 < fraction[2] < 0.07
    assert fraction[-1] > 0.15
