"""Each row of the review's table (issue 13) as a range around the published value.

How each figure is measured lives in ``loslaten/hormones/figures.py``; docs/model.md lists the
model's values next to the published ones. The ranges are the published ones, not the
model's: a change that moves a figure out of its published range fails here.
"""

import itertools

import numpy as np
import pytest

from loslaten.hormones import SCENARIOS, simulate
from loslaten.hormones import figures as fig
from loslaten.hormones.fit import load_data
from loslaten.hormones.params import load_specs


@pytest.fixture(scope="module")
def rhythm():
    return fig.daily_rhythm()


@pytest.fixture(scope="module")
def tsst():
    return fig.tsst()


def test_morning_peak_is_5_to_10_times_the_night_low(rhythm):
    """24-h profiles: peak : nadir about 5-10 : 1 (Weitzman et al. 1971; Debono et al. 2009)."""
    assert 5.0 <= rhythm["peak_to_nadir"] <= 10.0
    # The low is a trough around midnight, not a plateau from the afternoon on.
    assert abs(rhythm["nadir_minute"] - 1440 * (rhythm["nadir_minute"] > 720)) <= 90
    day = simulate([]).cortisol
    assert day[17 * 60 + 30] > 1.5 * day[rhythm["nadir_minute"]]


def test_cortisol_is_back_near_its_pre_stress_level_an_hour_after_a_15_minute_stressor(tsst):
    """TSST group means, as the studies report them (against the value just before the
    stressor): about 1.25x at +60 min after the end and about 1.05x at +90 (Kirschbaum et al.
    1993; Kudielka et al. 2004; loslaten/hormones/data/tsst.csv, each value +-15 %). Dickerson &
    Kemeny 2004 (meta-analysis, abstract) only say that TSST-like stressors, uncontrollable and
    social-evaluative, have "the longest times to recovery"; the ranges come from the group
    curve, not from them.
    """
    assert 1.1 <= tsst["prestress_ratio_60min_after"] <= 1.4
    assert 0.9 <= tsst["prestress_ratio_90min_after"] <= 1.2


def data_excess_left(minutes_after_end: int) -> float:
    """The share of the TSST group curve's peak excess over the model's unstressed course
    left ``minutes_after_end`` after the stressor ends (tsst.csv, interpolated)."""
    data = next(d for d in load_data() if d.name == "TSST cortisol")
    minutes = np.arange(-1, 106)
    course = fig.from_onset(simulate([]).cortisol, minutes)
    excess = np.interp(minutes, data.minutes, data.values) - course
    return float(excess[fig.TSST_MIN + minutes_after_end + 1] / excess.max())


def test_the_share_of_the_tsst_excess_left_after_an_hour_matches_the_group_curve(tsst):
    """Against the *unstressed course* (which falls about 15 % through those afternoon
    minutes, as the 24-h profile does), the same group curve leaves about 40 % of its peak
    excess at +60 min after the end and about 65 % at +40 (docs/model.md, 'Recovery'). The
    model stays within 0.1 of the group curve at both.
    """
    for after in (40, 60):
        published = data_excess_left(after)
        assert abs(tsst[f"excess_left_{after}min"] - published) <= 0.10, (after, published)


def test_a_tsst_raises_acth_2_to_3_fold_and_cortisol_1_5_to_2_5_fold(tsst):
    """ACTH about 2-3x, cortisol about 1.5-2.5x, peaking 20-40 min after onset, as in the
    group curves read off Kirschbaum et al. 1993 and Kudielka et al. 2004 (tsst.csv).
    Kirschbaum et al. 1993's abstract states "2- to 4-fold elevations above baseline" of
    salivary cortisol in their six studies; the group curves read here peak lower, hence
    1.5-2.5. The peak time is also quoted from Dickerson & Kemeny 2004, whose text was not
    read here."""
    assert 2.0 <= tsst["acth_ratio"] <= 3.0
    assert 1.5 <= tsst["cortisol_ratio"] <= 2.5
    assert 20 <= tsst["cortisol_peak_after_onset_min"] <= 40


