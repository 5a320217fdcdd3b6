"""The fit to published group-mean curves: its error stays small, its values are honest."""

import re
from pathlib import Path

import pytest

from loslaten.hormones import fit
from loslaten.hormones.params import load_specs

DOCS = Path(__file__).resolve().parents[3] / "docs" / "model.md"

#: RMSE per data set on the data's own scale (ratios); the fit reaches about half of each.
THRESHOLDS = {
    "24-hour cortisol": 0.12,
    "TSST cortisol": 0.08,
    "TSST ACTH": 0.15,
    "awakening response": 0.06,
}


@pytest.fixture(scope="module")
def errors():
    return fit.rmse()


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_each_fit_stays_under_its_rmse_threshold(errors, name):
    assert errors[name] < THRESHOLDS[name]


def test_every_fitted_parameter_is_fitted_by_the_script_and_vice_versa():
    kinds = {name for name, spec in load_specs().items() if spec.kind == "fitted"}
    assert kinds == set(fit.FITTED)


def test_a_fitted_value_on_its_bound_is_explained_in_the_docs():
    values = {name: load_specs()[name].value for name in fit.FITTED}
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("### On a bound", 1)[1].split("\n## ", 1)[0]
    for name in fit.on_bound(values):
        assert f"`{name}`" in section, name


def test_every_fitted_value_lies_within_its_bounds():
    for name in fit.FITTED:
        lo, hi = fit.BOUNDS[name]
        assert lo <= load_specs()[name].value <= hi, name


def test_each_data_file_says_it_is_read_off_a_published_figure_and_names_its_source():
    for path in sorted(fit.DATA_DIR.glob("*.csv")):
        header = "".join(line for line in path.open() if line.startswith("#"))
        assert "read off the published" in header, path.name
        assert re.search(r"et al\. (19|20)\d\d", header), path.name


def test_the_data_load_as_four_curves_of_plausible_ratios():
    sets = fit.load_data()
    assert [d.name for d in sets] == list(THRESHOLDS)
    for d in sets:
        assert len(d.minutes) == len(d.values) >= 5
        assert 0.1 < d.values.min() and d.values.max() < 4
