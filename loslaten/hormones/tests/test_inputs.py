"""Bad input raises ValueError naming the field; parsing of the compact event form."""

import math

import pytest

from loslaten.hormones import Event, parse_event, simulate, simulate_many


@pytest.mark.parametrize(
    "call,field",
    [
        (lambda: simulate(["foo@09:00"]), "kind"),
        (lambda: simulate([Event("hold", 600, -5)]), "duration"),
        (lambda: simulate(["hold@25:00"]), "time"),
        (lambda: simulate(["hold@09:61"]), "time"),
        (lambda: simulate([Event("hold", 600, 10, math.nan)]), "intensity"),
        (lambda: simulate([Event("hold", 600, 10, -1)]), "intensity"),
        (lambda: simulate([Event("hold", 600, 10, 4)]), "intensity"),
        (lambda: simulate([Event("hold", -1)]), "start"),
        (lambda: simulate([Event("hold", 1440)]), "start"),
        (lambda: simulate(["D3/hold@09:00"], days=2), "start"),
        (lambda: simulate([], wake="7 uur"), "wake"),
        (lambda: simulate([], sleep="24:00"), "sleep"),
        (lambda: simulate([], wake="07:00", sleep="07:00"), "sleep"),
        (lambda: simulate([], days=0), "days"),
        (lambda: simulate([], days=1.5), "days"),
        (lambda: simulate([], params={"nonsense": 1}), "nonsense"),
        (lambda: simulate([], params={"cortisol_half_life_min": -3}), "cortisol_half_life_min"),
        (lambda: simulate_many([[]], wake=["07:00", "08:00"]), "wake"),
        (lambda: parse_event("hold 09:00"), "event"),
        (lambda: parse_event("hold@09:00+x"), "duration"),
        (lambda: parse_event("hold@09:00*lots"), "intensity"),
    ],
)
def test_bad_input_raises_value_error_naming_the_field(call, field):
    with pytest.raises(ValueError, match=field):
        call()


def test_parse_event_full_form():
    e = parse_event("D2/complete@14:00+5*0.8")
    assert (e.kind, e.start, e.duration, e.intensity) == ("complete", 1440 + 840, 5, 0.8)
    assert e.to_text() == "D2/complete@14:00+5*0.8"
    assert parse_event("exhale@09:20") == Event("exhale", 560, 0, 1.0)


def test_zero_duration_is_a_one_minute_event():
    assert Event("exhale", 0).effective_duration == 1


def test_events_accept_several_forms():
    a = simulate([Event("hold", 540, 15, 2)])
    b = simulate(["hold@09:00+15*2"])
    c = simulate([("hold", "09:00", 15, 2)])
    d = simulate([{"kind": "hold", "start": "09:00", "duration": 15, "intensity": 2}])
    for other in (b, c, d):
        assert (other.cortisol == a.cortisol).all()
