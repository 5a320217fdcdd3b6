"""The model's TSST against measured group means it was not fitted to (an out-of-sample check).

The data (``data/tsst_open.csv``) are group means of salivary cortisol that we computed from
the open individual data of Miller et al. (OSF project ecjy6; the file's header and
``scripts/tsst_open.py`` say how): 200 adults in Dresden and 10 men in Montreal, each as a
ratio to its pre-stress value, at minutes from TSST onset.

The model's curve is the TSST of ``figures.py`` (``hold`` at intensity 2 for 15 min at 14:00)
on the same axis: minutes from onset, as a ratio to the value just before the stressor. The
data do not say how long their TSSTs lasted (the authors' own model takes the stressor as a
pulse at onset) nor at what clock time; the usual TSST is a 10-min speech and arithmetic task
after a preparation period, so ``compare(stressor_min=10)`` gives the 10-min variant too.
The data are salivary, i.e. free cortisol: ``readout="free"`` (``--readout free``) compares
them with the model's free cortisol (``equations.free_cortisol_nmol_l``) instead of its
total; tried, not adopted (docs/model.md, "The free-cortisol readout").

The 24-hour check (``data/cortisol_24h_open.csv``) is the same idea for the daily rhythm:
group means by clock hour of free cortisol measured every 20 min for 24 h in healthy
volunteers at home (Upton et al., DataverseNO 10.18710/5TW8YF; the file's header and
``scripts/cortisol_24h_open.py`` say how), as a ratio to their 24-hour mean, against the
model's unstressed day (wake 07:00, sleep 23:00) averaged over the same minutes of each hour.
The awakening check (``data/awakening_open.csv``) takes salivary cortisol at waking and about
every 15 min for an hour after, in 89 people at home (the CARWatch study; header and
``scripts/awakening_open.py``), as a ratio to the value at waking, against the model waking
at 07:00 after a night from 23:00.

Nothing here changes params.toml.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .equations import free_cortisol_nmol_l
from .events import MINUTES_PER_DAY, SLEEP, WAKE, parse_clock
from .figures import TSST_MIN, Params, from_onset, from_wake, tsst_event
from .fit import READOUTS, read_rows
from .params import as_params
from .simulate import simulate

MEASURED_FILE = "tsst_open.csv"
DAY_FILE = "cortisol_24h_open.csv"
AWAKENING_FILE = "awakening_open.csv"
#: Minutes past each clock hour at which the 24-hour data's fractions are stamped.
FRACTION_MINUTES = (0, 20, 40)


@dataclass(frozen=True)
class Cohort:
    """One cohort's group means: minutes from onset, ratio to pre-stress, its SEM, n."""

    name: str
    n: int
    minutes: np.ndarray
    ratio: np.ndarray
    ratio_sem: np.ndarray

    @property
    def after_onset(self) -> np.ndarray:
        """True for the samples after the stressor began (the ones the check compares)."""
        return self.minutes > 0


@dataclass(frozen=True)
class Check:
    """The model against one cohort, at the cohort's sample times after onset.

    ``peak_*`` are the highest sample and its minute; ``left_*`` is the share of the peak
    rise over the pre-stress value that is left at the last sample (0 = back at pre-stress,
    negative = below it), of the data and of the model.
    """

    cohort: str
    n: int
    minutes: np.ndarray
    measured: np.ndarray
    model: np.ndarray
    rmse: float
    peak_minute_measured: int
    peak_minute_model: int
    peak_ratio_measured: float
    peak_ratio_model: float
    last_minute: int
    left_measured: float
    left_model: float


def load_cohorts() -> dict[str, Cohort]:
    """The measured group means, by cohort name."""
    rows = read_rows(MEASURED_FILE)
    cohorts = {}
    for name in dict.fromkeys(r["cohort"] for r in rows):
        own = [r for r in rows if r["cohort"] == name]
        cohorts[name] = Cohort(
            name=name,
            n=int(own[0]["n"]),
            minutes=np.array([float(r["minute"]) for r in own]),
            ratio=np.array([float(r["ratio"]) for r in own]),
            ratio_sem=np.array([float(r["ratio_sem"]) for r in own]),
        )
    return cohorts


