"""Building the emails: absolute links, the List-Unsubscribe headers, HTML and text parts.

An issue is rendered once with placeholders for what differs per subscriber (greeting and
links), then each message is filled in by string replacement: rendering a template per
subscriber would cost more than the SMTP hand-over itself.
"""

from __future__ import annotations

import functools
import time
import uuid
from dataclasses import dataclass
from email.utils import formatdate, parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from loslaten.newsletter import tokens
from loslaten.newsletter.models import Issue, Subscriber

GREETING = "%%GREETING%%"
UNSUBSCRIBE = "%%UNSUBSCRIBE_URL%%"
MANAGE = "%%MANAGE_URL%%"


def absolute(path: str) -> str:
    """An absolute link on this site, from settings.BASE_URL."""
    return settings.BASE_URL + path


def from_address() -> str:
    """The bare address of DEFAULT_FROM_EMAIL, used as envelope sender and in the mailto."""
    return _bare_address(settings.DEFAULT_FROM_EMAIL)


@functools.lru_cache(maxsize=8)
def _bare_address(value: str) -> str:
    return parseaddr(value)[1]


@functools.cache
def _path(name: str) -> tuple[str, str]:
    """The path of a token URL around its token, reversed once (it is asked per message)."""
    before, after = reverse(name, args=["TOKEN"]).split("TOKEN")
    return before, after


def _url(name: str, token: str) -> str:
    before, after = _path(name)
    return f"{settings.BASE_URL}{before}{token}{after}"


def unsubscribe_url(subscriber_id: int, token: str | None = None) -> str:
    token = token or tokens.unsubscribe_token(subscriber_id)
    return _url("newsletter:unsubscribe", token)


def manage_url(subscriber_id: int) -> str:
    return _url("newsletter:manage", tokens.manage_token(subscriber_id))


def list_headers(subscriber_id: int) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe (HTTPS and mailto) and RFC 8058 one-click headers."""
    token = tokens.unsubscribe_token(subscriber_id)
    mailto = f"mailto:{from_address()}?subject={quote('afmelden ' + token)}"
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber_id, token)}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def greeting(first_name: str) -> str:
    with override("nl"):
        return _("Hoi %(name)s,") % {"name": first_name} if first_name else _("Hoi,")


def confirmation_message(
    subscriber_id: int, email: str, token: str, *, change: bool = False
) -> EmailMultiAlternatives:
    """The double opt-in email: a link that confirms `email` for this subscriber."""
    context = {
        "confirm_url": absolute(reverse("newsletter:confirm", args=[token])),
        "unsubscribe_url": unsubscribe_url(subscriber_id),
        "change": change,
        "SITE_NAME": settings.SITE_NAME,
        "BASE_URL": settings.BASE_URL,
    }
    with override("nl"):
        subject = (
            _("Bevestig je nieuwe e-mailadres voor %(site)s")
            if change
            else _("Bevestig je aanmelding voor de nieuwsbrief van %(site)s")
        ) % {"site": settings.SITE_NAME}
        text = render_to_string("newsletter/email/confirm.txt", context)
        html = render_to_string("newsletter/email/confirm.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [email], headers=list_headers(subscriber_id)
    )
    message.attach_alternative(html, "text/html")
    return message


@dataclass(frozen=True)
class RenderedIssue:
    """An issue rendered once, with placeholders for the per-subscriber parts."""

    subject: str
    text: str
    html: str
    hello: str = "Hoi %(name)s,"
    hello_anonymous: str = "Hoi,"

    def greeting(self, first_name: str) -> str:
        return self.hello % {"name": first_name} if first_name else self.hello_anonymous


def render_issue(issue: Issue) -> RenderedIssue:
    """Render the issue's two parts once; `issue_message` fills them in per subscriber."""
    context = {
        "issue": issue,
        "articles": issue.articles,
        "greeting": GREETING,
        "unsubscribe_url": UNSUBSCRIBE,
        "manage_url": MANAGE,
        "SITE_NAME": settings.SITE_NAME,
        "BASE_URL": settings.BASE_URL,
        "signup_url": absolute(reverse("newsletter:signup")),
    }
    with override("nl"):
        text = render_to_string("newsletter/email/issue.txt", context)
        html = render_to_string("newsletter/email/issue.html", context)
        hello, anonymous = _("Hoi %(name)s,"), _("Hoi,")
    return RenderedIssue(issue.subject, text, html, hello, anonymous)


