"""Hugo and Jekyll sites, and a page copied from the live blog, read back as a visitor would."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loslaten.content import importers
from loslaten.content.models import Article
from loslaten.content.tests import sources

pytestmark = pytest.mark.django_db


def run(*paths) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *map(str, paths), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def hugo(tmp_path):
    return run(sources.hugo_site(tmp_path / "hugo"))


@pytest.fixture
def jekyll(tmp_path):
    return run(sources.jekyll_site(tmp_path / "jekyll"))


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_hugo_folder_comes_in_and_a_bad_date_is_one_clear_line(hugo):
    code, out, err = hugo
    assert code == 1
    assert "skipped 'Kapotte datum': kapot.md: date '2026-02-31' is not a real date" in err
    assert "Traceback" not in err
    assert "5 came in (0 pages), 2 unpublished" in out
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "alleen-titel", "bundel", "klad", "straks", "toml-post",
    ]  # fmt: skip


def test_title_and_date_alone_are_enough(hugo):
    article = Article.objects.get(slug="alleen-titel")
    assert article.published_at == dt.datetime(2021, 3, 4, 8, 0, tzinfo=dt.UTC)
    assert article.lede == "Dit is de eerste alinea, met een verwijzing en een tweede link."
    assert sorted(t.name for t in article.tags.all()) == ["adem", "rust & ruimte"]


def test_hugo_shortcodes_references_and_footnotes_read_as_written(hugo, client):
    html = page(client, "/blog/alleen-titel/")
    for leak in ("{{", "}}", "[^1]", "[adem]", "[tweede]", "\\[", "&amp;amp;"):
        assert leak not in html, leak
    assert '<a href="/blog/toml-post/" rel="noopener noreferrer">het andere stuk</a>' in html
    assert '<a href="/blog/bundel/" rel="noopener noreferrer">de bundel</a>' in html
    assert ">YouTube</a>" in html
    assert "<td>een</td>" in html
    assert "<dt>Term</dt>" in html
    assert '<a href="#noten" rel="noopener noreferrer"><sup>1</sup></a>' in html
    assert "De noot zelf." in html
    markdown = Article.objects.get(slug="alleen-titel").body_markdown
    assert '![Een meer in de mist](/images/meer.jpg "Het meer, vroeg")' in markdown


def test_toml_front_matter_is_front_matter_and_lang_reaches_the_page(hugo, client):
    article = Article.objects.get(slug="toml-post")
    assert article.title == "Met TOML voorwerk"
    assert "+++" not in article.body_markdown and "title =" not in article.body_markdown
    assert article.lede == "Een samenvatting met nadruk en [haken]."
    html = page(client, "/blog/toml-post/")
    assert '<html lang="en">' in html
    assert '<article class="article" lang="en">' in html
    assert '"inLanguage": "en"' in html
    assert '<html lang="nl">' in page(client, "/blog/alleen-titel/")


def test_featured_image_references_are_kept_for_the_media_step(tmp_path):
    reading = importers.read_path(sources.hugo_site(tmp_path))
    found = {a.slug: a.featured_image_ref for a in reading.articles}
    assert found["bundel"] == "omslag.webp"
    assert found["toml-post"] == "omslag.jpg"
    assert found["alleen-titel"] == ""


def test_a_hugo_draft_and_a_future_post_stay_out_of_sight(hugo, client):
    assert client.get("/blog/klad/").status_code == 404
    assert client.get("/blog/straks/").status_code == 404
    for path in ("/blog/", "/feed/", "/sitemap.xml"):
        html = page(client, path)
        assert "Nog niet af" not in html and "/blog/klad/" not in html
        assert "/blog/straks/" not in html
    assert "/blog/toml-post/" in page(client, "/zoeken/?q=english")  # the search works
    for word in ("kladtekst", "toekomsttekst"):
        html = page(client, f"/zoeken/?q={word}")
        assert "/blog/klad/" not in html and "/blog/straks/" not in html


def test_hugo_aliases_and_the_old_permalink_redirect(hugo, client):
    for old in ("/oud/alleen-titel/", "/2021/03/alleen-titel.html", "/posts/alleen-titel/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/blog/alleen-titel/"), old


def test_jekyll_posts_take_date_and_slug_from_the_file_name(jekyll, client):
    code, out, err = jekyll
    assert code == 0, err
    article = Article.objects.get(slug="een-jekyll-stuk")
    assert article.published_at == dt.datetime(2010, 10, 5, 6, 0, tzinfo=dt.UTC)
    assert article.lede == "Kort gezegd: rustig aan."
    assert sorted(c.name for c in article.categories.all()) == ["leven", "rust"]
    html = page(client, "/blog/een-jekyll-stuk/")
    assert '<a href="/blog/tweede/" rel="noopener noreferrer">het andere</a>' in html
    assert 'def adem():\n    return "uit"' in html.replace("&quot;", '"')
    assert "{%" not in html
    assert "Liquid tag {% include %} left out" in out
    response = client.get("/2010/10/05/een-jekyll-stuk.html")
    assert (response.status_code, response["Location"]) == (301, "/blog/een-jekyll-stuk/")


def test_jekyll_unpublished_and_drafts_stay_hidden(jekyll, client):
    for slug in ("nooit", "half-af"):
        assert Article.objects.get(slug=slug).draft
        assert client.get(f"/blog/{slug}/").status_code == 404
    assert "Verborgen jekylltekst" not in page(client, "/feed/")


def test_the_live_page_layout_starts_with_categories():
    [article] = importers.read_bytes(sources.LIVE_PAGE.encode())
    assert article.title == "Waarom rust soms onrustig voelt"
    assert article.categories == ["Jij en Loslaten", "Gelukshormonen"]
    assert article.lede == "Als het eindelijk stil wordt, begint je hoofd vaak pas te praten."
    assert [x.kind for x in article.blocks] == ["heading", "prose", "prompt"]


def test_the_title_is_never_a_category():
    text = "Rust\nJij en Loslaten\n5 min\nRust\n5 min\nDe inleiding.\nTekst.\n"
    [article] = importers.read_bytes(text.encode())
    assert article.title == "Rust"
    assert article.categories == ["Jij en Loslaten"]


def test_the_title_first_layout_still_reads():
    text = "Rust\nJij en Loslaten · Adem\n5 min\nDe inleiding.\nTekst.\n"
    [article] = importers.read_bytes(text.encode())
    assert (article.title, article.categories) == ("Rust", ["Jij en Loslaten", "Adem"])


def test_our_own_markdown_takes_tags_draft_and_lang():
    text = (
        "---\ntitle: Eigen stuk\ncategories: [Rust]\nlede: Kort.\ntags: [adem]\n"
        "draft: true\nlang: en\n---\n\nTekst.\n"
    )
    [article] = importers.read_bytes(text.encode())
    assert (article.tags, article.draft, article.lang) == (["adem"], True, "en")
