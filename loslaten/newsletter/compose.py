"""Composing the weekly issue: an opening, the new articles, one micro-practice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from loslaten.newsletter.emails import absolute
from loslaten.newsletter.models import Issue, WeeklyOpening, iso_week
from loslaten.newsletter.practices import practice_for_week

MAX_ARTICLES = 10


def opening_for(week_start: dt.date) -> str:
    """The author's opening for that week, else the newest article's reflection prompt."""
    written = WeeklyOpening.objects.filter(week_start=week_start).first()
    if written and written.text.strip():
        return written.text.strip()
    from loslaten.content.services import newest_prompt

    prompt = newest_prompt()
    if prompt:
        return prompt
    with override("nl"):
        return _(
            "Waar hield je deze week aan vast, en wat zou er gebeuren als je het even losliet?"
        )


def articles_since(when: dt.datetime) -> list[dict[str, str]]:
    """The articles published after `when`, as a snapshot with absolute links.

    An article with a featured image also has `image` (its stored address,
    `/media/…/1600.jpg`) and `alt`; the mail and the web page choose their sizes from it.
    """
    from loslaten.content.services import published_since

    snapshot = []
    for a in published_since(when).select_related("featured_image")[:MAX_ARTICLES]:
        item = {"title": a.title, "lede": a.lede, "url": absolute(a.get_absolute_url())}
        if a.featured_image is not None:
            item |= {"image": a.featured_image.url, "alt": a.featured_alt}
        snapshot.append(item)
    return snapshot


def compose_issue(now: dt.datetime | None = None) -> tuple[Issue, bool]:
    """This ISO week's issue as a draft (or scheduled with autosend); (issue, created).

    One issue per ISO week, enforced by the unique `week`: calling this twice, or from two
    clocks at once, gives the same issue.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    week = iso_week(today)
    existing = Issue.objects.filter(week=week).first()
    if existing:
        return existing, False
    previous = Issue.objects.order_by("-composed_at").first()
    since = previous.composed_at if previous else now - dt.timedelta(days=7)
    week_start = today - dt.timedelta(days=today.weekday())
    number = today.isocalendar()[1]
    with override("nl"):
        subject = _("%(site)s · week %(number)s: een moment van rust") % {
            "site": settings.SITE_NAME,
            "number": number,
        }
    issue = Issue(
        week=week,
        subject=subject,
        opening=opening_for(week_start),
        articles=articles_since(since),
        practice=practice_for_week(week),
        period_start=since,
        composed_at=now,
    )
    if settings.LOSLATEN_NEWSLETTER_AUTOSEND:
        issue.status = Issue.Status.SCHEDULED
        issue.send_at = now
    try:
        with transaction.atomic():
            issue.save()
    except IntegrityError:
        return Issue.objects.get(week=week), False
    return issue, True