@pytest.mark.parametrize("slug", list(SCENARIOS))
def test_no_scenario_day_drives_acth_past_4_fold(slug):
    """Adrenal and hypothalamic saturation: everyday days stay within TSST-like ACTH ranges."""
    sc = SCENARIOS[slug]
    traj = sc.simulate()
    quiet = simulate([], days=sc.days, wake=sc.wake, sleep=sc.sleep)
    assert np.max(traj.acth / quiet.acth) <= 4.0


def test_the_same_stressor_on_five_days_habituates():
    """Kirschbaum et al. 1995 (abstract): 20 men, the same brief psychosocial stressor on five
    days. For the group, cortisol rose on each day and the mean response fell from day 1 to
    day 2, then no further; 13 "low responders" responded on day 1 only, 7 on every day. The
    model is the group mean: lower on day 5, not gone (the 0.3-0.8 is the test's range; the
    abstract gives no ratio)."""
    peaks = fig.habituation()
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(peaks))
    assert 0.3 <= peaks[-1] <= 0.8


def test_weeks_of_strain_flatten_the_slope_raise_the_evening_and_fade_over_days():
    """Miller, Chen & Zhou 2007 (meta-analysis, abstract): uncontrollable stressors "elicit a
    high, flat diurnal profile of cortisol secretion", and activity "is elevated at stressor
    onset but reduces as time passes". Two weeks of strain: a flatter slope and a higher
    evening; in the model the change builds over days and fades over days, not one night."""
    w = fig.weeks_of_strain()
    quiet, last, after = w["quiet"], w["last_strain_day"], w["days_after"]
    assert last["ratio"] < 0.9 * quiet["ratio"]
    assert last["evening"] > 1.1 * quiet["evening"]
    raised = [a["evening"] / quiet["evening"] - 1.0 for a in after]
    assert raised[0] > 0.05  # still higher the first quiet evening ...
    assert raised[-1] < 0.6 * raised[0]  # ... and fading over the week after


def test_an_ordinary_busy_day_raises_cortisol_modestly():
    """te-volle-dag (hours of everyday strain): a modest rise, not a TSST all day."""
    busy = fig.busy_day()
    assert 1.1 <= busy["waking_mean_ratio"] <= 1.6
    assert busy["peak_ratio"] <= 2.5


def test_the_body_clock_follows_a_shifted_sleep_time_only_partly():
    """The rhythm is set by the clock, not by the sleep time (Folkard 2008, a review of
    whether permanent night workers adjust; its abstract was not read here): waking at 19:00
    does not move the peak to 19:40, and the night low moves by far less than the 12-hour
    shift of the schedule."""
    usual = fig.daily_rhythm()
    late = fig.daily_rhythm(wake="19:00", sleep="11:00")
    assert not 19 * 60 <= late["peak_minute"] <= 21 * 60
    assert 6 * 60 <= late["peak_minute"] <= 14 * 60  # still in the clock's morning
    shift = (late["nadir_minute"] - usual["nadir_minute"] + 720) % 1440 - 720
    assert abs(shift) <= 4 * 60


@pytest.mark.parametrize("wake", ["07:00", "09:00"])
def test_the_awakening_rise_on_an_ordinary_morning_is_50_to_75_percent(wake):
    """On ordinary mornings cortisol rises by 50-75 % within 30 min (Pruessner et al. 1997),
    about 50 % on average in 509 adults (Wüst et al. 2000), highest 30-45 min after waking
    (Stalder et al. 2016). Federenko et al. 2004's late shift wakes at 06:00-09:00, so 09:00
    is an ordinary morning too. After a night of eight hours."""
    car = fig.awakening_at(wake)
    assert 0.5 <= car["car_rise"] <= 0.75
    assert 25 <= car["car_peak_after_wake_min"] <= 45


def test_the_awakening_rise_after_waking_early_is_within_the_published_span():
    """Waking at 05:00 (Federenko et al. 2004's early shift wakes at 04:00-05:30): a larger
    rise than on ordinary mornings, within the "between 50 and 160%" that Clow et al. 2004
    (abstract) give for the first 30 min across people and studies. No paper we read gives
    the size on an early shift itself."""
    car = fig.awakening_at("05:00")
    assert 0.5 <= car["car_rise"] <= 1.6
    assert 25 <= car["car_peak_after_wake_min"] <= 45


