"""Recompute loslaten/hormones/data/tsst_open.csv from a local copy of the open raw data.

    python scripts/tsst_open.py CortStressResponse.csv      # writes the data file

The raw file is the OSF project ecjy6 (Miller et al., https://osf.io/ecjy6/; mirrored at
https://github.com/code-inspect-binder/osf_ecjy6-f, ``ecjy6_src/CortStressResponse.csv``):
one row per saliva sample, columns ``ID``, ``DV`` (salivary cortisol, nmol/L: the authors'
figures label it "salivary cortisol (nM)"), ``TAD`` (minutes relative to TSST onset), ``SEX``
and ``FLAG`` (1 = Montreal, 2 = Dresden). We ship only the group means computed here, never
the raw rows.

The steps, per cohort:

1. Keep the rows of the cohort (``FLAG``); every participant has every sample (no gaps).
2. Per ``TAD``: n, the mean of ``DV`` and its standard error (sample SD / sqrt(n)).
3. The pre-stress value: Dresden, the mean at TAD -5 (its only sample before onset);
   Montreal, the mean of its three samples up to onset (TAD -20, -10 and 0), which averages
   out the dip at -10 and the rise at 0 (arrival and anticipation).
4. ``ratio`` = mean / pre-stress value, ``ratio_sem`` = SEM / pre-stress value (the
   uncertainty of the pre-stress value itself is left out). A ratio of group means, not a
   mean of each person's ratio: a few people with a very low first sample would dominate
   the latter.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from loslaten.hormones.opendata import DATA_DIR, Rows, read_columns, run

OUT = DATA_DIR / "tsst_open.csv"
COHORTS = {"2": "Dresden", "1": "Montreal"}
#: The samples whose mean is the pre-stress value, per cohort (minutes from TSST onset).
PRE = {"Dresden": (-5,), "Montreal": (-20, -10, 0)}

HEADER = """\
# Trier Social Stress Test: salivary cortisol, group means of measured individual data.
# NOT fitted: an out-of-sample check of the model (loslaten/hormones/measured.py).
# Source: Miller R, Wojtyniak J-G, Weckesser LJ, Alexander NC, Engert V, Lehr T. "How to
#   disentangle psychobiological stress reactivity and recovery: A comparison of model-based
#   and non-compartmental analyses of cortisol concentrations" (preprint
#   https://arxiv.org/abs/1708.08504; Psychoneuroendocrinology 2018). Open data and R code:
#   OSF project ecjy6, https://osf.io/ecjy6/ ; mirror:
#   https://github.com/code-inspect-binder/osf_ecjy6-f (ecjy6_src/CortStressResponse.csv).
#   Licence: not stated in the mirror ("See license and authorship information at
#   https://osf.io/ecjy6/"); only these aggregates, computed by us, are kept here.
# Cohorts: Dresden, 200 adults (100 men, 100 women), samples at -5, 11, 20, 30, 40, 55 and
#   70 min from TSST onset; Montreal, 10 men, every 2-10 min from -20 to 70 min.
# How (scripts/tsst_open.py): per cohort and minute, n, mean and standard error of salivary
#   cortisol (nmol/L); ratio = mean / pre-stress mean (Dresden: the -5 sample; Montreal: the
#   mean of the -20, -10 and 0 samples); ratio_sem = SEM / pre-stress mean.
# Column `kind`: every row is `measured` (computed from the raw data, not read off a figure).
"""


def aggregate(rows: Rows) -> Rows:
    """The group means of the raw rows, as the data file's rows (steps in the docstring)."""
    out = []
    for flag, name in COHORTS.items():
        samples: dict[int, list[float]] = {}
        for r in rows:
            if r["FLAG"] == flag:
                samples.setdefault(int(float(r["TAD"])), []).append(float(r["DV"]))
        means = {t: statistics.fmean(v) for t, v in samples.items()}
        pre = statistics.fmean(means[t] for t in PRE[name])
        for t in sorted(samples):
            v = samples[t]
            sem = statistics.stdev(v) / len(v) ** 0.5
            out.append(
                {
                    "cohort": name,
                    "minute": str(t),
                    "n": str(len(v)),
                    "cortisol_nmol_l": f"{means[t]:.2f}",
                    "sem_nmol_l": f"{sem:.2f}",
                    "ratio": f"{means[t] / pre:.3f}",
                    "ratio_sem": f"{sem / pre:.3f}",
                    "kind": "measured",
                }
            )
    return out


#: The columns the steps read; the OSF file has more (TIME, SEX, AGE, BMI, CMT, AMT, ...).
COLUMNS = ("ID", "DV", "TAD", "FLAG")


def read_raw(path: Path) -> Rows:
    """The observation rows of the raw file. It is in NONMEM's layout: a row with ``EVID``
    other than 0 is an event record (a dose), not a sample, and is left out."""
    rows = read_columns(path, COLUMNS, "the OSF file")
    return [r for r in rows if r.get("EVID", "0").strip() in ("0", "")]


def main(argv: list[str], out: Path = OUT) -> int:
    return run(
        argv, "tsst_open", "CortStressResponse.csv", read_raw, aggregate, lambda raw: HEADER, out
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