def model_ratio(
    minutes: np.ndarray,
    stressor_min: int = TSST_MIN,
    params: Params = None,
    readout: str = "total",
) -> np.ndarray:
    """The model's cortisol at ``minutes`` from the onset of a ``hold*2`` of ``stressor_min``
    minutes at 14:00, as a ratio to the value just before it; ``readout`` ``free`` takes its
    free cortisol instead of its total (``fit.READOUTS``)."""
    if readout not in READOUTS:
        raise ValueError(f"readout: expected one of {READOUTS}, got {readout!r}")
    course = simulate([tsst_event(stressor_min)], params=params).cortisol
    if readout == "free":
        course = free_cortisol_nmol_l(course, as_params(params))
    return from_onset(course, minutes)


def _left(ratio: np.ndarray) -> float:
    return float((ratio[-1] - 1.0) / (ratio.max() - 1.0))


def compare(
    params: Params = None, stressor_min: int = TSST_MIN, readout: str = "total"
) -> dict[str, Check]:
    """RMSE, peak and recovery of the model against each cohort (on the ratio scale)."""
    checks = {}
    for name, c in load_cohorts().items():
        t, data = c.minutes[c.after_onset], c.ratio[c.after_onset]
        model = model_ratio(t, stressor_min, params, readout)
        checks[name] = Check(
            cohort=name,
            n=c.n,
            minutes=t,
            measured=data,
            model=model,
            rmse=_rmse(model, data),
            peak_minute_measured=int(t[np.argmax(data)]),
            peak_minute_model=int(t[np.argmax(model)]),
            peak_ratio_measured=float(data.max()),
            peak_ratio_model=float(model.max()),
            last_minute=int(t[-1]),
            left_measured=_left(data),
            left_model=_left(model),
        )
    return checks


def table(params: Params = None, readout: str = "total") -> str:
    """The comparison as Markdown (docs/model.md): ``python -m loslaten.hormones.measured``."""
    lines = []
    checks = {minutes: compare(params, minutes, readout) for minutes in (TSST_MIN, 10)}
    for name, ch in checks[TSST_MIN].items():
        lines.append(f"{name} (n = {ch.n}), ratio to pre-stress:\n")
        lines.append("| minute from onset | " + " | ".join(f"{m:g}" for m in ch.minutes) + " |")
        lines.append("| --- |" + " --- |" * len(ch.minutes))
        lines.append("| measured | " + " | ".join(f"{v:.2f}" for v in ch.measured) + " |")
        label = "model, free cortisol" if readout == "free" else "model"
        lines.append(f"| {label} | " + " | ".join(f"{v:.2f}" for v in ch.model) + " |")
        lines.append("")
    for minutes, by_cohort in checks.items():
        for name, ch in by_cohort.items():
            lines.append(
                f"* {name}, {minutes}-min stressor: RMSE {ch.rmse:.3f}; peak "
                f"{ch.peak_ratio_measured:.2f}x at {ch.peak_minute_measured} min measured, "
                f"{ch.peak_ratio_model:.2f}x at {ch.peak_minute_model} min model; share of "
                f"the peak rise left at {ch.last_minute} min: {ch.left_measured:.2f} "
                f"measured, {ch.left_model:.2f} model"
            )
    return "\n".join(lines)


