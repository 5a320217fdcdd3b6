"""Building the emails: absolute links, the List-Unsubscribe headers, HTML and text parts.

An issue is rendered once with placeholders for what differs per subscriber (greeting and
links), then each message is filled in by string replacement: rendering a template per
subscriber would cost more than the SMTP hand-over itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
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
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def unsubscribe_url(subscriber_id: int) -> str:
    token = tokens.unsubscribe_token(subscriber_id)
    return absolute(reverse("newsletter:unsubscribe", args=[token]))


def manage_url(subscriber_id: int) -> str:
    token = tokens.manage_token(subscriber_id)
    return absolute(reverse("newsletter:manage", args=[token]))


def list_headers(subscriber_id: int) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe (HTTPS and mailto) and RFC 8058 one-click headers."""
    token = tokens.unsubscribe_token(subscriber_id)
    mailto = f"mailto:{from_address()}?subject={quote('afmelden ' + token)}"
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber_id)}>, <{mailto}>",
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
    return RenderedIssue(subject=issue.subject, text=text, html=html)


def issue_message(
    rendered: RenderedIssue, subscriber_id: int, email: str, first_name: str
) -> EmailMultiAlternatives:
    """One subscriber's copy of an issue, with their own greeting and links."""
    unsub, manage, hello = (
        unsubscribe_url(subscriber_id),
        manage_url(subscriber_id),
        greeting(first_name),
    )
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
