"""search(): ranking, anchors, the published filter, and odd queries (both databases)."""

import datetime as dt

import pytest
from django.utils import timezone

from loslaten.search.engine import baseline, run_query, search
from loslaten.search.tests.conftest import make_article

pytestmark = pytest.mark.django_db


def test_a_word_finds_the_passage_that_holds_it(article):
    hits = search("kassa")
    assert [h.anchor for h in hits] == ["een-ademhalingsmoment-bij-de-kassa"]


def test_hits_link_to_the_section_anchor(article):
    hit = search("kassa")[0]
    assert hit.url == "/blog/adem-en-rust/#een-ademhalingsmoment-bij-de-kassa"
    assert hit.heading == "Een ademhalingsmoment bij de kassa"
    assert hit.article_title == "Adem en rust"


def test_a_hit_in_the_lede_links_to_the_article_itself(article):
    hit = search("drukke")[0]
    assert hit.anchor == ""
    assert hit.url == "/blog/adem-en-rust/"


def test_the_snippet_marks_the_matching_words(article):
    hit = search("kassa")[0]
    assert "<mark>kassa</mark>" in hit.snippet


def test_part_of_a_compound_finds_the_compound(article):
    assert "een-ademhalingsmoment-bij-de-kassa" in [h.anchor for h in search("moment")]


def test_a_synonym_finds_the_passage(article):
    hits = search("controle")
    assert [h.anchor for h in hits] == ["waarom-controle-vermoeit"]
    assert "<mark>beheersen</mark>" in search("beheersing")[0].snippet


def test_piekeren_finds_malen(article):
    assert [h.anchor for h in search("piekeren")] == ["slapen-zonder-malen"]


def test_accents_do_not_matter(article):
    assert search("één kassa") == search("een kassa") != []


def test_two_words_find_only_passages_with_both(db):
    make_article(
        title="Wachten",
        slug="wachten",
        lede="Inleiding.",
        body="## Kassa\n\nDe rij bij de kassa is lang.\n\n"
        "## Schouders\n\nJe schouders zakken.\n\n"
        "## Allebei\n\nBij de kassa zakken je schouders.\n",
    )
    assert [h.anchor for h in search("kassa schouders")] == ["allebei"]


def test_when_no_passage_has_every_word_any_word_will_do(article):
    anchors = [h.anchor for h in search("kassa zeppelin")]
    assert anchors == ["een-ademhalingsmoment-bij-de-kassa"]


def test_a_heading_hit_ranks_above_a_passing_mention(db):
    make_article(
        title="Over de trein",
        slug="trein",
        lede="Reizen.",
        body="## Onderweg\n\nIn de trein denk je even aan de kassa.\n\n"
        "## De kassa\n\nWachten aan de kassa van de supermarkt.\n",
    )
    assert search("kassa")[0].anchor == "de-kassa"


def test_more_matches_rank_higher(db):
    make_article(
        title="Een",
        slug="een",
        lede="Inleiding.",
        body="## Eerste\n\nSlaap is fijn. Het gaat over veel meer dingen dan alleen dat, "
        "zoals werk, school, boodschappen en de fiets.\n\n"
        "## Tweede\n\nSlaap, slaap en nog eens slaap: goed slapen.\n",
    )
    assert [h.anchor for h in search("slaap")][:2] == ["tweede", "eerste"]


def test_unpublished_articles_are_not_found(db):
    make_article(slug="concept", published_at=None)
    make_article(slug="straks", published_at=timezone.now() + dt.timedelta(days=2), title="Straks")
    assert search("kassa") == []


def test_a_scheduled_article_is_found_once_its_time_has_come(db):
    make_article(published_at=timezone.now() - dt.timedelta(seconds=1))
    assert search("kassa") != []


def test_the_limit_caps_the_hits(sample_articles):
    assert len(search("lichaam", limit=3)) == 3


def test_passages_of_one_article_may_follow_each_other(sample_articles):
    hits = search("controle")
    article_urls = [h.url.split("#")[0] for h in hits[:4]]
    assert article_urls == ["/blog/waarom-controle-zo-vermoeiend-is/"] * 4


