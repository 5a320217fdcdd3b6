"""Signed tokens in links. Each kind has its own salt so one can never stand in for another.

Confirmation tokens expire after 7 days; unsubscribe and manage tokens do not, because
they sit in emails people keep. All of them name one subscriber, so bob cannot turn
alice's link into his own without the secret key.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

CONFIRM_SALT = "loslaten.newsletter.confirm"
UNSUBSCRIBE_SALT = "loslaten.newsletter.unsubscribe"
MANAGE_SALT = "loslaten.newsletter.manage"
CONFIRM_MAX_AGE = 7 * 24 * 3600


class BadToken(Exception):
    """The link is tampered with, expired, or names nobody."""


def confirm_token(subscriber_id: int, email: str, first_name: str, method: str) -> str:
    """A token confirming `email` for this subscriber (a sign-up or a new address)."""
    payload = {"s": subscriber_id, "e": email, "m": method}
    if first_name:
        payload["n"] = first_name
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> dict:
    """The payload of a confirmation token younger than 7 days, or BadToken."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature too
        raise BadToken(str(error)) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise BadToken("malformed")
    return payload


def _signer(salt: str) -> signing.Signer:
    return signing.Signer(salt=salt)


def _sign(salt: str, value: str) -> str:
    """`Signer(salt=salt).sign(value)`, with the key derived once: two are asked per
    message on the sending path."""
    mac = _signer_mac(salt, settings.SECRET_KEY).copy()
    mac.update(value.encode())
    return f"{value}:{signing.b64_encode(mac.digest()).decode()}"


@functools.lru_cache(maxsize=8)
def _signer_mac(salt: str, secret: str):
    """An HMAC keyed as Django's Signer keys its signature (sha256), ready to copy."""
    return salted_hmac(salt + "signer", b"", secret=secret, algorithm="sha256")


def unsubscribe_token(subscriber_id: int) -> str:
    return _sign(UNSUBSCRIBE_SALT, str(subscriber_id))


def manage_token(subscriber_id: int) -> str:
    return _sign(MANAGE_SALT, str(subscriber_id))


def _read(token: str, salt: str) -> int:
    try:
        value = _signer(salt).unsign(token)
        return int(value)
    except (signing.BadSignature, ValueError):
        raise BadToken("bad signature") from None


def read_unsubscribe_token(token: str) -> int:
    """The subscriber id in an unsubscribe token, or BadToken."""
    return _read(token, UNSUBSCRIBE_SALT)


def read_manage_token(token: str) -> int:
    """The subscriber id in a manage token, or BadToken."""
    return _read(token, MANAGE_SALT)


DELIVERY_SALT = "loslaten.newsletter.delivery"
_DELIVERY_TAG = re.compile(r"nl\.(\d{1,12})\.(\d{1,12})\.([0-9a-f]{12})", re.IGNORECASE)


def delivery_tag(issue_id: int, subscriber_id: int) -> str:
    """`nl.ISSUE.SUBSCRIBER.SIGNATURE`: in the Message-ID and the VERP return path, so a
    bounce that comes back names its delivery, and nobody can forge one for another."""
    # Asked once per message on the sending path: the key is derived once, not per call.
    mac = _delivery_mac(settings.SECRET_KEY).copy()
    mac.update(f"{issue_id}.{subscriber_id}".encode())
    return f"nl.{issue_id}.{subscriber_id}.{mac.hexdigest()[:12]}"


@functools.lru_cache(maxsize=2)
def _delivery_mac(secret: str):
    """An HMAC keyed like Django's salted_hmac(DELIVERY_SALT, …), ready to copy."""
    return salted_hmac(DELIVERY_SALT, b"", secret=secret)


def read_delivery_tag(text: str) -> tuple[int, int] | None:
    """(issue id, subscriber id) of the first genuine delivery tag in `text`, else None."""
    for match in _DELIVERY_TAG.finditer(text or ""):
        issue_id, subscriber_id = int(match[1]), int(match[2])
        if constant_time_compare(delivery_tag(issue_id, subscriber_id), match[0].lower()):
            return issue_id, subscriber_id
    return None
