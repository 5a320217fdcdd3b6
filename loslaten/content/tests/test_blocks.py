import datetime as dt

import pytest

from loslaten.content import blocks as b
from loslaten.content.tests.conftest import BODY

FRONT = """---
title: Eén bewuste uitademing
categories: [Adem en lichaam, Jij en Loslaten]
lede: Soms is loslaten niet meer dan één keer uitademen.
date: 2026-02-01
author: Mira
---
"""


def kinds(blocks):
    return [x.kind for x in blocks]


def test_front_matter_fields_are_read():
    article = b.parse_article(FRONT + BODY)
    assert article.title == "Eén bewuste uitademing"
    assert article.slug == "een-bewuste-uitademing"
    assert article.categories == ["Adem en lichaam", "Jij en Loslaten"]
    assert article.published_at == dt.date(2026, 2, 1)
    assert article.author == "Mira"


def test_an_explicit_slug_wins_over_the_title():
    text = FRONT.replace("author: Mira", "slug: mijn-eigen-adres") + BODY
    assert b.parse_article(text).slug == "mijn-eigen-adres"


def test_the_body_becomes_blocks_in_order():
    blocks = b.parse_body(BODY)
    assert kinds(blocks) == [
        "questions", "prose", "heading", "prose", "story", "quote", "prompt",
        "read_further", "heading", "prose", "prompt", "faq", "action",
    ]  # fmt: skip


def test_questions_are_split_on_the_arrow():
    questions = b.parse_body(BODY)[0]
    assert len(questions.items) == 3
    assert questions.items[0] == (
        "Wat merk je als je stopt met duwen?",
        "Eerst onrust, daarna ruimte.",
    )


def test_a_story_has_its_title_and_text():
    story = next(x for x in b.parse_body(BODY) if x.kind == "story")
    assert story.title == "De rij bij de bakker"
    assert story.text == "Je staat te wachten en merkt je schouders."


def test_a_quote_loses_its_quotation_marks():
    quote = next(x for x in b.parse_body(BODY) if x.kind == "quote")
    assert quote.text == "Je hoeft niets te forceren."


def test_prompts_lose_the_bulb_and_get_numbered_anchors():
    article = b.parse_article(FRONT + BODY)
    prompts = [x for x in article.blocks if x.kind == "prompt"]
    assert [(p.anchor, p.text) for p in prompts] == [
        ("prompt-1", "Waar in je lichaam houd je nu iets vast?"),
        ("prompt-2", "Wat laat je vandaag liggen?"),
    ]


def test_read_further_keeps_the_title():
    block = next(x for x in b.parse_body(BODY) if x.kind == "read_further")
    assert block.title == "Een ander stuk"


def test_faq_pairs_are_read_from_level_three_headings():
    faq = next(x for x in b.parse_body(BODY) if x.kind == "faq")
    assert faq.items == (
        ("Hoe vaak moet ik dit doen?", "Zo vaak als je wilt."),
        ("Helpt het meteen?", "Soms wel, soms pas na een week."),
    )


def test_action_keeps_its_text():
    action = b.parse_body(BODY)[-1]
    assert action.text == "Probeer het vandaag één keer."


def test_section_anchors_are_slugs_and_unique():
    blocks = b.with_anchors(b.parse_body("## Rust\n\ntekst\n\n## Rust\n\nmeer\n\n## FAQ\n\nx"))
    assert [x.anchor for x in blocks if x.kind == "heading"] == ["rust", "rust-2", "sectie-faq"]


def test_a_heading_without_letters_still_gets_an_anchor():
    blocks = b.with_anchors(b.parse_body("## 💡💡\n\ntekst"))
    assert blocks[0].anchor == "sectie-1"


def test_an_unclosed_container_runs_to_the_end():
    blocks = b.parse_body("::: verhaal Zonder einde\nEen scène.")
    assert blocks == [b.Story("Zonder einde", "Een scène.")]


def test_an_unknown_container_is_kept_as_prose():
    assert b.parse_body("::: onbekend\nGewone tekst.\n:::") == [b.Prose("Gewone tekst.")]


def test_a_paragraph_that_only_mentions_lees_verder_stays_prose():
    blocks = b.parse_body("Hier staat Lees verder: niet aan het begin.")
    assert kinds(blocks) == ["prose"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("geen front matter", "does not start with front matter"),
        ("---\ntitle: x\n", "not closed"),
        ("---\ntitle: [x\n---\n", "not valid YAML"),
        ("---\n- a\n- b\n---\n", "key: value"),
        ("---\ncategories: [A]\nlede: x\n---\n", "no title"),
        ("---\ntitle: T\ncategories: [A]\n---\n", "no lede"),
        ("---\ntitle: T\nlede: L\n---\n", "no categories"),
        ("---\ntitle: T\nlede: L\ncategories: [A]\ndate: gisteren\n---\n", "not a date"),
        ("---\ntitle: T\nlede: L\ncategories: {a: 1}\n---\n", "list of names"),
        ("---\ntitle: '!!!'\nlede: L\ncategories: [A]\n---\n", "slug"),
    ],
)
def test_bad_front_matter_is_a_content_error_with_a_reason(text, reason):
    with pytest.raises(b.ContentError, match=reason):
        b.parse_article(text)


def test_markdown_round_trips_through_to_document():
    article = b.parse_article(FRONT + BODY)
    again = b.parse_article(b.to_document(article))
    assert again.blocks == article.blocks
    assert (again.title, again.categories, again.lede) == (
        article.title,
        article.categories,
        article.lede,
    )


def test_prose_that_looks_like_a_container_is_escaped_when_written():
    blocks = [b.Prose("::: vragen\n## geen kop")]
    assert kinds(b.parse_body(b.to_markdown(blocks))) == ["prose"]


def test_title_matching_ignores_case_accents_and_a_final_stop():
    assert b.normalize_title("Eén  Bewuste uitademing.") == b.normalize_title(
        "een bewuste uitademing"
    )
