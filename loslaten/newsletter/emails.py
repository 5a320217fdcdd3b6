"""Building the emails: absolute links, the List-Unsubscribe headers, HTML and text parts.

An issue is rendered once with placeholders for what differs per subscriber (greeting and
links), then each message is filled in by string replacement: rendering a template per
subscriber would cost more than the SMTP hand-over itself.
"""

from __future__ import annotations

import functools
import re
import time
import uuid
from dataclasses import dataclass
from email.utils import formatdate, parseaddr
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from loslaten.newsletter import tokens
from loslaten.newsletter.models import Issue, Subscriber

# The mail's column is 600 px with 28 px padding on each side: an image fills the rest. Its
# file is the stored JPEG of 800 px (sharp enough on most phones, tens of kilobytes).
MAIL_IMAGE_WIDTH = 544
MAIL_IMAGE_FILE = 800

GREETING = "%%GREETING%%"
UNSUBSCRIBE = "%%UNSUBSCRIBE_URL%%"
MANAGE = "%%MANAGE_URL%%"


def absolute(path: str) -> str:
    """An absolute link on this site, from settings.BASE_URL."""
    return settings.BASE_URL + path


def from_address() -> str:
    """The bare address of DEFAULT_FROM_EMAIL, used as envelope sender and in the mailto."""
    return _bare_address(settings.DEFAULT_FROM_EMAIL)


def envelope_sender(
    issue_id: int | None = None, subscriber_id: int | None = None, tag: str = ""
) -> str:
    """The return path bounces go to.

    With LOSLATEN_NEWSLETTER_BOUNCE_ADDRESS set, a VERP address per delivery
    (`bounces+nl.ISSUE.SUBSCRIBER.SIG@domain`), so a bounce names its delivery even when
    it quotes nothing of the message; else the sender address. `tag` is that delivery's
    tokens.delivery_tag when the caller already has it.
    """
    bounce = settings.LOSLATEN_NEWSLETTER_BOUNCE_ADDRESS
    if not bounce or issue_id is None or subscriber_id is None:
        return from_address()
    local, _at, domain = bounce.rpartition("@")
    return f"{local}+{tag or tokens.delivery_tag(issue_id, subscriber_id)}@{domain}"


def message_id(issue_id: int, subscriber_id: int) -> str:
    """The Message-ID of one delivery: the same for a deliberate resend, and it names the
    delivery for bounces and complaints that quote it."""
    domain = from_address().rpartition("@")[2] or "localhost"
    return f"<{tokens.delivery_tag(issue_id, subscriber_id)}@{domain}>"


def list_id() -> str:
    """RFC 2919 List-Id: the list's name and a stable id under the site's domain."""
    host = urlsplit(settings.BASE_URL).hostname or "localhost"
    return f"{settings.SITE_NAME} <nieuwsbrief.{host}>"


def issue_url(issue: Issue) -> str:
    """The issue on the web, the same for every reader (no personal links)."""
    return absolute(reverse("newsletter:issue", args=[issue.week]))


