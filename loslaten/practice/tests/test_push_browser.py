"""Turning reminders on for this device, in Chromium (no push service is reached: the
browser is refused permission, which is what a person who says no sees)."""

from __future__ import annotations

import pytest

from loslaten.practice.models import PushSubscription
from loslaten.testing import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_settings_page_offers_reminders_on_this_device(page, log_in, alice, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, alice)
    page.goto("/oefenen/instellingen/")
    toggle = page.get_by_role("button", name="Zet herinneringen aan op dit apparaat")
    toggle.wait_for()
    assert page.locator("#push-unsupported").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)

    toggle.click()  # a headless browser without the permission says no
    status = page.locator("#push-status")
    status.get_by_text("Je browser staat meldingen niet toe").wait_for()
    assert not PushSubscription.objects.exists()
    assert errors == []