def _save(fig, path: Path) -> Path:
    """Save a check's figure as PNG at ``path`` and free it."""
    import matplotlib.pyplot as plt

    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def plot(path: Path, params: Params = None, readout: str = "total") -> Path:
    """Draw each cohort's group means (with their SEM) against the model's TSST (PNG);
    with ``readout="free"`` the model's free cortisol is drawn beside its total."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    checks = compare(params, readout=readout)
    totals = compare(params)
    t = np.arange(-20, 76)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True)
    for ax, (name, c) in zip(axes, load_cohorts().items(), strict=True):
        ax.axvspan(0, TSST_MIN, color="0.92", label=f"model stressor ({TSST_MIN} min)")
        label = "model (not refitted)" if params is None else "model (other parameters)"
        ax.plot(t, model_ratio(t, params=params), lw=1.6, label=label)
        if readout == "free":
            free = model_ratio(t, params=params, readout="free")
            ax.plot(t, free, lw=1.6, ls="--", label="model, free cortisol")
        ax.errorbar(c.minutes, c.ratio, yerr=c.ratio_sem, fmt="o", ms=4, capsize=2,
                    label="measured group mean ± SEM")  # fmt: skip
        ax.axhline(1.0, color="0.6", lw=0.8)
        title = f"{name} (n = {c.n}): RMSE {checks[name].rmse:.2f}"
        if readout == "free":
            title = (
                f"{name} (n = {c.n}): RMSE {totals[name].rmse:.2f}, free {checks[name].rmse:.2f}"
            )
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("minutes from TSST onset")
    axes[0].set_ylabel("salivary cortisol, ratio to pre-stress")
    axes[0].legend(fontsize=7, loc="upper right")
    return _save(fig, path)


@dataclass(frozen=True)
class DayCheck:
    """The model's unstressed day against the measured 24-hour group means, by clock hour.

    All values are ratios to the mean of the 24 hourly values; ``readings`` are the hourly
    readings the model is fitted to (``cortisol_24h.csv``), on the same scale. ``peak_*`` and
    ``nadir_*`` are clock hours (0-23); ``peak_to_nadir_*`` the ratio of the highest hourly
    value to the lowest.
    """

    n: np.ndarray
    measured: np.ndarray
    sem: np.ndarray
    model: np.ndarray
    readings: np.ndarray
    rmse: float
    rmse_readings: float
    peak_measured: int
    peak_model: int
    nadir_measured: int
    nadir_model: int
    peak_to_nadir_measured: float
    peak_to_nadir_model: float

    @property
    def hours(self) -> np.ndarray:
        """The clock hours, 0-23."""
        return np.arange(24)


def model_hourly(params: Params = None, wake: str = WAKE, sleep: str = SLEEP) -> np.ndarray:
    """The model's unstressed day as the 24-hour data are: per clock hour, the mean of its
    values at the minutes the fractions are stamped with, as a ratio to the mean of the 24."""
    day = simulate([], wake=wake, sleep=sleep, params=params).cortisol[:MINUTES_PER_DAY]
    hourly = np.array([day[[60 * h + m for m in FRACTION_MINUTES]].mean() for h in range(24)])
    return hourly / hourly.mean()


def _rmse(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sqrt(np.mean((a - b) ** 2)))


def compare_day(params: Params = None) -> DayCheck:
    """The model's day against the measured hourly means (``DayCheck``)."""
    rows = read_rows(DAY_FILE)
    if [parse_clock(r["clock"]) for r in rows] != [60 * h for h in range(24)]:
        raise ValueError(f"{DAY_FILE}: expected the 24 clock hours 00:00 to 23:00 in order")
    measured = np.array([float(r["ratio"]) for r in rows])
    fitted = read_rows("cortisol_24h.csv")
    readings = np.array([float(r["cortisol_nmol_l"]) for r in fitted])
    readings = readings / readings.mean()
    model = model_hourly(params)
    return DayCheck(
        n=np.array([int(r["n"]) for r in rows]),
        measured=measured,
        sem=np.array([float(r["ratio_sem"]) for r in rows]),
        model=model,
        readings=readings,
        rmse=_rmse(model, measured),
        rmse_readings=_rmse(readings, measured),
        peak_measured=int(measured.argmax()),
        peak_model=int(model.argmax()),
        nadir_measured=int(measured.argmin()),
        nadir_model=int(model.argmin()),
        peak_to_nadir_measured=float(measured.max() / measured.min()),
        peak_to_nadir_model=float(model.max() / model.min()),
    )


