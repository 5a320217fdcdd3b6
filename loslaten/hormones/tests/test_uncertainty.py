"""The uncertainty band: a 64-draw parameter ensemble around a day."""

import json

import numpy as np
import pytest

from loslaten.hormones import QUANTITIES, simulate, simulate_many, uncertainty
from loslaten.hormones.params import load_specs
from loslaten.hormones.uncertainty import N_DRAWS, band, draws, ranges

DAY = ["hold@09:00+30*2", "exhale@09:40", "complete@14:00"]


@pytest.fixture(scope="module")
def spread():
    return band(DAY)


def test_the_band_draws_64_parameter_sets_within_their_ranges():
    drawn = draws()
    assert set(drawn) == set(ranges()) and len(drawn) >= 10
    for name, values in drawn.items():
        low, high = load_specs()[name].range
        assert values.shape == (N_DRAWS,)
        assert np.all((low <= values) & (values <= high)), name
        # Latin hypercube: one draw in each of the 64 strata of the range.
        strata = np.floor((values - low) / (high - low) * N_DRAWS).astype(int)
        assert sorted(strata.tolist()) == list(range(N_DRAWS)), name


def test_the_band_lies_around_the_simulated_day(spread):
    day = simulate(DAY)
    assert spread.n_draws == 64 and spread.percentiles == (10.0, 90.0)
    for name in QUANTITIES:
        low, high = spread.low[name], spread.high[name]
        assert low.shape == high.shape == day[name].shape
        assert np.all(np.isfinite(low)) and np.all(np.isfinite(high))
        assert np.all(low <= day[name] + 1e-12) and np.all(day[name] <= high + 1e-12)
    # The uncertainty is visible: cortisol's band is not a line.
    width = (spread.high["cortisol"] - spread.low["cortisol"]) / day.cortisol
    assert width.mean() > 0.05


def test_the_band_is_the_same_on_every_run_and_cached(spread):
    uncertainty._CACHE.clear()
    again = band(DAY)
    for name in QUANTITIES:
        np.testing.assert_array_equal(again.low[name], spread.low[name])
    assert band(list(DAY)) is again
    with pytest.raises(ValueError):
        again.low["cortisol"][0] = 0.0  # shared between callers: read-only


def test_the_band_is_json_ready(spread):
    data = json.loads(json.dumps(spread.to_dict(every=10)))
    assert len(data["minutes"]) == len(data["low"]["cortisol"]) == 145
    assert data["n_draws"] == 64


def test_the_coarse_ensemble_follows_the_exact_run():
    exact = simulate_many([DAY])
    coarse = simulate_many([DAY], step_min=5)
    for name in ("cortisol", "acth", "tension"):
        assert np.max(np.abs(coarse[name][0] / exact[name][0] - 1)) < 0.3, name
    day = slice(8 * 60, 20 * 60)
    assert np.mean(np.abs(coarse.cortisol[0][day] / exact.cortisol[0][day] - 1)) < 0.05


def test_a_day_with_events_starts_from_the_quiet_ensemble_without_changing_it(monkeypatch):
    import importlib

    simulate_module = importlib.import_module("loslaten.hormones.simulate")
    params = {name: values for name, values in draws(8).items()}
    shortcut = simulate_many([DAY] * 8, params=params, step_min=5)
    # The same ensemble integrated from midnight, with no kept day without events.
    monkeypatch.setattr(simulate_module, "_COARSE_QUIET_MAX_BYTES", 0)
    whole = simulate_many([DAY] * 8, params=params, step_min=5)
    for name in QUANTITIES:
        np.testing.assert_allclose(shortcut[name], whole[name], rtol=1e-12, atol=0)


def test_the_coarse_ensemble_at_its_steps_is_the_every_minute_one_there():
    steps = simulate_many([DAY], step_min=5, every_minute=False)
    minutes = simulate_many([DAY], step_min=5)
    assert steps.minutes.tolist() == list(range(0, 1441, 5))
    np.testing.assert_array_equal(steps.cortisol, minutes.cortisol[:, ::5])


