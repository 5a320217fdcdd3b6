"""Fixed-step integration at one-minute resolution, plus a tight-tolerance reference solver.

Event inputs are piecewise constant per minute, so the integrator steps exactly from minute to
minute and never has to resolve a jump in the inputs inside a step. Inside each minute it takes
classical RK4 steps, as many as the fastest rate under that stretch's inputs needs
(``segment_substeps``: one in a quiet minute or one of small inputs, two in a minute of
strong calming or of overlapping stressors). The circadian drive is smooth and is evaluated
at the RK4 stage times.

There are two loops over time around the one right-hand side in ``equations.py``:

* ``run_scalar`` for one person, on plain Python floats (NumPy calls on single numbers cost
  microseconds each, plain float arithmetic tens of nanoseconds);
* ``run_batch`` for many people at once, on ``(13, n)`` arrays.

``reference_solve`` integrates the same equations with ``scipy.integrate.solve_ivp`` (LSODA)
segment by segment between input changes; it is used by the tests and by ``bench/model.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

from .codegen import CoarseStep, coarse_step, compiled_run
from .equations import (
    ARRAY_OPS,
    FLOAT_OPS,
    N_STATES,
    QUANTITIES,
    Terms,
    circadian_drive,
    input_terms,
    rhs,
    segment_substeps,
    substeps,
)
from .events import EVENT_KINDS, MINUTES_PER_DAY, InputSchedule, asleep_mask

N_OUT = len(QUANTITIES)


def drive_table(wake_min: int, q: SimpleNamespace) -> list[float]:
    """The circadian drive at every RK4 stage time (start, middle, end of each substep) of
    one day, at the most substeps a minute takes (``substeps``; a minute that takes fewer
    reads every second entry). The drive repeats every day, so one day serves a run of any
    length: the generated loop reads it by the minute of the day."""
    nsub = substeps(q)
    stage_times = np.arange(2 * nsub * MINUTES_PER_DAY + 1) * (0.5 / nsub)
    return circadian_drive(stage_times, wake_min, q, ARRAY_OPS).tolist()


def input_segments(
    u: np.ndarray | None, n_minutes: int, wake_min: int, sleep_min: int, q: SimpleNamespace
) -> list[tuple[int, int, tuple, int]]:
    """Stretches of constant inputs: ``(first_minute, end_minute, input_terms, substeps)``,
    with the RK4 substeps per minute these inputs need (``segment_substeps``). A stretch
    never crosses midnight (the drive table is one day long)."""
    asleep = asleep_mask(np.arange(n_minutes), wake_min, sleep_min)
    inputs = asleep[None, :] if u is None else np.vstack([u, asleep])
    change = np.flatnonzero(np.any(inputs[:, 1:] != inputs[:, :-1], axis=0)) + 1
    midnights = np.arange(MINUTES_PER_DAY, n_minutes, MINUTES_PER_DAY)
    edges = [0, *np.union1d(change, midnights).tolist(), n_minutes]
    segments = []
    most = substeps(q)
    for a, b in itertools.pairwise(edges):
        kinds = [0.0] * len(EVENT_KINDS) if u is None else u[:, a].tolist()
        terms = Terms(*(float(t) for t in input_terms(kinds, float(asleep[a]), q)))
        segments.append((a, b, terms, segment_substeps(terms, q, most)))
    return segments


def run_scalar(
    y0: Sequence[float],
    n_minutes: int,
    wake_min: int,
    sleep_min: int,
    u: np.ndarray | None,
    q: SimpleNamespace,
    first: int = 0,
    drive: list[float] | None = None,
) -> tuple[np.ndarray, list[float]]:
    """Integrate one person from minute ``first`` (default 0) to ``n_minutes``.

    ``u`` is the dense input array ``(len(EVENT_KINDS), n_minutes)`` (``None`` = no events);
    ``y0`` is the full state at minute ``first``; ``drive`` may pass a precomputed
    ``drive_table``. Returns ``(states, final)``: the reported quantities at minutes
    ``first..n_minutes`` as an array of shape ``(n_minutes - first + 1, 8)``, and the full final
    state (for continuing a run). The loop is the generated straight-line code of
    ``codegen.compiled_run``: the same equations and RK4 steps as ``run_batch``.
    """
    if drive is None:
        drive = drive_table(wake_min, q)
    segments = input_segments(u, n_minutes, wake_min, sleep_min, q)
    if first:
        segments = [(max(a, first), b, t, n) for a, b, t, n in segments if b > first]
    record = [tuple(float(v) for v in y0)]
    final = compiled_run(q)([float(v) for v in y0], segments, drive, record)
    return np.array(record, dtype=float)[:, :N_OUT], final


def run_scalar_full(
    y0: Sequence[float],
    n_minutes: int,
    wake_min: int,
    sleep_min: int,
    u: np.ndarray | None,
    q: SimpleNamespace,
    first: int = 0,
    drive: list[float] | None = None,
) -> np.ndarray:
    """Like ``run_scalar`` but returns the full state at minutes ``first..n_minutes``."""
    if drive is None:
        drive = drive_table(wake_min, q)
    segments = input_segments(u, n_minutes, wake_min, sleep_min, q)
    if first:
        segments = [(max(a, first), b, t, n) for a, b, t, n in segments if b > first]
    record = [tuple(float(v) for v in y0)]
    compiled_run(q)([float(v) for v in y0], segments, drive, record)
    return np.array(record, dtype=float)


def _rk4_minute(
    y: np.ndarray,
    m: int,
    nsub: int,
    terms: Terms,
    q: SimpleNamespace,
    drive_at: Callable[[float], Any],
) -> np.ndarray:
    """The state ``y`` (``(N_STATES, n)``) after minute ``m``, in ``nsub`` classical RK4
    steps (a new array)."""
    y = y.copy()
    k1, k2, k3, k4 = (np.empty_like(y) for _ in range(4))
    h = 1.0 / nsub
    ops = ARRAY_OPS
    for s in range(nsub):
        t0 = m + s * h
        d0, d1, d2 = drive_at(t0), drive_at(t0 + 0.5 * h), drive_at(t0 + h)
        rhs(y, d0, terms, q, ops, k1)
        rhs(y + (0.5 * h) * k1, d1, terms, q, ops, k2)
        rhs(y + (0.5 * h) * k2, d1, terms, q, ops, k3)
        rhs(y + h * k3, d2, terms, q, ops, k4)
        k2 += k3
        k2 *= 2.0
        k2 += k1
        k2 += k4
        y += (h / 6.0) * k2
    return y


def _some_people(q: SimpleNamespace, who: np.ndarray, n: int) -> SimpleNamespace:
    """The constants ``q`` of a batch of ``n`` people, for the people ``who`` only."""
    return SimpleNamespace(
        **{
            name: value[who] if isinstance(value, np.ndarray) and value.shape == (n,) else value
            for name, value in vars(q).items()
        }
    )


def run_batch(
    y0: np.ndarray,
    n_minutes: int,
    wake_min: np.ndarray,
    sleep_min: np.ndarray,
    schedule: InputSchedule | None,
    q: SimpleNamespace,
) -> tuple[np.ndarray, np.ndarray]:
    """Integrate ``n`` people at once; ``y0`` has shape ``(N_STATES, n)``.

    Returns ``(states, final)``: an array of shape ``(n_minutes + 1, 8, n)`` (minute-major, so
    each minute is written contiguously) and the final full state ``(N_STATES, n)``.
    """
    n = y0.shape[1]
    # The drive is tabulated at the most substeps any minute takes (``substeps``).
    most = substeps(q)
    wake_min = np.broadcast_to(np.asarray(wake_min), (n,))
    sleep_min = np.broadcast_to(np.asarray(sleep_min), (n,))
    circadian_per_person = np.unique(wake_min).size > 1 or any(
        isinstance(getattr(q, name), np.ndarray)
        for name in vars(q)
        if name.startswith(("circadian_", "awakening_", "drive_norm", "body_clock"))
    )
    if not circadian_per_person:
        # Everyone shares the drive: tabulate it once over the stage times (a scalar per stage).
        table = circadian_drive(
            np.arange(2 * most * n_minutes + 1) * (0.5 / most),
            float(wake_min[0]),
            q,
            ARRAY_OPS,
        )

    def drive_of(qq: SimpleNamespace, wake_col: np.ndarray) -> Callable[[float], Any]:
        """The drive at a stage time of the people with these constants and wake minutes."""
        if circadian_per_person:
            return lambda t: circadian_drive(t, wake_col, qq, ARRAY_OPS)
        return lambda t: table[round(t * 2 * most)]

    # Minutes at which anyone falls asleep or wakes up: the input terms must be recomputed.
    switch = np.zeros(n_minutes + 1, dtype=bool)
    for w in np.unique(wake_min):
        switch[np.arange(int(w) % MINUTES_PER_DAY, n_minutes, MINUTES_PER_DAY)] = True
    for s in np.unique(sleep_min):
        switch[np.arange(int(s) % MINUTES_PER_DAY, n_minutes, MINUTES_PER_DAY)] = True
    switch[0] = True

    u = np.zeros((len(EVENT_KINDS), n))
    out = np.empty((n_minutes + 1, N_OUT, n))
    y = np.array(y0, dtype=float)
    out[0] = y[:N_OUT]
    wake_col = wake_min.astype(float)
    everyone = (q, drive_of(q, wake_col))
    groups: list[tuple[int, Any, Terms, SimpleNamespace, Callable]] = []
    for m in range(n_minutes):
        changed = switch[m]
        if schedule is not None:
            lo, hi = schedule.bounds[m], schedule.bounds[m + 1]
            if hi > lo:
                np.add.at(u, (schedule.kind[lo:hi], schedule.person[lo:hi]), schedule.delta[lo:hi])
                # Remove round-off residue when events end, so inputs return to exactly 0.
                np.maximum(u, 0.0, out=u)
                u[u < 1e-12] = 0.0
                changed = True
        if changed or not groups:
            terms = input_terms(u, asleep_mask(m, wake_min, sleep_min), q)
            # Each person takes the substeps their own inputs need, as in ``run_scalar``:
            # people who need as many are stepped together.
            per_person = np.broadcast_to(segment_substeps(terms, q), (n,))
            choices = np.unique(per_person).tolist()
            if len(choices) == 1:
                groups = [(choices[0], None, terms, *everyone)]
            else:
                groups = []
                for nsub in choices:
                    who = np.flatnonzero(per_person == nsub)
                    qq = _some_people(q, who, n)
                    part = Terms(*(np.broadcast_to(t, (n,))[who] for t in terms))
                    groups.append((nsub, who, part, qq, drive_of(qq, wake_col[who])))
        if len(groups) == 1:
            nsub, _, terms, qq, drive_at = groups[0]
            y = _rk4_minute(y, m, nsub, terms, qq, drive_at)
        else:
            for nsub, who, terms, qq, drive_at in groups:
                y[:, who] = _rk4_minute(y[:, who], m, nsub, terms, qq, drive_at)
        out[m + 1] = y[:N_OUT]
    return out, y


def reference_solve(
    y0: Sequence[float],
    n_minutes: int,
    wake_min: int,
    sleep_min: int,
    u: np.ndarray | None,
    q: SimpleNamespace,
    rtol: float = 1e-8,
    atol: float = 1e-10,
) -> np.ndarray:
    """The same equations with ``scipy.integrate.solve_ivp`` (LSODA), for one person.

    Integrates piece by piece between the minutes where an input changes (so the solver never
    steps across a jump) and returns the quantities at minutes ``0..n_minutes``, shape
    ``(n_minutes + 1, 8)``.
    """
    from scipy.integrate import solve_ivp

    if u is None:
        u = np.zeros((len(EVENT_KINDS), n_minutes))
    asleep = asleep_mask(np.arange(n_minutes), wake_min, sleep_min)
    inputs = np.vstack([u, asleep])
    change = np.flatnonzero(np.any(np.diff(inputs, axis=1) != 0, axis=0)) + 1
    edges = [0, *change.tolist(), n_minutes]
    out = np.empty((n_minutes + 1, N_OUT))
    y = np.array(y0, dtype=float)
    out[0] = y[:N_OUT]
    all_terms = [np.broadcast_to(t, (n_minutes,)) for t in input_terms(u, asleep, q)]
    for a, b in itertools.pairwise(edges):
        terms = Terms(*(float(t[a]) for t in all_terms))

        def fun(t: float, yy: np.ndarray, terms: Terms = terms) -> np.ndarray:
            d = circadian_drive(t, wake_min, q, FLOAT_OPS)
            return rhs(yy, d, terms, q, FLOAT_OPS, np.empty(N_STATES))

        sol = solve_ivp(
            fun,
            (a, b),
            y,
            method="LSODA",
            t_eval=np.arange(a + 1, b + 1, dtype=float),
            rtol=rtol,
            atol=atol,
        )
        if not sol.success:  # pragma: no cover - LSODA failing is a bug worth seeing
            raise RuntimeError(f"reference solver failed: {sol.message}")
        out[a + 1 : b + 1] = sol.y[:N_OUT].T
        y = sol.y[:, -1]
    return out


def decay_rates(q: SimpleNamespace) -> list:
    """Per state, the rate (per minute) at which it relaxes towards its production.

    Used by the coarse integrator: for ``dX/dt = k (P - X)`` with ``P`` held over a step,
    the exponential-Euler step with this ``k`` is exact.
    """
    return [
        q.k_crh,
        q.k_acth,
        q.k_cort,
        q.k_adr,
        q.k_oxy,
        q.k_dop,
        q.k_ser,
        # Calming pulls tension down at up to this extra rate; taking the upper bound keeps the
        # coarse step from overshooting below the floor.
        q.k_ten + q.relief_max_rate_per_min,
        q.k_load,
        q.k_tol,
        q.k_mem,
        # Habituation grows at up to this rate during a stressor's burst.
        q.k_hab + q.habituation_rate_per_min * 3.0,
        q.k_adapt,
        q.k_sleep,
    ]


def run_batch_coarse(
    y0: np.ndarray,
    n_minutes: int,
    wake_min: np.ndarray,
    sleep_min: np.ndarray,
    u: np.ndarray | None,
    q: SimpleNamespace,
    step_min: int,
    start_min: int = 0,
    full: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """A cheap, coarse run of ``n`` people: Heun steps on exponential weights, ``step_min``
    minutes each, inputs averaged over each step.

    For the uncertainty band (many parameter draws of one day): each step costs one
    right-hand side, not four per minute. Returns ``(states, final)`` with the quantities at
    every step, shape ``(n_minutes // step_min + 1, 8, n)``, and the full final state.
    ``u`` is the dense input array ``(len(EVENT_KINDS), n_minutes)`` shared by everyone, or
    ``(len(EVENT_KINDS), n_minutes, n)`` one per person, or ``None``. ``start_min`` is the
    clock minute at which ``y0`` holds (the run covers ``start_min .. start_min +
    n_minutes``); ``full=True`` keeps every state at each step, not only the quantities, so
    that a later run can start from any of them.
    """
    if n_minutes % step_min:
        raise ValueError("step_min must divide the number of minutes")
    n = y0.shape[1]
    steps = n_minutes // step_min
    minutes = np.arange(start_min, start_min + n_minutes)
    wake_min = np.broadcast_to(np.asarray(wake_min, dtype=float), (n,))
    sleep_min = np.broadcast_to(np.asarray(sleep_min, dtype=float), (n,))
    # Everyone's times are usually the same (an ensemble of one day): one column then.
    one = np.all(wake_min == wake_min[0]) and np.all(sleep_min == sleep_min[0])
    times = (wake_min[:1], sleep_min[:1]) if one else (wake_min, sleep_min)
    asleep = asleep_mask(minutes[:, None], times[0][None, :], times[1][None, :])
    asleep = asleep.reshape(steps, step_min, -1).mean(axis=1)
    if u is None:
        u = np.zeros((len(EVENT_KINDS), n_minutes))
    u_step = u.reshape(len(EVENT_KINDS), steps, step_min, *u.shape[2:]).mean(axis=2)
    if u_step.ndim == 2:
        u_step = u_step[:, :, None]
    terms = Terms(*(np.broadcast_to(t, (steps, n)) for t in input_terms(u_step, asleep, q)))
    step = coarse_step(q)
    drive = np.broadcast_to(
        _coarse_drive(step, q, wake_min, start_min, steps, step_min), (steps, n)
    )
    rates = np.array([np.broadcast_to(r, (n,)) for r in decay_rates(q)])
    # (1 - exp(-k h)) / k, the exact weight of a step for dX/dt = k (P - X).
    weight = -np.expm1(-rates * step_min) / rates
    y = np.array(y0, dtype=float)
    kept = N_STATES if full else N_OUT
    out = np.empty((steps + 1, kept, n))
    out[0] = y[:kept]
    # Heun's predictor-corrector on the exponential weights: stable at these steps for the
    # stiff feedback loop, where a single exponential-Euler step is not. Per step:
    #     k1 = rhs(y);  k2 = rhs(y + weight * k1);  y += (0.5 * weight) * (k1 + k2)
    # in code generated from ``rhs`` (``codegen.CoarseStep``; the same operations, fewer calls).
    step.run(y, out, step.table(terms, drive), weight, 0.5 * weight, kept)
    return out, y


def _coarse_drive(
    step: CoarseStep,
    q: SimpleNamespace,
    wake_min: np.ndarray,
    start_min: int,
    steps: int,
    step_min: int,
) -> np.ndarray:
    """The circadian drive in the middle of each coarse step, ``(steps, n)``. A run within
    the first day reads it from that day's table, made once per parameter set and wake time
    (the same numbers: the same times of day)."""
    mid = start_min + (np.arange(steps) + 0.5) * step_min
    if start_min % step_min or start_min + steps * step_min > MINUTES_PER_DAY:
        return circadian_drive(mid[:, None], wake_min[None, :], q, ARRAY_OPS)
    key = ("drive", wake_min.tobytes(), step_min)
    day = step.memo.get(key)
    if day is None:
        if len(step.memo) >= 8:
            step.memo.clear()
        day_mid = (np.arange(MINUTES_PER_DAY // step_min) + 0.5) * step_min
        day = step.memo[key] = circadian_drive(day_mid[:, None], wake_min[None, :], q, ARRAY_OPS)
    first = start_min // step_min
    return day[first : first + steps]
