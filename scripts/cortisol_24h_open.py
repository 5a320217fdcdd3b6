"""Recompute loslaten/hormones/data/cortisol_24h_open.csv from a local copy of open raw data.

    python scripts/cortisol_24h_open.py md_data_controls.csv      # writes the data file

The raw file is ``Data files/md_data_controls.csv`` of the deposit "Replication Data for:
High resolution daily profiles of tissue adrenal steroids by portable automated collection"
(Upton et al., DataverseNO, https://doi.org/10.18710/5TW8YF; mirrored at
https://github.com/Harbour-N/Functional_Hormones, ``Data/md_data_controls.csv``): one row per
20-min fraction of subcutaneous microdialysate, 72 fractions (24 h) per healthy volunteer,
columns ``MasterID``, ``SampleTime`` (``dd/mm/yyyy HH:MM``; the dates are shifted to
2000-01-01, the clock times are kept), ``Cortisol`` (blank where not measured) and more
steroids this script does not read. Any subset of its rows in the same layout works too (the
committed file was computed from the first participants in file order; its header says how
many). We ship only the group means computed here, never the raw rows.

The steps:

1. Per participant, leave out the fractions collected less than ``RUN_IN_MIN`` after that
   participant's first one: in several records cortisol starts low and climbs for up to an
   hour and a half after the probe went in (tissue recovery and the insertion itself, not
   the daily rhythm).
2. Per participant and clock hour, the mean of their fractions in that hour (up to three).
3. Per clock hour, over participants: n, mean and standard error (sample SD / sqrt(n)).
4. ``ratio`` = hourly mean / mean of the 24 hourly means; ``ratio_sem`` = SEM / the same.
   A ratio of group means, as the 24-h readings in ``cortisol_24h.csv`` are.
"""

from __future__ import annotations

import statistics
import sys
from datetime import datetime
from pathlib import Path

from loslaten.hormones.opendata import DATA_DIR, Rows, read_columns, run

OUT = DATA_DIR / "cortisol_24h_open.csv"
#: Fractions collected in this many minutes after a participant's first one are left out.
RUN_IN_MIN = 120
#: Participants in the deposit's file (md_data_controls.csv).
PARTICIPANTS = 214
#: Said in the header when the local copy is a part of the file: how it was made.
SUBSET_NOTE = (
    "\n#   They are the first participants in file order, copied by hand from the mirror"
    "\n#   (read through a code index): not a selection by their values."
)
#: The columns the steps read; the deposit's file has 24 more steroid columns.
COLUMNS = ("MasterID", "SampleTime", "Cortisol")

HEADER = """\
# Cortisol over 24 hours: group means of measured individual data, by clock hour.
# NOT fitted: an out-of-sample check of the model (loslaten/hormones/measured.py).
# Source: Upton T. et al., "High resolution daily profiles of tissue adrenal steroids by
#   portable automated collection", Sci. Transl. Med. 15(701):eadg8464 (2023),
#   https://doi.org/10.1126/scitranslmed.adg8464 . Open data: "Replication Data for: High
#   resolution daily profiles of tissue adrenal steroids by portable automated collection",
#   DataverseNO, https://doi.org/10.18710/5TW8YF , file md_data_controls.csv (deidentified;
#   terms in the deposit's 00_README); mirror: https://github.com/Harbour-N/Functional_Hormones
#   (Data/md_data_controls.csv). Only these aggregates, computed by us, are kept here.
# What: free cortisol in subcutaneous tissue fluid (microdialysis, LC-MS/MS), one 20-min
#   fraction after another for 24 h, healthy volunteers at home going about their day (the
#   ULTRADIAN study, NCT02934399). Units as deposited (not named in the files we saw; the
#   values are those of free cortisol in nmol/L): only the ratios are compared.
# Participants: {n} of the deposit's {total} (MasterID {first} to {last} in file order);
#   {fractions} fractions with a cortisol value.{subset}
# How (scripts/cortisol_24h_open.py): the first {run_in} min of each record left out (probe
#   run-in); per participant the mean of their fractions in each clock hour; per hour n,
#   mean and standard error over participants; ratio = mean / mean of the 24 hourly means.
# Column `kind`: every row is `measured` (computed from the raw data, not read off a figure).
"""


def read_raw(path: Path) -> Rows:
    """The rows of the raw file (or of a subset of it in the same layout)."""
    return read_columns(path, COLUMNS, "md_data_controls.csv")


def hourly_by_participant(rows: list[dict[str, str]]) -> dict[str, dict[int, float]]:
    """Each participant's mean cortisol per clock hour, after the run-in (steps 1-2)."""
    records: dict[str, list[tuple[datetime, str]]] = {}
    for r in rows:
        when = datetime.strptime(r["SampleTime"].strip(), "%d/%m/%Y %H:%M")
        records.setdefault(r["MasterID"].strip(), []).append((when, r["Cortisol"].strip()))
    out = {}
    for pid, fractions in records.items():
        first = min(when for when, _ in fractions)
        hours: dict[int, list[float]] = {}
        for when, value in fractions:
            if value and (when - first).total_seconds() >= RUN_IN_MIN * 60:
                hours.setdefault(when.hour, []).append(float(value))
        out[pid] = {h: statistics.fmean(v) for h, v in hours.items()}
    return out


def aggregate(rows: Rows) -> Rows:
    """The group means of the raw rows, as the data file's rows (steps 1-4)."""
    people = hourly_by_participant(rows)
    by_hour = {h: [p[h] for p in people.values() if h in p] for h in range(24)}
    if any(len(v) < 2 for v in by_hour.values()):
        raise ValueError("fewer than two participants in some clock hour")
    means = {h: statistics.fmean(v) for h, v in by_hour.items()}
    day = statistics.fmean(means.values())
    out = []
    for h, values in by_hour.items():
        sem = statistics.stdev(values) / len(values) ** 0.5
        out.append(
            {
                "clock": f"{h:02d}:00",
                "n": str(len(values)),
                "cortisol": f"{means[h]:.3f}",
                "sem": f"{sem:.3f}",
                "ratio": f"{means[h] / day:.3f}",
                "ratio_sem": f"{sem / day:.3f}",
                "kind": "measured",
            }
        )
    return out


def header(raw: Rows) -> str:
    """The data file's header (source, participants, method) for these raw rows."""
    ids = list(dict.fromkeys(r["MasterID"].strip() for r in raw))
    subset = SUBSET_NOTE if len(ids) < PARTICIPANTS else ""
    return HEADER.format(
        n=len(ids),
        total=PARTICIPANTS,
        first=ids[0],
        last=ids[-1],
        fractions=sum(1 for r in raw if r["Cortisol"].strip()),
        subset=subset,
        run_in=RUN_IN_MIN,
    )


def main(argv: list[str], out: Path = OUT) -> int:
    return run(argv, "cortisol_24h_open", "md_data_controls.csv", read_raw, aggregate, header, out)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
