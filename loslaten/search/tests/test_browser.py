"""Searching in a real browser: from the box on the home page to the passage itself."""

import pytest

from loslaten.testing import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_searching_adem_lands_on_the_passage(page, samples):
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto("/")
    page.fill("#site-search", "adem")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/zoeken/?q=adem")
    assert "passages over" in page.locator("h1").inner_text()
    assert page.locator(".search-results mark").count() > 0
    first = page.locator(".search-results a").first
    href = first.get_attribute("href")
    assert href.startswith("/blog/") and "#" in href
    first.click()
    page.wait_for_url(f"**{href}")
    anchor = href.split("#", 1)[1]
    assert page.url.endswith(f"#{anchor}")
    assert page.locator(f"[id='{anchor}']").count() == 1
    assert problems == []


def test_results_page_has_no_serious_accessibility_problems(page, samples):
    page.goto("/zoeken/?q=rust")
    assert_accessible(page)
