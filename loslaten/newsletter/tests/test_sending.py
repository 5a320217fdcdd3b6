import datetime as dt
import time

import pytest
from django.core import mail
from django.core.management import call_command

from loslaten.newsletter import sending, subscriptions
from loslaten.newsletter.models import Delivery, DeliveryAttempt, Issue, Subscriber
from loslaten.newsletter.tests.helpers import make_issue, make_subscribers
from loslaten.newsletter.transport import (
    TEMPORARY,
    UNKNOWN,
    ConnectFailed,
    Outcome,
    SmtpTransport,
)

pytestmark = pytest.mark.django_db
D = Delivery.Status
OUT = {"capture_output": True, "text": True, "check": True}


def test_each_confirmed_subscriber_gets_one_copy_over_smtp(smtp):
    make_subscribers(20)
    make_subscribers(3, status=Subscriber.Status.UNSUBSCRIBED, prefix="weg")
    issue = make_issue()
    summary = sending.Sender(issue.pk).run()
    assert summary.sent == 20
    assert set(smtp.per_recipient().values()) == {1}
    assert len(smtp.per_recipient()) == 20
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert set(Delivery.objects.values_list("smtp_code", flat=True)) == {250}
    assert DeliveryAttempt.objects.filter(outcome="sent").count() == 20


def test_message_arrives_with_headers_and_both_parts(smtp):
    make_subscribers(1)
    sending.Sender(make_issue().pk).run()
    message = smtp.parsed(0)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<http://testserver/nieuwsbrief/afmelden/" in message["List-Unsubscribe"]
    types = [p.get_content_type() for p in message.walk()]
    assert "text/plain" in types and "text/html" in types


def test_sending_again_sends_nothing_twice(smtp):
    make_subscribers(5)
    issue = make_issue()
    sending.Sender(issue.pk).run()
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    sending.Sender(issue.pk).run()
    assert smtp.count() == 5


def test_server_answering_451_for_a_while_then_every_message_arrives_once(smtp, settings):
    settings.LOSLATEN_NEWSLETTER_BREAKER = 10_000  # see test_smtp_refusals for the breaker
    make_subscribers(30)
    refuse_until = time.monotonic() + 0.3
    smtp.refuse = lambda rcpt: (
        "451 4.3.0 Probeer later" if time.monotonic() < refuse_until else None
    )
    issue = make_issue()
    sending.Sender(issue.pk).run()
    assert len(smtp.per_recipient()) == 30
    assert set(smtp.per_recipient().values()) == {1}
    assert DeliveryAttempt.objects.filter(code=451, outcome="temporary").exists()
    assert set(Delivery.objects.values_list("status", flat=True)) == {D.SENT}


