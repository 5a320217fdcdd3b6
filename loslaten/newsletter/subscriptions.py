"""Subscribing, confirming, unsubscribing and managing: plain functions the views call.

The answers never reveal whether an address is on the list: the views show the same page
whatever happens here, and confirmations go out at most once an hour per subscriber.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from loslaten.core.clientip import client_ip
from loslaten.newsletter import tokens
from loslaten.newsletter.models import Delivery, Subscriber, SubscriberEvent

CONFIRMATION_INTERVAL = dt.timedelta(hours=1)
S = Subscriber.Status


class AddressTaken(Exception):
    """A new address cannot be confirmed: another subscriber already has it."""


def normalize_email(email: str) -> str:
    """Addresses are compared without case: one person, one row."""
    return email.strip().lower()


def request_ip(request: HttpRequest) -> str | None:
    """The client's IP, only when LOSLATEN_NEWSLETTER_STORE_IP asks us to keep it."""
    if not settings.LOSLATEN_NEWSLETTER_STORE_IP:
        return None
    return client_ip(request) or None


def log_event(subscriber: Subscriber, kind: str, method: str = "", ip: str | None = None):
    SubscriberEvent.objects.create(subscriber=subscriber, kind=kind, method=method, ip=ip)


def subscribe(
    email: str,
    first_name: str = "",
    *,
    method: str = "form",
    ip: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Ask `email` to confirm a subscription. Says nothing about whether it was known.

    A new address gets a pending row; a pending, unsubscribed or bounced one gets a new
    confirmation link (the name given now only takes effect once confirmed, so nobody can
    rename someone else); a confirmed one is left alone.
    """
    now = now or timezone.now()
    email = normalize_email(email)
    first_name = first_name.strip()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "consent_method": method,
                "consent_requested_at": now,
            },
        )
        if not created:
            if subscriber.status == S.CONFIRMED:
                return
            subscriber.pending_first_name = first_name
            subscriber.save(update_fields=["pending_first_name"])
        if request_confirmation(subscriber, now=now):
            if not created:
                subscriber.consent_method = method
                subscriber.consent_requested_at = now
                subscriber.save(update_fields=["consent_method", "consent_requested_at"])
            log_event(subscriber, "signup", method, ip)


def request_confirmation(
    subscriber: Subscriber, *, change: bool = False, now: dt.datetime | None = None
) -> bool:
    """Queue a confirmation email unless one went out in the last hour. True when queued.

    The check and the stamp are one conditional UPDATE, so two sign-ups at the same moment
    still send one email.
    """
    from loslaten.newsletter.tasks import send_confirmation

    now = now or timezone.now()
    recent = Q(confirmation_sent_at__isnull=False) & Q(
        confirmation_sent_at__gt=now - CONFIRMATION_INTERVAL
    )
    stamped = (
        Subscriber.objects.filter(pk=subscriber.pk).exclude(recent).update(confirmation_sent_at=now)
    )
    if not stamped:
        return False
    subscriber.confirmation_sent_at = now
    send_confirmation.enqueue(subscriber.pk, change)
    return True


def confirm(token: str, *, ip: str | None = None, now: dt.datetime | None = None) -> Subscriber:
    """Apply a confirmation link: a sign-up, or a new address. BadToken or AddressTaken."""
    payload = tokens.read_confirm_token(token)
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=payload["s"]).first()
        if subscriber is None:
            raise tokens.BadToken("gone")
        email = payload.get("e")
        if email == subscriber.email:
            if payload.get("n"):
                subscriber.first_name = payload["n"]
            subscriber.pending_first_name = ""
            if subscriber.status != S.CONFIRMED:
                subscriber.status = S.CONFIRMED
                subscriber.confirmed_at = now
                subscriber.unsubscribed_at = None
                subscriber.hard_failures = 0
                log_event(subscriber, "confirm", payload.get("m", ""), ip)
        elif email and email == subscriber.pending_email:
            if Subscriber.objects.filter(email=email).exclude(pk=subscriber.pk).exists():
                raise AddressTaken(email)
            subscriber.email = email
            subscriber.pending_email = ""
            subscriber.hard_failures = 0
            log_event(subscriber, "email-confirmed", "link", ip)
        else:
            # The token names an address this subscriber no longer has or asks for.
            raise tokens.BadToken("stale")
        subscriber.save()
    return subscriber


def unsubscribe(
    subscriber_id: int, *, method: str = "link", ip: str | None = None
) -> Subscriber | None:
    """Unsubscribe at once. Sending reads the status again just before each hand-over, so
    from the commit on nothing more goes out. Returns None when the subscriber was erased."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None:
            return None
        if subscriber.status != S.UNSUBSCRIBED:
            subscriber.status = S.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["status", "unsubscribed_at"])
            log_event(subscriber, "unsubscribe", method, ip)
    return subscriber


def rename(subscriber: Subscriber, first_name: str) -> None:
    """Change the name in the greeting."""
    subscriber.first_name = first_name.strip()
    subscriber.pending_first_name = ""
    subscriber.save(update_fields=["first_name", "pending_first_name"])


def change_email(subscriber: Subscriber, new_email: str, *, now: dt.datetime | None = None):
    """Ask the new address to confirm; the old one stays in use until it does."""
    new_email = normalize_email(new_email)
    if new_email == subscriber.email:
        return
    with transaction.atomic():
        if new_email != subscriber.pending_email:
            # A different address than the last one asked for: its own hourly limit.
            subscriber.confirmation_sent_at = None
        subscriber.pending_email = new_email
        subscriber.save(update_fields=["pending_email", "confirmation_sent_at"])
        if request_confirmation(subscriber, change=True, now=now):
            log_event(subscriber, "email-change-requested", "manage")


def export(subscriber: Subscriber) -> dict[str, Any]:
    """Everything stored about a subscriber, for the download on the manage page."""

    def when(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "first_name": subscriber.first_name,
        "status": subscriber.status,
        "pending_email": subscriber.pending_email or None,
        "consent": {
            "method": subscriber.consent_method,
            "requested_at": when(subscriber.consent_requested_at),
            "confirmed_at": when(subscriber.confirmed_at),
            "unsubscribed_at": when(subscriber.unsubscribed_at),
        },
        "hard_failures": subscriber.hard_failures,
        "created_at": when(subscriber.created_at),
        "history": [
            {"at": when(e.at), "kind": e.kind, "method": e.method, "ip": e.ip}
            for e in subscriber.events.all()
        ],
        "deliveries": [
            {"issue": d.issue.week, "status": d.status, "updated_at": when(d.updated_at)}
            for d in Delivery.objects.filter(subscriber=subscriber).select_related("issue")
        ],
    }


def erase(subscriber: Subscriber) -> None:
    """Delete the subscriber with their history and deliveries. Nothing is kept."""
    subscriber.delete()