def preheader(issue: Issue, limit: int = 110) -> str:
    """The line mail apps show after the subject: the opening's first sentence."""
    text = " ".join(issue.opening.split())
    first = re.split(r"(?<=[.?!])\s", text, maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def mail_image(ref: object, alt: object = "") -> dict | None:
    """A featured image as mail clients show it: one absolute JPEG with its size and alt.

    `ref` is a stored image's address from the issue's snapshot; anything else (an edited
    snapshot, another host) gives None: a mail never loads an image we do not keep.
    """
    from loslaten.content.media import Stored

    stored = Stored.from_url(ref) if isinstance(ref, str) else None
    if stored is None:
        return None
    file_width = stored.share_width(MAIL_IMAGE_FILE)
    width = min(MAIL_IMAGE_WIDTH, file_width)
    return {
        "src": absolute(stored.src(file_width, "jpg")),
        "width": width,
        "height": stored.height_at(width),
        "alt": alt if isinstance(alt, str) else "",
    }


def mail_articles(issue: Issue) -> list[dict]:
    """The issue's articles, each with `img` (mail_image) when it has a featured image."""
    return [
        {**article, "img": mail_image(article.get("image"), article.get("alt", ""))}
        for article in issue.articles
        if isinstance(article, dict)
    ]


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


def list_unsubscribe(subscriber_id: int, token: str | None = None) -> str:
    """RFC 2369 List-Unsubscribe, HTTPS and mailto, folded between the two (RFC 5322:
    lines of at most 78 characters where a header can be folded)."""
    token = token or tokens.unsubscribe_token(subscriber_id)
    mailto = f"mailto:{from_address()}?subject={quote('afmelden ' + token)}"
    return f"<{unsubscribe_url(subscriber_id, token)}>,\r\n <{mailto}>"


def list_headers(subscriber_id: int) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe (HTTPS and mailto), RFC 8058 one-click, RFC 2919 List-Id."""
    return {
        "List-Id": list_id(),
        "List-Unsubscribe": list_unsubscribe(subscriber_id).replace("\r\n", ""),
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
    issue_id: int = 0

    def greeting(self, first_name: str) -> str:
        return self.hello % {"name": first_name} if first_name else self.hello_anonymous


def render_issue(issue: Issue) -> RenderedIssue:
    """Render the issue's two parts once; `issue_message` fills them in per subscriber."""
    context = {
        "issue": issue,
        "articles": mail_articles(issue),
        "greeting": GREETING,
        "unsubscribe_url": UNSUBSCRIBE,
        "manage_url": MANAGE,
        "SITE_NAME": settings.SITE_NAME,
        "BASE_URL": settings.BASE_URL,
        "signup_url": absolute(reverse("newsletter:signup")),
        "online_url": issue_url(issue),
        "preheader": preheader(issue),
    }
    with override("nl"):
        text = render_to_string("newsletter/email/issue.txt", context)
        html = render_to_string("newsletter/email/issue.html", context)
        hello, anonymous = _("Hoi %(name)s,"), _("Hoi,")
    return RenderedIssue(issue.subject, text, html, hello, anonymous, issue.pk or 0)


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
    headers = list_headers(subscriber_id)
    if rendered.issue_id:
        headers["Message-ID"] = message_id(rendered.issue_id, subscriber_id)
    message = EmailMultiAlternatives(
        rendered.subject, text, settings.DEFAULT_FROM_EMAIL, [email], headers=headers
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
    """A message as the bytes that go over SMTP, with its one recipient and return path."""

    to: list[str]
    data: bytes
    sender: str = ""


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
_NAMES = {placeholder: name for name, placeholder in _FIELDS.items()}
_PLACEHOLDER = re.compile(b"(" + b"|".join(map(re.escape, _FIELDS.values())) + b")")


class MessageTemplate:
    """The issue's MIME message built once, filled in per subscriber by byte replacement.

    Building a MIME message per subscriber costs more than handing it to the server, so
    the message is generated once with placeholders. The parts are 8-bit UTF-8, so the
    placeholders come through unchanged; when they do not, `fill` returns None and the
    caller builds the message the ordinary way. A non-ASCII address goes into To as UTF-8
    (RFC 6532), for a server that offers SMTPUTF8.
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
                "List-Id": list_id(),
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
        # The message cut at its placeholders once: [text, name, text, name, ..., text].
        # Filling it is then one join, not a pass over the whole message per placeholder,
        # and a value that happens to contain a placeholder is never replaced again.
        self._parts = [
            _NAMES.get(part, part) if i % 2 else part
            for i, part in enumerate(_PLACEHOLDER.split(data))
        ]
        self.domain = from_address().rpartition("@")[2] or "localhost"
        self._date = (0, "")

    def date(self) -> str:
        now = int(time.time())
        if self._date[0] != now:
            self._date = (now, formatdate(now, localtime=True))
        return self._date[1]

    def fill(self, subscriber_id: int, email: str, first_name: str) -> PreparedMessage | None:
        if not self.ok:
            return None
        token = tokens.unsubscribe_token(subscriber_id)
        unsub = unsubscribe_url(subscriber_id, token)
        manage = manage_url(subscriber_id)
        hello = self.rendered.greeting(first_name)
        issue_id = self.rendered.issue_id
        tag = tokens.delivery_tag(issue_id, subscriber_id) if issue_id else ""
        values = {
            "greeting": hello,
            "unsubscribe": unsub,
            "manage": manage,
            "html_greeting": escape(hello),
            "html_unsubscribe": escape(unsub),
            "html_manage": escape(manage),
            "list_unsubscribe": list_unsubscribe(subscriber_id, token),
            "message_id": f"<{tag or uuid.uuid4().hex}@{self.domain}>",
            "date": self.date(),
            "to": email,
        }
        data = b"".join(
            part if isinstance(part, bytes) else values[part].encode() for part in self._parts
        )
        sender = envelope_sender(issue_id, subscriber_id, tag) if issue_id else from_address()
        return PreparedMessage([email], data, sender)