def test_sample_adem_lands_on_breathing_sections(sample_articles):
    top = [h.url for h in search("adem")[:3]]
    assert any("ademhalingsmoment" in url for url in top)


def test_sample_perfectionisme_comes_from_its_article(sample_articles):
    assert search("perfectionisme")[0].url.startswith("/blog/perfectionisme-en-de-lat/")


@pytest.mark.parametrize("query", ["", "   ", "?!", "<script>", "de het", "\x00", "a" * 5000])
def test_odd_queries_never_raise(article, query):
    assert isinstance(search(query), list)


def test_zero_limit_finds_nothing(article):
    assert search("kassa", limit=0) == []


def test_run_query_says_empty_for_no_text(db):
    assert run_query("   ").state == "empty"


def test_run_query_says_no_terms_for_symbols(db):
    assert run_query("?!*").state == "no_terms"


def test_run_query_says_no_hits(article):
    assert run_query("zeppelin").state == "no_hits"


def test_run_query_cuts_long_queries_and_says_so(article):
    outcome = run_query("kassa " + "x" * 300)
    assert outcome.too_long
    assert len(outcome.query) == 200
    assert outcome.state == "hits"


def test_baseline_finds_the_literal_string_only(article):
    assert baseline("kassa") == [(article.pk, "een-ademhalingsmoment-bij-de-kassa")]
    assert baseline("adem") != []
    assert baseline("piekeren") == []


def test_a_very_common_word_ranks_sections_named_after_it_first(db, monkeypatch):
    from django.db import connection

    from loslaten.search import engine

    make_article(
        title="Over wachten",
        slug="veel-kassa",
        lede="Kassa kassa kassa.",
        body="## Wachten\n\nKassa, kassa, kassa en nog eens kassa.\n\n"
        "## De kassa\n\nHier staat het woord een keer.\n",
    )
    monkeypatch.setattr(engine, "COMMON_ROWS", 1)
    anchors = [h.anchor for h in search("kassa", limit=1)]
    if connection.vendor == "sqlite":
        assert anchors == ["de-kassa"]
    assert len(search("kassa", limit=3)) == 3  # too few heading hits: all passages count


def test_a_hidden_article_and_a_page_are_not_found(db):
    from loslaten.content.models import Article

    hidden = make_article(slug="verborgen")
    Article.objects.filter(pk=hidden.pk).update(draft=True)
    page = make_article(slug="over", title="Over")
    Article.objects.filter(pk=page.pk).update(kind=Article.PAGE)
    assert search("kassa") == []


def test_a_hit_carries_its_articles_moment_of_publication(db):
    moment = timezone.now() - dt.timedelta(days=3)
    make_article(published_at=moment)
    assert search("kassa")[0].published_at == moment


# Snippets ----------------------------------------------------------------------------------

LONG = " ".join(f"woord{i}" for i in range(60))


def test_a_snippet_escapes_the_text_and_marks_every_form_of_the_word():
    from loslaten.search.analyzer import analyze_query, highlight_stems
    from loslaten.search.snippets import snippet

    marks = highlight_stems(analyze_query("adem"))
    text = "Ademen <b>&</b> de adem, ademhaling: 'adem'."
    assert snippet(text, marks) == (
        "<mark>Ademen</mark> &lt;b&gt;&amp;&lt;/b&gt; de <mark>adem</mark>, "
        "<mark>ademhaling</mark>: &#x27;<mark>adem</mark>"
    )


def test_a_long_passage_is_cut_around_its_words_with_dots_on_both_sides():
    from loslaten.search.analyzer import analyze_query, highlight_stems
    from loslaten.search.snippets import snippet

    text = f"{LONG} de kassa, kassa! {LONG}"
    shown = snippet(text, highlight_stems(analyze_query("kassa")), size=10)
    # The earliest window of ten words with both hits in it; it stops at its last word.
    assert shown == (
        "… woord53 woord54 woord55 woord56 woord57 woord58 woord59 de "
        "<mark>kassa</mark>, <mark>kassa</mark> …"
    )


def test_a_snippet_of_a_text_without_words_is_its_escaped_start():
    from loslaten.search.snippets import snippet

    assert snippet("<>" * 150, frozenset({"adem"})) == "&lt;&gt;" * 100
