"""``simulate`` (one person) and ``simulate_many`` (many people or variants, vectorised)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from .equations import N_STATES, QUANTITIES, baseline_state, prepare
from .events import (
    MINUTES_PER_DAY,
    SLEEP,
    WAKE,
    Event,
    InputSchedule,
    asleep_mask,
    check_events,
    dense_inputs,
    format_clock,
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


def quiet_run(wake_min: int, sleep_min: int, p: Params) -> tuple:
    """``(q, drive, day)`` of one day without events from the settled rhythm (cached).

    ``day`` is the full state ``(1441, N_STATES)``; it starts and ends on the settled state,
    so a run of any length without events is this day repeated (``quiet_states``). Until its
    first event a day with events follows exactly this run, so ``simulate`` only integrates
    from the first event on.
    """

    def run() -> tuple:
        q = prepared(p)
        drive = drive_table(wake_min, q)
        y0 = periodic_start(wake_min, sleep_min, p)
        day = run_scalar_full(y0, MINUTES_PER_DAY, wake_min, sleep_min, None, q, drive=drive)
        day.setflags(write=False)
        return q, drive, day

    return remembered(_QUIET_CACHE, (wake_min, sleep_min, p.key()), 64, run)


def quiet_states(day: np.ndarray, first: int, last: int) -> np.ndarray:
    """The rows of the run without events at minutes ``first..last``: ``day`` repeated."""
    return day[np.arange(first, last + 1) % MINUTES_PER_DAY]


#: After the last event a run only drifts back towards the day without events (the slow
#: states decay, they do not swing). Once a whole day differs from the day without events by
#: less than this (relative, every quantity at every minute), the days after it are that day
#: repeated, not integrated: what they leave out is smaller still, far below the
#: integrator's own error against the reference solver (``bench/model.py``, <= 1e-3).
SETTLED_TOLERANCE = 1e-6
#: The same for the coarse ensemble (the band), whose own error is a few per cent.
COARSE_SETTLED_TOLERANCE = 1e-4


def settled(day: np.ndarray, rest: np.ndarray, tolerance: float | None = None) -> bool:
    """Whether ``day`` (the quantities over a day, minute-major) lies within ``tolerance``
    (default ``SETTLED_TOLERANCE``) of ``rest``, the same day without events."""
    limit = SETTLED_TOLERANCE if tolerance is None else tolerance
    return bool(np.max(np.abs(day / rest - 1.0)) < limit)


def _run_events(
    checked: tuple[Event, ...],
    first: int,
    out: np.ndarray,
    wake_min: int,
    sleep_min: int,
    quiet: tuple,
    y0: np.ndarray | None = None,
    full: np.ndarray | None = None,
) -> None:
    """Write the reported quantities from minute ``first`` (the first event, or the minute
    a run resumes at from the full state ``y0``) on into ``out`` (``(8, minutes)``):
    ``quiet`` is ``(q, drive, day)`` with ``day`` the day without events (or a function that
    makes it: a one-day run never needs it); integrated up to the midnight after the last
    event, then day by day until a day is ``settled``, then the day without events repeated.
    ``full`` (``(minutes, N_STATES)``), when given, receives the full state of the same
    minutes."""
    q, drive, day = quiet
    end = out.shape[1] - 1
    # A run from another rhythm's state (``since``) may have no event: it runs to midnight.
    last_end = max((e.end for e in checked if e.intensity > 0), default=first + 1)
    midnight = min(end, -(-last_end // MINUTES_PER_DAY) * MINUTES_PER_DAY)
    u = dense_inputs(checked, midnight)
    n = len(out)

    def write(part: np.ndarray, a: int, b: int) -> None:
        out[:, a : b + 1] = part[:, :n].T
        if full is not None:
            full[a : b + 1] = part

    y = day[first % MINUTES_PER_DAY] if y0 is None else y0
    part = run_scalar_full(y, midnight, wake_min, sleep_min, u, q, first, drive)
    write(part, first, midnight)
    m = midnight
    if m < end:
        day = day() if callable(day) else day
        rest = day[:, : len(out)]
    while m < end:
        stop = min(end, m + MINUTES_PER_DAY)
        part = run_scalar_full(part[-1], stop - m, wake_min, sleep_min, None, q, 0, drive)
        write(part, m, stop)
        m = stop
        if settled(part[:, :n], rest[: len(part)]):
            break
    if m < end:
        out[:, m + 1 :] = quiet_states(rest, m + 1, end).T
        if full is not None:
            full[m + 1 :] = quiet_states(day, m + 1, end)


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


_DRIVES: dict[tuple, list[float]] = {}


def _quiet_from(
    wake_min: int, sleep_min: int, rhythm: tuple[int, int], p: Params, days: int
) -> tuple[tuple, np.ndarray, int]:
    """``(quiet, before, since)`` of a run with ``wake_min``/``sleep_min`` that starts on the
    settled ``rhythm`` (its wake and sleep minutes): ``quiet`` for ``_run_events``, and
    ``before``, the rhythm's day without events (full state), which the run follows up to
    minute ``since``, the first whose inputs differ (a later wake time moves the circadian
    drive of the whole day; a later sleep time only the minutes from the usual one on).

    Only the rhythm's settled state is made from burn-in days (once per settings): a day
    moved by what the person did costs no burn-in of its own.
    """
    q, drive, before = quiet_run(*rhythm, p)
    if rhythm == (wake_min, sleep_min):
        return (q, drive, before), before, days * MINUTES_PER_DAY
    if wake_min != rhythm[0]:
        since = 0
        drive = remembered(_DRIVES, (wake_min, p.key()), 16, lambda: drive_table(wake_min, q))
    else:
        minutes = np.arange(MINUTES_PER_DAY)
        differ = asleep_mask(minutes, *rhythm) != asleep_mask(minutes, wake_min, sleep_min)
        since = int(np.argmax(differ))
    # The settled day of the moved wake and sleep only for runs longer than a day.
    return (q, drive, lambda: quiet_run(wake_min, sleep_min, p)[2]), before, since


def simulate(
    events: Iterable[Event | str] | None = None,
    days: int = 1,
    wake: str = WAKE,
    sleep: str = SLEEP,
    params: Params | Mapping[str, Any] | None = None,
    until: int | None = None,
    keep_state: bool = False,
    rhythm: tuple[str, str] | None = None,
) -> Trajectory:
    """Simulate one person minute by minute.

    ``events`` are ``Event`` objects or their text form (``"hold@09:00+15*2"``); ``wake`` and
    ``sleep`` are ``"HH:MM"``; ``params`` overrides values of ``params.toml`` by name. The day
    starts at midnight on the person's settled rhythm (as if the days before had no events).
    ``until`` (a minute) stops the run there: the trajectory's arrays then end at ``until``
    (the same values as the whole run's up to it), for callers that need only the start.
    ``keep_state`` keeps the full state of every minute in ``Trajectory.state``, for
    ``resume``. ``rhythm`` is the ``(wake, sleep)`` of the days before (default: ``wake`` and
    ``sleep``): a day whose wake or sleep time was moved by what the person did starts on
    their usual rhythm, not on one settled at the moved times. Raises ``ValueError`` naming
    the offending field for bad input.
    """
    days = check_days(days)
    wake_min, sleep_min = check_wake_sleep(wake, sleep)
    rhythm_min = (wake_min, sleep_min) if rhythm is None else check_wake_sleep(*rhythm)
    p = as_params(params)
    if p.is_batch():
        raise ValueError("params: per-person arrays of values need simulate_many")
    n_minutes = days * MINUTES_PER_DAY
    checked = check_events(events or (), n_minutes)
    quiet, rest, since = _quiet_from(wake_min, sleep_min, rhythm_min, p, days)
    # Before the first event (that changes an input) the day is the cached day without events.
    first = min((e.start for e in checked if e.intensity > 0), default=n_minutes)
    first = min(first, since)
    end = n_minutes if until is None else max(0, min(int(until), n_minutes))
    # Quantity-major: each quantity's curve is one contiguous row, handed out without a copy.
    out = np.empty((len(QUANTITIES), end + 1))
    before = min(first, end)
    out[:, : before + 1] = quiet_states(rest[:, : len(out)], 0, before).T
    full = np.empty((end + 1, N_STATES)) if keep_state else None
    if full is not None:
        full[: before + 1] = quiet_states(rest, 0, before)
    if first < end:
        y0 = rest[first % MINUTES_PER_DAY]
        _run_events(checked, first, out, wake_min, sleep_min, quiet, y0=y0, full=full)
    return Trajectory(
        minutes=np.arange(end + 1),
        values=dict(zip(QUANTITIES, out, strict=True)),
        events=checked,
        wake=format_clock(wake_min),  # as HH:MM, however it was typed ("7:00", " 07:00")
        sleep=format_clock(sleep_min),
        days=days,
        params=p.as_dict(),
        state=full,
        rhythm=_rhythm_text(rhythm_min, wake_min, sleep_min),
    )


def _rhythm_text(rhythm: tuple[int, int], wake_min: int, sleep_min: int) -> tuple[str, str] | None:
    """A trajectory's ``rhythm``: ``None`` when it is its own wake and sleep."""
    if rhythm == (wake_min, sleep_min):
        return None
    return format_clock(rhythm[0]), format_clock(rhythm[1])


def resume(
    traj: Trajectory,
    events: Iterable[Event],
    minute: int,
    until: int | None = None,
    params: Params | None = None,
) -> Trajectory:
    """``simulate(events, ...)`` with ``traj``'s days, wake, sleep and parameters, integrated
    only from ``minute`` on, from ``traj``'s full state there (``traj`` was simulated with
    ``keep_state``; ``params``, when given, is ``as_params(traj.params)`` already checked).

    For ``events`` whose inputs before ``minute`` are those of ``traj.events``: ``traj``
    without an event that starts at ``minute``, say. The model is causal, so both runs are
    the same up to there, to the last bit. A run for which resuming saves nothing (no event
    before ``minute``) is simply simulated.
    """
    if traj.state is None:
        raise ValueError("resume: the run was simulated without keep_state")
    p = as_params(traj.params) if params is None else params
    n_minutes = traj.days * MINUTES_PER_DAY
    checked = check_events(events, n_minutes)
    wake_min, sleep_min = check_wake_sleep(traj.wake, traj.sleep)
    rhythm = traj.rhythm
    rhythm_min = (wake_min, sleep_min) if rhythm is None else check_wake_sleep(*rhythm)
    end = n_minutes if until is None else max(0, min(int(until), n_minutes))
    quiet, _rest, since = _quiet_from(wake_min, sleep_min, rhythm_min, p, traj.days)
    acting = [e for e in checked if e.intensity > 0]
    first = min(min((e.start for e in acting), default=n_minutes), since)
    last_end = max((e.end for e in acting), default=first + 1)
    midnight = min(end, -(-last_end // MINUTES_PER_DAY) * MINUTES_PER_DAY)
    if not first < minute <= min(midnight, len(traj.state) - 1):
        return simulate(checked, traj.days, traj.wake, traj.sleep, p, until, rhythm=rhythm)
    out = np.empty((len(QUANTITIES), end + 1))
    for i, name in enumerate(QUANTITIES):
        out[i, : minute + 1] = traj.values[name][: minute + 1]
    _run_events(checked, minute, out, wake_min, sleep_min, quiet, y0=traj.state[minute])
    return Trajectory(
        minutes=np.arange(end + 1),
        values=dict(zip(QUANTITIES, out, strict=True)),
        events=checked,
        wake=traj.wake,
        sleep=traj.sleep,
        days=traj.days,
        params=p.as_dict(),
        rhythm=rhythm,
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


def _batch_inputs(events, days, wake, sleep, params, n) -> tuple:
    """The checked inputs of a batch: ``(days, events per person, wakes, sleeps, wake
    minutes, sleep minutes, parameter overrides, Params, prepared constants)``."""
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
    return days, checked, wakes, sleeps, wake_min, sleep_min, overrides, p, q


def _check_step(step_min: Any) -> int:
    if isinstance(step_min, bool) or not isinstance(step_min, (int, np.integer)):
        raise ValueError(f"step_min: expected a whole number of minutes, got {step_min!r}")
    if step_min < 1 or MINUTES_PER_DAY % step_min:
        raise ValueError(f"step_min: must divide {MINUTES_PER_DAY}, got {step_min!r}")
    return int(step_min)


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
    days, checked, wakes, sleeps, wake_min, sleep_min, overrides, p, q = _batch_inputs(
        events, days, wake, sleep, params, n
    )
    n_minutes = days * MINUTES_PER_DAY
    count = len(checked)
    step_min = _check_step(step_min)
    if step_min > 1:
        pair = (wake_min, sleep_min)
        out = _coarse(checked, n_minutes, wake_min, sleep_min, overrides, q, step_min, pair)
        out = out.whole()
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
#: The coarse day without events is kept for reuse when at most this large (bytes): a day
#: of a 65-draw ensemble is about 2 MB.
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


@dataclass(frozen=True)
class CoarseRun:
    """A coarse batch run at its steps, in two pieces: ``quiet``, the day without events
    (``(steps_per_day + 1, 8, n)``), which the run follows before and after what happens, and
    ``active``, the steps ``start ..`` where it differs (``(k, 8, n)``). ``steps`` is the
    number of steps of the whole run. A year is then kept in a few days' memory."""

    quiet: np.ndarray
    active: np.ndarray
    start: int
    steps: int

    def join(self, quiet: np.ndarray, active: np.ndarray) -> np.ndarray:
        """The whole run, ``(steps + 1, ...)``, of anything computed step by step from the
        two pieces (``quiet`` from ``self.quiet``, ``active`` from ``self.active``)."""
        per_day = len(self.quiet) - 1
        at = np.arange(self.steps + 1)
        out = quiet[at % per_day]
        out[self.start : self.start + len(active)] = active
        return out

    def whole(self) -> np.ndarray:
        """The whole run, ``(steps + 1, 8, n)``."""
        return self.join(self.quiet, self.active)


def coarse_run(
    events: Sequence[Iterable[Event | str]],
    days: int,
    wake: str,
    sleep: str,
    params: Mapping[str, Any] | None,
    step_min: int,
    rhythm: tuple[str, str] | None = None,
) -> CoarseRun:
    """``simulate_many(events, days, wake, sleep, params, step_min=step_min)`` as a
    ``CoarseRun``: the same values, without the repeated quiet days written out. ``rhythm``
    is the ``(wake, sleep)`` of the days before, as for ``simulate``."""
    days, checked, _, _, wake_min, sleep_min, overrides, _, q = _batch_inputs(
        events, days, wake, sleep, params, None
    )
    step_min = _check_step(step_min)
    n_minutes = days * MINUTES_PER_DAY
    pair = (wake_min, sleep_min)
    if rhythm is not None:
        r_wake, r_sleep = check_wake_sleep(*rhythm)
        pair = (np.full_like(wake_min, r_wake), np.full_like(sleep_min, r_sleep))
    return _coarse(checked, n_minutes, wake_min, sleep_min, overrides, q, step_min, pair)


def _since(rhythm: tuple[np.ndarray, np.ndarray], wake_min: np.ndarray, sleep_min: np.ndarray):
    """The first minute of day 1 whose inputs differ between the settled ``rhythm`` and the
    run's wake and sleep (``None`` when they never do): see ``_quiet_from``."""
    if np.array_equal(rhythm[0], wake_min) and np.array_equal(rhythm[1], sleep_min):
        return None
    if not np.array_equal(rhythm[0], wake_min):
        return 0
    minutes = np.arange(MINUTES_PER_DAY)[:, None]
    differ = asleep_mask(minutes, *rhythm) != asleep_mask(minutes, wake_min, sleep_min)
    return int(np.argmax(differ.any(axis=1)))


def _coarse(checked, n_minutes, wake_min, sleep_min, overrides, q, step_min, rhythm) -> CoarseRun:
    """The coarse batch run at its steps.

    Until the first event every member follows the day without events of ``rhythm`` (the
    wake and sleep of the days before), which is cached (as ``simulate`` caches its quiet
    day); from the first event (or the first minute the run's own wake and sleep change
    anything) on the run is integrated up to the midnight after the last event, then day by
    day until a day is ``settled``; after that it is the day without events again.
    """
    count = len(checked)
    since = _since(rhythm, wake_min, sleep_min)
    r_wake, r_sleep = rhythm
    key = (r_wake.tobytes(), r_sleep.tobytes(), step_min, _overrides_key(overrides))
    n_out = len(QUANTITIES)
    steps = n_minutes // step_min
    per_day = MINUTES_PER_DAY // step_min
    active = [e for ev in checked for e in ev if e.intensity > 0]
    quiet = _coarse_quiet(key, r_wake, r_sleep, q, step_min, count)
    if quiet is None:
        # Too large to keep: the whole run from midnight (the reference for the shortcut).
        y0 = _coarse_start(key, r_wake, r_sleep, q, step_min, count)
        u = _coarse_inputs(checked, n_minutes)
        out, _ = run_batch_coarse(y0, n_minutes, wake_min, sleep_min, u, q, step_min)
        return CoarseRun(out[: per_day + 1], out, 0, steps)
    rest = quiet[:, :n_out]
    if not active and since is None:
        return CoarseRun(rest, rest[:0], 0, steps)
    moved = [] if since is None else [since]
    start = min([e.start for e in active] + moved) // step_min
    last_end = min(n_minutes, max([e.end for e in active] + [m + 1 for m in moved]))
    midnight = -(-last_end // MINUTES_PER_DAY) * MINUTES_PER_DAY
    offset = start * step_min
    u = _coarse_inputs(checked, midnight)
    part, y = run_batch_coarse(
        quiet[start % per_day],
        midnight - offset,
        wake_min,
        sleep_min,
        None if u is None else u[:, offset:],
        q,
        step_min,
        offset,
    )
    parts = [part]
    m = midnight
    while m < n_minutes:
        part, y = run_batch_coarse(y, MINUTES_PER_DAY, wake_min, sleep_min, None, q, step_min, m)
        parts.append(part[1:])
        m += MINUTES_PER_DAY
        # A run with moved wake and sleep never returns to the rhythm's day: run it out.
        if since is None and settled(part, rest, COARSE_SETTLED_TOLERANCE):
            break
    return CoarseRun(rest, np.concatenate(parts), start, steps)


def _coarse_inputs(checked, n_minutes: int) -> np.ndarray | None:
    """Dense inputs of a batch: shared ``(kinds, minutes)`` when everyone has the same
    events, else ``(kinds, minutes, n)``; ``None`` without events."""
    if all(ev == checked[0] for ev in checked):
        return dense_inputs(checked[0], n_minutes) if checked[0] else None
    return np.stack([dense_inputs(ev, n_minutes) for ev in checked], axis=-1)


def _coarse_start(key, wake_min, sleep_min, q, step_min, count) -> np.ndarray:
    """The coarse ensemble's settled state at midnight (after the burn-in days), cached."""

    def run() -> np.ndarray:
        guess = np.tile(np.array(baseline_state())[:, None], (1, count))
        days = BURN_IN_DAYS * MINUTES_PER_DAY
        return run_batch_coarse(guess, days, wake_min, sleep_min, None, q, step_min)[1]

    return remembered(_COARSE_START, key, 32, run)


def _coarse_quiet(key, wake_min, sleep_min, q, step_min, count) -> np.ndarray | None:
    """Every full state of one coarse day without events, ``(steps + 1, N_STATES, n)``,
    cached; it starts and ends on the settled state, so it repeats. ``None`` when it would be
    too large to keep."""
    steps = MINUTES_PER_DAY // step_min
    if (steps + 1) * len(baseline_state()) * count * 8 > _COARSE_QUIET_MAX_BYTES:
        return None

    def run() -> np.ndarray:
        y0 = _coarse_start(key, wake_min, sleep_min, q, step_min, count)
        quiet = run_batch_coarse(
            y0, MINUTES_PER_DAY, wake_min, sleep_min, None, q, step_min, full=True
        )[0]
        quiet.setflags(write=False)
        return quiet

    return remembered(_COARSE_QUIET, key, 8, run)


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
