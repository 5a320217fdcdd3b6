"""The article page in a real browser: readable on a phone, accessible, no errors."""

import pytest

from loslaten.testing import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_article_reads_on_a_phone_without_errors(page, samples):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/blog/microgeluk-in-de-rij/")
    assert page.locator("h1").inner_text() == "Microgeluk in de rij bij de supermarkt"
    assert page.locator("#prompt-1 a[href*='inloggen']").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    assert problems == []


def test_article_page_has_no_serious_accessibility_problems(page, samples):
    page.goto("/blog/microgeluk-in-de-rij/")
    assert_accessible(page)


def test_blog_index_links_to_every_sample(page, samples):
    page.goto("/blog/")
    assert page.locator(".article-item").count() == 10
    page.get_by_role("link", name="Oudere artikelen").click()
    assert page.locator(".article-item").count() == 2
