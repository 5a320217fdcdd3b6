"""A whole WordPress export, imported and then read as a visitor would."""

from __future__ import annotations

import datetime as dt
import html
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from loslaten.content.models import Article, Redirect, Tag
from loslaten.content.tests import sources

pytestmark = pytest.mark.django_db

HIDDEN_TEXTS = ["wachtwoordtekst", "concepttekst", "Pendingtekst", "Privetekst", "Komt in 2030"]
# What a visitor must never see: escapes, entities shown as text, raw shortcodes.
LEAKS = ["\\[", "\\_", "\\*", "&amp;amp;", "&amp;lt;", "[caption", "[gallery", "[audio",
         "[contact-form-7", "[/caption", "wp:paragraph", "::: embed"]  # fmt: skip


def run(tmp_path, *extra: str, text: str | None = None) -> tuple[int, str, str]:
    path = tmp_path / "rustigaan.WordPress.2026-11-20.xml"
    path.write_text(text or sources.wxr_export())
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *extra, str(path), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def imported(tmp_path):
    return run(tmp_path)


def body_of(response) -> str:
    return response.content.decode()


def visible_text(page: str) -> str:
    """The page as a reader sees it: markup gone, entities shown as characters."""
    import re

    page = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_every_item_comes_in_or_is_skipped_with_its_title_and_reason(imported):
    code, out, err = imported
    assert code == 1  # three items were skipped
    assert (
        "skipped 'Onmogelijke datum': post_date_gmt '2026-02-31 09:00:00' is not a real date" in err
    )
    assert "skipped '(no title)': has no title" in err
    assert "skipped 'Weggegooid': is in the trash" in err
    assert "Traceback" not in err
    assert (
        "Report: 9 came in (1 pages), 6 unpublished (hidden or scheduled), 3 skipped; "
        "left out: 3 attachments, 2 menu items, 2 comments" in out
    )
    assert "unknown shortcode [contact-form-7] left out" in out
    assert Article.objects.count() == 9


def test_a_dry_run_reports_the_same_and_writes_nothing(tmp_path):
    _, out, _ = run(tmp_path, "--dry-run")
    assert "Report (dry run: nothing was saved): 9 would come in (1 pages)" in out
    assert "left out: 3 attachments, 2 menu items, 2 comments" in out
    assert Article.objects.count() == 0
    assert Redirect.objects.count() == 0
    assert Tag.objects.count() == 0


def test_hidden_items_are_stored_hidden_and_never_reach_a_visitor(imported, client):
    hidden = Article.objects.filter(draft=True)
    assert sorted(hidden.values_list("title", flat=True)) == [
        "Alleen voor mij", "Concept", "Concept", "Geheim", "Ter beoordeling",
    ]  # fmt: skip
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404
    pages = [
        client.get("/blog/"),
        client.get("/feed/"),
        client.get("/feed/atom/"),
        client.get("/sitemap.xml"),
        client.get("/blog/categorie/rust-ruimte/"),
    ]
    for response in pages:
        text = body_of(response)
        for word in [*HIDDEN_TEXTS, "Geheim", "Ter beoordeling", "Alleen voor mij"]:
            assert word not in text, (response.request["PATH_INFO"], word)
    # The search does find what is public (so the checks below can fail).
    assert "/blog/thuis-werk/" in body_of(client.get("/zoeken/", {"q": "schouders"}))
    urls = [a.get_absolute_url() for a in hidden] + ["/blog/later/"]
    for word in HIDDEN_TEXTS:
        found = body_of(client.get("/zoeken/", {"q": word}))
        assert not [url for url in urls if url in found], word


def test_their_old_addresses_do_not_reveal_them_either(imported, client):
    assert client.get("/", {"p": "103"}).status_code == 200  # the home page, no redirect
    assert client.get("/2010/10/05/geheim/").status_code == 404


def test_two_drafts_with_the_same_title_stay_two(imported):
    drafts = Article.objects.filter(title="Concept").order_by("source_id")
    assert [a.slug for a in drafts] == ["concept", "concept-2"]
    assert ["Eerste concepttekst." in a.lede for a in drafts] == [True, False]


