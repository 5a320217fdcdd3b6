"""A real SMTP server refusing at each stage, with each class of code.

A refusal of the sender or the message pauses the send and costs no reader anything; a
reader's own permanent refusal counts against that reader only; temporary refusals are
retried, and too many of one kind in a row trip the circuit breaker.
"""

import socket
import threading

import pytest
from aiosmtpd.smtp import AuthResult
from django.core.management import call_command

from loslaten.newsletter import sending
from loslaten.newsletter.models import Delivery, DeliveryAttempt, Issue, Subscriber
from loslaten.newsletter.tests.helpers import make_issue, make_subscribers

pytestmark = pytest.mark.django_db
D = Delivery.Status

SENDER_SIDE = [
    ("mail", "550 5.7.1 Sender address rejected: not owned by user", "MAIL FROM"),
    ("mail", "553 5.1.8 Domain of sender address does not exist", "MAIL FROM"),
    ("rcpt", "554 5.7.1 <{rcpt}>: Relay access denied", "RCPT TO"),
    ("data", "552 5.3.4 Message size exceeds fixed maximum message size", "DATA"),
    ("data", "554 5.7.1 Message rejected as spam", "DATA"),
    ("data", "554 Transaction failed", "DATA"),
]


def refuse(smtp, stage: str, answer: str | None) -> None:
    """Make the server answer `answer` at `stage` for every message (None: accept)."""
    rule = (lambda address: answer.format(rcpt=address)) if answer else None
    smtp.refuse_mail = rule if stage == "mail" else None
    smtp.refuse_rcpt = rule if stage == "rcpt" else None
    smtp.refuse = rule if stage == "data" else None


def assert_nobody_paid(issue_id: int) -> None:
    assert not Delivery.objects.filter(issue_id=issue_id, status=D.FAILED).exists()
    assert set(Subscriber.objects.values_list("hard_failures", flat=True)) == {0}
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"confirmed"}


@pytest.mark.parametrize(("stage", "answer", "where"), SENDER_SIDE)
def test_a_sender_side_refusal_pauses_and_after_the_fix_everyone_gets_one_copy(
    smtp, stage, answer, where
):
    make_subscribers(12)
    issue = make_issue()
    refuse(smtp, stage, answer)
    # Three runs against a wrongly set up server: before, each one cost every reader.
    for _run in range(3):
        summary = sending.Sender(issue.pk).run(resume=True)
        assert where in summary.paused
        issue.refresh_from_db()
        assert issue.status == Issue.Status.PAUSED
        assert where in issue.paused_reason
        assert_nobody_paid(issue.pk)
    assert smtp.count() == 0
    assert set(Delivery.objects.values_list("status", "attempts")) == {(D.PENDING, 0)}
    assert DeliveryAttempt.objects.filter(outcome="pause").count() == 3

    refuse(smtp, stage, None)
    summary = sending.Sender(issue.pk).run(resume=True)
    assert summary.sent == 12 and not summary.paused
    assert set(smtp.per_recipient().values()) == {1} and len(smtp.per_recipient()) == 12
    issue.refresh_from_db()
    assert (issue.status, issue.paused_reason) == (Issue.Status.SENT, "")
    assert_nobody_paid(issue.pk)


def test_a_queued_worker_never_resumes_a_paused_issue_by_itself(smtp):
    make_subscribers(3)
    issue = make_issue()
    refuse(smtp, "mail", "550 5.7.1 Sender address rejected")
    sending.Sender(issue.pk).run()
    refuse(smtp, "mail", None)
    sending.Sender(issue.pk).run()  # what a task on the queue does
    assert smtp.count() == 0
    assert Issue.objects.get().status == Issue.Status.PAUSED


