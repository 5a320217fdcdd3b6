"""Bounces and complaints that arrive later by mail, read from a Maildir.

(The same against a real IMAP server, Dovecot: test_bounces_imap.py.)
"""

import mailbox

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loslaten.newsletter import sending
from loslaten.newsletter.bounces import read_bounces
from loslaten.newsletter.models import DeliveryAttempt, Subscriber, SubscriberEvent
from loslaten.newsletter.tests.helpers import make_issue, make_subscribers
from loslaten.newsletter.tests.reports import arf_complaint, postfix_dsn

pytestmark = pytest.mark.django_db
S = Subscriber.Status
VERP = "bounces@testserver"


@pytest.fixture
def sent(smtp, settings):
    """An issue sent to lezer0..2 with VERP return paths; {address: bytes sent}."""
    settings.LOSLATEN_NEWSLETTER_BOUNCE_ADDRESS = VERP
    settings.LOSLATEN_NEWSLETTER_MAX_HARD_FAILURES = 1
    make_subscribers(3)
    sending.Sender(make_issue().pk).run()
    pairs = zip(smtp.messages, smtp.senders, strict=True)
    return {rcpt: (data, sender) for (rcpt, data), sender in pairs}


@pytest.fixture
def maildir(tmp_path):
    path = tmp_path / "bounces"
    box = mailbox.Maildir(path, create=True)
    yield path, box
    box.close()


def status_of(email: str) -> str:
    return Subscriber.objects.get(email=email).status


def test_a_hard_bounce_applies_the_bounce_rule_to_that_reader_only(sent, maildir, capsys):
    path, box = maildir
    data, return_path = sent["lezer1@example.org"]
    box.add(postfix_dsn(data, "lezer1@example.org", to=return_path))
    call_command("newsletter", "bounces", "--mailbox", str(path))
    assert "1 hard bounces" in capsys.readouterr().out
    assert status_of("lezer1@example.org") == S.BOUNCED
    assert {status_of("lezer0@example.org"), status_of("lezer2@example.org")} == {S.CONFIRMED}
    attempt = DeliveryAttempt.objects.get(outcome="bounced")
    assert attempt.delivery.subscriber.email == "lezer1@example.org"
    assert attempt.message.startswith("5.1.1 smtp; 550 5.1.1")


def test_a_bounce_to_the_sender_address_is_matched_by_its_message_id(sent, maildir):
    path, box = maildir
    data, _return_path = sent["lezer2@example.org"]
    box.add(postfix_dsn(data, "lezer2@example.org", to="noreply@testserver"))
    summary = read_bounces(str(path))
    assert (summary.hard, summary.unmatched) == (1, 0)
    assert status_of("lezer2@example.org") == S.BOUNCED


def test_a_complaint_unsubscribes_at_once_and_is_recorded(sent, maildir):
    path, box = maildir
    data, _return_path = sent["lezer0@example.org"]
    box.add(arf_complaint(data, to="abuse@testserver"))
    summary = read_bounces(str(path))
    assert summary.complaints == 1
    reader = Subscriber.objects.get(email="lezer0@example.org")
    assert reader.status == S.UNSUBSCRIBED and reader.unsubscribed_at
    assert SubscriberEvent.objects.filter(
        subscriber=reader, kind="unsubscribe", method="complaint"
    ).exists()
    assert DeliveryAttempt.objects.filter(outcome="complaint").count() == 1


def test_reading_the_same_report_twice_counts_it_once(sent, maildir, settings):
    settings.LOSLATEN_NEWSLETTER_MAX_HARD_FAILURES = 3
    path, box = maildir
    data, return_path = sent["lezer1@example.org"]
    dsn = postfix_dsn(data, "lezer1@example.org", to=return_path)
    box.add(dsn)
    box.add(dsn)
    read_bounces(str(path))
    assert read_bounces(str(path)).read == 0  # handled messages are marked seen
    assert Subscriber.objects.get(email="lezer1@example.org").hard_failures == 1


def test_delays_and_refusals_of_our_mail_do_not_count_against_the_reader(sent, maildir):
    path, box = maildir
    data, return_path = sent["lezer1@example.org"]
    box.add(
        postfix_dsn(
            data,
            "lezer1@example.org",
            to=return_path,
            action="delayed",
            status="4.2.2",
            diagnostic="452 4.2.2 Mailbox full",
        )
    )
    data, return_path = sent["lezer2@example.org"]
    box.add(
        postfix_dsn(
            data,
            "lezer2@example.org",
            to=return_path,
            status="5.7.1",
            diagnostic="554 5.7.1 Message rejected as spam by Content Filtering",
        )
    )
    summary = read_bounces(str(path))
    assert (summary.soft, summary.hard) == (2, 0)
    assert set(Subscriber.objects.values_list("hard_failures", flat=True)) == {0}
    assert set(
        DeliveryAttempt.objects.exclude(outcome="sent").values_list("outcome", flat=True)
    ) == {
        "delayed",
        "bounced-soft",
    }


def test_a_report_that_names_no_genuine_delivery_changes_nobody(sent, maildir):
    path, box = maildir
    forged = "bounces+nl.1.2.000000000000@testserver"  # a tag with a wrong signature
    box.add(postfix_dsn(b"Subject: iets\r\n\r\n", "lezer1@example.org", to=forged))
    box.add(b"From: lezer0@example.org\r\nSubject: Re: week 10\r\n\r\nDank je!\r\n")
    summary = read_bounces(str(path))
    assert (summary.unmatched, summary.not_reports, summary.hard) == (1, 1, 0)
    assert set(Subscriber.objects.values_list("status", flat=True)) == {S.CONFIRMED}


def test_bounces_without_a_mailbox_says_so_in_one_line(settings):
    settings.LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX = ""
    with pytest.raises(CommandError, match="LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX") as error:
        call_command("newsletter", "bounces")
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match="not a Maildir"):
        call_command("newsletter", "bounces", "--mailbox", "/nonexistent/box")
    with pytest.raises(CommandError, match="imaps://"):
        call_command("newsletter", "bounces", "--mailbox", "imap://u:p@localhost/INBOX")


def test_the_clock_reads_the_mailbox_every_ten_minutes_when_configured(sent, maildir, settings):
    import datetime as dt

    from loslaten.core import clock

    path, box = maildir
    data, return_path = sent["lezer1@example.org"]
    box.add(postfix_dsn(data, "lezer1@example.org", to=return_path))
    settings.LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX = str(path)
    clock.tick(dt.datetime(2030, 10, 6, 8, 3, tzinfo=dt.UTC))
    assert status_of("lezer1@example.org") == S.CONFIRMED
    clock.tick(dt.datetime(2030, 10, 6, 8, 10, tzinfo=dt.UTC))
    assert status_of("lezer1@example.org") == S.BOUNCED
