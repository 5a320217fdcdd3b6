"""Every issue on the web: the archive, one issue as sent, and a feed.

An issue is public from the moment its send began (`started_at`), never as a draft or
while it waits for its scheduled time. The web page shows what every reader got, without
anyone's greeting or personal links.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeString, mark_safe

from loslaten.newsletter.models import Issue

PUBLIC = [Issue.Status.SENDING, Issue.Status.PAUSED, Issue.Status.SENT]
FEED_SIZE = 20


def public_issues() -> QuerySet[Issue]:
    """The issues whose send began, newest first."""
    return Issue.objects.filter(status__in=PUBLIC, started_at__isnull=False).order_by(
        "-started_at", "-id"
    )


def public_issue(week: str) -> Issue | None:
    """The issue of that ISO week (`2030-W10`), if it is public."""
    return public_issues().filter(week=week.upper()).first()


def web_articles(issue: Issue) -> list[dict]:
    """The issue's articles for its web page, each with `picture` (a <picture> of every
    stored format and width, as on the article itself) when it has a featured image."""
    from loslaten.content.media import Stored
    from loslaten.content.render import BODY_SIZES, picture_html

    articles = []
    for article in issue.articles:
        if not isinstance(article, dict):
            continue
        ref, alt = article.get("image"), article.get("alt")
        stored = Stored.from_url(ref) if isinstance(ref, str) else None
        picture: SafeString | None = None
        if stored is not None:
            alt = alt if isinstance(alt, str) else ""
            picture = mark_safe(picture_html(stored, alt, sizes=BODY_SIZES))
        articles.append({**article, "picture": picture})
    return articles


class IssueFeed(Feed):
    """Atom feed of the sent issues, at /nieuwsbrief/archief/feed/."""

    feed_type = Atom1Feed
    language = "nl"
    subtitle = "Elke week een moment van rust: de nieuwsbrief, ook op het web."

    def title(self) -> str:
        return f"{settings.SITE_NAME} · nieuwsbrief"

    def link(self) -> str:
        return settings.BASE_URL + reverse("newsletter:archive")

    def feed_url(self) -> str:
        return settings.BASE_URL + reverse("newsletter:feed")

    def items(self):
        return public_issues()[:FEED_SIZE]

    def item_title(self, item: Issue) -> str:
        return item.subject

    def item_description(self, item: Issue) -> str:
        return item.opening

    def item_link(self, item: Issue) -> str:
        return settings.BASE_URL + reverse("newsletter:issue", args=[item.week])

    def item_pubdate(self, item: Issue):
        return item.started_at
