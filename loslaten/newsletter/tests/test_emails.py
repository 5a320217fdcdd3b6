import re
from email import message_from_bytes

import pytest
from django.core import mail

from loslaten.newsletter import emails, tokens
from loslaten.newsletter.models import Subscriber
from loslaten.newsletter.tests.helpers import make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def lotte():
    return Subscriber.objects.create(
        email="lotte@example.org", first_name="Lotte <b>", status=Subscriber.Status.CONFIRMED
    )


@pytest.fixture
def message(lotte, settings):
    settings.BASE_URL = "https://loslaten.example"
    return emails.subscriber_issue_message(make_issue(), lotte)


def test_list_unsubscribe_has_https_url_and_mailto(message, lotte):
    header = message.extra_headers["List-Unsubscribe"]
    urls = re.findall(r"<([^>]+)>", header)
    assert urls[0] == (
        f"https://loslaten.example/nieuwsbrief/afmelden/{tokens.unsubscribe_token(lotte.pk)}/"
    )
    assert urls[1].startswith("mailto:noreply@testserver?subject=")


def test_list_unsubscribe_post_is_one_click(message):
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_issue_has_a_text_and_an_html_part(message):
    parsed = message_from_bytes(message.message().as_bytes())
    types = [part.get_content_type() for part in parsed.walk()]
    assert "text/plain" in types and "text/html" in types


def test_every_link_is_absolute(message):
    html = message.alternatives[0][0]
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs
    assert all(h.startswith(("https://", "http://testserver/")) for h in hrefs), hrefs
    assert "https://loslaten.example/nieuwsbrief/beheer/" in message.body
    assert "https://loslaten.example/nieuwsbrief/afmelden/" in message.body


def test_no_tracking_pixels_and_no_rewritten_links(message):
    html = message.alternatives[0][0]
    assert "<img" not in html.lower()
    assert 'href="http://testserver/blog/adem/"' in html


def test_greeting_names_the_subscriber_and_escapes_html(message):
    assert "Hoi Lotte <b>," in message.body
    assert "Hoi Lotte &lt;b&gt;," in message.alternatives[0][0]


def test_greeting_without_a_name():
    assert emails.greeting("") == "Hoi,"


def test_confirmation_email_carries_the_headers_too(client):
    client.post("/nieuwsbrief/", {"email": "sam@example.org"})
    sent = mail.outbox[0]
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/nieuwsbrief/afmelden/" in sent.extra_headers["List-Unsubscribe"]
    assert sent.alternatives[0][1] == "text/html"


def test_tokens_in_mail_are_the_ones_djangos_signer_reads(settings):
    from django.core import signing

    for secret in (settings.SECRET_KEY, "een ander geheim, na een sleutelwissel " * 2):
        settings.SECRET_KEY = secret
        unsubscribe = signing.Signer(salt=tokens.UNSUBSCRIBE_SALT)
        assert tokens.unsubscribe_token(7) == unsubscribe.sign("7")
        assert tokens.manage_token(7) == signing.Signer(salt=tokens.MANAGE_SALT).sign("7")
        assert tokens.read_unsubscribe_token(tokens.unsubscribe_token(7)) == 7


def test_the_smtp_payload_has_crlf_line_ends_and_doubled_leading_dots():
    from loslaten.newsletter.transport import dot_stuffed

    assert dot_stuffed(b"Hoi,\r\nadem uit\r\n") == b"Hoi,\r\nadem uit\r\n.\r\n"
    assert dot_stuffed(b".a\nb\r.c\r\n..d") == b"..a\r\nb\r\n..c\r\n...d\r\n.\r\n"
    assert dot_stuffed(b"x\r\n.\r\ny") == b"x\r\n..\r\ny\r\n.\r\n"
