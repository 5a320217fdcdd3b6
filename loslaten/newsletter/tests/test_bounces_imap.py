"""Bounces and complaints read from a real IMAP server over TLS (Dovecot, see dovecot.py)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loslaten.newsletter import sending
from loslaten.newsletter.bounces import read_bounces
from loslaten.newsletter.models import Subscriber, SubscriberEvent
from loslaten.newsletter.tests.dovecot import PASSWORD, USER, dovecot  # noqa: F401
from loslaten.newsletter.tests.helpers import make_issue, make_subscribers
from loslaten.newsletter.tests.reports import arf_complaint, postfix_dsn

pytestmark = pytest.mark.django_db
S = Subscriber.Status


@pytest.fixture
def sent(smtp, settings):
    settings.LOSLATEN_NEWSLETTER_BOUNCE_ADDRESS = "bounces@testserver"
    settings.LOSLATEN_NEWSLETTER_MAX_HARD_FAILURES = 1
    make_subscribers(3)
    sending.Sender(make_issue().pk).run()
    pairs = zip(smtp.messages, smtp.senders, strict=True)
    return {rcpt: (data, sender) for (rcpt, data), sender in pairs}


def test_a_dsn_and_an_arf_report_over_imap_change_the_right_readers(sent, dovecot):  # noqa: F811
    data, return_path = sent["lezer1@example.org"]
    dovecot.deliver(postfix_dsn(data, "lezer1@example.org", to=return_path))
    data, _return_path = sent["lezer2@example.org"]
    dovecot.deliver(arf_complaint(data, to="abuse@testserver"))
    summary = read_bounces(dovecot.url, dovecot.context)
    assert (summary.read, summary.hard, summary.complaints) == (2, 1, 1)
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "lezer0@example.org": S.CONFIRMED,
        "lezer1@example.org": S.BOUNCED,
        "lezer2@example.org": S.UNSUBSCRIBED,
    }
    assert SubscriberEvent.objects.filter(method="complaint").count() == 1
    # Handled messages are marked read on the server, so the next run reads nothing.
    assert dovecot.unseen() == 0
    assert read_bounces(dovecot.url, dovecot.context).read == 0


def test_a_wrong_password_or_an_untrusted_certificate_is_one_clear_line(dovecot):  # noqa: F811
    wrong = dovecot.url.replace(PASSWORD, "fout")
    with pytest.raises(CommandError, match="IMAP localhost") as error:
        call_command("newsletter", "bounces", "--mailbox", wrong)
    assert error.value.returncode == 2
    # Without the fixture's CA the self-signed certificate is not trusted: refused.
    with pytest.raises(CommandError, match="CERTIFICATE_VERIFY_FAILED"):
        call_command("newsletter", "bounces", "--mailbox", dovecot.url)
    assert USER in dovecot.url