def test_retry_waits_with_exponential_backoff(settings):
    settings.LOSLATEN_NEWSLETTER_RETRY_SECONDS = 60
    assert [sending.backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert sending.backoff(30).total_seconds() == 6 * 3600


def test_permanent_failure_is_recorded_and_not_retried(smtp):
    make_subscribers(2)
    smtp.refuse = lambda rcpt: "550 5.1.1 Onbekend" if rcpt == "lezer0@example.org" else None
    sending.Sender(make_issue().pk).run()
    failed = Delivery.objects.get(subscriber__email="lezer0@example.org")
    assert (failed.status, failed.smtp_code) == (D.FAILED, 550)
    assert "Onbekend" in failed.smtp_message
    assert failed.attempts == 1
    assert Subscriber.objects.get(email="lezer0@example.org").hard_failures == 1


def test_repeated_hard_failures_mark_the_address_bounced(smtp, settings):
    settings.LOSLATEN_NEWSLETTER_MAX_HARD_FAILURES = 2
    make_subscribers(1)
    smtp.refuse = lambda rcpt: "550 5.1.1 Onbekend"
    sending.Sender(make_issue("2030-W01").pk).run()
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    sending.Sender(make_issue("2030-W02").pk).run()
    assert Subscriber.objects.get().status == Subscriber.Status.BOUNCED
    issue = make_issue("2030-W03")
    sending.Sender(issue.pk).run()
    assert not Delivery.objects.filter(issue=issue).exists()


def test_unsubscribe_during_a_send_stops_the_rest(smtp):
    ids = make_subscribers(10)
    leaver = ids[-1]

    class UnsubscribeMidway(SmtpTransport):
        def send(self, message):
            outcome = super().send(message)
            if smtp.count() == 3:
                subscriptions.unsubscribe(leaver)
            return outcome

    sending.Sender(make_issue().pk, transport=UnsubscribeMidway.from_settings()).run()
    assert "lezer9@example.org" not in smtp.per_recipient()
    assert smtp.count() == 9
    assert Delivery.objects.get(subscriber_id=leaver).status == D.SKIPPED


def test_unknown_outcome_stays_in_doubt_and_is_not_sent_again(smtp):
    make_subscribers(3)

    class DropsSecond(SmtpTransport):
        calls = 0

        def send(self, message):
            DropsSecond.calls += 1
            if DropsSecond.calls == 2:
                return Outcome(UNKNOWN, 0, "verbinding verbroken na DATA")
            return super().send(message)

    issue = make_issue()
    sending.Sender(issue.pk, transport=DropsSecond.from_settings()).run()
    assert sending.counts(issue.pk)["in_doubt"] == 1
    assert smtp.count() == 2
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    sending.Sender(issue.pk).run()
    assert smtp.count() == 2
    assert [row[1] for row in sending.in_doubt(issue.pk)] == ["lezer1@example.org"]


def test_a_crash_at_any_hand_over_would_leave_only_the_current_group_in_doubt(smtp):
    make_subscribers(25)
    issue = make_issue()
    seen = []

    class Watching(SmtpTransport):
        def send(self, message):
            # What a SIGKILL now would leave behind: the rows in doubt at this moment.
            doubtful = Delivery.objects.filter(status=D.IN_DOUBT)
            seen.append((message.to[0], set(doubtful.values_list("subscriber__email", flat=True))))
            return super().send(message)

    sending.Sender(issue.pk, transport=Watching.from_settings()).run()
    assert len(seen) == 25
    for recipient, doubtful in seen:
        assert recipient in doubtful
        assert len(doubtful) <= sending.IN_DOUBT_GROUP
    # ... and none of them once the run is over: every answer was recorded.
    assert sending.counts(issue.pk)["sent"] == 25
    assert DeliveryAttempt.objects.filter(outcome="sent").count() == 25


def test_a_server_gone_midway_through_a_group_leaves_nothing_in_doubt(smtp):
    make_subscribers(12)
    issue = make_issue()

    class GoesAway(SmtpTransport):
        def send(self, message):
            outcome = super().send(message)
            if smtp.count() == 3:
                self._drop()  # the line drops after the third answer, and stays down
            return outcome

        def open(self):
            if smtp.count() >= 3:
                refused = Outcome(TEMPORARY, 0, "Connection refused", "connect", streak="c")
                raise ConnectFailed(refused)
            super().open()

    sending.Sender(issue.pk, transport=GoesAway.from_settings()).run(wait_for_retries=False)
    counts = sending.counts(issue.pk)
    assert (counts["sent"], counts["pending"], counts["in_doubt"]) == (3, 9, 0)
    # The nine were marked in doubt with the first three, but never handed over.
    pending = Delivery.objects.filter(issue=issue, status=D.PENDING)
    assert set(pending.values_list("attempts", flat=True)) == {0}
    assert smtp.count() == 3


def test_resend_in_doubt_sends_them_deliberately(smtp, capsys):
    make_subscribers(2)
    issue = make_issue()
    sending.start(issue)
    Delivery.objects.filter(subscriber__email="lezer0@example.org").update(status=D.IN_DOUBT)
    Delivery.objects.exclude(subscriber__email="lezer0@example.org").update(status=D.SENT)
    call_command("newsletter", "status", str(issue.pk))
    assert "lezer0@example.org" in capsys.readouterr().out
    call_command("newsletter", "resend-in-doubt", str(issue.pk))
    assert smtp.per_recipient() == {"lezer0@example.org": 1}
    assert sending.counts(issue.pk)["in_doubt"] == 0


def test_connection_refused_leaves_deliveries_pending_for_later(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    make_subscribers(3)
    issue = make_issue()
    summary = sending.Sender(issue.pk).run(wait_for_retries=False)
    assert summary.errors
    assert sending.counts(issue.pk)["pending"] == 3
    assert sending.counts(issue.pk)["in_doubt"] == 0


def test_expired_lease_returns_claimed_rows_to_the_pool(smtp, settings):
    make_subscribers(4)
    issue = make_issue()
    sending.start(issue)
    dead = sending.Sender(issue.pk)
    claimed = dead.claim()
    assert len(claimed) == 4
    assert sending.Sender(issue.pk, batch_size=10).claim() == []  # leased
    from django.utils import timezone

    Delivery.objects.update(claimed_until=timezone.now())
    time.sleep(0.01)
    sending.Sender(issue.pk).run()
    assert smtp.count() == 4
    # the dead worker, waking up, can no longer send its old claims
    assert dead.mark_in_doubt([claimed[0]]) == []


def test_rate_limit_spaces_the_messages(smtp):
    make_subscribers(5)
    started = time.monotonic()
    sending.Sender(make_issue().pk, rate=50).run()
    assert time.monotonic() - started >= 4 / 50
    assert smtp.count() == 5


def test_rate_is_read_from_the_setting(settings):
    settings.LOSLATEN_NEWSLETTER_RATE = 7
    make_subscribers(1)
    assert sending.Sender(make_issue().pk).rate == 7


def test_send_command_with_queue_hands_it_to_the_workers(capsys):
    make_subscribers(2)
    issue = make_issue()
    call_command("newsletter", "send", str(issue.pk), "--queue")
    # tasks run at once in tests; with db_worker they run on the "newsletter" queue
    assert sorted(m.to[0] for m in mail.outbox) == ["lezer0@example.org", "lezer1@example.org"]


def test_compose_command_prints_the_id(capsys, monkeypatch):
    monkeypatch.setattr("loslaten.content.services.newest_prompt", lambda: None)
    call_command("newsletter", "compose")
    assert capsys.readouterr().out.strip() == str(Issue.objects.get().pk)


def test_admin_shows_progress_and_in_doubt_addresses(admin_client):
    make_subscribers(2)
    issue = make_issue()
    sending.start(issue)
    Delivery.objects.filter(subscriber__email="lezer1@example.org").update(status=D.IN_DOUBT)
    page = admin_client.get(f"/admin/newsletter/issue/{issue.pk}/change/")
    assert b"in_doubt: 1" in page.content
    assert b"lezer1@example.org" in page.content


def test_admin_sends_a_test_to_the_author(admin_client, admin_user):
    issue = make_issue()
    admin_client.post(
        "/admin/newsletter/issue/", {"action": "send_test", "_selected_action": [issue.pk]}
    )
    assert mail.outbox[0].to == [admin_user.email]
    assert mail.outbox[0].subject.startswith("[TEST]")
    assert not Delivery.objects.exists()


def test_rows_of_a_dead_worker_on_this_host_come_back_without_waiting_for_its_lease(smtp):
    import socket
    import subprocess
    import sys

    from django.utils import timezone

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **OUT)
    dead = f"{socket.gethostname()[:30]}:{gone.stdout.strip()}:deadbeef"
    make_subscribers(3)
    issue = make_issue()
    sending.start(issue)
    Delivery.objects.update(
        status=D.CLAIMED, claimed_by=dead, claimed_until=timezone.now() + dt.timedelta(hours=1)
    )
    assert sending.worker_is_dead(dead)
    sending.Sender(issue.pk).run()
    assert smtp.count() == 3
    assert Issue.objects.get().status == Issue.Status.SENT


def test_a_worker_on_another_host_is_waited_for_and_the_wait_is_told():
    from django.utils import timezone

    make_subscribers(2)
    issue = make_issue()
    sending.start(issue)
    until = timezone.now() + dt.timedelta(seconds=40)
    Delivery.objects.update(status=D.CLAIMED, claimed_by="elders:17:ab", claimed_until=until)
    assert not sending.worker_is_dead("elders:17:ab")
    waiting = sending.waiting_for(issue.pk)
    assert waiting.until == until
    assert waiting.reason == "2 deliveries held by worker elders:17:ab (its lease)"
    told = []
    sender = sending.Sender(issue.pk, waiting=told.append, sleep=lambda s: told.append(s))
    Delivery.objects.update(claimed_until=timezone.now() + dt.timedelta(milliseconds=50))
    sender.run()
    assert isinstance(told[0], sending.Waiting)


def test_the_default_lease_is_short():
    from django.conf import settings

    assert settings.LOSLATEN_NEWSLETTER_LEASE_SECONDS <= 60


def test_the_send_command_says_what_it_waits_for_and_until_when(capsys):
    from django.utils import timezone

    make_subscribers(2)
    issue = make_issue()
    sending.start(issue)
    until = timezone.now() + dt.timedelta(seconds=2)
    Delivery.objects.filter(subscriber__email="lezer1@example.org").update(
        status=D.CLAIMED, claimed_by="elders:17:ab", claimed_until=until
    )
    call_command("newsletter", "send", str(issue.pk))
    err = capsys.readouterr().err
    shown = timezone.localtime(until).strftime("%H:%M:%S")
    assert f"waiting for 1 deliveries held by worker elders:17:ab (its lease), until {shown}" in err
    assert sending.counts(issue.pk)["sent"] == 2
