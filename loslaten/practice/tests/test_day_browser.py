"""The body's day in a real browser, on a phone and a desktop: curves, a what-if, its tables,
and nothing axe-core finds, in light or in dark mode."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.cache import cache

from loslaten.practice import services
from loslaten.practice.tests.helpers import checkin, local
from loslaten.testing import assert_accessible, assert_axe_finds_nothing

# Set LOSLATEN_SCREENSHOTS=/some/dir to keep screenshots for a look by eye.
SCREENSHOTS = os.environ.get("LOSLATEN_SCREENSHOTS", "")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": (390, 844), "desktop": (1366, 900)}


@pytest.mark.parametrize("size", SIZES)
def test_day_with_what_if_in_the_browser(page, log_in, alice, size):
    cache.clear()
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    day = dt.date(2026, 6, 2)
    checkin(alice, at=local(2026, 6, 2, 9, 0), did="hold", tension=8)
    services.record_moment(alice, "exhale", 8, at=local(2026, 6, 2, 9, 20))
    log_in(page, alice)
    page.goto(f"/oefenen/dag/{day.isoformat()}/")
    assert page.locator("svg.chart").count() == 4  # wide and narrow
    assert page.locator("svg.chart path.curve").count() == 12
    assert page.locator(".event-list").get_by_text("ik bleef alles controleren").is_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/day-{size}.png", full_page=True)
    assert_axe_finds_nothing(page)

    page.get_by_label("daarna één keer bewust had uitgeademd").check()
    page.get_by_role("button", name="Laat zien").click()
    page.wait_for_url("**wat-als=uitademen**")
    # Each chart drawn twice (wide, narrow) and the window up close: three dashed curves each.
    assert page.locator("svg.chart path.what-if").count() == 3 * 2 * 3
    assert page.locator("#vergelijking").is_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/day-what-if-{size}.png", full_page=True)
        page.emulate_media(color_scheme="dark")
        page.screenshot(path=f"{SCREENSHOTS}/day-what-if-{size}-dark.png", full_page=True)
        page.emulate_media(color_scheme="light")
    assert_axe_finds_nothing(page)

    for summary in page.locator("details.chart-table summary >> visible=true").all():
        summary.click()
    tables = page.locator("details.chart-table[open] table >> visible=true")
    assert tables.count() == 3  # the window up close, the stress side, the happy side
    assert tables.nth(1).locator("tbody tr").count() == 24
    assert_axe_finds_nothing(page)


def test_public_scenario_page_in_the_browser(page):
    cache.clear()
    page.goto("/oefenen/model/onderdrukken/")
    assert page.locator("svg.chart").count() == 4
    assert_accessible(page)
