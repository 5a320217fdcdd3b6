"""Background tasks on the "newsletter" queue (run by `loslaten db_worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from loslaten.newsletter import emails, tokens
from loslaten.newsletter.models import Subscriber
from loslaten.newsletter.transport import deliver


@task(queue_name="newsletter")
def send_confirmation(subscriber_id: int, change: bool = False) -> bool:
    """Send the double opt-in email. Only ids travel through the queue, no addresses."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    email = subscriber.pending_email if change else subscriber.email
    if not email:
        return False
    name = "" if change else subscriber.pending_first_name
    method = "manage" if change else (subscriber.consent_method or "form")
    token = tokens.confirm_token(subscriber.pk, email, name, method)
    deliver(emails.confirmation_message(subscriber.pk, email, token, change=change))
    return True


@task(queue_name="newsletter")
def send_issue(issue_id: int) -> dict:
    """Send what is ready of an issue; come back later for retries that are not due yet."""
    from loslaten.newsletter import sending

    summary = sending.Sender(issue_id).run(wait_for_retries=False)
    if summary.paused:
        return summary.as_dict()  # waits for someone to fix it and resume; never by itself
    next_due = sending.next_retry_at(issue_id)
    if next_due is not None:
        send_issue.using(run_after=max(next_due, timezone.now())).enqueue(issue_id)
    return summary.as_dict()


@task(queue_name="newsletter")
def read_bounce_mailbox() -> str:
    """Read the bounce mailbox (enqueued by the clock every ten minutes)."""
    from loslaten.newsletter.bounces import read_bounces

    return str(read_bounces())
