"""Properties that must hold for any valid input (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from loslaten.hormones import EVENT_KINDS, QUANTITIES, Event, simulate

event_st = st.builds(
    Event,
    kind=st.sampled_from(EVENT_KINDS),
    start=st.integers(0, 1439),
    duration=st.integers(0, 240),
    intensity=st.floats(0, 3, allow_nan=False),
)
events_st = st.lists(event_st, max_size=6)
SETTINGS = settings(max_examples=25, deadline=None)


@SETTINGS
@given(events_st)
def test_every_quantity_stays_positive_and_finite(events):
    traj = simulate(events)
    for name in QUANTITIES:
        values = traj[name]
        assert np.all(np.isfinite(values)), name
        assert np.all(values > 0), name


@settings(max_examples=5, deadline=None)
@given(
    st.integers(4 * 60, 10 * 60).map(lambda m: f"{m // 60:02d}:{m % 60:02d}"),
    st.integers(20 * 60, 23 * 60 + 59).map(lambda m: f"{m // 60:02d}:{m % 60:02d}"),
)
def test_without_events_every_day_has_the_same_rhythm(wake, sleep):
    traj = simulate([], days=3, wake=wake, sleep=sleep)
    for name in QUANTITIES:
        v = traj[name]
        assert np.max(np.abs(v[0:1440] - v[1440:2880])) < 1e-6, name
        assert np.max(np.abs(v[1440:2880] - v[2880:4320])) < 1e-6, name


@SETTINGS
@given(
    events_st,
    st.integers(0, 1439),
    st.integers(0, 120),
    st.floats(0.1, 3),
)
def test_more_hold_never_lowers_cortisol(events, start, duration, intensity):
    less = simulate(events)
    more = simulate([*events, Event("hold", start, duration, intensity)])
    # Its total over the day never goes down.
    # Minute by minute, cortisol's own steep negative feedback may leave a dip below the
    # course without the extra hold once that has passed (documented in docs/model.md); in
    # the model it stays near 5 %, at night, and this bounds it at 10 %.
    assert more.cortisol.sum() >= less.cortisol.sum() - 1e-9
    assert np.all(more.cortisol >= 0.90 * less.cortisol)


@SETTINGS
@given(events_st, st.integers(0, 1439), st.floats(0.1, 3))
def test_an_exhale_never_raises_tension(events, start, intensity):
    without = simulate(events)
    exhaled = simulate([*events, Event("exhale", start, 0, intensity)])
    assert np.all(exhaled.tension <= without.tension + 1e-9)