def test_importing_again_updates_by_source_id_without_duplicates(tmp_path):
    run(tmp_path)
    _, out, _ = run(tmp_path, text=sources.wxr_export().replace("Tweede concepttekst", "Nieuw"))
    assert Article.objects.count() == 9
    assert Article.objects.filter(title="Concept", lede="Nieuw.").count() == 1
    assert "new)" not in out


def test_a_scheduled_post_keeps_its_date_and_appears_by_itself(imported, client):
    later = Article.objects.get(title="Later")
    assert later.published_at == dt.datetime(2030, 1, 1, 8, 0, tzinfo=dt.UTC)
    assert not later.draft
    assert client.get("/blog/later/").status_code == 404
    assert "Later" not in body_of(client.get("/feed/"))
    with time_machine.travel(dt.datetime(2030, 1, 1, 8, 0, 1, tzinfo=dt.UTC)):
        assert client.get("/blog/later/").status_code == 200
        assert "/blog/later/" in body_of(client.get("/feed/"))
        assert "/blog/later/" in body_of(client.get("/sitemap.xml"))


def test_a_stored_page_expires_when_the_next_scheduled_post_appears(imported, settings):
    from loslaten.core import cache as page_cache

    settings.LOSLATEN_PAGE_CACHE_SECONDS = 3600
    with time_machine.travel(dt.datetime(2030, 1, 1, 7, 59, 30, tzinfo=dt.UTC), tick=False):
        assert 1 <= page_cache.capped(3600) <= 31
    with time_machine.travel(dt.datetime(2030, 1, 2, tzinfo=dt.UTC), tick=False):
        assert page_cache.capped(3600) == 3600  # nothing scheduled any more


def test_the_article_reads_as_written(imported, client):
    page = body_of(client.get("/blog/thuis-werk/"))
    text = visible_text(page)
    for leak in LEAKS:
        assert leak not in page, leak
    assert "Thuis & werk" in text and "&amp;" not in text
    assert '<h2 id="een-grote-kop" class="section-heading">Een grote kop</h2>' in page
    assert "<h3>Een kleinere kop</h3>" in page
    assert "<h4>Nog kleiner</h4>" in page
    assert "<ol>\n<li>Eerst adem je uit\n<ul>\n<li>langzaam</li>" in page
    assert "<th>Moment</th>" in page and "<td>Haast &amp; onrust</td>" in page
    assert "<dt>Cortisol</dt>\n<dd>Het hormoon van de alarmstand.</dd>" in page
    assert "adem in   (4 tellen)\nhoud vast (4 tellen)\n\nadem uit  (6 tellen)" in page
    assert "H<sub>2</sub>O" in page and "x<sup>2</sup>" in page
    assert "3 &lt; 4 &amp; &quot;quotes&quot; blijven" in page or '3 &lt; 4 &amp; "quotes"' in page
    assert "<cite>Oma Door</cite>" in page
    assert "Deze alinea staat na een iframe dat nooit sluit." in page
    assert "En deze na een svg die nooit sluit." in page
    assert (
        '<a href="https://www.youtube.com/watch?v=abcdefghijk" rel="noopener noreferrer">YouTube</a>'  # noqa: E501
        in page
    )
    assert ">Het park op de kaart</a>" in page
    assert "Een noot met <em>nadruk</em>." in page


def test_the_image_references_stay_for_the_media_step(imported):
    article = Article.objects.get(slug="thuis-werk")
    uploads = "https://rustigaan.example/wp-content/uploads/2010/10/"
    assert f'![Een bank in het park]({uploads}bank.jpg "Een bank om even te zitten")' in (
        article.body_markdown
    )
    assert f'![]({uploads}boom.jpg "De boom")' in article.body_markdown


def test_categories_are_not_limited_and_tags_stay_tags(imported, client):
    article = Article.objects.get(slug="thuis-werk")
    names = [c.name for c in article.categories.all()]
    assert len(names) == 13 and "Rust & ruimte" in names
    assert sorted(t.name for t in article.tags.all()) == ["adem", "werk & thuis"]
    tag = Tag.objects.get(name="werk & thuis")
    assert tag.slug == "werk-thuis"
    assert "Thuis &amp; werk" in body_of(client.get(tag.get_absolute_url()))


