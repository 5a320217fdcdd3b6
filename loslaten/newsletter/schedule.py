"""The clock job: compose the weekly issue, start scheduled ones, resume stalled ones.

`loslaten clock` calls `tick(now)` every minute. Every step is idempotent, so two clocks,
or a tick repeated after a crash, do no harm.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone

from loslaten.newsletter import sending
from loslaten.newsletter.compose import compose_issue
from loslaten.newsletter.models import Delivery, Issue, iso_week

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
DUTCH_WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


def weekday() -> int:
    """LOSLATEN_NEWSLETTER_WEEKDAY as 0 (Monday) .. 6 (Sunday); English or Dutch names."""
    name = settings.LOSLATEN_NEWSLETTER_WEEKDAY.strip().lower()
    for names in (WEEKDAYS, DUTCH_WEEKDAYS):
        if name in names:
            return names.index(name)
    raise ImproperlyConfigured(f"LOSLATEN_NEWSLETTER_WEEKDAY must be a weekday; got {name!r}")


def send_time() -> dt.time:
    """LOSLATEN_NEWSLETTER_TIME (HH:MM, local time)."""
    try:
        return dt.time.fromisoformat(settings.LOSLATEN_NEWSLETTER_TIME)
    except ValueError:
        raise ImproperlyConfigured(
            f"LOSLATEN_NEWSLETTER_TIME must be HH:MM; got {settings.LOSLATEN_NEWSLETTER_TIME!r}"
        ) from None


def moment_of_week(now: dt.datetime) -> dt.datetime:
    """The configured day and time in the ISO week of `now`, in the site's time zone."""
    local = timezone.localtime(now)
    monday = local.date() - dt.timedelta(days=local.date().weekday())
    day = monday + dt.timedelta(days=weekday())
    return timezone.make_aware(dt.datetime.combine(day, send_time()))


def tick(now: dt.datetime | None = None) -> None:
    """Do what is due: compose this week's issue, start due ones, resume stalled sends."""
    now = now or timezone.now()
    if (
        now >= moment_of_week(now)
        and not Issue.objects.filter(week=iso_week(timezone.localtime(now).date())).exists()
    ):
        compose_issue(now)
    for issue in Issue.objects.filter(status=Issue.Status.SCHEDULED, send_at__lte=now):
        if sending.start(issue, now):
            enqueue_send(issue, now)
    resume_stalled(now)


def enqueue_send(issue: Issue, now: dt.datetime, workers: int = 1) -> None:
    """Hand the sending to `workers` background tasks on the "newsletter" queue."""
    from loslaten.newsletter.tasks import send_issue

    Issue.objects.filter(pk=issue.pk).update(resume_enqueued_at=now)
    for _ in range(workers):
        send_issue.enqueue(issue.pk)


def resume_stalled(now: dt.datetime) -> None:
    """Issues being sent with due work nobody holds (a worker died): enqueue a worker."""
    lease = dt.timedelta(seconds=settings.LOSLATEN_NEWSLETTER_LEASE_SECONDS)
    D = Delivery.Status
    for issue in Issue.objects.filter(status=Issue.Status.SENDING):
        if issue.resume_enqueued_at and issue.resume_enqueued_at > now - lease:
            continue
        deliveries = Delivery.objects.filter(issue=issue)
        if deliveries.filter(status=D.CLAIMED, claimed_until__gte=now).exists():
            continue  # someone is at work
        due = deliveries.filter(
            Q(status=D.PENDING, next_attempt_at__lte=now) | Q(status=D.CLAIMED)
        ).exists()
        if due:
            enqueue_send(issue, now)
        else:
            sending.finish_if_done(issue.pk)
