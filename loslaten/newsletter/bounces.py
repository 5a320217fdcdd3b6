"""Bounces and complaints that arrive later, by mail: `loslaten newsletter bounces`.

Reads the mailbox in LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX (see mailboxes.py), parses each
report (reports.py) and applies it to the delivery it names:

- a hard bounce (the reader's own mailbox, permanently) applies the bounce rule;
- a complaint ("this is spam") unsubscribes the reader at once, recorded as such;
- a delay or a bounce that is not the reader's fault is only recorded.

Each report is recorded as a DeliveryAttempt, once: reading the same report twice
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import ssl
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from loslaten.newsletter import reports, sending, subscriptions
from loslaten.newsletter.mailboxes import open_mailbox
from loslaten.newsletter.models import Delivery, DeliveryAttempt

log = logging.getLogger(__name__)
EVERY_MINUTES = 10


@dataclass
class BounceSummary:
    read: int = 0
    hard: int = 0
    soft: int = 0
    complaints: int = 0
    unmatched: int = 0
    not_reports: int = 0
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"read {self.read}: {self.hard} hard bounces, {self.soft} other bounces or "
            f"delays, {self.complaints} complaints, {self.unmatched} naming no delivery, "
            f"{self.not_reports} not a report"
        )


def apply(report: reports.Report) -> str:
    """Apply one report to its delivery; returns what happened, in a word."""
    delivery = (
        Delivery.objects.filter(issue_id=report.issue_id, subscriber_id=report.subscriber_id)
        .select_related("subscriber")
        .first()
    )
    if delivery is None:
        return "unmatched"
    outcome = {reports.COMPLAINT: "complaint", reports.BOUNCE: "bounced"}.get(
        report.kind, "delayed"
    )
    if report.kind == reports.BOUNCE and not report.hard:
        outcome = "bounced-soft"
    text = f"{report.status} {report.detail}".strip()[:480]
    with transaction.atomic():
        seen = DeliveryAttempt.objects.select_for_update().filter(
            delivery=delivery, outcome=outcome, message=text
        )
        if seen.exists():
            return "again"
        DeliveryAttempt.objects.create(delivery=delivery, outcome=outcome, message=text)
        if outcome == "bounced":
            sending.count_hard_failure(delivery.subscriber_id)
        elif outcome == "complaint":
            subscriptions.unsubscribe(delivery.subscriber_id, method="complaint")
    return outcome


def read_bounces(url: str | None = None, context: ssl.SSLContext | None = None) -> BounceSummary:
    """Handle every unread message in the bounce mailbox; MailboxError if unreadable."""
    summary = BounceSummary()
    with open_mailbox(url or settings.LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX, context) as box:
        for key, raw in box.unread():
            summary.read += 1
            report = reports.parse(raw)
            if report is None:
                summary.not_reports += 1
            else:
                result = apply(report) if report.subscriber_id else "unmatched"
                if result == "bounced":
                    summary.hard += 1
                elif result in ("bounced-soft", "delayed"):
                    summary.soft += 1
                elif result == "complaint":
                    summary.complaints += 1
                elif result == "unmatched":
                    summary.unmatched += 1
            box.done(key)
    return summary


def tick(now: dt.datetime) -> None:
    """Clock job: every ten minutes, when a bounce mailbox is configured."""
    if settings.LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX and now.minute % EVERY_MINUTES == 0:
        from loslaten.newsletter.tasks import read_bounce_mailbox

        read_bounce_mailbox.enqueue()
