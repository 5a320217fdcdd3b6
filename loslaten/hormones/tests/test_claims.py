"""Each claim of the article that the model encodes, as a test named after the claim.

These are claims of the article, encoded in the EDUCATIONAL layer (parameters of kind
'invented'); the tests check that the model says what the article says, not that it is true.
"""

import numpy as np
import pytest

from loslaten.hormones import get_scenario, simulate


def window(traj, name, start, stop):
    return traj[name][start:stop]


@pytest.fixture(scope="module")
def quiet():
    return simulate([])


def test_control_keeps_stress_hormones_up_and_suppresses_dopamine_and_serotonin(quiet):
    control = get_scenario("alles-onder-controle").simulate()
    flowing = get_scenario("meebewegen").simulate()
    day = slice(7 * 60, 23 * 60)
    for other in (quiet, flowing):
        assert control.cortisol[day].mean() > other.cortisol[day].mean()
        assert control.adrenaline[day].mean() > other.adrenaline[day].mean()
        assert control.dopamine[day].mean() < other.dopamine[day].mean()
        assert control.serotonin[day].mean() < other.serotonin[day].mean()


def test_stress_hormones_suppress_dopamine_and_serotonin(quiet):
    stressed = simulate(["hold@10:00+60*2"])
    t = 11 * 60
    assert stressed.dopamine[t] < quiet.dopamine[t]
    assert stressed.serotonin[t] < quiet.serotonin[t]


def test_finishing_a_postponed_task_gives_a_dopamine_pulse(quiet):
    done = simulate(["complete@14:00"])
    rel = done.dopamine / quiet.dopamine
    peak = int(np.argmax(rel))
    assert 14 * 60 <= peak <= 14 * 60 + 10
    assert rel[peak] > 1.3
    # A pulse: back within the hour.
    assert abs(rel[15 * 60] - 1) < 0.02


def test_the_postponed_call_made_beats_the_call_left_lying(quiet):
    made = get_scenario("uitgesteld-telefoontje").simulate()
    left = get_scenario("telefoontje-blijft-liggen").simulate()
    afternoon = slice(14 * 60, 18 * 60)
    assert made.tension[afternoon].mean() < left.tension[afternoon].mean()
    assert made.dopamine[afternoon].max() > left.dopamine[afternoon].max()


def test_connection_releases_oxytocin(quiet):
    traj = simulate(["connect@15:00+20*1.5"])
    assert traj.oxytocin[15 * 60 + 10] > 1.5 * quiet.oxytocin[15 * 60 + 10]
    # Oxytocin is short-lived: back near baseline within half an hour after.
    assert traj.oxytocin[15 * 60 + 50] < 1.05


def test_connection_softens_the_stress_response(quiet):
    alone = simulate(["hold@14:00+30*2"])
    together = simulate(["hold@14:00+30*2", "connect@14:00+30*2"])
    assert together.cortisol.max() <= alone.cortisol.max()
    assert together.cortisol[14 * 60 : 16 * 60].mean() < alone.cortisol[14 * 60 : 16 * 60].mean()


def test_accepting_lets_serotonin_recover(quiet):
    setback = ["hold@09:00+60*2"]
    without = simulate(setback)
    accepting = simulate([*setback, "accept@10:00+15"])
    t = 12 * 60
    assert accepting.serotonin[t] > without.serotonin[t]
    # Recovering: serotonin climbs back towards (and past) its unstressed course.
    gap_without = quiet.serotonin[t] - without.serotonin[t]
    gap_accepting = quiet.serotonin[t] - accepting.serotonin[t]
    assert gap_accepting < gap_without


def test_one_conscious_exhale_lowers_tension(quiet):
    before = ["hold@09:00+15"]
    without = simulate(before)
    exhaled = simulate([*before, "exhale@09:20"])
    t = 9 * 60 + 21
    assert exhaled.tension[t] < 0.9 * without.tension[t]
    assert np.all(exhaled.tension <= without.tension + 1e-12)


def test_slow_breathing_calms_tension_and_adrenaline():
    without = simulate(["hold@09:00+30*2"])
    breathing = simulate(["hold@09:00+30*2", "breathe@09:30+6"])
    t = 9 * 60 + 36
    assert breathing.tension[t] < without.tension[t]
    assert breathing.adrenaline[9 * 60 + 33] < without.adrenaline[9 * 60 + 33]


