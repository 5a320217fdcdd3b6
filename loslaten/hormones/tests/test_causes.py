"""Causes by counterfactual: the act named for a peak is the one whose absence lowers it most."""

from __future__ import annotations

import numpy as np
import pytest

from loslaten.hormones import Event, explain, simulate
from loslaten.hormones.causes import CALMING_KINDS, Counterfactuals, peak_minutes, stress_causes


def _mixed_day(order: tuple[str, ...]) -> list[Event]:
    """The day from the issue: checked in at 06:14 and then every quarter of an hour."""
    return [
        Event(kind, 6 * 60 + 14 + 15 * i, 0, 1.7 if kind in ("hold", "suppress") else 1.0)
        for i, kind in enumerate(order)
    ]


@pytest.mark.parametrize(
    "order",
    [
        ("hold", "suppress", "accept"),
        ("hold", "suppress", "exhale"),
        ("suppress", "hold", "breathe"),
        ("hold", "accept", "connect"),
    ],
)
def test_a_calming_act_is_never_the_cause_of_a_stress_peak(order):
    traj = simulate(_mixed_day(order), wake="06:00")
    base = simulate([], wake="06:00")
    causes = stress_causes(traj, base, threshold=0.0)
    assert causes, "a day with holding on has a stress peak"
    for cause in causes:
        assert cause.event is None or cause.event.kind not in CALMING_KINDS


def test_the_cause_is_the_act_whose_removal_lowers_the_peak_most():
    events = _mixed_day(("hold", "suppress", "accept"))
    traj = simulate(events, wake="06:00")
    runs = Counterfactuals(traj)
    cause = runs.cause("adrenaline", int(traj.adrenaline.argmax()))
    drops = {
        e: traj.adrenaline.max() - runs.without(i).adrenaline[int(traj.adrenaline.argmax())]
        for i, e in enumerate(traj.events)
        if e.kind != "accept"
    }
    assert cause.event == max(drops, key=drops.get)
    assert cause.lowered > 0


def test_a_strong_early_hold_outweighs_a_weak_later_suppress():
    events = [Event("hold", 9 * 60, 30, 2.5), Event("suppress", 9 * 60 + 35, 0, 0.5)]
    traj = simulate(events)
    minute = int(traj.tension.argmax())
    assert Counterfactuals(traj).cause("tension", minute).event.kind == "hold"


def test_what_helped_is_the_difference_with_the_act_removed():
    traj = simulate(_mixed_day(("hold", "suppress", "exhale")), wake="06:00")
    runs = Counterfactuals(traj)
    helped = runs.helped("tension")
    assert [h.event.kind for h in helped] == ["exhale"]
    without = runs.without(2)
    start = helped[0].event.start
    window = slice(start, start + helped[0].window + 1)
    expected = without.tension[window].mean() / traj.tension[window].mean() - 1
    assert helped[0].mean_higher == pytest.approx(expected, abs=1e-6)


def test_the_morning_peak_is_the_awakening_response_only_without_a_stressor_before_it():
    quiet = simulate([])
    base = simulate([])
    car = int(quiet.cortisol[7 * 60 : 9 * 60].argmax()) + 7 * 60
    assert Counterfactuals(quiet).cause("cortisol", car, base).awakening
    stressed = simulate([Event("hold", 7 * 60 + 5, 20, 2.5)])
    car = int(stressed.cortisol[7 * 60 : 9 * 60].argmax()) + 7 * 60
    cause = Counterfactuals(stressed).cause("cortisol", car, base)
    assert not cause.awakening
    assert cause.event.kind == "hold"


