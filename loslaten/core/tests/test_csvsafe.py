"""The one CSV writer: formulas defused, accents kept, every value in its column."""

import csv
import io

import pytest

from loslaten.core.csvsafe import csv_bytes, csv_cell


def read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("https://example.org")', '\'=HYPERLINK("https://example.org")'),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("rustig = goed", "rustig = goed"),
        (None, ""),
        (True, "true"),
        (False, "false"),
        (7, "7"),
        ({"één": ["ja"]}, '{"één": ["ja"]}'),
    ],
)
def test_cells(value, cell):
    assert csv_cell(value) == cell


def test_file_has_a_bom_a_header_and_each_value_in_its_column():
    data = csv_bytes(
        [{"text": "café, reüne\nen één =1", "n": 3}, {"n": None, "extra": "weg"}],
        ["n", "text"],
    )
    assert data.startswith("\ufeff".encode())
    assert read(data) == [["n", "text"], ["3", "café, reüne\nen één =1"], ["", ""]]


def test_a_formula_in_a_file_is_text():
    assert read(csv_bytes([{"name": "=1+1"}], ["name"]))[1] == ["'=1+1"]
