"""Articles for the search tests, made through the content app's own model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "sample"

BREATH_BODY = """\
## Een ademhalingsmoment bij de kassa

Eén lange uitademing in de rij bij de kassa geeft je lichaam een seintje.

## Waarom controle vermoeit

Wie alles wil beheersen, houdt zijn schouders hoog en zijn kaak vast.

## Slapen zonder malen

Als je 's nachts ligt te malen over morgen, helpt het om het op te schrijven.
"""


def make_article(
    title: str = "Adem en rust",
    slug: str = "adem-en-rust",
    body: str = BREATH_BODY,
    lede: str = "Over de adem en rust in een drukke dag.",
    published_at: dt.datetime | str | None = "yesterday",
):
    """An article through the content model; ``published_at=None`` makes a draft."""
    from loslaten.content.models import Article

    if published_at == "yesterday":
        published_at = timezone.now() - dt.timedelta(days=1)
    return Article.objects.create(
        title=title, slug=slug, lede=lede, body_markdown=body, published_at=published_at
    )


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def sample_articles(db):
    """The twelve sample articles, saved (and so indexed) through the content app."""
    from loslaten.content import blocks, services

    saved = []
    for path in sorted(SAMPLE.glob("*.md")):
        if path.name == "PLAN.md":
            continue
        parsed = blocks.parse_article(path.read_text(encoding="utf-8"))
        saved.extend(article for article, _ in services.save_all([parsed]))
    return saved
