"""Small builders shared by the practice tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from loslaten.practice import services

AMS = ZoneInfo("Europe/Amsterdam")

CALM = {
    "breath": "low",
    "shoulders": "soft",
    "jaw": "neutral",
    "belly": "soft",
    "tension": 2,
}


def tense_checkin_post(on_mind: str) -> dict[str, str]:
    """The check-in form as someone tense sends it, with `on_mind` typed in."""
    return {
        "breath": "high",
        "shoulders": "tense",
        "jaw": "tense",
        "belly": "neutral",
        "tension": "8",
        "did": "suppress",
        "on_mind": on_mind,
    }


def local(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> dt.datetime:
    """An aware datetime in the site's time zone (Europe/Amsterdam in the tests)."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=AMS)


def checkin(user, **overrides):
    return services.create_checkin(user, **{**CALM, **overrides})


def make_article(slug: str = "de-kracht-van-een-lange-uitademing", published: bool = True):
    """An article with two reflection prompts."""
    from django.utils import timezone

    from loslaten.content.models import Article

    body = (
        "## Eerst\n\nGewone tekst.\n\n💡 Wanneer hield je vandaag je adem in?\n\n"
        "## Daarna\n\nMeer tekst.\n\n💡 Wat laat je vanavond liggen?\n"
    )
    return Article.objects.create(
        title="De kracht van één lange uitademing",
        slug=slug,
        lede="Een lange uitademing kalmeert.",
        body_markdown=body,
        published_at=timezone.now() - dt.timedelta(days=1) if published else None,
    )


def choose_body_in_browser(page, tension: str) -> None:
    """Answer the check-in form's body questions by clicking, as a person does:
    breath high, shoulders tense, jaw neutral, belly soft, and the tension given."""
    import re

    page.get_by_role("group", name="Je adem").get_by_text("hoog").click()
    page.get_by_role("group", name="Je schouders").get_by_text("gespannen").click()
    page.get_by_role("group", name="Je kaak").get_by_text("neutraal").click()
    page.get_by_role("group", name="Je buik").get_by_text("zacht").click()
    page.get_by_role("group", name=re.compile("Spanning in je hele lijf")).get_by_text(
        tension, exact=True
    ).click()