def test_ledes_are_plain_text_in_the_page_feed_and_json_ld(imported, client):
    article = Article.objects.get(slug="thuis-werk")
    assert article.lede == "Over [grenzen] en _kleine_ stappen & rust."
    classic = Article.objects.get(slug="oude-editor")
    assert classic.lede == "Dit stuk komt uit de oude editor. Met een regel eronder."
    page = body_of(client.get("/blog/thuis-werk/"))
    assert (
        '<meta property="og:description" content="Over [grenzen] en _kleine_ stappen &amp; rust.">'
        in page
    )
    assert '"description": "Over [grenzen] en _kleine_ stappen \\u0026 rust."' in page
    feed = body_of(client.get("/feed/"))
    assert "Over [grenzen] en _kleine_ stappen &amp;amp; rust." not in feed
    assert "\\[" not in feed


def test_a_page_lives_at_the_top_outside_the_blog(imported, client):
    response = client.get("/over-mij/")
    assert response.status_code == 200
    assert "Ik schrijf over loslaten." in body_of(response)
    assert client.get("/blog/over-mij/").status_code == 404
    for path in ("/blog/", "/feed/", "/feed/atom/"):
        assert "Over mij" not in body_of(client.get(path))
    assert "/over-mij/" in body_of(client.get("/sitemap.xml"))


def test_old_addresses_answer_301_to_the_new_one(imported, client):
    for old in ("/2010/10/05/thuis-werk/", "/2010/10/05/thuis-werk", "/?p=101"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == "/blog/thuis-werk/"
    response = client.get("/?page_id=109")
    assert (response.status_code, response["Location"]) == (301, "/over-mij/")


def test_feeds_carry_the_whole_text_and_the_source_modified_date(imported, client, settings):
    import feedparser

    rss = feedparser.parse(client.get("/feed/").content)
    entry = next(e for e in rss.entries if e.link.endswith("/blog/thuis-werk/"))
    assert "Wie stil zit, hoort meer." in entry.content[0].value
    assert "<th>Moment</th>" in entry.content[0].value
    atom = feedparser.parse(client.get("/feed/atom/").content)
    entry = next(e for e in atom.entries if e.link.endswith("/blog/thuis-werk/"))
    assert entry.updated.startswith("2011-01-02")
    assert "Wie stil zit" in entry.content[0].value
    settings.LOSLATEN_FEED_FULL_TEXT = False
    entry = feedparser.parse(client.get("/feed/").content).entries[0]
    assert "content" not in entry
    assert "<lastmod>2011-01-02</lastmod>" in body_of(client.get("/sitemap.xml"))


def test_a_control_character_in_one_post_does_not_refuse_the_export(tmp_path):
    text = sources.wxr_export().replace("Ik schrijf over", "Ik schrijf\x0b over")
    _, out, _ = run(tmp_path, text=text)
    assert "control characters that XML forbids were removed" in out
    assert Article.objects.filter(slug="over-mij").exists()


def test_a_page_whose_slug_the_site_uses_gets_its_own_address(tmp_path, client):
    page = sources.item(7, "Blog", "<p>Over dit blog.</p>", post_type="page", name="blog")
    run(tmp_path, text=sources.WXR_HEAD + page + sources.WXR_TAIL)
    assert Article.objects.get(title="Blog").slug == "blog-pagina"
    assert "Over dit blog." in body_of(client.get("/blog-pagina/"))


def test_an_export_in_another_encoding_reads_its_declaration(tmp_path):
    text = sources.WXR_HEAD.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    text += sources.item(8, "Café", "<p>Een kopje thee, geen café.</p>", name="cafe")
    path = tmp_path / "latin.xml"
    path.write_bytes((text + sources.WXR_TAIL).encode("latin-1"))
    call_command("import", str(path), stdout=StringIO(), stderr=StringIO())
    assert Article.objects.get(slug="cafe").title == "Café"


def test_a_post_file_that_is_not_utf8_is_one_clear_line(tmp_path):
    path = tmp_path / "oud.md"
    path.write_bytes("---\ntitle: Café\n---\n\nTekst é.\n".encode("latin-1"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), stdout=StringIO(), stderr=err)
    assert "skipped: not UTF-8 text (byte" in err.getvalue()
