"""Speed and accuracy of the hormone model (a script, not a test).

Times one person-day (``simulate``) and 10,000 person-days at once (``simulate_many``) at
one-minute resolution, and the same equations with ``scipy.integrate.solve_ivp`` (LSODA,
rtol 1e-8, atol 1e-10) as the reference. The reference is too slow to run on all 10,000
person-days, so it runs on a random sample and its time is scaled linearly.

It also times the uncertainty band of one day (``uncertainty.band``: 64 parameter draws, the
10-90 % band) against one ``simulate`` of the same day, in the same run.

And it times a year (366 days) with one stressor on day 1 against the same day alone:
``year_vs_day``. A year is integrated only until the body has settled back on its day
without events (about nine weeks after a TSST-like stressor), then that day is repeated, so
the target is ``year_vs_day <= 150`` (measured 112; integrating every day of the year, as
before, gave 1,534 with the year without events computed as well).

Run: ``.venv/bin/python bench/model.py``. The last line is
``speedup_10k=<ratio> max_rel_diff=<number> ensemble64_vs_single=<ratio> year_vs_day=<ratio>``.
"""

from __future__ import annotations

import time

import numpy as np

from loslaten.hormones import EVENT_KINDS, Event, simulate, simulate_many, uncertainty
from loslaten.hormones.equations import QUANTITIES, prepare
from loslaten.hormones.events import dense_inputs
from loslaten.hormones.integrate import reference_solve
from loslaten.hormones.params import Params
from loslaten.hormones.simulate import periodic_start
from loslaten.hormones.uncertainty import band

N_PEOPLE = 10_000
REFERENCE_SAMPLE = 40
WAKE, SLEEP = 420, 1380


def random_day(rng: np.random.Generator) -> list[Event]:
    """A random day of 0-8 events."""
    events = []
    for _ in range(rng.integers(0, 9)):
        kind = EVENT_KINDS[rng.integers(len(EVENT_KINDS))]
        start = int(rng.integers(6 * 60, 23 * 60))
        duration = int(rng.choice([0, 5, 15, 30, 60, 120]))
        events.append(Event(kind, start, duration, float(rng.uniform(0.2, 3.0))))
    return events


def timings(fn, repeat: int) -> list[float]:
    """Wall times of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def best_of(fn, repeat: int) -> float:
    """Fastest wall time of ``repeat`` calls."""
    return min(timings(fn, repeat))


def main() -> None:
    rng = np.random.default_rng(2024)
    people = [random_day(rng) for _ in range(N_PEOPLE)]
    p = Params()
    q = prepare(p)
    y0 = periodic_start(WAKE, SLEEP, p)

    # One person-day.
    day = people[1]
    simulate(day)  # warm the start-state cache
    one_times = timings(lambda: simulate(day), 50)
    t_one = min(one_times)
    t_one_median = float(np.median(one_times))
    t_ref_one = best_of(
        lambda: reference_solve(y0, 1440, WAKE, SLEEP, dense_inputs(day, 1440), q), 3
    )
    print(
        f"one person-day: simulate {t_one * 1e3:.2f} ms (best of 50; median "
        f"{t_one_median * 1e3:.2f} ms), solve_ivp LSODA {t_ref_one * 1e3:.1f} ms"
    )

    # 10,000 person-days at once.
    t0 = time.perf_counter()
    batch = simulate_many(people)
    t_many = time.perf_counter() - t0
    print(f"{N_PEOPLE} person-days: simulate_many {t_many:.2f} s")

    # Reference on a sample, scaled linearly to all person-days.
    sample = rng.choice(N_PEOPLE, REFERENCE_SAMPLE, replace=False)
    max_rel = 0.0
    t0 = time.perf_counter()
    refs = {}
    for i in sample:
        refs[int(i)] = reference_solve(
            y0, 1440, WAKE, SLEEP, dense_inputs(batch.events[i], 1440), q
        )
    t_ref_sample = time.perf_counter() - t0
    t_ref_all = t_ref_sample / REFERENCE_SAMPLE * N_PEOPLE
    for i, ref in refs.items():
        fast = np.column_stack([batch[name][i] for name in QUANTITIES])
        max_rel = max(max_rel, float(np.max(np.abs(fast / ref - 1.0))))
    # The single-person fast path must agree too.
    one = simulate(day)
    ref_one = reference_solve(y0, 1440, WAKE, SLEEP, dense_inputs(one.events, 1440), q)
    fast_one = np.column_stack([one[name] for name in QUANTITIES])
    max_rel = max(max_rel, float(np.max(np.abs(fast_one / ref_one - 1.0))))
    print(
        f"solve_ivp LSODA (rtol 1e-8, atol 1e-10): {t_ref_sample:.2f} s for a sample of "
        f"{REFERENCE_SAMPLE} person-days, scaled linearly to {N_PEOPLE}: {t_ref_all:.0f} s"
    )
    print(f"one person-day speedup vs LSODA: {t_ref_one / t_one:.1f}x")
    print(f"one_person_day_ms={t_one * 1e3:.2f} (median {t_one_median * 1e3:.2f})")

    # The 64-draw band of the same day, against one simulate of it (both warm, best of 5).
    band(day)

    def fresh_band():
        uncertainty._CACHE.clear()  # time the computation, not the cache
        return band(day)

    t_band = best_of(fresh_band, 5)
    t_single = best_of(lambda: simulate(day), 5)
    print(f"band of 64 draws: {t_band * 1e3:.1f} ms, one simulate: {t_single * 1e3:.1f} ms")

    # A year with one stressor on day 1 against that day alone (warm start-state caches).
    stressor = [Event("hold", 9 * 60, 30, 2.0)]
    simulate(stressor)
    t_day = best_of(lambda: simulate(stressor), 5)
    t_year = best_of(lambda: simulate(stressor, days=366), 2)
    print(f"a year with a stressor on day 1: {t_year:.2f} s, that day alone: {t_day * 1e3:.1f} ms")
    print(
        f"speedup_10k={t_ref_all / t_many:.1f} max_rel_diff={max_rel:.2e} "
        f"ensemble64_vs_single={t_band / t_single:.1f} year_vs_day={t_year / t_day:.0f}"
    )


if __name__ == "__main__":
    main()
