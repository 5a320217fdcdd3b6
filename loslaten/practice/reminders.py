"""Reminders for a micro-moment, at the times a person chose: by Web Push to every device
that asked for them (loslaten.practice.push) and by email unless turned off.

`tick(now)` runs once a minute from the clock (settings.LOSLATEN_CLOCK_JOBS). For every
reminder whose time has come within the last `WINDOW` it claims a `ReminderSent` row (unique
per person, day and time) and only then enqueues `send_reminder` on the "reminders" queue;
so running the clock twice, or on two machines, never sends a reminder twice. A reminder
missed by more than `WINDOW` (the clock was down) is skipped rather than sent late.

Quiet hours hold twice: the clock enqueues nothing due in them, and the worker, which may
run a queued reminder late, checks them again before it sends.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from loslaten.practice import push
from loslaten.practice.models import PracticeSettings, PushSubscription, ReminderSent
from loslaten.practice.services import local_tz

WINDOW = dt.timedelta(minutes=15)


def due_reminders(now: dt.datetime) -> list[tuple[int, dt.date, str]]:
    """(user id, local day, "HH:MM") of every reminder due at `now`."""
    local = timezone.localtime(now, local_tz())
    due = []
    rows = PracticeSettings.objects.filter(
        reminders_enabled=True, user__is_active=True
    ).values_list("user_id", "reminder_times", "quiet_from", "quiet_until")
    for user_id, times, quiet_from, quiet_until in rows:
        for value in times or []:
            try:
                hours, minutes = (int(x) for x in str(value).split(":"))
                at = local.replace(hour=hours, minute=minutes, second=0, microsecond=0)
            except ValueError:
                continue
            if push.in_quiet_hours(quiet_from, quiet_until, at.time()):
                continue
            if at <= local < at + WINDOW:
                due.append((user_id, local.date(), f"{hours:02d}:{minutes:02d}"))
    return due


def tick(now: dt.datetime | None = None) -> int:
    """Enqueue the reminders that are due; returns how many were enqueued."""
    now = now or timezone.now()
    enqueued = 0
    for user_id, day, time in due_reminders(now):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user_id=user_id, day=day, time=time)
        except IntegrityError:
            continue  # already enqueued by an earlier tick
        send_reminder.enqueue(user_id, time)
        enqueued += 1
    return enqueued


@task(queue_name="reminders")
def send_reminder(user_id: int, time: str) -> bool:
    """Send one reminder by push and/or email; False when nothing was sent (the person is
    gone, switched reminders off, or it is now their quiet hours)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    prefs = PracticeSettings.objects.filter(user_id=user_id).first()
    if user is None or prefs is None or not prefs.reminders_enabled:
        return False
    now = timezone.localtime(timezone.now(), local_tz())
    if push.in_quiet_hours(prefs.quiet_from, prefs.quiet_until, now.time()):
        return False
    url = settings.BASE_URL.rstrip("/") + reverse("practice:breathe")
    with translation.override(prefs.language):
        context = {
            "user": user,
            "time": time,
            "url": url,
            "settings_url": settings.BASE_URL.rstrip("/") + reverse("practice:settings"),
            "SITE_NAME": settings.SITE_NAME,
        }
        subject = render_to_string("practice/email/reminder_subject.txt", context).strip()
        body = render_to_string("practice/email/reminder.txt", context)
        # A path: the service worker opens it on its own origin.
        message = {
            "title": subject,
            "body": _("Even stilstaan: één minuut ademen?"),
            "url": reverse("practice:breathe"),
        }
    pushed = [push.send(sub, message) for sub in PushSubscription.objects.filter(user=user)]
    if prefs.email_reminders:
        send_mail(subject, body, None, [user.email])
    return prefs.email_reminders or "sent" in pushed
