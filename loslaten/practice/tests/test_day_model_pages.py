"""The model's public pages: how it works, and each scenario drawn with its explanation."""

# The SVG parsed here is our own output, not untrusted input.
# ruff: noqa: S314

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils.html import escape

from loslaten.hormones.scenarios import SCENARIOS
from loslaten.practice import day as body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_model_page_is_public_and_lists_every_scenario(client):
    response = client.get("/oefenen/model/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit model is een uitleg, geen meting en geen medisch advies." in html
    for slug in SCENARIOS:
        assert f'href="/oefenen/model/{slug}/"' in html


def test_scenario_page_is_public_with_charts_and_explanation(client):
    response = client.get("/oefenen/model/eerlijk-moment/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 4  # each chart twice: wide and narrow
    assert SCENARIOS["eerlijk-moment"].title_nl in html
    assert "Dit model is een uitleg" in html
    assert "verbinden" in html  # the event list names the kinds plainly


def test_paired_scenario_shows_the_comparison(client):
    html = client.get("/oefenen/model/onderdrukken/").content.decode()
    assert "Vergeleken met: Loslaten" in html
    assert 'href="/oefenen/model/loslaten/"' in html
    assert "stroke-dasharray" in html


def test_a_paired_scenarios_legend_names_the_other_day_not_a_what_if(client):
    for slug, scenario in SCENARIOS.items():
        if scenario.compare_with:
            html = client.get(f"/oefenen/model/{slug}/").text
            other = SCENARIOS[scenario.compare_with].title_nl
            assert f"gestreept: {escape(other)}</li>" in html
            assert "gestreept: en als ik" not in html


def test_unknown_scenario_is_not_found(client):
    assert client.get("/oefenen/model/bestaat-niet/").status_code == 404


def test_scenario_svg_is_well_formed_and_described(client):
    for chart in body.scenario_charts("te-volle-dag", "nl"):
        root = ET.fromstring(chart["svg"])
        assert root.get("role") == "img"
        assert chart["table_html"].count("<tr>") == 1 + 24


def test_multi_day_scenario_has_a_row_per_day(client):
    model = body.scenario_model("chronische-spanning", "nl")
    assert model.days_count == 14
    charts = body.scenario_charts("chronische-spanning", "nl")
    assert all(c["table_html"].count("<tr>") == 1 + 14 for c in charts)
    html = client.get("/oefenen/model/chronische-spanning/").content.decode()
    assert html.count("<svg") == 4  # each chart twice: wide and narrow


def test_scenario_model_for_unknown_slug_raises():
    with pytest.raises(KeyError):
        body.scenario_model("bestaat-niet", "nl")


def test_scenario_pages_have_no_inline_style(client):
    html = client.get("/oefenen/model/loslaten/").content.decode()
    assert not re.search(r"\sstyle=", html)


def test_scenario_tables_have_english_captions(client):
    # These two captions were once fuzzy in the catalogue, so the English page kept them Dutch.
    client.cookies["django_language"] = "en"
    html = client.get("/oefenen/model/te-volle-dag/").content.decode()
    assert "mean per hour, times your resting level" in html
    assert "gemiddelde per uur" not in html
    html = client.get("/oefenen/model/chronische-spanning/").content.decode()
    assert "per day, times your resting level" in html
    assert "per dag, keer je rustniveau" not in html


def test_a_scenario_is_typed_with_its_partner_as_the_dashed_comparison():
    from loslaten.practice.day.results import DayEvent, Partner, Scenario

    model = body.scenario_model("onderdrukken", "nl")
    assert isinstance(model, Scenario) and model.days_count == 1 and model.days == ()
    assert all(isinstance(e, DayEvent) for e in model.events)
    assert "wegduwen" in [e.label for e in model.events]  # neutral names, not "ik ..."
    assert isinstance(model.what_if, Partner)
    assert (model.what_if.key, model.what_if.label) == ("loslaten", "Loslaten")
    assert len(model.what_if.series["cortisol"]) == len(model.series["cortisol"])


def test_a_long_scenario_has_typed_days_and_no_hourly_means():
    from loslaten.practice.day.results import DayRow

    model = body.scenario_model("chronische-spanning", "en")
    assert model.hourly == {}
    assert [d.label for d in model.days][:2] == ["day 1", "day 2"]
    assert all(isinstance(d, DayRow) and d.date == "" and d.events is None for d in model.days)
    assert set(model.days[0].mean) == set(model.series)


def test_the_scenario_page_shows_the_models_values(client):
    model = body.scenario_model("te-volle-dag", "nl")
    html = client.get("/oefenen/model/te-volle-dag/").content.decode()
    assert escape(model.explanation.split("\n")[0]) in html
    for group in model.groups:  # each chart's description is its group's sentence
        assert escape(group.summary.sentence) in html
    for e in model.events:
        assert f"<time>{e.clock}</time> {e.label}" in html


def test_the_model_page_lists_each_scenario_once_with_its_days(client):
    items = body.scenario_list("nl")
    assert [i.slug for i in items] == list(SCENARIOS)
    html = client.get("/oefenen/model/").content.decode()
    long = [i for i in items if i.days > 1]
    assert long and all(f"({i.days} dagen)" in html for i in long)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_pages_and_the_models_explanations_share_one_disclaimer(client, lang):
    from django.utils import translation

    from loslaten.hormones import DISCLAIMER
    from loslaten.practice.day.facts import DISCLAIMER as PAGE_DISCLAIMER

    with translation.override(lang):
        assert str(PAGE_DISCLAIMER) == DISCLAIMER[lang]
    assert body.scenario_model("loslaten", lang).disclaimer == DISCLAIMER[lang]
    client.cookies["django_language"] = lang
    for path in ("/oefenen/model/", "/oefenen/model/loslaten/"):
        assert DISCLAIMER[lang] in client.get(path).content.decode()


def test_a_scenario_in_english_names_its_events_and_quantities_in_english():
    model = body.scenario_model("onderdrukken", "en")
    assert "pushing away" in [e.label for e in model.events]
    assert model.groups[1].labels == ("dopamine", "serotonin", "oxytocin")
    assert "pushing away" in model.explanation
