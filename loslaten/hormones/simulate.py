"""``simulate`` (one person) and ``simulate_many`` (many people or variants, vectorised)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

from .equations import QUANTITIES, baseline_state, prepare
from .events import (
    MINUTES_PER_DAY,
    SLEEP,
    WAKE,
    Event,
    InputSchedule,
    check_events,
    dense_inputs,
    parse_clock,
)
from .integrate import drive_table, run_batch, run_batch_coarse, run_scalar, run_scalar_full
from .params import Params, as_params
from .trajectory import BatchTrajectory, Trajectory

#: Days simulated without events before the start, so that day 1 begins on the settled daily
#: rhythm. The slowest settling time without events is serotonin's (90 min half-life), so three
#: days leave a difference far below 1e-9.
BURN_IN_DAYS = 3

_START_CACHE: dict[tuple, list[float]] = {}
_QUIET_CACHE: dict[tuple, tuple] = {}
_PREPARED: dict[tuple, object] = {}

T = TypeVar("T")


def remembered(store: dict[tuple, T], key: tuple, limit: int, make: Callable[[], T]) -> T:
    """``store[key]``, made by ``make()`` the first time; a store that grows past ``limit``
    entries starts again empty (the keys are the few settings people really use)."""
    hit = store.get(key)
    if hit is None:
        if len(store) >= limit:
            store.clear()
        hit = store[key] = make()
    return hit


def prepared(p: Params):
    """``prepare(p)``, cached per parameter set (it tabulates the circadian drive)."""
    return remembered(_PREPARED, p.key(), 256, lambda: prepare(p))


def quiet_run(wake_min: int, sleep_min: int, n_minutes: int, p: Params) -> tuple:
    """``(q, drive, states)`` of a run without events from the settled rhythm (cached).

    ``states`` is the full state ``(n_minutes + 1, 10)``. Until its first event a day with
    events follows exactly this run (same start, same inputs, same arithmetic), so
    ``simulate`` only integrates from the first event on.
    """

    def run() -> tuple:
        q = prepared(p)
        drive = drive_table(n_minutes, wake_min, q)
        y0 = periodic_start(wake_min, sleep_min, p)
        states = run_scalar_full(y0, n_minutes, wake_min, sleep_min, None, q, drive=drive)
        states.setflags(write=False)
        return q, drive, states

    return remembered(_QUIET_CACHE, (wake_min, sleep_min, n_minutes, p.key()), 64, run)


#: The longest simulation: a year (a leap year). Longer runs cost memory for nothing.
MAX_DAYS = 366


def check_days(days: Any) -> int:
    """Validate the number of days (a whole number from 1 to ``MAX_DAYS``)."""
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)):
        raise ValueError(f"days: expected a whole number from 1 to {MAX_DAYS}, got {days!r}")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days: must be from 1 to {MAX_DAYS}, got {days!r}")
    return int(days)


def check_wake_sleep(wake: str, sleep: str) -> tuple[int, int]:
    """Parse wake and sleep times (``"HH:MM"``); they must differ."""
    wake_min = parse_clock(wake, "wake")
    sleep_min = parse_clock(sleep, "sleep")
    if wake_min == sleep_min:
        raise ValueError("sleep: must differ from wake")
    return wake_min, sleep_min


def periodic_start(wake_min: int, sleep_min: int, p: Params) -> list[float]:
    """The state at midnight on the settled no-event daily rhythm (cached)."""

    def run() -> list[float]:
        start = baseline_state()
        days = BURN_IN_DAYS * MINUTES_PER_DAY
        return run_scalar(start, days, wake_min, sleep_min, None, prepared(p))[1]

    return list(remembered(_START_CACHE, (wake_min, sleep_min, p.key()), 256, run))


def simulate(
    events: Iterable[Event | str] | None = None,
    days: int = 1,
    wake: str = WAKE,
    sleep: str = SLEEP,
    params: Params | Mapping[str, Any] | None = None,
    until: int | None = None,
) -> Trajectory:
    """Simulate one person minute by minute.

    ``events`` are ``Event`` objects or their text form (``"hold@09:00+15*2"``); ``wake`` and
    ``sleep`` are ``"HH:MM"``; ``params`` overrides values of ``params.toml`` by name. The day
    starts at midnight on the person's settled rhythm (as if the days before had no events).
    ``until`` (a minute) stops the run there: the trajectory's arrays then end at ``until``
    (the same values as the whole run's up to it), for callers that need only the start.
    Raises ``ValueError`` naming the offending field for bad input.
    """
    days = check_days(days)
    wake_min, sleep_min = check_wake_sleep(wake, sleep)
    p = as_params(params)
    if p.is_batch():
        raise ValueError("params: per-person arrays of values need simulate_many")
    n_minutes = days * MINUTES_PER_DAY
    checked = check_events(events or (), n_minutes)
    q, drive, quiet = quiet_run(wake_min, sleep_min, n_minutes, p)
    # Before the first event (that changes an input) the day is the cached day without events.
    first = min((e.start for e in checked if e.intensity > 0), default=n_minutes)
    end = n_minutes if until is None else max(0, min(int(until), n_minutes))
    if first >= end:
        states = quiet[: end + 1, : len(QUANTITIES)].copy()
    else:
        u = dense_inputs(checked, n_minutes)[:, :end]
        rest, _ = run_scalar(quiet[first], end, wake_min, sleep_min, u, q, first, drive)
        states = np.concatenate([quiet[:first, : len(QUANTITIES)], rest])
    return Trajectory(
        minutes=np.arange(end + 1),
        values={name: np.ascontiguousarray(states[:, i]) for i, name in enumerate(QUANTITIES)},
        events=checked,
        wake=wake,
        sleep=sleep,
        days=days,
        params=p.as_dict(),
    )


def _per_person(value: str | Sequence[str], n: int, field: str) -> list[str]:
    if isinstance(value, str):
        return [value] * n
    values = list(value)
    if len(values) != n:
        raise ValueError(f"{field}: expected one value per person ({n}), got {len(values)}")
    return values


def _merge_params(params: Any, n: int) -> dict[str, Any]:
    """Turn ``params`` for a batch into one override dict (arrays of shape ``(n,)``)."""
    if params is None:
        return {}
    if isinstance(params, Params):
        params = params.as_dict()
    if isinstance(params, Mapping):
        merged: dict[str, Any] = {}
        for name, value in params.items():
            arr = np.asarray(value, dtype=float)
            if arr.ndim == 1 and arr.shape[0] != n:
                raise ValueError(f"params: {name} needs one value per person ({n})")
            merged[name] = arr if arr.ndim else float(arr)
        return merged
    if isinstance(params, Sequence):
        rows = list(params)
        if len(rows) != n:
            raise ValueError(f"params: expected one dict per person ({n}), got {len(rows)}")
        names = sorted({k for row in rows for k in (row or {})})
        defaults = Params().as_dict()
        merged = {}
        for name in names:
            if name not in defaults:
                raise ValueError(f"params: unknown parameter {name!r}")
            merged[name] = np.array([float((row or {}).get(name, defaults[name])) for row in rows])
        return merged
    raise ValueError("params: expected a dict of overrides or a list of dicts (one per person)")


def simulate_many(
    events: Sequence[Iterable[Event | str]] | None = None,
    days: int = 1,
    wake: str | Sequence[str] = WAKE,
    sleep: str | Sequence[str] = SLEEP,
    params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    n: int | None = None,
    step_min: int = 1,
    every_minute: bool = True,
) -> BatchTrajectory:
    """Simulate many people (or many variants of one day) at once, vectorised over people.

    ``events`` is one event list per person. ``wake``/``sleep`` are one time for everyone or one
    per person. ``params`` is a dict of overrides whose values may be numbers or sequences with
    one value per person, or a list with one override dict per person. ``n`` gives the number of
    people when ``events`` is omitted. The result holds arrays of shape ``(n, days*1440 + 1)``;
    person ``i`` matches ``simulate(events[i], ...)`` to round-off.

    ``step_min`` > 1 (a divisor of 1440, e.g. 5) switches to a coarse, much cheaper
    integrator (exponential Euler, inputs averaged per step; ``run_batch_coarse``) whose
    results are interpolated to every minute. It is meant for ensembles (the uncertainty
    band), not for single curves: its error is a few per cent. ``every_minute=False`` keeps
    its values at the steps only (``minutes`` then holds every ``step_min``-th minute).
    """
    days = check_days(days)
    if events is None:
        count = 1 if n is None else int(n)
        people_events: list = [()] * count
    else:
        people_events = list(events)
        if n is not None and n != len(people_events):
            raise ValueError(f"n: {n} does not match the {len(people_events)} event lists")
    count = len(people_events)
    if count < 1:
        raise ValueError("events: need at least one person")
    n_minutes = days * MINUTES_PER_DAY
    wakes = _per_person(wake, count, "wake")
    sleeps = _per_person(sleep, count, "sleep")
    pairs = [check_wake_sleep(w, s) for w, s in zip(wakes, sleeps, strict=True)]
    wake_min = np.array([w for w, _ in pairs])
    sleep_min = np.array([s for _, s in pairs])
    checked = tuple(check_events(ev or (), n_minutes) for ev in people_events)
    overrides = _merge_params(params, count)
    p, q = _batch_params(overrides)

    if isinstance(step_min, bool) or not isinstance(step_min, (int, np.integer)):
        raise ValueError(f"step_min: expected a whole number of minutes, got {step_min!r}")
    if step_min < 1 or MINUTES_PER_DAY % step_min:
        raise ValueError(f"step_min: must divide {MINUTES_PER_DAY}, got {step_min!r}")
    if step_min > 1:
        out = _coarse(checked, n_minutes, wake_min, sleep_min, overrides, q, step_min)
        if every_minute:
            # Linear interpolation to every minute, along the time axis.
            grid = np.arange(n_minutes + 1) / step_min
            i = np.minimum(grid.astype(int), out.shape[0] - 2)
            frac = (grid - i)[:, None, None]
            out = out[i] * (1.0 - frac) + out[i + 1] * frac
    else:
        y0 = _batch_start(wake_min, sleep_min, overrides, count)
        schedule = InputSchedule.from_events(checked, n_minutes)
        out, _ = run_batch(y0, n_minutes, wake_min, sleep_min, schedule, q)
    return BatchTrajectory(
        minutes=np.arange(0, n_minutes + 1, 1 if every_minute else step_min),
        # Views into the minute-major result: no copy of the (possibly large) arrays.
        values={name: out[:, i, :].T for i, name in enumerate(QUANTITIES)},
        events=checked,
        wake=tuple(wakes),
        sleep=tuple(sleeps),
        days=days,
        params=p.as_dict(),
    )


_COARSE_START: dict[tuple, np.ndarray] = {}
_BATCH_PARAMS: dict[tuple, Params] = {}
_COARSE_QUIET: dict[tuple, np.ndarray] = {}
#: The coarse runs without events kept for reuse are at most this large (bytes): a day of
#: a 65-draw ensemble is about 2 MB; a fortnight's would not be worth keeping.
_COARSE_QUIET_MAX_BYTES = 4_000_000


def _overrides_key(overrides: Mapping[str, Any]) -> tuple:
    return tuple(
        (k, v.tobytes() if isinstance(v, np.ndarray) else v) for k, v in sorted(overrides.items())
    )


def _batch_params(overrides: dict[str, Any]) -> tuple[Params, Any]:
    """``Params(overrides)`` and its prepared constants, cached: an ensemble asks for the same
    parameter draws on every band, and checking them and tabulating their circadian drive
    costs more than the run itself."""
    p = remembered(_BATCH_PARAMS, _overrides_key(overrides), 16, lambda: Params(overrides))
    return p, prepared(p)


def _coarse(checked, n_minutes, wake_min, sleep_min, overrides, q, step_min) -> np.ndarray:
    """The coarse batch run at its steps: ``(n_minutes // step_min + 1, 8, n)``.

    Until the first event every member follows the run without events, which is cached (as
    ``simulate`` caches its quiet day): only the steps from the first event on are run.
    """
    count = len(checked)
    key = (wake_min.tobytes(), sleep_min.tobytes(), step_min, _overrides_key(overrides))
    first = min((e.start for ev in checked for e in ev if e.intensity > 0), default=n_minutes)
    quiet = _coarse_quiet(key, n_minutes, wake_min, sleep_min, q, step_min, count)
    n_out = len(QUANTITIES)
    if quiet is None:
        start, y0 = 0, _coarse_start(key, wake_min, sleep_min, q, step_min, count)
    elif first // step_min >= len(quiet) - 1:
        return quiet[:, :n_out]  # nothing happens before the end
    else:
        start, y0 = first // step_min, quiet[first // step_min]
    if all(ev == checked[0] for ev in checked):
        u = dense_inputs(checked[0], n_minutes) if checked[0] else None
    else:
        u = np.stack([dense_inputs(ev, n_minutes) for ev in checked], axis=-1)
    offset = start * step_min
    rest, _ = run_batch_coarse(
        y0,
        n_minutes - offset,
        wake_min,
        sleep_min,
        None if u is None else u[:, offset:],
        q,
        step_min,
        offset,
    )
    return rest if quiet is None else np.concatenate([quiet[:start, :n_out], rest])


def _coarse_start(key, wake_min, sleep_min, q, step_min, count) -> np.ndarray:
    """The coarse ensemble's settled state at midnight (after the burn-in days), cached."""

    def run() -> np.ndarray:
        guess = np.tile(np.array(baseline_state())[:, None], (1, count))
        days = BURN_IN_DAYS * MINUTES_PER_DAY
        return run_batch_coarse(guess, days, wake_min, sleep_min, None, q, step_min)[1]

    return remembered(_COARSE_START, key, 32, run)


def _coarse_quiet(key, n_minutes, wake_min, sleep_min, q, step_min, count) -> np.ndarray | None:
    """Every full state of the coarse run without events, ``(steps + 1, N_STATES, n)``, cached;
    ``None`` when it would be too large to keep."""
    if (n_minutes // step_min + 1) * len(baseline_state()) * count * 8 > _COARSE_QUIET_MAX_BYTES:
        return None

    def run() -> np.ndarray:
        y0 = _coarse_start(key, wake_min, sleep_min, q, step_min, count)
        quiet = run_batch_coarse(y0, n_minutes, wake_min, sleep_min, None, q, step_min, full=True)[
            0
        ]
        quiet.setflags(write=False)
        return quiet

    return remembered(_COARSE_QUIET, (*key, n_minutes), 8, run)


def _batch_start(
    wake_min: np.ndarray, sleep_min: np.ndarray, overrides: dict[str, Any], count: int
) -> np.ndarray:
    """Periodic start states ``(N_STATES, n)``, computed once per distinct person setting."""
    arrays = {k: v for k, v in overrides.items() if isinstance(v, np.ndarray)}
    scalars = {k: v for k, v in overrides.items() if not isinstance(v, np.ndarray)}
    rows = np.column_stack([wake_min, sleep_min, *arrays.values()])
    unique, inverse = np.unique(rows, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    if not arrays:
        starts = [
            periodic_start(int(w), int(s), Params(scalars)) for w, s in unique[:, :2].astype(int)
        ]
        return np.array(starts).T[:, inverse]
    sub = dict(scalars)
    for j, name in enumerate(arrays):
        sub[name] = unique[:, 2 + j]
    q = prepare(Params(sub))
    guess = np.tile(np.array(baseline_state())[:, None], (1, unique.shape[0]))
    _, final = run_batch(
        guess,
        BURN_IN_DAYS * MINUTES_PER_DAY,
        unique[:, 0].astype(int),
        unique[:, 1].astype(int),
        None,
        q,
    )
    return final[:, inverse]
