import datetime as dt

import pytest

from loslaten.content import blocks as b
from loslaten.content import importers
from loslaten.content.blocks import ContentError
from loslaten.content.tests.examples import MARKDOWN, PLAIN, PLAIN_MINIMAL, WXR, XML_BOMB


def read(text: str):
    return importers.read_bytes(text.encode())


def plain():
    [article] = read(PLAIN)
    return article


def of_kind(article, kind):
    return [x for x in article.blocks if x.kind == kind]


def test_plain_text_title_categories_and_lede():
    article = plain()
    assert article.title == "Waarom stilte soms zo luid is"
    assert article.slug == "waarom-stilte-soms-zo-luid-is"
    assert article.categories == ["Jij en Loslaten", "Adem en lichaam"]
    assert article.lede.startswith("Als het eindelijk stil wordt")


def test_plain_text_recognises_every_block():
    assert plain().counts() == {
        "questions": 3, "sections": 2, "stories": 1, "quotes": 1, "prompts": 2,
        "read_further": 1, "faq": 2,
    }  # fmt: skip


def test_plain_text_questions_are_split_on_the_arrow():
    [questions] = of_kind(plain(), "questions")
    assert questions.items[2] == ("Wat helpt?", "Eén rustige uitademing.")


def test_plain_text_sections_and_story():
    article = plain()
    assert [h.text for h in of_kind(article, "heading")] == [
        "Het lawaai achter de stilte",
        "Wat je lichaam doet",
    ]
    [story] = of_kind(article, "story")
    assert story.title == "Het avondeten dat bleef staan"
    assert story.text.startswith("Je hebt gekookt")


def test_plain_text_read_further_at_the_end_of_a_sentence():
    article = plain()
    [link] = of_kind(article, "read_further")
    assert link.title == "De kracht van één lange uitademing"
    assert any("Wie meer wil weten" in p.text for p in of_kind(article, "prose"))


def test_plain_text_faq_in_both_layouts():
    [faq] = of_kind(plain(), "faq")
    assert faq.items == (
        ("Is stilte altijd goed?", "Nee, soms is geluid juist fijn. Het gaat om de keuze."),
        ("Hoe lang moet ik stil zitten?", "Begin met één minuut.\n\nDat is genoeg om het verschil te merken."),  # noqa: E501
    )  # fmt: skip


def test_plain_text_leaves_out_the_newsletter_and_sign_off():
    markdown = plain().body_markdown
    assert "inbox" not in markdown
    assert "Aanmelden" not in markdown
    assert "Mira" not in markdown


def test_plain_text_without_any_blocks_is_still_an_article():
    [article] = read(PLAIN_MINIMAL)
    assert article.counts()["sections"] == 0
    assert "Gewone tekst zonder kopjes." in article.body_markdown


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Titel\nCategorie\nDe inleiding.\n", "reading-time"),
        ("Titel\n5 min\nDe inleiding.\n", "no category"),
        ("Titel\nCategorie\n5 min\n", "no lede"),
        ("12 min\nCategorie\n5 min\nLede\n", "title"),
    ],
)
def test_plain_text_that_is_not_an_article_page_says_why(text, reason):
    with pytest.raises(ContentError, match=reason):
        read(text)


def test_markdown_is_recognised_by_its_front_matter():
    [article] = read(MARKDOWN)
    assert article.title == "Een stuk in Markdown"
    assert article.published_at == dt.date(2026, 3, 1)
    assert article.counts()["prompts"] == 1


def test_wxr_imports_posts_and_pages():
    articles = read(WXR)
    assert [(a.slug, a.kind) for a in articles] == [
        ("loslaten-op-maandag", "post"),
        ("over-mij", "page"),
        ("nog-een-concept", "post"),
    ]


def test_wxr_maps_author_categories_date_and_excerpt():
    post = read(WXR)[0]
    assert post.author == "Mira de Vries"
    assert post.categories == ["Dagelijks leven"]
    assert post.published_at == dt.datetime(2025, 11, 3, 7, 30, tzinfo=dt.UTC)
    assert post.lede == "Over de haast van de maandag."


def test_wxr_html_becomes_blocks():
    post = read(WXR)[0]
    assert [h.text for h in of_kind(post, "heading")] == ["De ochtend"]
    assert [q.text for q in of_kind(post, "quote")] == ["Haast is een gevoel, geen feit."]
    assert [p.text for p in of_kind(post, "prompt")] == [
        "Wat zou je morgenochtend anders willen doen?"
    ]
    assert [r.title for r in of_kind(post, "read_further")] == ["Een stuk in Markdown"]
    markdown = post.body_markdown
    assert "**rent**" in markdown
    assert "[Meer](https://example.org/adem)" in markdown
    assert "- eerste\n- tweede" in markdown


def test_wxr_drops_scripts_handlers_and_javascript_links():
    markdown = read(WXR)[0].body_markdown
    assert "alert" not in markdown
    assert "javascript" not in markdown
    assert "gevaarlijke" in markdown


def test_wxr_draft_has_no_date_and_first_paragraph_as_lede():
    draft = read(WXR)[2]
    assert draft.draft
    assert draft.published_at is None
    assert draft.lede == "Eerste alinea zonder p-tags."
    assert draft.categories == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (XML_BOMB.encode(), "DOCTYPE or ENTITY"),
        (b"<?xml version='1.0'?><rss><channel><item>", "not well-formed"),
        (b"<?xml version='1.0'?><feed></feed>", "not a WordPress export"),
        (b"<?xml version='1.0'?><rss><channel></channel></rss>", "no posts"),
        (b"", "empty"),
        (b"  \n\n", "empty"),
        ("Titel\nCategorie\n5 min\nLede é".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_files_say_why(data, reason):
    with pytest.raises(ContentError, match=reason):
        importers.read_bytes(data)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(ContentError, match="not found"):
        importers.read_file(tmp_path / "weg.md")


def test_plain_text_imports_survive_a_markdown_round_trip():
    article = plain()
    assert b.parse_body(article.body_markdown) == [
        type(x)(*[getattr(x, f) for f in x.__dataclass_fields__ if f not in ("kind", "anchor")])
        for x in article.blocks
    ]