def test_letting_go_lowers_tension():
    letting_go = get_scenario("loslaten").simulate()
    suppressing = get_scenario("onderdrukken").simulate()
    after = slice(14 * 60 + 20, 17 * 60)
    assert letting_go.tension[after].mean() < suppressing.tension[after].mean()
    assert letting_go.tension[14 * 60 + 40] < letting_go.tension[14 * 60 + 15]


def test_suppressing_feelings_keeps_tension_and_adrenaline_up(quiet):
    suppressing = get_scenario("onderdrukken").simulate()
    letting_go = get_scenario("loslaten").simulate()
    during = slice(14 * 60 + 30, 16 * 60 + 15)
    for name in ("tension", "adrenaline"):
        assert suppressing[name][during].min() > quiet[name][during].max()
        assert suppressing[name][during].mean() > letting_go[name][during].mean()


def _recovery_minutes(traj, start, threshold=0.05):
    """Minutes from ``start`` until tension is within ``threshold`` of 1 (awake rest)."""
    rel = np.abs(traj.tension[start:] - 1.0)
    below = np.flatnonzero(rel < threshold)
    return int(below[0]) if below.size else len(rel)


@pytest.fixture(scope="module")
def weeks():
    chronic = get_scenario("chronische-spanning")
    recovering = get_scenario("dagelijks-herstel")
    test_day = "D15/hold@14:00+15*2"
    a = simulate([*chronic.events, test_day], days=15)
    b = simulate([*recovering.events, test_day], days=15)
    return a, b


def test_chronic_tension_slows_recovery_including_sleep(weeks):
    chronic, recovering = weeks
    start = 14 * 1440 + 14 * 60 + 15  # the end of the same stressor on day 15
    assert _recovery_minutes(chronic, start) > _recovery_minutes(recovering, start)
    # Sleep: in the last night the chronically tense body relaxes less far than in its
    # first night, and less far than the body with small daily recoveries.
    night = lambda traj, d: traj.tension[d * 1440 + 23 * 60 : d * 1440 + 31 * 60].min()  # noqa: E731
    assert night(chronic, 13) > night(chronic, 0) + 0.05
    assert night(chronic, 13) > night(recovering, 13)


def test_chasing_stimulation_does_not_restore_serotonin(quiet):
    setback = ["hold@13:00+60*1.5"]
    without = simulate(setback)
    chasing = simulate([*setback, "chase@14:00+45*1.5"])
    accepting = simulate([*setback, "accept@14:00+15"])
    later = slice(14 * 60, 20 * 60)
    # No serotonin gain from chasing (it does not go above the course without it) ...
    assert np.all(chasing.serotonin[later] <= without.serotonin[later] + 1e-12)
    assert accepting.serotonin[later].mean() > chasing.serotonin[later].mean()
    # ... only a brief dopamine blip, then a dip below the course without chasing.
    rel = chasing.dopamine / without.dopamine
    assert rel[14 * 60 : 14 * 60 + 45].max() > 1.2
    assert rel[15 * 60 + 15 : 17 * 60].min() < 0.85


def test_small_daily_recoveries_beat_chronic_tension():
    chronic = get_scenario("chronische-spanning").simulate()
    recovering = get_scenario("dagelijks-herstel").simulate()
    last_week = slice(7 * 1440, 14 * 1440)
    for name in ("cortisol", "adrenaline", "tension"):
        assert recovering[name][last_week].mean() < chronic[name][last_week].mean()
    for name in ("dopamine", "serotonin"):
        assert recovering[name][last_week].mean() > chronic[name][last_week].mean()


def test_a_full_day_with_room_to_breathe_is_lighter():
    full = get_scenario("te-volle-dag").simulate()
    lighter = get_scenario("te-volle-dag-met-ademruimte").simulate()
    assert lighter.tension.mean() < full.tension.mean()
    assert lighter.serotonin.mean() > full.serotonin.mean()


def test_accepting_when_plans_fall_apart_beats_holding_on():
    accept = get_scenario("plannen-vallen-weg").simulate()
    hold = get_scenario("plannen-vallen-weg-vasthouden").simulate()
    rest_of_day = slice(10 * 60 + 30, 23 * 60)
    assert accept.cortisol[rest_of_day].mean() < hold.cortisol[rest_of_day].mean()
    assert accept.tension[rest_of_day].mean() < hold.tension[rest_of_day].mean()
    assert accept.serotonin[rest_of_day].mean() > hold.serotonin[rest_of_day].mean()
