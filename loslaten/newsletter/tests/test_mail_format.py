"""What arrives: List-Id, a preheader, a "Lees online" link, folded headers, SMTPUTF8."""

import re
from email import message_from_bytes

import pytest
from django.core import mail

from loslaten.newsletter import sending, subscriptions, tasks, tokens
from loslaten.newsletter.models import Delivery, Issue, Subscriber
from loslaten.newsletter.tests.helpers import make_issue, make_subscribers

pytestmark = pytest.mark.django_db
UTF8 = {"enable_SMTPUTF8": True}
NO_UTF8 = {"enable_SMTPUTF8": False}  # aiosmtpd's Controller offers it unless told not to


def raw_headers(data: bytes) -> list[bytes]:
    return data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")


def test_an_issue_arrives_with_list_id_preheader_and_a_read_online_link(smtp):
    make_subscribers(1)
    issue = make_issue(opening="Wat mag je deze week loslaten? Soms is het een gedachte.")
    sending.Sender(issue.pk).run()
    message = smtp.parsed(0)
    assert message["List-Id"] == "Loslaten <nieuwsbrief.testserver>"
    html = next(p for p in message.walk() if p.get_content_type() == "text/html")
    html = html.get_payload(decode=True).decode()
    assert re.search(r'<div style="display:none[^>]*>Wat mag je deze week loslaten\?</div>', html)
    online = f"http://testserver/nieuwsbrief/{issue.week}/"
    assert f'href="{online}"' in html and "Lees online" in html
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert f"Lees online: {online}" in text.get_payload(decode=True).decode()


def test_every_header_line_is_folded_as_the_rfcs_require(smtp):
    make_subscribers(1)
    long_subject = "Loslaten · week 10: " + "een heel lang onderwerp over rust " * 4
    sending.Sender(make_issue(subject=long_subject).pk).run()
    lines = raw_headers(smtp.messages[0][1])
    assert all(len(line) <= 998 for line in lines)
    # A line over 78 characters only where it holds one word that cannot be broken (a
    # link), after at most the field's name.
    for line in lines:
        if len(line) > 78:
            assert len(line.split()) <= 2, line
    assert message_from_bytes(smtp.messages[0][1])["Subject"]


def test_the_message_id_and_return_path_name_the_delivery(smtp, settings):
    settings.LOSLATEN_NEWSLETTER_BOUNCE_ADDRESS = "bounces@testserver"
    [subscriber_id] = make_subscribers(1)
    issue = make_issue()
    sending.Sender(issue.pk).run()
    message = smtp.parsed(0)
    assert tokens.read_delivery_tag(message["Message-ID"]) == (issue.pk, subscriber_id)
    assert smtp.senders[0].startswith("bounces+nl.")
    assert tokens.read_delivery_tag(smtp.senders[0]) == (issue.pk, subscriber_id)
    # A forged tag names nobody.
    assert tokens.read_delivery_tag(f"nl.{issue.pk}.{subscriber_id + 1}.000000000000") is None


@pytest.mark.parametrize("smtp_options", [UTF8])
def test_a_non_ascii_address_is_delivered_where_the_server_offers_smtputf8(smtp, smtp_options):
    Subscriber.objects.create(email="zoë@example.org", status=Subscriber.Status.CONFIRMED)
    make_subscribers(1)
    sending.Sender(make_issue().pk).run()
    assert smtp.per_recipient() == {"zoë@example.org": 1, "lezer0@example.org": 1}
    data = dict(smtp.messages)["zoë@example.org"]
    assert "To: zoë@example.org".encode() in data


@pytest.mark.parametrize("smtp_options", [NO_UTF8])
def test_a_non_ascii_address_gets_a_clear_refusal_where_the_server_lacks_smtputf8(
    smtp, smtp_options
):
    zoe = Subscriber.objects.create(email="zoë@example.org", status=Subscriber.Status.CONFIRMED)
    make_subscribers(2)
    issue = make_issue()
    summary = sending.Sender(issue.pk).run()
    assert (summary.sent, summary.undeliverable, summary.paused) == (2, 1, "")
    delivery = Delivery.objects.get(subscriber=zoe)
    assert delivery.status == Delivery.Status.FAILED
    assert "does not offer SMTPUTF8" in delivery.smtp_message
    zoe.refresh_from_db()
    assert (zoe.status, zoe.hard_failures) == (Subscriber.Status.CONFIRMED, 0)
    assert Issue.objects.get().status == Issue.Status.SENT


@pytest.mark.parametrize("smtp_options", [UTF8])
def test_sign_up_takes_a_non_ascii_address_and_its_confirmation_arrives(client, smtp, smtp_options):
    response = client.post("/nieuwsbrief/", {"email": "Zoë@Example.org", "first_name": "Zoë"})
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "zoë@example.org"
    assert smtp.per_recipient() == {"zoë@example.org": 1}
    assert not mail.outbox


def test_sign_up_still_refuses_what_is_no_address(client):
    for bad in ("zoë@", "zo ë@example.org", "zoë@@example.org"):
        response = client.post("/nieuwsbrief/", {"email": bad})
        assert response.status_code == 400, bad
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("smtp_options", [NO_UTF8])
def test_a_confirmation_to_a_non_ascii_address_without_smtputf8_fails_clearly(smtp, smtp_options):
    subscriber = Subscriber.objects.create(email="zoë@example.org")
    with pytest.raises(OSError, match="SMTPUTF8"):
        tasks.send_confirmation.call(subscriber.pk)
    assert subscriptions.normalize_email(" ZOË@example.org ") == "zoë@example.org"


def test_the_admin_takes_a_non_ascii_address_too(admin_client):
    zoe = Subscriber.objects.create(email="zoe@example.org", status=Subscriber.Status.CONFIRMED)
    response = admin_client.post(
        f"/admin/newsletter/subscriber/{zoe.pk}/change/",
        {
            "email": "zoë@example.org",
            "first_name": "Zoë",
            "status": "confirmed",
            "hard_failures": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    zoe.refresh_from_db()
    assert zoe.email == "zoë@example.org"
