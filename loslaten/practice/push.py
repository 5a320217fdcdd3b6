"""Web Push: reminders on the phone or computer, beside email.

* The server's VAPID key pair is made once, the first time it is needed, and kept in
  ``var/vapid_private.pem`` (settings.VAR_DIR); the browser subscribes with its public half.
* A browser's subscription (its push service's address and two keys) is stored per person.
  Only addresses of the known push services are accepted (settings.LOSLATEN_PUSH_SERVICES),
  so nobody can make the worker post to a server of their choosing.
* `send` encrypts the message for the browser (aes128gcm, RFC 8291) and signs the request
  (VAPID, RFC 8292) through pywebpush. A push service that answers 404 or 410 has forgotten
  the subscription: it is removed.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from loslaten.practice.models import PushSubscription

__all__ = [
    "allowed_endpoint",
    "application_server_key",
    "b64url",
    "in_quiet_hours",
    "key_path",
    "parse_subscription",
    "send",
    "subscribe",
    "unsubscribe",
    "vapid",
]

log = logging.getLogger(__name__)

KEY_FILE = "vapid_private.pem"
#: How long a push service keeps a reminder for a phone that is off (a reminder is
#: pointless hours later).
TTL_SECONDS = 30 * 60
TIMEOUT_SECONDS = 10
#: Push services that say a subscription is gone for good.
GONE = (404, 410)


def b64url(data: bytes) -> str:
    """Base64url without padding, as Web Push spells keys."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_path() -> Path:
    """Where the server's VAPID private key lives."""
    return Path(settings.VAR_DIR) / KEY_FILE


def _make_key(path: Path) -> None:
    """Write a new P-256 private key to `path`, unless one is there already.

    Written to a temporary file first and then linked into place: link fails when the key
    exists, so two processes starting at once both end up with the first key, complete."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)


@cache
def _vapid_at(path: str) -> Vapid:
    if not os.path.exists(path):
        _make_key(Path(path))
    return Vapid.from_file(path)


def vapid() -> Vapid:
    """The server's VAPID key pair, made on first use."""
    return _vapid_at(str(key_path()))


def application_server_key() -> str:
    """The public key the browser subscribes with (uncompressed P-256 point, base64url)."""
    public = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(public)


def allowed_endpoint(url: str) -> bool:
    """Whether `url` belongs to one of settings.LOSLATEN_PUSH_SERVICES.

    Each entry is an origin such as ``https://fcm.googleapis.com``; ``https://*.example``
    allows its subdomains."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return False
    if parts.username or parts.password:
        return False
    for origin in settings.LOSLATEN_PUSH_SERVICES:
        allowed = urlsplit(origin)
        if parts.scheme != allowed.scheme or port != allowed.port:
            continue
        pattern = allowed.hostname or ""
        if (pattern.startswith("*.") and host.endswith(pattern[1:])) or host == pattern:
            return True
    return False


def parse_subscription(data: Any) -> dict[str, str]:
    """A browser's ``PushSubscription.toJSON()`` to endpoint, p256dh and auth.

    ValueError with a plain reason when it is not one we can use."""
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object with endpoint and keys")
    endpoint = data.get("endpoint")
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not isinstance(endpoint, str) or len(endpoint) > 1000 or not allowed_endpoint(endpoint):
        raise ValueError("endpoint: not the address of a known push service")
    try:
        point = _b64url_decode(p256dh) if isinstance(p256dh, str) else b""
        secret = _b64url_decode(auth) if isinstance(auth, str) else b""
    except (binascii.Error, ValueError):
        raise ValueError("keys: not base64url") from None
    if len(point) != 65 or point[0] != 4:
        raise ValueError("keys.p256dh: expected an uncompressed P-256 public key")
    if len(secret) != 16:
        raise ValueError("keys.auth: expected 16 bytes")
    return {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}


def subscribe(user: Any, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keep a browser's subscription for `user` (validated by `parse_subscription`).

    The same browser signed in as someone else now reminds this person: an endpoint
    belongs to whoever subscribed it last."""
    with transaction.atomic():
        PushSubscription.objects.filter(endpoint=endpoint).exclude(user=user).delete()
        sub, _ = PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
        )
    return sub


def unsubscribe(user: Any, endpoint: str) -> bool:
    """Forget one of the person's subscriptions; False when there was none."""
    deleted, _ = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return bool(deleted)


def _contact() -> str:
    """Who the push service can write to about our messages (VAPID ``sub``)."""
    from email.utils import parseaddr

    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return f"mailto:{address}" if address else settings.BASE_URL


def send(sub: PushSubscription, message: dict[str, Any]) -> str:
    """Push `message` (title, body, url) to one browser.

    Returns "sent", "gone" (404/410: the subscription is deleted) or "failed" (anything
    else; kept, the next reminder tries again)."""
    try:
        webpush(
            sub.info(),
            data=json.dumps(message, ensure_ascii=False),
            vapid_private_key=vapid(),
            vapid_claims={"sub": _contact()},
            ttl=TTL_SECONDS,
            timeout=TIMEOUT_SECONDS,
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in GONE:
            sub.delete()
            return "gone"
        log.warning("push to %s failed: %s", urlsplit(sub.endpoint).hostname, status)
        return "failed"
    except requests.RequestException as exc:
        log.warning("push to %s failed: %s", urlsplit(sub.endpoint).hostname, exc)
        return "failed"
    PushSubscription.objects.filter(pk=sub.pk).update(last_sent_at=timezone.now())
    return "sent"


def in_quiet_hours(quiet_from: str, quiet_until: str, at: dt.time) -> bool:
    """Whether the local time `at` falls in the quiet hours ("22:00" to "07:00" runs past
    midnight); never when either end is not set."""
    if not quiet_from or not quiet_until:
        return False
    start = dt.time.fromisoformat(quiet_from)
    end = dt.time.fromisoformat(quiet_until)
    if start <= end:
        return start <= at < end
    return at >= start or at < end