def day_table(params: Params = None) -> str:
    """The 24-hour comparison as Markdown (docs/model.md)."""
    ch = compare_day(params)
    lines = [
        "| clock | n | measured ± SEM | model | readings (`cortisol_24h.csv`) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for h in ch.hours:
        lines.append(
            f"| {h:02d}:00 | {ch.n[h]} | {ch.measured[h]:.2f} ± {ch.sem[h]:.2f} | "
            f"{ch.model[h]:.2f} | {ch.readings[h]:.2f} |"
        )
    lines.append("")
    lines.append(
        f"* RMSE {ch.rmse:.3f} (the readings: {ch.rmse_readings:.3f}); highest hour "
        f"{ch.peak_measured:02d}:00 measured, {ch.peak_model:02d}:00 model; lowest "
        f"{ch.nadir_measured:02d}:00 measured, {ch.nadir_model:02d}:00 model; highest : lowest "
        f"hour {ch.peak_to_nadir_measured:.1f} measured, {ch.peak_to_nadir_model:.1f} model"
    )
    return "\n".join(lines)


def plot_day(path: Path, params: Params = None) -> Path:
    """Draw the measured hourly means (with their SEM) against the model's day (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ch = compare_day(params)
    t = ch.hours + 0.33  # the hour's fractions are stamped :00, :20 and :40
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.plot(t, ch.model, lw=1.6, label="model, wake 07:00 (not refitted)")
    ax.plot(t, ch.readings, lw=1, ls="--", color="0.5", label="readings it is fitted to")
    ax.errorbar(t, ch.measured, yerr=ch.sem, fmt="o", ms=4, capsize=2,
                label=f"measured, n = {ch.n.min()}-{ch.n.max()} per hour (± SEM)")  # fmt: skip
    ax.set_xticks(range(0, 25, 3))
    ax.set_xlim(0, 24)
    ax.set_xlabel("clock hour")
    ax.set_ylabel("cortisol, ratio to 24-h mean")
    ax.set_title(f"24-hour cortisol: RMSE {ch.rmse:.2f}", fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    return _save(fig, path)


@dataclass(frozen=True)
class AwakeningCheck:
    """The model's awakening response against the measured group means, at the measured
    samples' mean times (minutes after the sample at waking); all ratios to the value at
    waking. ``readings`` are the readings the model is fitted to (``awakening.csv``),
    interpolated to the same minutes."""

    n: int
    minutes: np.ndarray
    measured: np.ndarray
    sem: np.ndarray
    model: np.ndarray
    readings: np.ndarray
    rmse: float
    rmse_readings: float
    peak_minute_measured: float
    peak_minute_model: float


def model_awakening(minutes: np.ndarray, params: Params = None) -> np.ndarray:
    """The model's cortisol ``minutes`` after waking at 07:00 (night from 23:00), as a ratio
    to its value at waking."""
    return from_wake(simulate([], wake=WAKE, sleep=SLEEP, params=params).cortisol, minutes)


def compare_awakening(params: Params = None) -> AwakeningCheck:
    """The model's awakening response against the measured means (``AwakeningCheck``)."""
    rows = read_rows(AWAKENING_FILE)
    minutes = np.array([float(r["minute"]) for r in rows])
    measured = np.array([float(r["ratio"]) for r in rows])
    fitted = read_rows("awakening.csv")
    readings = np.interp(
        minutes,
        [float(r["minute"]) for r in fitted],
        [float(r["cortisol_ratio"]) for r in fitted],
    )
    model = model_awakening(minutes, params)
    return AwakeningCheck(
        n=min(int(r["n"]) for r in rows),
        minutes=minutes,
        measured=measured,
        sem=np.array([float(r["ratio_sem"]) for r in rows]),
        model=model,
        readings=readings,
        rmse=_rmse(model, measured),
        rmse_readings=_rmse(readings, measured),
        peak_minute_measured=float(minutes[measured.argmax()]),
        peak_minute_model=float(minutes[model.argmax()]),
    )


def awakening_table(params: Params = None) -> str:
    """The awakening comparison as Markdown (docs/model.md)."""
    ch = compare_awakening(params)
    head = " | ".join(f"{m:.0f}" for m in ch.minutes)
    lines = [
        f"| minutes after waking (mean sample time) | {head} |",
        "| --- |" + " --- |" * len(ch.minutes),
        "| measured ± SEM | "
        + " | ".join(f"{v:.2f} ± {e:.2f}" for v, e in zip(ch.measured, ch.sem, strict=True))
        + " |",
        "| model (wake 07:00) | " + " | ".join(f"{v:.2f}" for v in ch.model) + " |",
        "| readings (`awakening.csv`) | " + " | ".join(f"{v:.2f}" for v in ch.readings) + " |",
        "",
        f"* n = {ch.n} participants; RMSE {ch.rmse:.3f} (the readings: {ch.rmse_readings:.3f}); "
        f"highest sample at {ch.peak_minute_measured:.0f} min measured, "
        f"{ch.peak_minute_model:.0f} min model",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the comparisons; ``--plot PATH`` / ``--plot-day PATH`` also draw them."""
    parser = argparse.ArgumentParser(prog="python -m loslaten.hormones.measured")
    parser.add_argument("--plot", metavar="PATH", help="draw the TSST check to PATH (PNG)")
    parser.add_argument("--plot-day", metavar="PATH", help="draw the 24-hour check (PNG)")
    parser.add_argument(
        "--readout",
        choices=READOUTS,
        default="total",
        help="compare the TSST with the model's total cortisol (default) or its free "
        "cortisol, what saliva carries (tried, not adopted: docs/model.md)",
    )
    args = parser.parse_args(argv)
    print(table(readout=args.readout))
    print()
    print(day_table())
    print()
    print(awakening_table())
    if args.plot:
        print(f"wrote {plot(Path(args.plot), readout=args.readout)}")
    if args.plot_day:
        print(f"wrote {plot_day(Path(args.plot_day))}")
    return 0


if __name__ == "__main__":  # pragma: no cover - a tool
    raise SystemExit(main())
