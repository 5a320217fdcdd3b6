"""Reminders by Web Push, against a push service of our own on 127.0.0.1.

The fake service does what a real one must: it checks the VAPID signature (an ES256 JWT,
verified with the public key the request names, which must be the site's), the audience
and expiry, and it decrypts the aes128gcm payload with the browser's private key, as the
browser would. Paths under /gone answer 410, /lost 404 and /broken 500.
"""

from __future__ import annotations

import base64
import json
import os
import stat
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
import time_machine
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.core import mail

from loslaten.practice import push, reminders, services
from loslaten.practice.models import PushSubscription
from loslaten.practice.tests.helpers import local


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Browser:
    """The browser's half of a subscription: its key pair and auth secret."""

    def __init__(self, endpoint: str) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def to_json(self) -> dict:
        point = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": push.b64url(point), "auth": push.b64url(self.auth)},
        }


def verify_vapid(header: str, origin: str) -> tuple[str, dict]:
    """The VAPID public key and the JWT claims, or AssertionError."""
    scheme, _, params = header.partition(" ")
    assert scheme == "vapid", header
    fields = dict(p.strip().split("=", 1) for p in params.split(","))
    token, key = fields["t"], fields["k"]
    head, body, signature = token.split(".")
    assert json.loads(unb64(head)) == {"typ": "JWT", "alg": "ES256"}
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(key))
    raw = unb64(signature)
    assert len(raw) == 64
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256()))
    claims = json.loads(unb64(body))
    assert claims["aud"] == origin
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert claims["sub"].startswith("mailto:")
    return key, claims


class PushService:
    def __init__(self) -> None:
        self.browsers: dict[str, Browser] = {}
        self.received: list[dict] = []
        self.refused: list[str] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = {"/gone": 410, "/lost": 404, "/broken": 500}.get(
                    "/" + self.path.split("/")[1], 201
                )
                try:
                    key, _claims = verify_vapid(self.headers["Authorization"], service.origin)
                    assert self.headers["Content-Encoding"] == "aes128gcm"
                    assert int(self.headers["TTL"]) > 0
                    browser = service.browsers[service.origin + self.path]
                    plain = http_ece.decrypt(
                        body,
                        private_key=browser.key,
                        auth_secret=browser.auth,
                        version="aes128gcm",
                    )
                    service.received.append(
                        {"path": self.path, "key": key, "message": json.loads(plain)}
                    )
                except (AssertionError, InvalidSignature, KeyError, ValueError) as exc:
                    service.refused.append(repr(exc))
                    status = 401
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def browser(self, path: str) -> Browser:
        browser = Browser(self.origin + path)
        self.browsers[browser.endpoint] = browser
        return browser

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def service(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletter", "reminders"],
        }
    }
    running = PushService()
    settings.LOSLATEN_PUSH_SERVICES = [running.origin]
    yield running
    running.close()


def subscribe(client, browser: Browser):
    return client.post("/oefenen/push/aan/", browser.to_json(), content_type="application/json")


@pytest.fixture
def alice_wants_reminders(alice):
    services.update_settings(alice, reminders_enabled=True, reminder_times=["08:00"])
    return alice


def test_the_vapid_keys_are_made_once_into_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = push.application_server_key()
    path = tmp_path / "vapid_private.pem"
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    push._vapid_at.cache_clear()  # as a new process would
    assert push.application_server_key() == first
    assert len(unb64(first)) == 65


def test_a_reminder_arrives_signed_and_encrypted(service, alice_client, alice_wants_reminders):
    browser = service.browser("/push/alice-phone")
    assert subscribe(alice_client, browser).status_code == 201
    stored = PushSubscription.objects.get(user=alice_wants_reminders)
    assert stored.endpoint == browser.endpoint

    with time_machine.travel(local(2026, 6, 1, 8, 2), tick=False):
        assert reminders.tick() == 1

    assert service.refused == []
    [got] = service.received
    assert got["key"] == push.application_server_key()
    assert got["message"]["title"] == "Een klein moment voor jezelf"
    assert got["message"]["url"] == "/oefenen/adem/"
    assert len(mail.outbox) == 1  # email too, unless turned off
    stored.refresh_from_db()
    assert stored.last_sent_at is not None


