"""The month and the year in a real browser, by clicks: journal → month → year → a day.

Set LOSLATEN_SCREENSHOTS=docs/screenshots to keep the pictures for a look by eye.
"""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest
import time_machine

from loslaten.practice import services
from loslaten.practice.models import CheckIn, Moment
from loslaten.practice.tests.helpers import CALM, local
from loslaten.testing import assert_accessible

SCREENSHOTS = os.environ.get("LOSLATEN_SCREENSHOTS", "")
TODAY = dt.date(2026, 6, 20)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def half_a_year(user) -> None:
    """Check-ins on most days since January, tenser on weekdays; breathing on some."""
    rng = random.Random(12)
    day = dt.date(2026, 1, 1)
    checkins, moments = [], []
    while day <= TODAY:
        if rng.random() < 0.8:
            for hour in rng.sample([8, 13, 18, 22], rng.randint(1, 3)):
                base = 6 if day.weekday() < 5 else 3
                tension = max(0, min(10, base + rng.randint(-3, 3)))
                at = local(day.year, day.month, day.day, hour, rng.randint(0, 59))
                checkins.append(CheckIn(user=user, at=at, **{**CALM, "tension": tension}))
        if rng.random() < 0.5:
            at = local(day.year, day.month, day.day, 7, 30)
            moments.append(Moment(user=user, at=at, kind="breathe_minute", duration_s=60))
        day += dt.timedelta(days=1)
    CheckIn.objects.bulk_create(checkins)
    Moment.objects.bulk_create(moments)
    services.create_entry(user, "Een rustige zondag.", at=local(2026, 6, 14, 20))


def no_wider_than_the_screen(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_journal_to_month_to_year_to_a_day_by_clicks(page, log_in, alice, width, height):
    half_a_year(alice)
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, alice)
    with time_machine.travel(local(2026, 6, 20, 15, 0), tick=True):
        page.goto("/oefenen/dagboek/")
        page.get_by_role("link", name="deze maand").click()
        page.wait_for_url("**/oefenen/maand/2026-06/")
        assert page.get_by_role("heading", name="Juni 2026").is_visible()
        no_wider_than_the_screen(page)
        assert page.locator("table.cal-month td a").count() == 20  # 1 to 20 June
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/month-{width}.png", full_page=True)
        assert_accessible(page)
        page.emulate_media(color_scheme="dark")
        assert_accessible(page)
        page.emulate_media(color_scheme="light")

        page.get_by_role("link", name="het jaar 2026").click()
        page.wait_for_url("**/oefenen/jaar/2026/")
        no_wider_than_the_screen(page)
        assert page.locator("table.cal-year td").count() == 365
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/year-{width}.png", full_page=True)
        assert_accessible(page)
        page.emulate_media(color_scheme="dark")
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/year-{width}-dark.png", full_page=True)
        assert_accessible(page)
        page.emulate_media(color_scheme="light")

        page.locator('table.cal-year a[aria-label^="3 maart 2026"]').click()
        page.wait_for_url("**/oefenen/dag/2026-03-03/")
        no_wider_than_the_screen(page)
