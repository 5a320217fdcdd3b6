"""Recompute loslaten/hormones/data/awakening_open.csv from a local copy of open raw data.

    python scripts/awakening_open.py cortisol_samples_cleaned.csv      # writes the data file

The raw file is ``exports/cortisol_samples_cleaned.csv`` of the CARWatch study's analysis
repository (https://github.com/mad-lab-fau/carwatch-analysis; FAU Erlangen-Nuernberg, package
licence MIT): one row per saliva sample, five per morning (``sample`` S0 at waking, then S1-S4
about every 15 min), columns ``subject``, ``night`` (0 or 1: a participant gives one or two
mornings), ``sample``, ``cortisol`` (salivary cortisol), ``time`` (minutes after the S0
sample) and more (condition, chronotype, wake-up hour, date) this script does not need. We
ship only the group means computed here, never the raw rows.

The steps:

1. Per participant and sample, the mean over their mornings of cortisol and of the sample
   time (so that one person with two mornings counts once).
2. Per sample, over participants: n, mean and standard error (sample SD / sqrt(n)) of
   cortisol, and the mean sample time.
3. ``ratio`` = mean / the S0 mean, ``ratio_sem`` = SEM / the S0 mean. A ratio of group means,
   not a mean of each morning's ratio: mornings with a very low S0 would dominate the latter.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from loslaten.hormones.opendata import DATA_DIR, Rows, read_columns, run

OUT = DATA_DIR / "awakening_open.csv"
SAMPLES = ("S0", "S1", "S2", "S3", "S4")
#: The columns the steps read.
COLUMNS = ("subject", "night", "sample", "cortisol", "time")

HEADER = """\
# Cortisol awakening response: group means of measured salivary cortisol, from waking.
# NOT fitted: an out-of-sample check of the model (loslaten/hormones/measured.py).
# Source: the CARWatch study (FAU Erlangen-Nuernberg, Machine Learning and Data Analytics
#   Lab; package authors R. Richer, A. Kuederle, L. Abel), analysis repository
#   https://github.com/mad-lab-fau/carwatch-analysis (package licence MIT), file
#   exports/cortisol_samples_cleaned.csv, the cleaned samples of the paper "Assessing the
#   Influence of the Inner Clock on the Cortisol Awakening Response and Pre-Awakening
#   Movement" (IEEE BHI 2021). Only these aggregates, computed by us, are kept here.
# What: saliva at waking (S0) and about 15, 30, 45 and 60 min later, at home: {samples}
#   samples, {mornings} mornings of {n} participants (one or two each). Units as in the file
#   (not named there; the values are those of salivary cortisol in nmol/L): only the ratios
#   are compared.
# How (scripts/awakening_open.py): per participant and sample the mean over their mornings;
#   per sample n, mean, SEM and the mean sample time over participants; ratio = mean / the
#   S0 mean; ratio_sem = SEM / the S0 mean.
# Column `kind`: every row is `measured` (computed from the raw data, not read off a figure).
"""


def read_raw(path: Path) -> Rows:
    """The rows of the raw file."""
    return read_columns(path, COLUMNS, "cortisol_samples_cleaned.csv")


def aggregate(rows: Rows) -> Rows:
    """The group means of the raw rows, as the data file's rows (steps 1-3)."""
    people: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for r in rows:
        if r["sample"] in SAMPLES and r["cortisol"].strip():
            samples = people.setdefault(r["subject"], {})
            samples.setdefault(r["sample"], []).append((float(r["cortisol"]), float(r["time"])))
    stats = {}
    for s in SAMPLES:
        each = [p[s] for p in people.values() if s in p]
        values = [statistics.fmean(c for c, _ in v) for v in each]
        times = [statistics.fmean(t for _, t in v) for v in each]
        stats[s] = (values, statistics.fmean(times))
    s0 = statistics.fmean(stats["S0"][0])
    out = []
    for s in SAMPLES:
        values, minute = stats[s]
        mean, sem = statistics.fmean(values), statistics.stdev(values) / len(values) ** 0.5
        out.append(
            {
                "sample": s,
                "minute": f"{minute:.1f}",
                "n": str(len(values)),
                "cortisol": f"{mean:.2f}",
                "sem": f"{sem:.2f}",
                "ratio": f"{mean / s0:.3f}",
                "ratio_sem": f"{sem / s0:.3f}",
                "kind": "measured",
            }
        )
    return out


def header(raw: Rows) -> str:
    """The data file's header (source, mornings, method) for these raw rows."""
    mornings = {(r["subject"], r["night"]) for r in raw}
    n = len({r["subject"] for r in raw})
    return HEADER.format(samples=len(raw), mornings=len(mornings), n=n)


def main(argv: list[str], out: Path = OUT) -> int:
    return run(argv, "awakening_open", "SAMPLES.csv", read_raw, aggregate, header, out)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