def test_push_only_when_email_is_turned_off(service, alice_client, alice_wants_reminders):
    services.update_settings(alice_wants_reminders, email_reminders=False)
    subscribe(alice_client, service.browser("/push/alice-phone"))
    with time_machine.travel(local(2026, 6, 1, 8, 2), tick=False):
        reminders.tick()
    assert len(service.received) == 1 and mail.outbox == []


@pytest.mark.parametrize("path", ["/gone/alice", "/lost/alice"])
def test_a_subscription_the_service_has_forgotten_is_removed(
    service, alice_client, alice_wants_reminders, path
):
    subscribe(alice_client, service.browser(path))
    subscribe(alice_client, service.browser("/push/alice-laptop"))

    with time_machine.travel(local(2026, 6, 1, 8, 2), tick=False):
        reminders.tick()

    endpoints = list(PushSubscription.objects.values_list("endpoint", flat=True))
    assert endpoints == [service.origin + "/push/alice-laptop"]
    # Both requests were properly signed and encrypted: the removal is the service's answer.
    assert sorted(r["path"] for r in service.received) == sorted([path, "/push/alice-laptop"])


def test_a_failing_service_keeps_the_subscription(service, alice_client, alice_wants_reminders):
    subscribe(alice_client, service.browser("/broken/alice"))
    sub = PushSubscription.objects.get()
    assert push.send(sub, {"title": "t", "body": "b", "url": "/"}) == "failed"
    assert PushSubscription.objects.filter(pk=sub.pk).exists()


def test_quiet_hours_hold_for_the_clock_and_for_a_late_worker(
    service, alice_client, alice_wants_reminders
):
    subscribe(alice_client, service.browser("/push/alice-phone"))
    services.update_settings(
        alice_wants_reminders, reminder_times=["06:30", "21:00"], quiet_from="22:00",
        quiet_until="07:00",
    )  # fmt: skip
    with time_machine.travel(local(2026, 6, 1, 6, 31), tick=False):
        assert reminders.tick() == 0
    # The 21:00 reminder was queued, but the worker only got to it at 22:10.
    with time_machine.travel(local(2026, 6, 1, 22, 10), tick=False):
        assert reminders.send_reminder.call(alice_wants_reminders.pk, "21:00") is False
    assert service.received == [] and mail.outbox == []


@pytest.mark.parametrize(
    ("start", "end", "at", "quiet"),
    [
        ("22:00", "07:00", "23:30", True),
        ("22:00", "07:00", "06:59", True),
        ("22:00", "07:00", "07:00", False),
        ("12:00", "13:00", "12:30", True),
        ("12:00", "13:00", "13:30", False),
        ("", "07:00", "03:00", False),
    ],
)
def test_quiet_hours_may_run_past_midnight(start, end, at, quiet):
    import datetime as dt

    assert push.in_quiet_hours(start, end, dt.time.fromisoformat(at)) is quiet