# Days on which the sentence of the explanation and the Cause used to decide by two rules:
# (events, wake, is the first morning's peak the body's own awakening response?)
_MORNINGS = {
    "a hold ending just before waking": ([Event("hold", 4 * 60, 170, 2.0)], "07:00", False),
    "a short hold three hours before waking": ([Event("hold", 4 * 60, 10, 1.0)], "07:00", False),
    "suppressing that ended an hour before waking": (
        [Event("suppress", 5 * 60, 60, 1.0)],
        "07:00",
        False,
    ),
    "a hold that ended more than six hours before the peak": (
        [Event("hold", 0, 20, 1.0)],
        "07:00",
        True,
    ),
    "a stressor 60 minutes after waking": ([Event("hold", 8 * 60, 20, 2.0)], "07:00", True),
    "a stressor 90 minutes after waking": ([Event("hold", 8 * 60 + 30, 20, 2.0)], "07:00", True),
    "waking at 03:00, then a hold": ([Event("hold", 4 * 60 + 30, 20, 2.0)], "03:00", False),
    "waking at 03:00, then an exhale": ([Event("exhale", 3 * 60 + 10, 0, 1.0)], "03:00", True),
    "only calming acts before the peak": (
        [Event("accept", 7 * 60 + 10, 10, 2.0), Event("breathe", 7 * 60 + 15, 10, 2.0)],
        "07:00",
        True,
    ),
}


@pytest.mark.parametrize("name", list(_MORNINGS))
def test_the_explanation_names_the_awakening_response_exactly_when_the_cause_does(name):
    events, wake, expected = _MORNINGS[name]
    traj = simulate(events, wake=wake)
    base = simulate([], wake=wake)
    wake_min = int(wake[:2]) * 60
    peak = wake_min + int(np.argmax(traj.cortisol[wake_min : wake_min + 120]))
    cause = Counterfactuals(traj).cause("cortisol", peak, base)
    told = "ordinary morning peak" in explain(traj, lang="en")
    assert told == cause.awakening == expected


def test_the_explanation_never_credits_accepting_with_a_stress_peak():
    traj = simulate(_mixed_day(("hold", "suppress", "accept")), wake="06:00")
    for lang, word, peak in (
        ("nl", "het aanvaarden", "boven je gewone verloop"),
        ("en", "accepting", "above your usual course"),
    ):
        peak_lines = [line for line in explain(traj, lang=lang).splitlines() if peak in line]
        assert peak_lines
        assert not any(word in line for line in peak_lines)


def test_explanation_names_no_morning_peak_when_holding_on_came_first():
    traj = simulate(_mixed_day(("hold", "suppress", "accept")), wake="06:00")
    assert "ochtendpiek" not in explain(traj, lang="nl")
    assert "ochtendpiek" in explain(simulate([], wake="06:00"), lang="nl")


def test_a_run_stopped_early_has_the_whole_runs_values_up_to_then():
    events = _mixed_day(("hold", "suppress", "accept"))
    full = simulate(events)
    part = simulate(events, until=7 * 60)
    assert len(part.tension) == 7 * 60 + 1
    for q in ("cortisol", "adrenaline", "tension", "serotonin"):
        assert (part[q] == full[q][: 7 * 60 + 1]).all()


def test_a_later_question_runs_each_counterfactual_once_more_at_most(monkeypatch):
    from loslaten.hormones import causes

    events = _mixed_day(("hold", "suppress", "accept"))
    runs = Counterfactuals(simulate(events))
    calls = []
    monkeypatch.setattr(
        causes, "simulate", lambda *a, **k: calls.append(k.get("until")) or simulate(*a, **k)
    )
    first = runs.cause("adrenaline", 10 * 60)
    helped = runs.helped(until=11 * 60)
    # A first question runs only as far as it needs.
    assert calls and all(until is not None for until in calls)
    calls.clear()
    # Now has moved on: a run asked again is extended to the day's end, once.
    runs.cause("adrenaline", 10 * 60 + 30)
    runs.helped(until=12 * 60)
    assert calls and all(until is None for until in calls)
    assert len(calls) <= len(events)
    calls.clear()
    runs.cause("adrenaline", 13 * 60)
    runs.helped(until=14 * 60)
    assert calls == []
    # Extending a run changed none of its answers.
    assert runs.cause("adrenaline", 10 * 60) == first
    assert runs.helped(until=11 * 60) == helped


