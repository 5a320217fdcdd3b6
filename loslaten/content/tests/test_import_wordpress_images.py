# ruff: noqa: E501 (exports are written as WordPress writes them: long lines)
"""A WordPress export with its images, end to end: the import reads the posts (i10a's WXR
reader) and stores their images from a copy of wp-content/uploads (content.media); a visitor
then sees them on the page, in og:image, JSON-LD and the feeds."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import feedparser
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loslaten.content.models import Article, Image
from loslaten.content.tests import sources
from loslaten.content.tests.images import photo

pytestmark = pytest.mark.django_db

UPLOADS = "https://rustigaan.example/wp-content/uploads"
BODY = f"""<!-- wp:paragraph -->
<p>Elke ochtend loop ik langs het water.</p>
<!-- /wp:paragraph -->

[caption id="attachment_302" align="aligncenter" width="1024"]<a href="{UPLOADS}/2012/05/vijver.jpg"><img class="size-large wp-image-302" src="{UPLOADS}/2012/05/vijver-1024x683.jpg" alt="De vijver bij dageraad" width="1024" height="683" /></a> De vijver, vroeg in de ochtend[/caption]

<!-- wp:paragraph -->
<p>Daarna drink ik thee.</p>
<!-- /wp:paragraph -->

<!-- wp:image {{"id":304}} -->
<figure class="wp-block-image"><img src="{UPLOADS}/2012/05/weg.jpg" alt="Een foto die kwijt is" class="wp-image-304"/></figure>
<!-- /wp:image -->"""


def attachment(post_id: int, name: str, path: str, alt: str = "", parent: int = 0) -> str:
    return sources.item(
        post_id,
        name,
        "",
        post_type="attachment",
        status="inherit",
        parent=parent,
        attachment_url=f"{UPLOADS}/{path}",
        meta=(("_wp_attachment_image_alt", alt),) if alt else (),
    )


def export() -> str:
    items = [
        sources.item(
            201,
            "Langs het water",
            BODY,
            name="langs-het-water",
            excerpt="Een ochtendwandeling &amp; een kop thee.",
            meta=(("_thumbnail_id", "301"), ("_edit_last", "1")),
        ),
        sources.item(
            202,
            "Mijn dagboek",
            "<p>Alleen voor mij.</p>",
            status="private",
            name="mijn-dagboek",
            meta=(("_thumbnail_id", "303"),),
        ),
        attachment(301, "bankje", "2012/05/bankje.jpg", "Een bankje onder een linde", 201),
        attachment(302, "vijver", "2012/05/vijver.jpg", "De vijver", 201),
        attachment(303, "dagboek", "2012/06/dagboek.jpg", "Een open schrift", 202),
        attachment(304, "weg", "2012/05/weg.jpg", "", 201),
    ]
    return sources.WXR_HEAD + "".join(items) + sources.WXR_TAIL


def put(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.fixture
def imported(tmp_path, monkeypatch) -> tuple[int, str, str]:
    uploads = tmp_path / "kopie" / "wp-content" / "uploads"
    put(uploads / "2012/05/bankje.jpg", photo(2400, 1600, (110, 150, 90)))
    put(uploads / "2012/05/vijver.jpg", photo(2000, 1333, (80, 130, 170)))
    # WordPress's smaller copy, in another colour: the original must be the one stored.
    put(uploads / "2012/05/vijver-1024x683.jpg", photo(1024, 683, (200, 0, 0)))
    put(uploads / "2012/06/dagboek.jpg", photo(1200, 900, (170, 120, 90)))
    (tmp_path / "rustigaan.WordPress.2026-11-30.xml").write_text(export())
    # Both paths relative, as people type them in the folder they work in.
    monkeypatch.chdir(tmp_path)
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import",
            "rustigaan.WordPress.2026-11-30.xml",
            "--media",
            "kopie/wp-content/uploads",
            stdout=out,
            stderr=err,
        )
        code = 0
    except CommandError as error:
        code = error.returncode
    return code, out.getvalue(), err.getvalue()


def test_a_missing_image_is_named_and_the_rest_comes_in(imported):
    code, out, err = imported
    assert code == 0, err + out
    assert f"image not in --media: {UPLOADS}/2012/05/weg.jpg" in out
    assert "1 image(s) could not be imported" in out
    assert "Traceback" not in out + err
    assert "Report: 2 came in (0 pages), 1 unpublished" in out
    # bankje, vijver (the original only) and the private post's dagboek.
    assert Image.objects.count() == 3


def test_the_article_shows_its_featured_image_and_the_captioned_figure(imported, client):
    article = Article.objects.get(slug="langs-het-water")
    assert article.featured_alt == "Een bankje onder een linde"
    assert (article.featured_image.width, article.featured_image.height) == (1600, 1067)
    assert "rustigaan.example/wp-content/uploads/2012/05/vijver" not in article.body_markdown
    page = client.get("/blog/langs-het-water/").content.decode()
    featured = article.featured_image.url.rsplit("/", 1)[0]
    assert re.search(rf'<img src="{featured}/[^"]+"[^>]*alt="Een bankje onder een linde"', page)
    figure = re.search(r'<figure class="figure">(.*?)</figure>', page, re.S)
    assert figure, "the [caption] image is a figure"
    assert 'alt="De vijver bij dageraad"' in figure.group(1)
    assert "<figcaption>De vijver, vroeg in de ochtend</figcaption>" in figure.group(1)
    assert 'loading="lazy"' in figure.group(1)
    vijver = Image.objects.get(name="vijver.jpg")
    assert (vijver.width, vijver.height) == (1600, 1066)  # the original, not the red copy
    # The missing image stays a link to where it was, never an image from another host.
    assert f'<a href="{UPLOADS}/2012/05/weg.jpg"' in page
    assert "[caption" not in page
    assert f'src="{UPLOADS}' not in page


def test_og_image_json_ld_and_the_feeds_carry_the_featured_image(imported, client):
    article = Article.objects.get(slug="langs-het-water")
    folder = f"http://testserver/media/{article.featured_image.folder}/"
    page = client.get("/blog/langs-het-water/").content.decode()
    og = re.search(r'<meta property="og:image" content="([^"]+)">', page)
    assert og and og.group(1).startswith(folder) and og.group(1).endswith(".jpg")
    assert '<meta property="og:image:alt" content="Een bankje onder een linde">' in page
    ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    graph = ld if isinstance(ld, list) else ld.get("@graph", [ld])
    images = [g["image"]["url"] for g in graph if isinstance(g, dict) and "image" in g]
    assert images == [og.group(1)]

    for url in ("/feed/", "/feed/atom/"):
        feed = feedparser.parse(client.get(url).content)
        (entry,) = feed.entries
        (enclosure,) = entry.enclosures
        assert (enclosure.href, enclosure.type) == (og.group(1), "image/jpeg")
        assert int(enclosure.length) > 0
        # The full text carries the figure, its image addresses absolute for feed readers.
        content = entry.content[0].value
        vijver = Image.objects.get(name="vijver.jpg")
        assert f'src="http://testserver/media/{vijver.folder}/' in content
        assert 'src="/media/' not in content and 'srcset="/media/' not in content
        assert "<figcaption>De vijver, vroeg in de ochtend</figcaption>" in content


def test_a_private_posts_image_is_stored_but_the_post_stays_hidden(imported, client):
    private = Article.objects.get(source_id__endswith=":202")
    assert private.draft and not private.is_published
    assert private.featured_image is not None
    assert private.featured_alt == "Een open schrift"
    assert client.get(private.get_absolute_url()).status_code == 404
    for address in ("/feed/", "/feed/atom/", "/blog/", "/sitemap.xml"):
        body = client.get(address).content.decode()
        assert private.featured_image.folder not in body, address
        assert "Mijn dagboek" not in body, address


def test_a_hugo_folder_finds_each_bundles_images_beside_its_own_file(tmp_path, client):
    content = sources.hugo_site(tmp_path / "hugo")
    bundle = content / "posts" / "bundel"
    put(bundle / "omslag.webp", photo(1000, 700, (60, 110, 90), fmt="WEBP"))
    put(bundle / "steen.jpg", photo(800, 600, (140, 140, 130)))
    static = tmp_path / "hugo" / "static"
    put(static / "images" / "meer.jpg", photo(900, 600, (100, 120, 160)))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):  # the site's bad date is skipped, as before
        call_command("import", str(content), "--media", str(static), stdout=out, stderr=err)
    # Only the TOML post's cover is missing (it has none beside it); the bundle's are found.
    assert "image not found: omslag.jpg" in out.getvalue()
    assert "1 image(s) could not be imported" in out.getvalue()
    article = Article.objects.get(slug="bundel")
    assert (article.featured_image.width, article.featured_image.height) == (1000, 700)
    page = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<img src="/media/[^"]+"[^>]*alt="Een steen"', page)
    yaml_post = Article.objects.get(slug="alleen-titel")
    page = client.get(yaml_post.get_absolute_url()).content.decode()
    assert "<figcaption>Het meer, vroeg</figcaption>" in page  # {{< figure >}}, from static/
