"""Honest labels on the model's public pages: what is published physiology, and what is the
article's idea drawn as lines (issue 13, "Honest labels")."""

from __future__ import annotations

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_model_page_says_the_happiness_side_is_the_articles_idea(client):
    html = client.get("/oefenen/model/").content.decode()
    assert "zoals het artikel het beschrijft" in html
    assert "het idee van het artikel" in html and "niet gemeten" in html
    # The measured exception is told, not hidden: acute stress releases dopamine.
    assert "een korte stressor juist even dopamine vrijmaakt" in html
    # No act is said to work on the body as a plain fact.
    assert "zetten je stresskant aan. Bewust" not in html
    assert "Alles wordt gemeten" not in html  # the model measures nothing


def test_the_model_page_says_so_in_english_too(client):
    client.cookies["django_language"] = "en"
    html = client.get("/oefenen/model/").content.decode()
    assert "as the article describes it" in html and "not measured" in html


def test_a_happiness_chart_sentence_says_it_is_this_model(client):
    html = client.get("/oefenen/model/onderdrukken/").content.decode()
    assert "In dit model steeg je dopamine het meest" in html
    assert "Je dopamine steeg het meest" not in html