def test_a_named_peak_is_the_highest_point_around_it_not_a_point_on_a_slope():
    # A spike, then a long slow fall: one peak, not the spike plus points down its flank.
    rel = np.concatenate([np.linspace(0, 1, 30), np.linspace(0.99, 0.1, 600), np.zeros(200)])
    assert peak_minutes(rel, 0.08, 180, limit=3) == [29]
    # Two separate hills each have their peak.
    two = np.zeros(1440)
    two[300:330] = np.linspace(0.5, 0.1, 30)
    two[900:930] = np.linspace(0.9, 0.1, 30)
    assert peak_minutes(two, 0.08, 180, limit=3) == [300, 900]


def test_two_stressors_far_apart_give_two_cortisol_peaks_not_three():
    text = explain(simulate(["hold@09:00+15*2", "hold@16:00+15*2"]), lang="en")
    cortisol = [s for s in text.splitlines() if s.startswith("Cortisol was furthest above")]
    assert len(cortisol) == 2, text
    assert "at 09:3" in cortisol[0] and "at 16:3" in cortisol[1]
    # A long suppress names its peak once, not again every hour of its plateau.
    text = explain(simulate(["hold@14:00+15*2", "suppress@14:15+120*1.5"]), lang="en")
    assert sum(s.startswith("Adrenaline was furthest") for s in text.splitlines()) <= 2, text


# Resuming: a day without one act is the day itself until that act ------------------------

A_BUSY_DAY = [
    Event("hold", 7 * 60 + 5, 15, 1.8),
    Event("breathe", 9 * 60, 3),
    Event("suppress", 9 * 60 + 1, 0, 1.2),  # overlaps the breathing
    Event("chase", 13 * 60 + 30, 60, 0.9),
    Event("accept", 18 * 60),
    Event("hold", 23 * 60 + 50, 30, 2.0),  # runs past midnight: cut off
]


@pytest.mark.parametrize("skip", range(len(A_BUSY_DAY)))
@pytest.mark.parametrize("until", [None, 20 * 60])
def test_a_day_without_an_act_resumed_at_it_is_the_day_run_again_bit_for_bit(skip, until):
    from loslaten.hormones.simulate import resume

    day = simulate(A_BUSY_DAY, wake="06:30", sleep="23:15", keep_state=True)
    without = [e for i, e in enumerate(day.events) if i != skip]
    again = simulate(without, wake="06:30", sleep="23:15", until=until)
    resumed = resume(day, without, day.events[skip].start, until=until)
    assert resumed.events == again.events and len(resumed.minutes) == len(again.minutes)
    for q in again.values:
        assert np.array_equal(resumed[q], again[q]), q


def test_a_kept_state_changes_no_value_and_holds_the_hidden_states():
    from loslaten.hormones.equations import N_STATES

    plain = simulate(A_BUSY_DAY)
    kept = simulate(A_BUSY_DAY, keep_state=True)
    assert plain.state is None and kept.state.shape == (len(kept.minutes), N_STATES)
    for i, q in enumerate(plain.values):
        assert np.array_equal(plain[q], kept[q]) and np.array_equal(kept.state[:, i], kept[q])


def test_the_causes_of_a_day_with_its_state_are_the_causes_without_it():
    base = simulate([])
    plain, kept = simulate(A_BUSY_DAY), simulate(A_BUSY_DAY, keep_state=True)
    with_state, without_state = Counterfactuals(kept), Counterfactuals(plain)
    assert stress_causes(kept, base, threshold=0.0, runs=with_state) == stress_causes(
        plain, base, threshold=0.0, runs=without_state
    )
    assert with_state.helped() == without_state.helped()


def test_resuming_needs_the_kept_state():
    from loslaten.hormones.simulate import resume

    with pytest.raises(ValueError, match="keep_state"):
        resume(simulate(A_BUSY_DAY), A_BUSY_DAY[1:], A_BUSY_DAY[0].start)
