"""A day whose wake or sleep time was moved by what the person did starts on their usual
rhythm (``simulate(rhythm=...)``), not on a rhythm settled at the moved times."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from loslaten.hormones import Event, simulate
from loslaten.hormones.causes import Counterfactuals
from loslaten.hormones.uncertainty import band

SIM = sys.modules["loslaten.hormones.simulate"]
USUAL = ("07:00", "23:00")
EVENING = [Event("hold", 9 * 60, 15, 1.5), Event("suppress", 20 * 60, 30, 1.2)]
UP_LATE = [*EVENING, Event("chase", 23 * 60 + 40, 1)]  # a check-in at 23:40
SLEEP_AT_23 = 23 * 60


def test_a_day_up_late_is_the_usual_day_until_the_usual_sleep_time():
    usual = simulate(EVENING, wake="07:00", sleep="23:00", keep_state=True)
    late = simulate(UP_LATE, wake="07:00", sleep="23:41", rhythm=USUAL, keep_state=True)
    assert late.rhythm == USUAL and (late.wake, late.sleep) == ("07:00", "23:41")
    assert np.array_equal(late.state[0], usual.state[0])  # the usual settled midnight
    for q in usual.values:
        assert np.array_equal(late[q][: SLEEP_AT_23 + 1], usual[q][: SLEEP_AT_23 + 1]), q
    # Awake longer than usual: the night's fall of cortisol comes later.
    assert late.cortisol[23 * 60 + 30] > usual.cortisol[23 * 60 + 30]


def test_without_the_rhythm_a_day_up_late_starts_on_a_rhythm_settled_at_the_late_time():
    settled_late = simulate(UP_LATE, wake="07:00", sleep="23:41")
    usual = simulate(EVENING, wake="07:00", sleep="23:00")
    assert settled_late.rhythm is None
    assert settled_late.cortisol[0] != usual.cortisol[0]


def test_a_day_up_early_starts_on_the_usual_midnight_and_wakes_at_its_own_time():
    usual = simulate([], wake="07:00", sleep="23:00", keep_state=True)
    early = simulate([], wake="06:14", sleep="23:00", rhythm=USUAL, keep_state=True)
    assert np.array_equal(early.state[0], usual.state[0])
    # The awakening response comes with the moved wake time, that day.
    assert int(np.argmax(early.cortisol[:720])) < int(np.argmax(usual.cortisol[:720]))


@pytest.mark.parametrize("wake, sleep", [("07:00", "23:00"), ("06:00", "01:00")])
def test_a_rhythm_equal_to_the_days_own_changes_nothing(wake, sleep):
    plain = simulate(EVENING, days=2, wake=wake, sleep=sleep)
    same = simulate(EVENING, days=2, wake=wake, sleep=sleep, rhythm=(wake, sleep))
    assert same.rhythm is None
    for q in plain.values:
        assert np.array_equal(plain[q], same[q]), q


def test_the_days_without_each_act_start_on_the_same_rhythm_as_the_day():
    day = simulate(UP_LATE, wake="06:14", sleep="23:41", rhythm=USUAL, keep_state=True)
    runs = Counterfactuals(day)
    for skip in range(len(UP_LATE)):
        without = [e for i, e in enumerate(day.events) if i != skip]
        again = simulate(without, wake="06:14", sleep="23:41", rhythm=USUAL)
        resumed = runs._run(day.events[skip].start, 1440, skip)[0]
        assert resumed.rhythm == USUAL
        for q in again.values:
            assert np.array_equal(resumed[q], again[q]), (skip, q)


def test_a_longer_run_from_another_rhythm_keeps_the_moved_times_after_day_one():
    run = simulate([], days=3, wake="06:14", sleep="23:00", rhythm=USUAL)
    own = simulate([], days=1, wake="06:14", sleep="23:00")
    # By day 3 the run has settled on the moved times' own rhythm.
    assert abs(run.cortisol[2 * 1440 + 600] / own.cortisol[600] - 1) < 1e-3


def test_another_moved_sleep_time_runs_no_burn_in_days(monkeypatch):
    simulate(UP_LATE, wake="07:00", sleep="23:41", rhythm=USUAL)
    band(UP_LATE, wake="07:00", sleep="23:41", rhythm=USUAL, quantities=("cortisol",))
    burn_in = SIM.BURN_IN_DAYS * 1440
    calls = []
    scalar, coarse = SIM.run_scalar, SIM.run_batch_coarse

    def counted_scalar(y0, n_minutes, *args, **kwargs):
        calls.append(("scalar", n_minutes))
        return scalar(y0, n_minutes, *args, **kwargs)

    def counted_coarse(y0, n_minutes, *args, **kwargs):
        calls.append(("coarse", n_minutes))
        return coarse(y0, n_minutes, *args, **kwargs)

    monkeypatch.setattr(SIM, "run_scalar", counted_scalar)
    monkeypatch.setattr(SIM, "run_batch_coarse", counted_coarse)
    for minute in (23 * 60 + 50, 23 * 60 + 55):  # two later check-ins, two new sleep times
        events = [*EVENING, Event("chase", minute, 1)]
        sleep = f"23:{minute % 60 + 1:02d}"
        day = simulate(events, wake="06:14", sleep=sleep, rhythm=USUAL)
        spread = band(events, wake="06:14", sleep=sleep, rhythm=USUAL, quantities=("cortisol",))
        assert spread.center.rhythm == USUAL and day.sleep == sleep
    assert calls and all(n < burn_in for _kind, n in calls)
    assert ("scalar", burn_in) not in calls


def test_a_band_from_another_rhythm_is_never_the_cached_band_of_its_own():
    own = band(UP_LATE, wake="07:00", sleep="23:41", quantities=("cortisol",))
    usual = band(UP_LATE, wake="07:00", sleep="23:41", rhythm=USUAL, quantities=("cortisol",))
    assert usual is not band(UP_LATE, wake="07:00", sleep="23:41", quantities=("cortisol",))
    assert usual.center.rhythm == USUAL and own.center.rhythm is None
    assert not np.array_equal(own.low["cortisol"], usual.low["cortisol"])
    # The band holds its own curve, which starts on the usual midnight.
    curve = usual.center.cortisol
    assert np.all(usual.low["cortisol"] <= curve) and np.all(curve <= usual.high["cortisol"])
    assert usual.center.cortisol[0] == simulate([], wake="07:00", sleep="23:00").cortisol[0]
