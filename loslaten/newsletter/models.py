"""Subscribers, their consent, the weekly issue and one delivery per (issue, subscriber)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loslaten.newsletter.addresses import AddressModelField


def iso_week(day: dt.date) -> str:
    """The ISO week of a date as `2025-W07`: the key that allows one issue per week."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


class Subscriber(models.Model):
    """One address on the list. Only `confirmed` subscribers receive issues."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op bevestiging")
        CONFIRMED = "confirmed", _("bevestigd")
        UNSUBSCRIBED = "unsubscribed", _("afgemeld")
        BOUNCED = "bounced", _("onbestelbaar")

    email = AddressModelField(_("e-mailadres"), max_length=254, unique=True)
    first_name = models.CharField(_("voornaam"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # The consent, kept as proof: how and when it was asked for and when it was confirmed.
    # Every step is also in SubscriberEvent, with the IP only when the setting asks for it.
    consent_method = models.CharField(_("aangemeld via"), max_length=32, blank=True)
    consent_requested_at = models.DateTimeField(_("aangemeld op"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    # A name given when signing up again, or a new address, waits here until confirmed.
    pending_first_name = models.CharField(max_length=100, blank=True)
    pending_email = AddressModelField(max_length=254, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    hard_failures = models.PositiveIntegerField(_("harde weigeringen"), default=0)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)

    class Meta:
        verbose_name = _("abonnee")
        verbose_name_plural = _("abonnees")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email


class SubscriberEvent(models.Model):
    """A step in a subscriber's history: the proof of consent and of its withdrawal."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=32)
    method = models.CharField(max_length=32, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class WeeklyOpening(models.Model):
    """An opening the author writes in advance for the issue of one week."""

    week_start = models.DateField(
        _("week"),
        unique=True,
        help_text=_("Een dag in de week van de nieuwsbrief; wordt de maandag van die week."),
    )
    text = models.TextField(_("opening"))

    class Meta:
        verbose_name = _("opening van de week")
        verbose_name_plural = _("openingen van de week")
        ordering = ["-week_start"]

    def __str__(self) -> str:
        return iso_week(self.week_start)

    def save(self, *args, **kwargs):
        self.week_start = self.week_start - dt.timedelta(days=self.week_start.weekday())
        super().save(*args, **kwargs)


class Issue(models.Model):
    """The newsletter of one ISO week: composed as a draft, then scheduled and sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        SCHEDULED = "scheduled", _("ingepland")
        SENDING = "sending", _("wordt verzonden")
        PAUSED = "paused", _("gepauzeerd")
        SENT = "sent", _("verzonden")

    week = models.CharField(_("week"), max_length=8, unique=True)
    subject = models.CharField(_("onderwerp"), max_length=200)
    opening = models.TextField(_("opening"))
    # A snapshot of the articles: [{"title", "lede", "url"}, and "image" and "alt" for a
    # featured image (compose.articles_since)], so the issue reads the same
    # when an article is edited later, and the author can edit it in the draft.
    articles = models.JSONField(_("artikelen"), default=list, blank=True)
    practice = models.TextField(_("micro-oefening"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    period_start = models.DateTimeField(_("artikelen vanaf"))
    composed_at = models.DateTimeField(_("samengesteld op"), default=timezone.now)
    send_at = models.DateTimeField(_("verzenden op"), null=True, blank=True)
    started_at = models.DateTimeField(_("verzending begonnen"), null=True, blank=True)
    prepared_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("verzending klaar"), null=True, blank=True)
    resume_enqueued_at = models.DateTimeField(null=True, blank=True)
    # Why the send stopped: the server refused us or the message, not a reader.
    paused_reason = models.CharField(_("gepauzeerd omdat"), max_length=500, blank=True)
    paused_at = models.DateTimeField(_("gepauzeerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("nieuwsbrief")
        verbose_name_plural = _("nieuwsbrieven")
        ordering = ["-week"]

    def __str__(self) -> str:
        return f"{self.week}: {self.subject}"


class Delivery(models.Model):
    """One issue for one subscriber. The unique pair is what makes 'once' possible.

    pending -> claimed -> in_doubt -> sent | failed | pending (retry later);
    claimed -> skipped when the subscriber left before it went out.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht")
        CLAIMED = "claimed", _("opgepakt")
        IN_DOUBT = "in_doubt", _("onzeker")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")
        SKIPPED = "skipped", _("overgeslagen")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    smtp_code = models.IntegerField(null=True, blank=True)
    smtp_message = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bezorging")
        verbose_name_plural = _("bezorgingen")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_issue")
        ]
        indexes = [models.Index(fields=["issue", "status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.issue_id}/{self.subscriber_id}: {self.status}"


class DeliveryAttempt(models.Model):
    """One hand-over to the SMTP server and its answer (code 0: no answer, e.g. a dropped line)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=16)
    code = models.IntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.outcome} {self.code}"