@pytest.mark.parametrize(
    ("stage", "answer"),
    [
        ("rcpt", "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown"),
        ("rcpt", "550 5.2.1 Mailbox disabled"),
        ("rcpt", "550 No such user here"),
        ("data", "550 5.1.1 {rcpt}: mailbox unavailable"),
    ],
)
def test_a_recipient_refusal_affects_only_that_reader(smtp, stage, answer):
    make_subscribers(5)
    refuse(smtp, stage, answer)
    rule = smtp.refuse_rcpt or smtp.refuse
    only = lambda address: rule(address) if address == "lezer2@example.org" else None  # noqa: E731
    if stage == "rcpt":
        smtp.refuse_rcpt = only
    else:
        smtp.refuse = only
    issue = make_issue()
    summary = sending.Sender(issue.pk).run()
    assert (summary.sent, summary.failed, summary.paused) == (4, 1, "")
    failed = Delivery.objects.get(status=D.FAILED)
    assert failed.subscriber.email == "lezer2@example.org"
    assert failed.subscriber.hard_failures == 1
    assert Subscriber.objects.filter(hard_failures=0).count() == 4
    assert Issue.objects.get().status == Issue.Status.SENT


@pytest.mark.parametrize(
    ("stage", "answer"),
    [
        ("mail", "451 4.3.0 Local error in processing"),
        ("rcpt", "450 4.2.0 Greylisted, try again later"),
        ("data", "451 4.7.1 Rate limited"),
    ],
)
def test_temporary_refusals_at_each_stage_are_retried_and_arrive_once(smtp, stage, answer):
    make_subscribers(4)
    refused: set[str] = set()

    def once(address: str) -> str | None:
        # Each reader (or, at MAIL FROM, each attempt in turn) is refused once.
        key = address if stage != "mail" else str(len(refused) % 8)
        if key in refused:
            return None
        refused.add(key)
        return answer

    refuse(smtp, stage, answer)
    if stage == "mail":
        smtp.refuse_mail = once
    elif stage == "rcpt":
        smtp.refuse_rcpt = once
    else:
        smtp.refuse = once
    issue = make_issue()
    sending.Sender(issue.pk).run()
    assert set(smtp.per_recipient().values()) == {1} and len(smtp.per_recipient()) == 4
    assert DeliveryAttempt.objects.filter(outcome="temporary").exists()
    assert_nobody_paid(issue.pk)


def test_the_breaker_pauses_after_n_temporary_refusals_of_one_kind(smtp, settings):
    settings.LOSLATEN_NEWSLETTER_BREAKER = 4
    make_subscribers(10)
    refuse(smtp, "rcpt", "421 4.7.0 Too many messages from your IP, slow down")
    issue = make_issue()
    summary = sending.Sender(issue.pk).run()
    assert summary.paused.startswith("4 temporary failures in a row, at RCPT TO: 421 4.7.0")
    assert Issue.objects.get().status == Issue.Status.PAUSED
    assert_nobody_paid(issue.pk)
    refuse(smtp, "rcpt", None)
    sending.Sender(issue.pk).run(resume=True)
    assert len(smtp.per_recipient()) == 10 and set(smtp.per_recipient().values()) == {1}


REFUSE_LOGIN = {
    "authenticator": lambda *a: AuthResult(success=False, handled=False),
    "auth_require_tls": False,
}


@pytest.mark.parametrize("smtp_options", [REFUSE_LOGIN])
def test_a_refused_login_pauses(smtp, settings, smtp_options):
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "nieuwsbrief", "fout"
    make_subscribers(3)
    issue = make_issue()
    summary = sending.Sender(issue.pk).run()
    assert summary.paused.startswith("at AUTH: 535 5.7.8")
    assert_nobody_paid(issue.pk)
    assert sending.counts(issue.pk)["pending"] == 3


def test_a_server_without_starttls_pauses_when_tls_is_required(smtp, settings):
    settings.EMAIL_USE_TLS = True
    make_subscribers(2)
    summary = sending.Sender(make_issue().pk).run()
    assert summary.paused.startswith("at STARTTLS:")
    assert smtp.count() == 0


def test_a_failed_tls_handshake_pauses(smtp, settings):
    settings.EMAIL_USE_SSL = True  # this server speaks plain SMTP: the handshake fails
    make_subscribers(2)
    summary = sending.Sender(make_issue().pk).run()
    assert summary.paused.startswith("at STARTTLS:")
    assert smtp.count() == 0


