import datetime as dt

import pytest
from django.utils import timezone

from loslaten.content.models import Article, Passage, reading_minutes

pytestmark = pytest.mark.django_db


def test_reading_time_is_words_over_210_rounded_up():
    assert reading_minutes("woord " * 210) == 1
    assert reading_minutes("woord " * 211) == 2
    assert reading_minutes("") == 1
    assert reading_minutes("*woord* " * 2310) == 11


def test_reading_time_is_computed_on_save(make_article):
    article = make_article(body="woord " * 1000)
    assert article.reading_minutes == 5


def test_published_is_newest_first_and_never_future(make_article):
    now = timezone.now()
    old = make_article("Oud", published_at=now - dt.timedelta(days=5))
    new = make_article("Nieuw", published_at=now - dt.timedelta(hours=1))
    make_article("Toekomst", published_at=now + dt.timedelta(hours=1))
    make_article("Concept", published_at=None)
    assert list(Article.objects.published()) == [new, old]


def test_get_absolute_url(make_article):
    assert make_article(slug="rust").get_absolute_url() == "/blog/rust/"


def test_passages_cover_lede_sections_questions_and_faq(make_article):
    article = make_article()
    passages = article.passages()
    assert passages[0] == Passage(
        "", article.title, article.lede + " Een inleidende alinea voor de eerste sectie."
    )
    by_anchor = {p.anchor: p for p in passages}
    section = by_anchor["wat-er-gebeurt-als-je-uitademt"]
    assert section.heading == "Wat er gebeurt als je uitademt"
    assert "De rij bij de bakker" in section.text  # the story
    assert "Je hoeft niets te forceren." in section.text  # the quote
    assert "Waar in je lichaam houd je nu iets vast?" in section.text  # the prompt
    assert "Eerst onrust, daarna ruimte." in by_anchor["vragen"].text
    assert by_anchor["faq-2"] == Passage(
        "faq-2", "Helpt het meteen?", "Soms wel, soms pas na een week."
    )


def test_passages_are_plain_text(make_article):
    article = make_article(body="## Kop\n\nEen *nadruk* en [link](https://example.org).")
    assert article.passages()[1].text == "Een nadruk en link."


def test_prompts_are_anchor_and_text(make_article):
    assert make_article().prompts() == [
        ("prompt-1", "Waar in je lichaam houd je nu iets vast?"),
        ("prompt-2", "Wat laat je vandaag liggen?"),
    ]


def test_blocks_follow_a_changed_body(make_article):
    article = make_article()
    assert article.prompts()
    article.body_markdown = "Alleen tekst."
    article.save()
    assert article.prompts() == []


def test_is_listed_says_of_a_row_what_published_asks(make_article):
    from loslaten.content.models import is_listed

    now = timezone.now()
    make_article("Gisteren", published_at=now - dt.timedelta(days=1))
    make_article("Net", published_at=now - dt.timedelta(seconds=1))
    make_article("Straks", published_at=now + dt.timedelta(hours=1))
    make_article("Concept", published_at=None)
    hidden = make_article("Verborgen", published_at=now - dt.timedelta(days=2))
    page = make_article("Over mij", published_at=now - dt.timedelta(days=2))
    Article.objects.filter(pk=hidden.pk).update(draft=True)
    Article.objects.filter(pk=page.pk).update(kind=Article.PAGE)
    said = {
        a.title
        for a in Article.objects.all()
        if is_listed(a.draft, a.kind, a.published_at, timezone.now())
    }
    assert said == {a.title for a in Article.objects.published()} == {"Gisteren", "Net"}
