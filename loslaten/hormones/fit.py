"""Fit the ``fitted`` parameters to published group-mean curves (bounded least squares).

Run ``python -m loslaten.hormones.fit`` to refit from the values in params.toml and print the
result; ``--write`` also stores the fitted values in params.toml, and ``--plots DIR`` draws
each data set against the model (PNG). The data are in ``loslaten/hormones/data/``; each row's
``kind`` says whether it is a number ``stated`` in the text of a source or a ``reading`` of a
published figure (sources and quotes in each file's header and in docs/model.md):

* ``cortisol_24h.csv``: a 24-hour plasma cortisol profile, as a ratio to its own 24-hour mean;
* ``tsst.csv``: salivary cortisol and plasma ACTH in a Trier Social Stress Test, as ratios to
  the value just before the stressor (a TSST is ``hold`` at intensity 2 for 15 min here);
* ``awakening.csv``: the cortisol awakening response, as a ratio to the value at waking.

``--tsst-cortisol measured`` fits the TSST cortisol to the measured group means of 200 adults
(``tsst_open.csv``, Dresden) instead: a refit to them breaks published ranges, so params.toml
stays the fit to the readings (docs/model.md, "Why not faster").

``--readout free`` compares the salivary data sets (TSST cortisol, awakening response) with the
model's free cortisol (``equations.free_cortisol_nmol_l``) instead of its total; the 24-hour
profile (plasma) and ACTH stay as they are. Tried, not adopted (docs/model.md, "The
free-cortisol readout").

The model's cortisol is compared on the same scales. One more residual pins the unstressed
24-hour mean of cortisol to 1 (the definition of baseline). ``scipy.optimize.least_squares``
(trust-region reflective) keeps every parameter inside its bounds (``BOUNDS``).
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .equations import free_cortisol_nmol_l
from .events import MINUTES_PER_DAY, SLEEP, WAKE, parse_clock
from .figures import TSST, from_onset, from_wake
from .params import PARAMS_FILE, as_params, load_specs
from .simulate import simulate

DATA_DIR = Path(__file__).with_name("data")
#: The files the model is fitted to. ``tsst_open.csv``, ``cortisol_24h_open.csv`` and
#: ``awakening_open.csv`` (measured group means) are not among them: they are the
#: out-of-sample checks (``measured.py``).
FITTED_FILES = ("cortisol_24h.csv", "tsst.csv", "awakening.csv")

#: The fitted parameters and their bounds (physiological or structural limits).
BOUNDS: dict[str, tuple[float, float]] = {
    "circadian_drive_scale": (0.1, 3.0),
    "circadian_lead_min": (200.0, 700.0),
    "circadian_rise_min": (100.0, 600.0),
    "circadian_fall_min": (500.0, 3000.0),
    "circadian_fall_exponent": (1.0, 8.0),
    "awakening_drive_amplitude": (0.2, 10.0),
    "awakening_drive_time_min": (1.0, 30.0),
    "crh_tonic_drive": (0.02, 2.0),
    "adrenal_acth_halfmax": (0.3, 20.0),
    "cortisol_cbg_clearance": (0.0, 3.0),
    "sleep_onset_suppression": (0.0, 0.95),
    "sleep_onset_half_life_min": (20.0, 480.0),
    "adrenal_acth_hill": (1.0, 4.0),
    "hpa_gain_hold_burst": (0.5, 40.0),
    "stressor_memory_half_life_min": (0.5, 60.0),
}
FITTED = tuple(BOUNDS)
#: Where a data value comes from, and how the fit plots draw it.
KINDS = {
    "stated": ("D", "published, stated in text"),
    "reading": ("o", "published, read off a figure (±15 %)"),
    "reference": ("s", "reference (1 by definition)"),
    "measured": ("^", "measured group mean (open data)"),
}
#: Weight of the residual that keeps the unstressed 24-hour mean of cortisol at 1.
MEAN_WEIGHT = 5.0


@dataclass(frozen=True)
class DataSet:
    """One published curve: times (minutes, on the data set's own axis) and values.

    ``kinds`` says for each value whether it is ``stated`` in the text of a source, a
    ``reading`` of a published figure, or the ``reference`` 1 of a ratio (``KINDS``; each data
    file's header quotes its sources). ``salivary`` is True where the data measured cortisol
    in saliva (free cortisol), False for plasma (total cortisol, and ACTH).
    """

    name: str
    quantity: str
    minutes: np.ndarray
    values: np.ndarray
    kinds: np.ndarray
    salivary: bool = False

    @property
    def stated(self) -> np.ndarray:
        """True where the value is a number stated in the text of a source."""
        return self.kinds == "stated"


def read_rows(name: str) -> list[dict[str, str]]:
    """The rows of a data file (``#`` lines are its header: sources and quotes)."""
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _kinds(rows: list[dict[str, str]]) -> np.ndarray:
    kinds = np.array([r["kind"] for r in rows])
    if set(kinds) - set(KINDS):
        raise ValueError(f"data: unknown kind in {sorted(set(kinds))}")
    return kinds


#: Where the fit's TSST cortisol comes from: the readings of ``tsst.csv`` (what params.toml is
#: fitted to), or the measured group means of the 200 Dresden adults in ``tsst_open.csv``
#: (``--tsst-cortisol measured``; a refit to them breaks published ranges, docs/model.md).
TSST_CORTISOL = ("readings", "measured")
#: What the model's cortisol is compared as where the data are salivary: its ``total`` (what
#: params.toml is fitted with) or its ``free`` part (``equations.free_cortisol_nmol_l``).
READOUTS = ("total", "free")


def _ratios(
    name: str, quantity: str, rows: list[dict[str, str]], column: str, salivary: bool = False
) -> DataSet:
    return DataSet(
        name,
        quantity,
        np.array([float(r["minute"]) for r in rows]),
        np.array([float(r[column]) for r in rows]),
        _kinds(rows),
        salivary,
    )


def load_data(tsst_cortisol: str = "readings") -> list[DataSet]:
    """The four curves the model is fitted to; ``tsst_cortisol`` picks the TSST cortisol
    curve (``TSST_CORTISOL``). The 24-hour profile is plasma (Debono et al. 2009); the TSST
    cortisol (both curves: each file's header) and the awakening response are salivary."""
    if tsst_cortisol not in TSST_CORTISOL:
        raise ValueError(f"tsst_cortisol: expected one of {TSST_CORTISOL}, got {tsst_cortisol!r}")
    day = read_rows("cortisol_24h.csv")
    minutes = np.array([parse_clock(r["clock"]) for r in day], dtype=float)
    values = np.array([float(r["cortisol_nmol_l"]) for r in day])
    sets = [DataSet("24-hour cortisol", "cortisol", minutes, values / values.mean(), _kinds(day))]
    tsst = read_rows("tsst.csv")
    if tsst_cortisol == "measured":
        dresden = [r for r in read_rows("tsst_open.csv") if r["cohort"] == "Dresden"]
        name = "TSST cortisol (measured, Dresden)"
        sets.append(_ratios(name, "cortisol", dresden, "ratio", salivary=True))
    else:
        cortisol = [r for r in tsst if r["cortisol_ratio"]]
        sets.append(_ratios("TSST cortisol", "cortisol", cortisol, "cortisol_ratio", salivary=True))
    acth = [r for r in tsst if r["acth_ratio"]]
    sets.append(_ratios("TSST ACTH", "acth", acth, "acth_ratio"))
    car = read_rows("awakening.csv")
    sets.append(_ratios("awakening response", "cortisol", car, "cortisol_ratio", salivary=True))
    return sets


def model_curves(params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The model's unstressed day and TSST day (``simulate`` results) for ``params``, and
    the ``params`` themselves (for the free-cortisol readout)."""
    base = simulate([], wake=WAKE, sleep=SLEEP, params=params)
    stressed = simulate([TSST], wake=WAKE, sleep=SLEEP, params=params)
    return {"base": base, "stressed": stressed, "params": as_params(params)}


def _course(data: DataSet, curves: dict[str, Any], day: str, readout: str) -> np.ndarray:
    """The model's course of the data set's quantity on ``day`` (``base`` or ``stressed``),
    as free cortisol where the data are salivary and ``readout`` is ``free``."""
    if readout not in READOUTS:
        raise ValueError(f"readout: expected one of {READOUTS}, got {readout!r}")
    course = curves[day][data.quantity]
    if readout == "free" and data.salivary:
        return free_cortisol_nmol_l(course, curves["params"])
    return course


def predict(
    data: DataSet,
    curves: dict[str, Any],
    minutes: np.ndarray | None = None,
    readout: str = "total",
):
    """The model's values on the data set's scale at ``minutes`` (default: the data's);
    ``readout`` as in ``READOUTS``."""
    t = data.minutes if minutes is None else minutes
    if data.name == "24-hour cortisol":
        day = _course(data, curves, "base", readout)[:MINUTES_PER_DAY]
        return np.interp(t, np.arange(MINUTES_PER_DAY), day) / day.mean()
    if data.name.startswith("TSST"):
        return from_onset(_course(data, curves, "stressed", readout), t)
    return from_wake(_course(data, curves, "base", readout), t)


def rmse(
    params: dict[str, Any] | None = None, tsst_cortisol: str = "readings", readout: str = "total"
) -> dict[str, float]:
    """Root-mean-square error of the model against each data set (on the data's scale)."""
    curves = model_curves(params)
    return {
        d.name: float(np.sqrt(np.mean((predict(d, curves, readout=readout) - d.values) ** 2)))
        for d in load_data(tsst_cortisol)
    }


#: The best parameters seen so far in a running fit, and their cost (see ``--progress``).
BEST: dict[str, Any] = {"cost": np.inf, "params": None}


def residuals(x: np.ndarray, data: list[DataSet], readout: str = "total") -> np.ndarray:
    """Residuals for ``least_squares``: each data set weighted by 1/sqrt(its size)."""
    params = dict(zip(FITTED, x.tolist(), strict=True))
    curves = model_curves(params)
    parts = [
        (predict(d, curves, readout=readout) - d.values) / np.sqrt(d.values.size) for d in data
    ]
    mean = curves["base"].cortisol[:MINUTES_PER_DAY].mean()
    parts.append(np.array([MEAN_WEIGHT * (mean - 1.0)]))
    res = np.concatenate(parts)
    cost = float(np.sum(res**2))
    if cost < BEST["cost"]:
        BEST.update(cost=cost, params=params)
    return res


def fit(
    max_nfev: int = 40, tsst_cortisol: str = "readings", readout: str = "total"
) -> dict[str, float]:
    """Fit ``FITTED`` from the current values in params.toml; returns the fitted values.

    ``max_nfev`` bounds the iterations (each also costs one evaluation per parameter for the
    finite-difference Jacobian); from the stored values it converges in far fewer.
    """
    from scipy.optimize import least_squares

    specs = load_specs()
    lo = np.array([BOUNDS[n][0] for n in FITTED])
    hi = np.array([BOUNDS[n][1] for n in FITTED])
    x0 = np.clip([specs[n].value for n in FITTED], lo, hi)
    data = load_data(tsst_cortisol)
    result = least_squares(
        residuals,
        x0,
        bounds=(lo, hi),
        args=(data, readout),
        x_scale=hi - lo,
        max_nfev=max_nfev,
        verbose=2,
    )
    return dict(zip(FITTED, result.x.tolist(), strict=True))


def on_bound(values: dict[str, float], rel: float = 1e-3) -> list[str]:
    """Names of fitted values that sit on (within ``rel`` of the range of) a bound."""
    hits = []
    for name, value in values.items():
        lo, hi = BOUNDS[name]
        if min(value - lo, hi - value) <= rel * (hi - lo):
            hits.append(name)
    return hits


def write_params(values: dict[str, float], path: Path = PARAMS_FILE) -> None:
    """Store fitted values in params.toml: the ``value`` line of each table, and its
    ``range`` moved along in proportion (the uncertainty stays the same relative width)."""
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        pattern = re.compile(rf"(\[{re.escape(name)}\]\nvalue = )([^\n]+)(\nrange = \[[^\n]+\])?")

        def replace(m: re.Match, v: float = value) -> str:
            out = f"{m.group(1)}{v:.5g}"
            if m.group(3):
                old = float(m.group(2))
                low, high = (float(x) for x in m.group(3).split("[")[1].rstrip("]").split(","))
                out += f"\nrange = [{low / old * v:.5g}, {high / old * v:.5g}]"
            return out

        text, count = pattern.subn(replace, text)
        if count != 1:
            raise ValueError(f"params.toml: cannot find the value of {name}")
    path.write_text(text, encoding="utf-8")
    load_specs.cache_clear()


def plot_fits(
    directory: Path,
    params: dict[str, Any] | None = None,
    tsst_cortisol: str = "readings",
    readout: str = "total",
) -> list[Path]:
    """Draw each data set against the model; returns the PNG paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curves = model_curves(params)
    errors = rmse(params, tsst_cortisol, readout)
    paths = []
    directory.mkdir(parents=True, exist_ok=True)
    for d in load_data(tsst_cortisol):
        t = np.linspace(d.minutes.min(), d.minutes.max(), 400)
        fig, ax = plt.subplots(figsize=(6, 3.2))
        label = "model, free cortisol" if readout == "free" and d.salivary else "model"
        ax.plot(t, predict(d, curves, t, readout), label=label, lw=1.6)
        for kind, (marker, label) in KINDS.items():
            rows = d.kinds == kind
            if rows.any():
                ax.plot(d.minutes[rows], d.values[rows], marker, label=label, ms=4.5)
        ax.set_title(f"{d.name}: RMSE {errors[d.name]:.3f}", fontsize=10)
        ax.set_xlabel("minute of the day" if d.name.startswith("24") else "minutes")
        ax.set_ylabel("ratio")
        ax.legend(fontsize=8)
        fig.tight_layout()
        slug = re.sub(r"[^a-z0-9]+", "-", d.name.lower()).strip("-")
        path = directory / f"model-fit-{slug}.png"
        fig.savefig(path, dpi=90)
        plt.close(fig)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Refit and report (``python -m loslaten.hormones.fit [--write] [--plots DIR]``)."""
    parser = argparse.ArgumentParser(prog="python -m loslaten.hormones.fit")
    parser.add_argument("--write", action="store_true", help="store the values in params.toml")
    parser.add_argument("--plots", metavar="DIR", help="draw each fit to DIR/model-fit-*.png")
    parser.add_argument("--report", action="store_true", help="only report, do not refit")
    parser.add_argument(
        "--tsst-cortisol",
        choices=TSST_CORTISOL,
        default="readings",
        help="TSST cortisol curve: the readings params.toml is fitted to (default), or the "
        "measured Dresden means (a refit to them breaks published ranges: docs/model.md)",
    )
    parser.add_argument(
        "--readout",
        choices=READOUTS,
        default="total",
        help="compare salivary data with the model's total cortisol (default) or its free "
        "cortisol (tried, not adopted: docs/model.md)",
    )
    args = parser.parse_args(argv)
    if args.report:
        values = {name: load_specs()[name].value for name in FITTED}
    else:
        values = fit(tsst_cortisol=args.tsst_cortisol, readout=args.readout)
        if args.write:
            write_params(values)
    for name, value in values.items():
        lo, hi = BOUNDS[name]
        print(f"{name} = {value:.5g}  (bounds {lo:g}..{hi:g})")
    for name, error in rmse(values, args.tsst_cortisol, args.readout).items():
        print(f"RMSE {name}: {error:.3f}")
    print("on a bound:", ", ".join(on_bound(values)) or "none")
    if args.plots:
        for path in plot_fits(Path(args.plots), values, args.tsst_cortisol, args.readout):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover - a tool
    raise SystemExit(main())
