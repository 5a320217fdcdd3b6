"""The radio groups' inputs are written without Django's widget templates (input_tag): they
must stay what Django itself would write, attribute for attribute."""

import pytest

from loslaten.practice.forms import CheckInForm
from loslaten.practice.templatetags.practice_tags import input_tag

CASES = {
    "empty": None,
    "filled": {
        "breath": "low",
        "shoulders": "soft",
        "jaw": "tense",
        "belly": "neutral",
        "tension": "10",
        "did": "hold",
    },
    "wrong": {"breath": "deep", "tension": "11", "did": "fly", "on_mind": "<b>&</b>"},
    "missing": {},
}


@pytest.mark.parametrize("case", CASES)
def test_every_option_is_written_as_djangos_widget_template_writes_it(case):
    form = CheckInForm(CASES[case])
    if CASES[case] is not None:
        form.is_valid()
    options = [
        o for name in ("breath", "shoulders", "jaw", "belly", "tension", "did") for o in form[name]
    ]
    assert len(options) == 30
    for option in options:
        assert input_tag(option) == option.tag()


def test_a_chosen_and_a_refused_option_carry_checked_and_aria_invalid():
    form = CheckInForm({"breath": "low", "tension": "11"})
    form.is_valid()
    low = next(o for o in form["breath"] if o.data["value"] == "low")
    assert input_tag(low) == (
        '<input type="radio" name="breath" value="low" id="id_breath_2" required checked>'
    )
    zero = next(iter(form["tension"]))
    assert input_tag(zero) == (
        '<input type="radio" name="tension" value="0" id="id_tension_0" required '
        'aria-invalid="true">'
    )


def test_text_in_an_option_is_escaped():
    form = CheckInForm()
    option = next(iter(form["breath"]))
    option.data["value"] = '"><script>'
    assert input_tag(option) == option.tag()
    assert "<script>" not in input_tag(option)
