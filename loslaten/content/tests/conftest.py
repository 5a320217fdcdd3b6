"""Helpers for the content tests: an article factory."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

BODY = """::: vragen
- Wat merk je als je stopt met duwen? → Eerst onrust, daarna ruimte.
- Waarom blijft een gedachte hangen? → Omdat je lichaam nog alert is.
- Welke keuze geeft vandaag ruimte? → Eén ding bewust laten liggen.
:::

Een inleidende alinea voor de eerste sectie.

## Wat er gebeurt als je uitademt

Een lange uitademing vertraagt je hartslag.

::: verhaal De rij bij de bakker
Je staat te wachten en merkt je schouders.
:::

> "Je hoeft niets te forceren."

💡 Waar in je lichaam houd je nu iets vast?

Lees verder: Een ander stuk

## Een tweede deel

Nog een alinea over rust.

💡 Wat laat je vandaag liggen?

::: faq
### Hoe vaak moet ik dit doen?
Zo vaak als je wilt.

### Helpt het meteen?
Soms wel, soms pas na een week.
:::

::: actie
Probeer het vandaag één keer.
:::
"""


@pytest.fixture
def make_article(db):
    """Create an article; published yesterday unless told otherwise."""
    from loslaten.content.models import Article
    from loslaten.content.services import category_for

    def make(
        title: str = "Eén bewuste uitademing",
        slug: str | None = None,
        body: str = BODY,
        categories: tuple[str, ...] = ("Adem en lichaam",),
        published_at: dt.datetime | str | None = "default",
        lede: str = "Soms is loslaten niet meer dan één keer echt uitademen.",
        author: str = "Loslaten",
    ) -> Article:
        from django.utils.text import slugify

        if published_at == "default":
            published_at = timezone.now() - dt.timedelta(days=1)
        article = Article.objects.create(
            title=title,
            slug=slug or slugify(title),
            lede=lede,
            body_markdown=body,
            published_at=published_at,
            author=author,
        )
        article.categories.set([category_for(name) for name in categories])
        return article

    return make


def own_media(attributes: dict) -> bool:
    """An image whose every address is one of our stored copies under /media/."""
    from loslaten.content.media import FILE

    urls = [attributes.get("src") or ""] if "src" in attributes else []
    urls += [u.strip().split(" ")[0] for u in (attributes.get("srcset") or "").split(",") if u]
    return bool(urls) and all(u.startswith("/media/") and FILE.match(u[7:]) for u in urls)


def dangers(html: str) -> list[str]:
    """What in a page could run code or restyle it: script tags (other than JSON-LD),
    event-handler and style attributes, javascript: URLs, images from elsewhere."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "script" and attributes.get("type") != "application/ld+json":
                found.append(f"<script {attributes}>")
            if tag in {"style", "iframe", "object", "embed"}:
                found.append(f"<{tag}>")
            if tag in {"img", "source"} and not own_media(attributes):
                found.append(f"<{tag} {attributes}>")
            for name, value in attrs:
                if name.startswith("on") or name == "style":
                    found.append(f"{tag} {name}")
                if value and "javascript:" in value.replace(" ", "").lower():
                    found.append(f"{tag} {name}={value}")

    Finder().feed(html)
    return found
