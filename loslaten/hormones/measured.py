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
Nothing here changes params.toml.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .equations import free_cortisol_nmol_l
from .figures import TSST_MIN, Params, from_onset, tsst_event
from .fit import READOUTS, read_rows
from .params import as_params
from .simulate import simulate

MEASURED_FILE = "tsst_open.csv"


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
            rmse=float(np.sqrt(np.mean((model - data) ** 2))),
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
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    """Print the comparison; ``--plot PATH`` also draws it."""
    parser = argparse.ArgumentParser(prog="python -m loslaten.hormones.measured")
    parser.add_argument("--plot", metavar="PATH", help="draw the check to PATH (PNG)")
    parser.add_argument(
        "--readout",
        choices=READOUTS,
        default="total",
        help="compare with the model's total cortisol (default) or its free cortisol, what "
        "saliva carries (tried, not adopted: docs/model.md)",
    )
    args = parser.parse_args(argv)
    print(table(readout=args.readout))
    if args.plot:
        print(f"wrote {plot(Path(args.plot), readout=args.readout)}")
    return 0


if __name__ == "__main__":  # pragma: no cover - a tool
    raise SystemExit(main())
