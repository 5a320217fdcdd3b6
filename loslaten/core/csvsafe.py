"""CSV files that are safe to open in a spreadsheet: the one writer for every CSV download.

People open their exported data in Excel, LibreOffice or Google Sheets. A cell whose text
starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) runs there as a
formula, so text someone typed, such as ``=HYPERLINK("https://…", "klik")``, could leak data
or start a program (spreadsheet formula injection). Such a cell gets a leading apostrophe,
which spreadsheets show as plain text.

The file starts with a UTF-8 byte-order mark: without it Excel reads the bytes as the
system's old code page, and the accents of Dutch (één, reüne, café) come out garbled.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: What a spreadsheet would read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One value as the text of a cell: empty for ``None``, ``true``/``false`` for a bool,
    JSON for a dict or list, otherwise ``str``; with an apostrophe before a formula."""
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text


def csv_bytes(
    rows: Iterable[Mapping[str, Any]], header: Sequence[str], delimiter: str = ","
) -> bytes:
    """``rows`` as a CSV file: the ``header`` row, then each row's values in that order (a
    missing key is an empty cell). UTF-8 with a byte-order mark. Dutch spreadsheets want
    ``delimiter=";"`` (their comma is the decimal comma)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(row.get(key)) for key in header])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