def test_waking_early_gives_an_awakening_rise_at_least_as_large_as_waking_later():
    """Federenko et al. 2004 (shift-working nurses): waking on the early shift (04:00-05:30)
    gives a more pronounced awakening response than on the late shift (06:00-09:00) or
    after a night shift (11:00-14:00), where a rise remains. Here in absolute terms (units
    of the daily mean)."""
    rise = {w: fig.awakening_at(w)["car_abs_rise"] for w in ("05:00", "07:00", "09:00")}
    assert rise["05:00"] >= rise["07:00"] >= rise["09:00"]
    night_shift = fig.awakening_at("12:30")
    assert 0.1 <= night_shift["car_rise"] and night_shift["car_abs_rise"] < rise["05:00"]


def test_waking_at_night_gives_a_rise_of_about_the_morning_size_from_a_lower_level():
    """Hucklebridge et al. 2000 (11 young adults woken four hours before their usual time):
    "a clear free cortisol response to awakening for both nocturnal and morning awakening
    although the absolute levels produced are lower for nocturnal awakening", and the rise
    did not differ significantly between the two. Waking at 03:00 against 07:00: a lower
    value at waking and at the peak, and a rise (in units of the daily mean) within 0.67-1.5
    times the morning's. The band is the test's tolerance for "not significantly different"
    in 11 people; no size was given."""
    night, morning = fig.awakening_at("03:00"), fig.awakening_at("07:00")
    assert night["car_abs_rise"] > 0.1
    assert night["car_at_wake"] < morning["car_at_wake"]
    assert night["car_peak"] < morning["car_peak"]
    assert 0.67 <= night["car_abs_rise"] / morning["car_abs_rise"] <= 1.5


def test_waking_from_an_evening_nap_gives_no_awakening_rise():
    """Federenko et al. 2004: students woken from a nap at 18:45-20:30 showed no rise (their
    cortisol fell): waking up by itself does not start the response, the body clock's
    morning does. Waking at 19:00 or 20:00: less than 10 %."""
    for wake in ("19:00", "20:00"):
        assert fig.awakening_at(wake)["car_rise"] < 0.1, wake


def test_overlapping_stressors_saturate():
    """Ten overlapping hold*3 are not ten stressors: cortisol stays below 4x its course."""
    events = ["hold@10:00+60*3"] * 10
    traj = simulate(events)
    quiet = simulate([])
    assert np.max(traj.cortisol / quiet.cortisol) < 4.0
    assert np.max(traj.acth / quiet.acth) < 6.0


def test_a_month_of_strain_stays_bounded():
    from loslaten.hormones.scenarios import _CHRONIC_DAY, _every_day

    specs = load_specs()
    traj = simulate(list(_every_day(_CHRONIC_DAY, 30)), days=30)
    assert traj.tension.max() <= specs["tension_max"].value
    assert traj.adrenaline.max() <= 1.0 + specs["adrenaline_drive_max"].value
    assert traj.cortisol.max() < 5.0


def test_calm_never_takes_tension_below_the_sleep_level():
    calm = [f"breathe@{h:02d}:00+50*3" for h in range(7, 23)] + ["exhale@12:30*3"]
    traj = simulate(calm)
    assert traj.tension.min() >= load_specs()["tension_sleep_level"].value - 1e-9


def test_a_hold_before_waking_damps_the_morning_a_little_as_docs_model_md_says():
    """docs/model.md ("A stressor can damp a later drive"): a 30-min hold*3 from 06:00
    lowers cortisol near 07:52 by ~6.5 % with habituation off, ~2.6 % with it on."""
    off = {"habituation_rate_per_min": 0.0, "stressor_memory_half_life_min": 1e9}
    for params, low, high in ((off, 0.055, 0.075), (None, 0.02, 0.035)):
        quiet = simulate([], params=params)
        held = simulate(["hold@06:00+30*3"], params=params)
        drop = 1.0 - held.cortisol / quiet.cortisol
        assert low <= drop.max() <= high, (params, drop.max())
        assert 7 * 60 + 40 <= int(np.argmax(drop)) <= 8 * 60


