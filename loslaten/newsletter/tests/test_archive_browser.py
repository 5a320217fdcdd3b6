"""A reader finds a past issue from the home page, by clicks only, in Chromium."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from loslaten.newsletter.models import Issue
from loslaten.newsletter.tests.helpers import make_issue

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("LOSLATEN_SCREENSHOTS", "")


@pytest.mark.parametrize("size", [(390, 844), (1366, 900)])
def test_a_reader_clicks_from_home_to_a_past_issue(page, size):
    make_issue(
        "2030-W09",
        subject="Loslaten · week 9: een moment van rust",
        opening="Wat mag je deze week loslaten?\nSoms is het een gedachte, soms een schouder.",
        status=Issue.Status.SENT,
        started_at=timezone.now() - dt.timedelta(days=3),
    )
    make_issue("2030-W10", subject="Nog een concept")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto("/")
    page.get_by_role("link", name="Nieuwsbrief", exact=True).first.click()
    page.get_by_role("link", name="Lees eerdere nieuwsbrieven in het archief").click()
    assert page.get_by_text("Nog een concept").count() == 0
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/archive-{size[0]}.png", full_page=True)
    page.get_by_role("link", name="Loslaten · week 9: een moment van rust").click()
    page.wait_for_url("**/nieuwsbrief/2030-W09/")
    assert page.get_by_text("Soms is het een gedachte, soms een schouder.").is_visible()
    assert page.get_by_text("Micro-oefening van deze week").is_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/issue-{size[0]}.png", full_page=True)
    assert errors == []  # nothing the CSP blocked, nothing broken
