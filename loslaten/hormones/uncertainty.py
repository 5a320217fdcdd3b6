"""Uncertainty you can see: a parameter ensemble and its 10-90 % band around a day.

Every parameter with a ``range`` in params.toml is drawn (Latin hypercube, uniform within its
range, a fixed seed so the band is the same on every run); the others stay at their value.
The draws run together through ``simulate_many`` with its coarse integrator. The band is the
spread of the draws *relative to the draw with the default values* (same integrator), laid
around the exact curve of ``simulate``: the coarse integrator's own error then cancels to
first order, and the band always contains the curve it is drawn around.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .equations import QUANTITIES
from .events import MINUTES_PER_DAY, SLEEP, WAKE, Event, check_events
from .params import Params, load_specs
from .simulate import check_days, coarse_run, simulate
from .trajectory import Trajectory

N_DRAWS = 64
SEED = 13
#: Minutes per step of the ensemble's coarse integrator (see ``simulate_many``).
STEP_MIN = 5
#: Recent bands by their inputs (at most 64; the oldest goes first).
_CACHE: dict[tuple, Band] = {}


@dataclass(frozen=True, eq=False)
class Band:
    """The ``low``-``high`` percentile band of an ensemble around a day.

    ``center`` is the day with the default parameters (``simulate``); ``low`` and ``high`` map
    each quantity to an array over ``minutes`` (0 .. days * 1440).
    """

    center: Trajectory
    low: dict[str, np.ndarray]
    high: dict[str, np.ndarray]
    percentiles: tuple[float, float]
    n_draws: int

    @property
    def minutes(self) -> np.ndarray:
        """Minutes from midnight of day 1, one per value."""
        return self.center.minutes

    def to_dict(self, every: int = 1) -> dict[str, Any]:
        """JSON-friendly: every ``every``-th minute of the band, rounded to 4 decimals."""
        pick = slice(None, None, every)
        return {
            "percentiles": list(self.percentiles),
            "n_draws": self.n_draws,
            "minutes": self.minutes[pick].tolist(),
            "low": {q: np.round(v[pick], 4).tolist() for q, v in self.low.items()},
            "high": {q: np.round(v[pick], 4).tolist() for q, v in self.high.items()},
        }


def ranges() -> dict[str, tuple[float, float]]:
    """The parameters that vary in the ensemble, with their plausible ranges."""
    return {name: spec.range for name, spec in load_specs().items() if spec.range is not None}


def draws(n: int = N_DRAWS, seed: int = SEED) -> dict[str, np.ndarray]:
    """``n`` Latin-hypercube draws of every ranged parameter: ``{name: array of n}``."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, (low, high) in ranges().items():
        strata = (rng.permutation(n) + rng.random(n)) / n
        out[name] = low + (high - low) * strata
    return out


def band(
    events: Iterable[Event | str] | None = None,
    days: int = 1,
    wake: str = WAKE,
    sleep: str = SLEEP,
    quantities: Iterable[str] = QUANTITIES,
    n_draws: int = N_DRAWS,
    percentiles: tuple[float, float] = (10.0, 90.0),
    seed: int = SEED,
    params: Mapping[str, Any] | None = None,
    center: Trajectory | None = None,
    rhythm: tuple[str, str] | None = None,
) -> Band:
    """The 10-90 % band (by default) of ``n_draws`` parameter draws around a day.

    Same inputs as ``simulate``; ``params`` overrides values for every draw (ranged
    parameters are drawn regardless). Returns a ``Band``; ``band(...).low["cortisol"]`` is the
    lower edge of cortisol at every minute. Raises ``ValueError`` naming the field for bad
    input, like ``simulate``. Deterministic: the same call gives the same band (cached, with
    read-only arrays, unless ``params`` is given). ``center`` is the day's own ``simulate``
    run with these inputs, when the caller has it already (it is not run again). ``rhythm``
    is the ``(wake, sleep)`` of the days before, as for ``simulate``.
    """
    events = list(events or ())
    quantities = tuple(quantities)
    key = None
    if params is None:
        # The same day asked for again (a page reloaded) costs nothing: bands are cached.
        texts = tuple(e.to_text() for e in check_events(events, check_days(days) * MINUTES_PER_DAY))
        key = (texts, days, wake, sleep, rhythm, quantities, n_draws, tuple(percentiles), seed)
        hit = _CACHE.get(key)
        if hit is not None:
            return hit
    for name in quantities:
        if name not in QUANTITIES:
            raise ValueError(f"quantities: unknown quantity {name!r}")
    if isinstance(n_draws, bool) or not isinstance(n_draws, int) or n_draws < 2:
        raise ValueError(f"n_draws: expected a whole number >= 2, got {n_draws!r}")
    if center is None:
        center = simulate(events, days=days, wake=wake, sleep=sleep, params=params, rhythm=rhythm)
    base = Params(params).as_dict()
    drawn = draws(n_draws, seed)
    # Column 0: the default values; columns 1..n: the draws.
    overrides = {name: np.concatenate([[base[name]], values]) for name, values in drawn.items()}
    for name, value in (params or {}).items():
        overrides.setdefault(name, value)
    # The run keeps its quiet days once (``CoarseRun``): the band of a year is worked out on
    # the days where something happens and on one day without events, then laid out.
    run = coarse_run([events] * (n_draws + 1), days, wake, sleep, overrides, STEP_MIN, rhythm)
    step_minutes = np.arange(run.steps + 1) * STEP_MIN
    index = [QUANTITIES.index(name) for name in quantities]

    def edges(block: np.ndarray) -> np.ndarray:
        """The percentiles of the draws against the default, ``(steps, quantity, 2)``."""
        ratio = block[:, index, 1:] / block[:, index, :1]
        return np.moveaxis(np.percentile(ratio, percentiles, axis=2), 0, -1)

    spread = run.join(edges(run.quiet), edges(run.active))
    low, high = {}, {}
    for j, name in enumerate(quantities):
        lo_steps, hi_steps = spread[:, j].T
        # The spread at the ensemble's own steps, then between them in straight lines (the
        # coarse run is itself a straight line between its steps).
        lo, hi = (np.interp(center.minutes, step_minutes, edge) for edge in (lo_steps, hi_steps))
        curve = center[name]
        # The band always contains the curve it is drawn around.
        low[name] = curve * np.minimum(lo, 1.0)
        high[name] = curve * np.maximum(hi, 1.0)
    for arrays in (low, high):
        for values in arrays.values():
            values.setflags(write=False)
    result = Band(center, low, high, (float(percentiles[0]), float(percentiles[1])), n_draws)
    if key is not None:
        if len(_CACHE) >= 64:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = result
    return result