@pytest.mark.parametrize(
    "change",
    [
        {"endpoint": "https://attacker.example/collect"},
        {"endpoint": "http://169.254.169.254/latest"},
        {"endpoint": "https://user:pw@fcm.googleapis.com/x"},
        {"keys": {"p256dh": "abc", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
        {"keys": {"p256dh": "!!", "auth": "!!"}},
        {"keys": "none"},
    ],
)
def test_a_subscription_we_cannot_use_is_refused_with_a_reason(service, alice_client, change):
    data = {**service.browser("/push/alice").to_json(), **change}
    response = alice_client.post("/oefenen/push/aan/", data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_not_json_is_refused(service, alice_client):
    response = alice_client.post("/oefenen/push/aan/", "{", content_type="application/json")
    assert response.status_code == 400


def test_unsubscribe_removes_only_the_persons_own(service, alice_client, bob, client):
    browser = service.browser("/push/alice-phone")
    subscribe(alice_client, browser)
    client.force_login(bob)
    gone = client.post("/oefenen/push/uit/", {"endpoint": browser.endpoint}, "application/json")
    assert gone.json() == {"unsubscribed": False}
    assert PushSubscription.objects.count() == 1
    client.force_login(PushSubscription.objects.get().user)
    gone = client.post("/oefenen/push/uit/", {"endpoint": browser.endpoint}, "application/json")
    assert gone.json() == {"unsubscribed": True}
    assert not PushSubscription.objects.exists()


def test_a_browser_moves_to_whoever_subscribed_it_last(service, alice, bob, client):
    browser = service.browser("/push/shared")
    client.force_login(alice)
    subscribe(client, browser)
    client.force_login(bob)
    subscribe(client, browser)
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [bob.pk]


def test_subscribing_needs_an_account_and_the_csrf_token(service, alice):
    from django.test import Client

    browser = service.browser("/push/x")
    assert subscribe(Client(), browser).status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert subscribe(strict, browser).status_code == 403
    assert not PushSubscription.objects.exists()


def test_the_settings_page_offers_push_with_the_public_key(service, alice_client):
    html = alice_client.get("/oefenen/instellingen/").content.decode()
    assert f'data-key="{push.application_server_key()}"' in html
    assert "/static/practice/push.js" in html
    assert "<script>" not in html  # strict CSP: no inline script


def test_quiet_hours_need_both_ends(alice_client, alice):
    response = alice_client.post(
        "/oefenen/instellingen/",
        {"show_counts": "on", "language": "nl", "quiet_from": "22:00"},
    )
    assert "allebei de tijden" in response.content.decode()
    alice_client.post(
        "/oefenen/instellingen/",
        {"language": "nl", "quiet_from": "22:00", "quiet_until": "7:00"},
    )
    prefs = services.get_settings(alice)
    assert (prefs.quiet_from, prefs.quiet_until, prefs.email_reminders) == ("22:00", "07:00", False)


def test_the_service_worker_shows_a_push_and_opens_its_page(client):
    script = client.get("/oefenen/sw.js").content.decode()
    assert 'addEventListener("push"' in script
    assert 'addEventListener("notificationclick"' in script
    assert 'var SCOPE = "/oefenen/"' in script


def test_the_fake_service_refuses_a_forged_signature(service):
    import requests

    browser = service.browser("/push/forged")
    claims = {"sub": "mailto:a@example.org", "aud": service.origin, "exp": int(time.time()) + 60}
    headers = push.vapid().sign(claims)
    token = headers["Authorization"].split("t=")[1].split(",")[0]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    headers["Authorization"] = headers["Authorization"].replace(token, forged)
    body = http_ece.encrypt(
        b"{}",
        private_key=ec.generate_private_key(ec.SECP256R1()),
        dh=unb64(browser.to_json()["keys"]["p256dh"]),
        auth_secret=browser.auth,
        version="aes128gcm",
    )
    headers.update({"Content-Encoding": "aes128gcm", "TTL": "60"})
    response = requests.post(browser.endpoint, data=body, headers=headers, timeout=5)
    assert response.status_code == 401
    assert service.received == [] and len(service.refused) == 1


def test_the_export_names_the_devices_but_not_their_address(service, alice_client, alice):
    from loslaten.accounts.services import export_everything

    browser = service.browser("/push/alice-phone")
    subscribe(alice_client, browser)
    [device] = export_everything(alice)["devices"]
    assert device["service"] == "127.0.0.1"
    assert "alice-phone" not in json.dumps(export_everything(alice))
