"""The body's day as a new person finds it: by clicks only, on a phone and on a desktop.

home → practice → check-in → its done page → the day (with now) → a what-if. At every step
nothing is wider than the screen, no chart's text is under 12 px, and axe finds nothing, in
light and in dark mode.

Set LOSLATEN_SCREENSHOTS=docs/screenshots to keep the pictures the README shows.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from loslaten.practice import services
from loslaten.practice.tests.helpers import checkin
from loslaten.testing import assert_axe_finds_nothing

SCREENSHOTS = os.environ.get("LOSLATEN_SCREENSHOTS", "")
SIZES = {"phone": (390, 844), "desktop": (1366, 900)}
#: Acts that calm: never the named cause of a stress peak.
CALMING_PHRASES = (
    "ik liet het zijn zoals het is",
    "een bewuste uitademing",
    "rustig ademen",
    "ik heb iets afgerond",
    "ik was eerlijk tegen iemand",
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_nothing_wider_than_the_screen(page) -> None:
    width = page.viewport_size["width"]
    sizes = page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            charts: [...document.querySelectorAll('svg.chart')]
                .filter(svg => svg.getClientRects().length)
                .map(svg => svg.getBoundingClientRect().right),
        })"""
    )
    assert sizes["page"] <= width, sizes
    assert all(right <= width for right in sizes["charts"]), sizes


def assert_chart_text_at_least_12_px(page) -> None:
    # A chart's drawing is scaled to its box: its text is its font size times that scale.
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart')]
            .filter(svg => svg.getClientRects().length)
            .flatMap(svg => [...svg.querySelectorAll('text')].map(text => [
                svg.closest('[id]')?.id || svg.id,
                parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a,
            ]))"""
    )
    small = {chart: round(px, 1) for chart, px in sizes if px < 12}
    assert sizes and not small, small


def assert_no_stress_peak_credited_to_calm(page) -> None:
    texts = page.locator(".explanation p, .chart-summary, .day-glance figcaption").all_inner_texts()
    peaks = [t for t in texts if "het hoogst" in t or "steeg het meest" in t]
    for text in peaks:
        for sentence in text.split(". "):
            if "het hoogst" in sentence or "steeg het meest" in sentence or "kwam" in sentence:
                assert not any(p in sentence for p in CALMING_PHRASES), sentence


def check(page, name: str, size: str) -> None:
    assert_nothing_wider_than_the_screen(page)
    assert_chart_text_at_least_12_px(page)
    assert_axe_finds_nothing(page)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{size}.png", full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_the_day_is_found_by_clicks_and_fits_the_screen(page, log_in, alice, samples, size):
    # A mid-morning clock, so that "earlier today" and "the rest of the day" both exist
    # whenever the suite runs (just after midnight there would be no earlier moments).
    today = timezone.localdate(timezone.now(), services.local_tz())
    morning = dt.datetime.combine(today, dt.time(10, 30), tzinfo=services.local_tz())
    with time_machine.travel(morning, tick=True):
        walk(page, log_in, alice, size)


def walk(page, log_in, alice, size: str) -> None:
    now = timezone.localtime(timezone.now(), services.local_tz())
    cache.clear()
    # Earlier today: holding on, then pushing it away, then letting it be.
    for minutes_ago, did in ((9, "hold"), (6, "suppress"), (3, "accept")):
        checkin(alice, at=now - dt.timedelta(minutes=minutes_ago), did=did, tension=7)
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    log_in(page, alice)

    page.goto("/")
    assert page.locator(".home-article-list li").count() == 3
    assert page.locator(".home-day svg.chart").is_visible()
    check(page, "home", size)

    page.locator("header").get_by_role("link", name="Oefenen", exact=True).click()
    page.wait_for_url("**/oefenen/")
    assert page.locator(".day-glance svg.chart").is_visible()
    check(page, "practice", size)

    nav = page.get_by_role("navigation", name="Oefenen")
    nav.get_by_role("link", name="Check-in", exact=True).click()
    page.wait_for_url("**/oefenen/check-in/")
    for field in ("breath", "shoulders", "jaw", "belly"):
        page.locator(f"label[for=id_{field}_0]").click()
    page.locator("label[for=id_tension_8]").click()
    page.get_by_text("Nog iets kwijt?").click()
    page.get_by_text("ik bleef alles controleren").click()
    page.get_by_role("button", name="Bewaar check-in").click()
    page.wait_for_url("**/klaar/")
    assert page.get_by_role("heading", name="Wat deze check-in met je dag deed").is_visible()
    assert page.locator(".day-glance path.diff-area").count() == 3
    assert_no_stress_peak_credited_to_calm(page)
    check(page, "checkin-done", size)

    page.get_by_role("link", name="Bekijk je hele dag").click()
    page.wait_for_url("**/oefenen/dag/**")
    assert page.locator("svg.chart g.now >> visible=true").count() == 2
    assert page.locator("svg.chart path.expected").count() >= 1
    assert_no_stress_peak_credited_to_calm(page)
    check(page, "day", size)

    page.get_by_label("Kies een moment van je dag").select_option(index=0)
    page.get_by_label("het had laten zijn, in plaats daarvan").check()
    page.get_by_role("button", name="Laat zien").click()
    page.wait_for_url("**wat-als=aanvaarden**")
    comparison = page.locator("#vergelijking")
    assert comparison.is_visible()
    assert "in de" in comparison.inner_text() and "uur na" in comparison.inner_text()
    assert page.locator("svg.chart path.diff-area").count() >= 3
    assert_no_stress_peak_credited_to_calm(page)
    check(page, "what-if", size)

    # The tables behind the charts, opened: axe reads them too.
    for summary in page.locator("details.chart-table summary >> visible=true").all():
        summary.click()
    assert page.locator("details.chart-table[open] tbody tr >> visible=true").count() >= 24
    assert_nothing_wider_than_the_screen(page)
    assert_axe_finds_nothing(page)