# Measured group means (data/tsst_open.csv, loslaten/hormones/measured.py): an out-of-sample
# check, not fitted. The thresholds sit above the current values (docs/model.md, "Checked
# against measured data"); where the model misses, a strict xfail states by how much, so a
# model that comes to meet it turns the test red until the test is made a plain one.

#: RMSE on the ratio scale (current: Dresden 0.281, Montreal 0.688).
MEASURED_RMSE = {"Dresden": 0.32, "Montreal": 0.75}


@pytest.fixture(scope="module")
def checks():
    from loslaten.hormones.measured import compare

    return compare()


def test_the_measured_group_means_are_ratios_to_the_pre_stress_value_of_their_cohort():
    from loslaten.hormones.measured import load_cohorts

    cohorts = load_cohorts()
    assert {name: c.n for name, c in cohorts.items()} == {"Dresden": 200, "Montreal": 10}
    dresden, montreal = cohorts["Dresden"], cohorts["Montreal"]
    assert dresden.ratio[dresden.minutes == -5].item() == 1.0
    assert montreal.ratio[montreal.minutes <= 0].mean() == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("cohort", list(MEASURED_RMSE))
def test_the_tsst_stays_within_its_rmse_of_the_measured_group_means(checks, cohort):
    assert checks[cohort].rmse < MEASURED_RMSE[cohort]


@pytest.mark.parametrize("cohort", list(MEASURED_RMSE))
def test_the_tsst_peaks_within_15_minutes_of_the_measured_peak(checks, cohort, tsst):
    """Measured: the highest sample, at 20 min (Dresden) and 22 min (Montreal, whose next
    sample is at 30); the model's own peak is at 33 min. Dresden samples 10-15 min apart."""
    assert abs(tsst["cortisol_peak_after_onset_min"] - checks[cohort].peak_minute_measured) <= 15


@pytest.mark.parametrize(
    "cohort",
    [
        "Dresden",
        pytest.param(
            "Montreal",
            marks=pytest.mark.xfail(
                strict=True,
                raises=AssertionError,
                reason="model peak 1.86x against 3.07x in the 10 Montreal men",
            ),
        ),
    ],
)
def test_the_tsst_peak_is_within_15_percent_of_the_measured_group_mean(checks, cohort):
    """Dresden (200 adults): 2.13x measured, 1.86x in the model (13 % lower). Montreal (10
    men): 3.07x, a miss the strict xfail states."""
    ch = checks[cohort]
    assert 0.85 <= ch.peak_ratio_model / ch.peak_ratio_measured <= 1.15


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="at +70 min the model keeps 37 % of its peak rise; the data 8 % (Dresden), "
    "-7 % (Montreal): the model recovers too slowly (docs/model.md)",
)
@pytest.mark.parametrize("cohort", list(MEASURED_RMSE))
def test_the_share_of_the_peak_rise_left_at_the_last_sample_is_within_0_15_of_the_data(
    checks, cohort
):
    ch = checks[cohort]
    assert abs(ch.left_model - ch.left_measured) <= 0.15


def test_the_free_cortisol_readout_rises_higher_and_keeps_less_of_its_rise(checks):
    """Saliva carries free cortisol, whose share rises as CBG fills: the model's free readout
    peaks higher than its total and keeps a smaller share of its rise at 70 min. Not enough
    to adopt it (docs/model.md, "The free-cortisol readout"): the numbers are written there."""
    from loslaten.hormones import measured

    free = measured.compare(readout="free")
    for cohort, total in checks.items():
        assert free[cohort].peak_ratio_model > total.peak_ratio_model
        assert free[cohort].left_model < total.left_model
    with pytest.raises(ValueError, match="readout"):
        measured.model_ratio(np.array([10.0]), readout="saliva")