def test_a_band_given_its_day_is_the_band_that_runs_it():
    uncertainty._CACHE.clear()
    given = band(DAY, quantities=["cortisol"], center=simulate(DAY))
    uncertainty._CACHE.clear()
    run = band(DAY, quantities=["cortisol"])
    np.testing.assert_array_equal(given.low["cortisol"], run.low["cortisol"])
    np.testing.assert_array_equal(given.high["cortisol"], run.high["cortisol"])


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"quantities": ["mood"]}, "quantities"),
        ({"n_draws": 1}, "n_draws"),
        ({"days": 0}, "days"),
        ({"wake": "25:00"}, "wake"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(ValueError, match=rf"^{field}"):
        band(DAY, **kwargs)


def test_step_min_must_divide_a_day():
    with pytest.raises(ValueError, match=r"^step_min"):
        simulate_many([DAY], step_min=7)


def test_the_ensemble_keeps_its_settled_weeks_as_one_quiet_day(monkeypatch):
    """The coarse ensemble of 40 days with a stressor on day 1 works out only the weeks
    until it has settled, and equals the whole run from midnight within the tolerance."""
    import importlib

    from loslaten.hormones.simulate import COARSE_SETTLED_TOLERANCE, coarse_run

    simulate_module = importlib.import_module("loslaten.hormones.simulate")
    params = {name: values for name, values in draws(2).items()}
    run = coarse_run([DAY] * 2, 40, "07:00", "23:00", params, 5)
    assert len(run.active) < 35 * 288, "the settled weeks were worked out all the same"
    shortcut = simulate_many([DAY] * 2, days=40, params=params, step_min=5)
    monkeypatch.setattr(simulate_module, "_COARSE_QUIET_MAX_BYTES", 0)
    whole = simulate_many([DAY] * 2, days=40, params=params, step_min=5)
    for name in QUANTITIES:
        np.testing.assert_allclose(shortcut[name], whole[name], rtol=COARSE_SETTLED_TOLERANCE)


def _plain_run_batch_coarse(y0, n_minutes, wake_min, sleep_min, u, q, step_min, start_min=0):
    """The coarse run written out with the general ``rhs`` on arrays: the reference for the
    generated steps of ``run_batch_coarse`` (the same Heun step on exponential weights)."""
    from loslaten.hormones.equations import ARRAY_OPS, Terms, circadian_drive, input_terms, rhs
    from loslaten.hormones.events import EVENT_KINDS, asleep_mask
    from loslaten.hormones.integrate import decay_rates

    n, steps = y0.shape[1], n_minutes // step_min
    minutes = np.arange(start_min, start_min + n_minutes)[:, None]
    asleep = asleep_mask(minutes, wake_min, sleep_min).reshape(steps, step_min, 1).mean(axis=1)
    if u is None:
        u = np.zeros((len(EVENT_KINDS), n_minutes))
    u_step = u.reshape(len(EVENT_KINDS), steps, step_min).mean(axis=2)[:, :, None]
    terms = input_terms(u_step, asleep, q)
    mid = start_min + (np.arange(steps) + 0.5) * step_min
    drive = np.broadcast_to(circadian_drive(mid[:, None], wake_min, q, ARRAY_OPS), (steps, n))
    rates = np.array([np.broadcast_to(r, (n,)) for r in decay_rates(q)])
    weight = -np.expm1(-rates * step_min) / rates
    y = np.array(y0, dtype=float)
    out = [y[:8].copy()]
    k1, k2 = np.empty_like(y), np.empty_like(y)
    for i in range(steps):
        step_terms = Terms(*(np.broadcast_to(t, (steps, n))[i] for t in terms))
        rhs(y, drive[i], step_terms, q, ARRAY_OPS, k1)
        rhs(y + weight * k1, drive[i], step_terms, q, ARRAY_OPS, k2)
        y = y + 0.5 * weight * (k1 + k2)
        out.append(y[:8].copy())
    return np.array(out), y


@pytest.mark.parametrize("events", [DAY, []], ids=["a day with acts", "a quiet day"])
def test_the_generated_coarse_steps_are_the_plain_right_hand_side(events):
    """The band's fast steps (code generated from ``rhs``) give what ``rhs`` itself gives."""
    import importlib

    from loslaten.hormones.events import check_events, dense_inputs
    from loslaten.hormones.integrate import run_batch_coarse

    simulate_module = importlib.import_module("loslaten.hormones.simulate")
    base = simulate_module.Params().as_dict()
    overrides = {k: np.concatenate([[base[k]], v]) for k, v in draws(16).items()}
    _, q = simulate_module._batch_params(overrides)
    y0 = simulate_module._coarse_start(("test",), 420, 1380, q, 5, 17)
    u = dense_inputs(check_events(events, 1440), 1440) if events else None
    for start in (0, 480):
        part = None if u is None else u[:, start:]
        fast, fast_y = run_batch_coarse(y0, 1440 - start, 420, 1380, part, q, 5, start)
        plain, plain_y = _plain_run_batch_coarse(y0, 1440 - start, 420, 1380, part, q, 5, start)
        np.testing.assert_allclose(fast, plain, rtol=1e-12, atol=0)
        np.testing.assert_allclose(fast_y, plain_y, rtol=1e-12, atol=1e-300)
