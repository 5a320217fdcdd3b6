"""Turning reminders on for this device, in Chromium. No push service is ever reached: the
first test is refused permission (what a person who says no sees); the second stands in
for the browser's push service with a PushManager of our own, so push.js runs for real
(permission, subscribe with the site's key, the POST, and off again)."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from loslaten.practice import push
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
    page.emulate_media(color_scheme="dark")
    assert_accessible(page)
    page.emulate_media(color_scheme="light")

    toggle.click()  # a headless browser without the permission says no
    status = page.locator("#push-status")
    status.get_by_text("Je browser staat meldingen niet toe").wait_for()
    assert not PushSubscription.objects.exists()
    assert errors == []


FAKE_PUSH_MANAGER = """
(subscription => {
  let current = null;
  PushManager.prototype.getSubscription = () => Promise.resolve(current);
  PushManager.prototype.subscribe = function (options) {
    window.keyLength = options.applicationServerKey.byteLength;
    current = {
      endpoint: subscription.endpoint,
      toJSON: () => subscription,
      unsubscribe: () => { current = null; return Promise.resolve(true); }
    };
    return Promise.resolve(current);
  };
})(%s);
"""


def test_push_js_subscribes_and_unsubscribes_this_device(page, log_in, alice, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    endpoint = "https://fcm.googleapis.com/fcm/send/alice-phone"
    subscription = {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": push.b64url(point), "auth": push.b64url(b"0123456789abcdef")},
    }
    page.context.grant_permissions(["notifications"])
    page.add_init_script(FAKE_PUSH_MANAGER % json.dumps(subscription))
    log_in(page, alice)
    page.goto("/oefenen/instellingen/")

    page.get_by_role("button", name="Zet herinneringen aan op dit apparaat").click()
    page.locator("#push-status").get_by_text("Aan.").wait_for()
    assert page.evaluate("window.keyLength") == 65
    stored = PushSubscription.objects.get()
    assert (stored.user, stored.endpoint) == (alice, endpoint)

    page.get_by_role("button", name="Zet herinneringen uit op dit apparaat").click()
    page.locator("#push-status").get_by_text("Uit.").wait_for()
    assert not PushSubscription.objects.exists()
