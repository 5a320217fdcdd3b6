"""What the scripts that reduce open raw data to group means share (scripts/*_open.py):
reading the raw CSV, writing a data file of ``loslaten/hormones/data``, and the command line,
where a missing or wrong file is one plain line and exit 2, never a traceback.

Pure Python; the steps of each reduction stay in its own script, beside its source.
"""

from __future__ import annotations

import csv
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

Rows = list[dict[str, str]]

#: Where the data files live.
DATA_DIR = Path(__file__).resolve().parent / "data"


def read_columns(path: Path, columns: Sequence[str], what: str) -> Rows:
    """The rows of the CSV file at ``path``, which must have ``columns`` (``what`` names the
    file it should be, for the message when it is not)."""
    # utf-8-sig: files saved by Excel, and some by R, begin with a byte-order mark, which
    # would otherwise stick to the first column's name.
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: no column {', '.join(missing)} (is this {what}?)")
        return list(reader)


def write_data(out: Path, header: str, rows: Rows) -> None:
    """Write a data file: ``header`` (its source and method, as ``#`` lines), then ``rows``."""
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def run(
    argv: Sequence[str],
    name: str,
    raw_name: str,
    read: Callable[[Path], Rows],
    aggregate: Callable[[Rows], Rows],
    header: Callable[[Rows], str],
    out: Path,
) -> int:
    """The command line of ``scripts/NAME.py``: read the one raw file (``raw_name``) named
    in ``argv``, aggregate it and write ``out`` with the header made from the raw rows.
    Returns the exit code: 2, with one line on stderr, for a wrong call, a missing file or
    one that does not read as the raw file should."""
    if len(argv) != 1:
        print(f"usage: python scripts/{name}.py {raw_name}", file=sys.stderr)
        return 2
    try:
        raw = read(Path(argv[0]))
        rows = aggregate(raw)
    except (OSError, ValueError, KeyError, statistics.StatisticsError) as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    write_data(out, header(raw), rows)
    print(f"wrote {out} ({len(rows)} rows)")
    return 0