def test_the_measured_check_prints_the_free_readout_on_request(capsys):
    """``python -m loslaten.hormones.measured --readout free``."""
    from loslaten.hormones import measured

    assert measured.main(["--readout", "free"]) == 0
    out = capsys.readouterr().out
    assert out.count("| model, free cortisol |") == 2
    with pytest.raises(SystemExit) as exit_:
        measured.main(["--readout", "saliva"])
    assert exit_.value.code == 2


# Measured 24-hour group means (data/cortisol_24h_open.csv, measured.compare_day): free
# cortisol every 20 min for 24 h in healthy volunteers at home, by clock hour, as a ratio to
# its 24-hour mean. Not fitted; the same rules as above.

#: RMSE on the ratio scale (current: 0.129; the readings the model is fitted to: 0.213).
DAY_RMSE = 0.15


@pytest.fixture(scope="module")
def day():
    from loslaten.hormones.measured import compare_day

    return compare_day()


def _hours_apart(a: int, b: int) -> int:
    return min(abs(a - b), 24 - abs(a - b))


def test_the_measured_24_hour_means_are_ratios_to_their_own_24_hour_mean(day):
    assert day.measured.mean() == pytest.approx(1.0, abs=2e-3)
    assert day.n.min() >= 10  # participants in every clock hour


def test_the_day_stays_within_its_rmse_of_the_measured_24_hour_means(day):
    """35 volunteers (Upton et al. 2023): RMSE 0.129; the readings the model is fitted to
    are further from them (0.213)."""
    assert day.rmse < DAY_RMSE
    assert day.rmse < day.rmse_readings


def test_the_day_is_highest_and_lowest_within_an_hour_of_the_measured_means(day):
    """Measured: highest 07:00-08:00, lowest 01:00-02:00; model: 07:00 and 00:00."""
    assert _hours_apart(day.peak_model, day.peak_measured) <= 1
    assert _hours_apart(day.nadir_model, day.nadir_measured) <= 1


def test_the_days_highest_to_lowest_hour_is_within_15_percent_of_the_measured(day):
    """Hourly means, highest : lowest: 8.4 measured, 7.6 model."""
    assert 0.85 <= day.peak_to_nadir_model / day.peak_to_nadir_measured <= 1.15


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="the model's morning peak is narrower than the group's: at 06:00 and 08:00 it is at "
    "1.66 and 2.00 of its daily mean, the measured means at 2.05 and 2.31 (docs/model.md)",
)
def test_the_day_is_within_0_25_of_the_measured_mean_at_every_clock_hour(day):
    assert np.all(np.abs(day.model - day.measured) <= 0.25)


# Measured awakening response (data/awakening_open.csv, measured.compare_awakening): saliva
# at waking and about every 15 min for an hour, 89 people at home (the CARWatch study), as a
# ratio to the value at waking. Not fitted; the same rules as above.

#: RMSE on the ratio scale (current: 0.267; the readings in awakening.csv: 0.267).
AWAKENING_RMSE = 0.30


@pytest.fixture(scope="module")
def awakening():
    from loslaten.hormones.measured import compare_awakening

    return compare_awakening()


def test_the_measured_awakening_means_are_ratios_to_the_sample_at_waking(awakening):
    assert awakening.minutes[0] == 0 and awakening.measured[0] == 1.0
    assert awakening.n >= 80


def test_the_awakening_rise_stays_within_its_rmse_of_the_measured_means(awakening):
    assert awakening.rmse < AWAKENING_RMSE


def test_the_awakening_rise_peaks_at_the_same_sample_as_the_measured_means(awakening):
    """Measured: highest at the sample about 30 min after waking; the model's too."""
    assert awakening.peak_minute_model == awakening.peak_minute_measured


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="the model's rise is smaller and falls back sooner: 1.59, 1.47 and 1.24 at 31, 46 "
    "and 61 min against 1.86, 1.82 and 1.59 measured (docs/model.md)",
)
def test_the_awakening_rise_is_within_0_15_of_the_measured_mean_at_every_sample(awakening):
    assert np.all(np.abs(awakening.model - awakening.measured) <= 0.15)