@pytest.fixture
def refusing_greeting(settings, request):
    """A server that refuses every connection in its greeting (554 5.7.1 unless a test
    passes another answer as its parameter)."""
    greeting = getattr(request, "param", "554 5.7.1 No SMTP service here for your address")
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.sendall(greeting.encode() + b"\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = listener.getsockname()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    yield
    stop.set()
    thread.join()
    listener.close()


def test_a_server_refusing_us_at_connect_pauses(refusing_greeting):
    make_subscribers(2)
    issue = make_issue()
    summary = sending.Sender(issue.pk).run()
    assert summary.paused.startswith("at connect: 554 5.7.1 No SMTP service")
    assert sending.counts(issue.pk)["pending"] == 2


@pytest.mark.parametrize("refusing_greeting", ["421 4.3.2 Service not available"], indirect=True)
def test_a_busy_greeting_is_retried_until_the_breaker_trips(refusing_greeting, settings):
    settings.LOSLATEN_NEWSLETTER_BREAKER = 2
    make_subscribers(2)
    issue = make_issue()
    summary = sending.Sender(issue.pk).run()
    assert (
        summary.paused
        == "2 temporary failures in a row, at connect: 421 4.3.2 Service not available"
    )
    assert sending.counts(issue.pk)["pending"] == 2
    assert_nobody_paid(issue.pk)


def test_a_server_that_is_away_trips_the_breaker_after_n_attempts(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.LOSLATEN_NEWSLETTER_BREAKER = 3
    make_subscribers(2)
    issue = make_issue()
    summary = sending.Sender(issue.pk).run()
    assert summary.paused.startswith("3 temporary failures in a row, at connect:")
    assert sending.counts(issue.pk)["pending"] == 2


def test_the_cli_says_why_it_paused_with_exit_code_3_and_resumes(smtp, capsys, admin_client):
    make_subscribers(3)
    issue = make_issue()
    refuse(smtp, "mail", "550 5.7.1 Sender address rejected: not owned by user")
    with pytest.raises(SystemExit) as exit_:
        call_command("newsletter", "send", str(issue.pk))
    assert exit_.value.code == 3
    err_lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert err_lines[-1].startswith(
        "paused: at MAIL FROM: 550 5.7.1 Sender address rejected: not owned by user."
    )
    call_command("newsletter", "status", str(issue.pk))
    out = capsys.readouterr().out
    assert "paused" in out and "550 5.7.1 Sender address rejected" in out
    page = admin_client.get(f"/admin/newsletter/issue/{issue.pk}/change/")
    assert b"550 5.7.1 Sender address rejected" in page.content

    refuse(smtp, "mail", None)
    call_command("newsletter", "send", str(issue.pk))
    assert sorted(smtp.per_recipient().values()) == [1, 1, 1]
    assert Issue.objects.get().status == Issue.Status.SENT


def test_a_queued_send_that_pauses_is_not_enqueued_again_until_resumed(smtp, settings):
    from django_tasks_db.models import DBTaskResult

    from loslaten.newsletter.tasks import send_issue

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["newsletter"]}
    }
    make_subscribers(3)
    issue = make_issue()
    refuse(smtp, "mail", "550 5.7.1 Sender address rejected")
    call_command("newsletter", "send", str(issue.pk), "--queue")
    assert DBTaskResult.objects.count() == 1
    DBTaskResult.objects.all().delete()
    send_issue.call(issue.pk)  # what db_worker runs
    assert Issue.objects.get().status == Issue.Status.PAUSED
    assert not DBTaskResult.objects.exists()  # no task waits to hammer the server again
    refuse(smtp, "mail", None)
    call_command("newsletter", "send", str(issue.pk), "--queue")
    send_issue.call(issue.pk)
    assert sorted(smtp.per_recipient().values()) == [1, 1, 1]
    assert Issue.objects.get().status == Issue.Status.SENT