def issue_message(
    rendered: RenderedIssue, subscriber_id: int, email: str, first_name: str
) -> EmailMultiAlternatives:
    """One subscriber's copy of an issue, with their own greeting and links."""
    unsub, manage = unsubscribe_url(subscriber_id), manage_url(subscriber_id)
    hello = rendered.greeting(first_name)
    text = (
        rendered.text.replace(GREETING, hello).replace(UNSUBSCRIBE, unsub).replace(MANAGE, manage)
    )
    html = (
        rendered.html.replace(GREETING, escape(hello))
        .replace(UNSUBSCRIBE, escape(unsub))
        .replace(MANAGE, escape(manage))
    )
    message = EmailMultiAlternatives(
        rendered.subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [email],
        headers=list_headers(subscriber_id),
    )
    message.attach_alternative(html, "text/html")
    return message


def subscriber_issue_message(issue: Issue, subscriber: Subscriber) -> EmailMultiAlternatives:
    """Convenience for a single message (the admin's test send)."""
    return issue_message(
        render_issue(issue), subscriber.pk, subscriber.email, subscriber.first_name
    )


@dataclass(frozen=True)
class PreparedMessage:
    """A message as the bytes that go over SMTP, with its one recipient."""

    to: list[str]
    data: bytes


_TO = "to-placeholder-9f1c@placeholder.invalid"
_FIELDS = {
    "greeting": b"%%GREETING%%",
    "unsubscribe": b"%%UNSUBSCRIBE_URL%%",
    "manage": b"%%MANAGE_URL%%",
    "html_greeting": b"%%HTML_GREETING%%",
    "html_unsubscribe": b"%%HTML_UNSUBSCRIBE%%",
    "html_manage": b"%%HTML_MANAGE%%",
    "list_unsubscribe": b"%%LIST_UNSUBSCRIBE%%",
    "message_id": b"%%MESSAGE_ID%%",
    "date": b"%%DATE%%",
    "to": _TO.encode(),
}


class MessageTemplate:
    """The issue's MIME message built once, filled in per subscriber by byte replacement.

    Building a MIME message per subscriber costs more than handing it to the server, so
    the message is generated once with placeholders. The parts are 8-bit UTF-8, so the
    placeholders come through unchanged; when they do not (or an address is not ASCII),
    `fill` returns None and the caller builds the message the ordinary way.
    """

    def __init__(self, rendered: RenderedIssue):
        self.rendered = rendered
        html = (
            rendered.html.replace(GREETING, "%%HTML_GREETING%%")
            .replace(UNSUBSCRIBE, "%%HTML_UNSUBSCRIBE%%")
            .replace(MANAGE, "%%HTML_MANAGE%%")
        )
        message = EmailMultiAlternatives(
            rendered.subject,
            rendered.text,
            settings.DEFAULT_FROM_EMAIL,
            [_TO],
            headers={
                "List-Unsubscribe": "%%LIST_UNSUBSCRIBE%%",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Message-ID": "%%MESSAGE_ID%%",
                "Date": "%%DATE%%",
            },
        )
        message.attach_alternative(html, "text/html")
        data = message.message().as_bytes(linesep="\r\n")
        self.ok = all(placeholder in data for placeholder in _FIELDS.values())
        self.data = data
        self.domain = from_address().rpartition("@")[2] or "localhost"
        self._date = (0, "")

    def date(self) -> str:
        now = int(time.time())
        if self._date[0] != now:
            self._date = (now, formatdate(now, localtime=True))
        return self._date[1]

    def fill(self, subscriber_id: int, email: str, first_name: str) -> PreparedMessage | None:
        if not self.ok or not email.isascii():
            return None
        token = tokens.unsubscribe_token(subscriber_id)
        unsub = unsubscribe_url(subscriber_id, token)
        manage = manage_url(subscriber_id)
        hello = self.rendered.greeting(first_name)
        mailto = f"mailto:{from_address()}?subject={quote('afmelden ' + token)}"
        values = {
            "greeting": hello,
            "unsubscribe": unsub,
            "manage": manage,
            "html_greeting": escape(hello),
            "html_unsubscribe": escape(unsub),
            "html_manage": escape(manage),
            "list_unsubscribe": f"<{unsub}>, <{mailto}>",
            "message_id": f"<{uuid.uuid4().hex}@{self.domain}>",
            "date": self.date(),
            "to": email,
        }
        data = self.data
        for name, placeholder in _FIELDS.items():
            data = data.replace(placeholder, values[name].encode())
        return PreparedMessage([email], data)
