"""Images as readers, crawlers and feed readers meet them."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import feedparser
import pytest

from loslaten.content.media import store_bytes
from loslaten.content.models import Image
from loslaten.content.tests.conftest import dangers
from loslaten.content.tests.images import photo

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes, in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


@pytest.fixture
def illustrated(make_article):
    """A published article with a featured image and an inline figure with a caption."""
    featured = store_bytes(photo(2000, 1250), "kop.jpg")
    inline = store_bytes(photo(1000, 750, (200, 180, 120)), "bank.jpg")
    body = (
        "## Eerst\n\nEen alinea.\n\n"
        f'![Een bank aan het water]({inline.url} "Even zitten")\n\n'
        "Tekst met een ![klein beeld](https://elders.example/x.png) erin."
    )
    article = make_article(title="Met beeld", body=body)
    article.featured_image = Image.for_stored(featured, "kop.jpg")
    article.featured_alt = "Heuvels in de ochtend"
    article.save()
    return article


def test_the_featured_image_loads_at_once_with_its_size_and_every_width(client, illustrated):
    html = client.get(illustrated.get_absolute_url()).content.decode()
    featured = re.search(r'<figure class="featured">(.*?)</figure>', html, re.S)
    assert featured, "no featured figure"
    (img,) = Tags(featured.group(1)).all("img")
    assert (img["width"], img["height"]) == ("1600", "1000")
    assert img["alt"] == "Heuvels in de ochtend"
    assert img["fetchpriority"] == "high" and "loading" not in img
    assert "400w" in img["srcset"] and "1600w" in img["srcset"] and img["sizes"]
    types = [s["type"] for s in Tags(featured.group(1)).all("source")]
    assert "image/webp" in types


def test_an_inline_image_is_a_lazy_figure_with_its_caption(client, illustrated):
    html = client.get(illustrated.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="figure">(.*?)</figure>', html, re.S).group(1)
    (img,) = Tags(figure).all("img")
    assert img["alt"] == "Een bank aan het water"
    assert (img["width"], img["height"]) == ("1000", "750")
    assert img["loading"] == "lazy"
    assert "<figcaption>Even zitten</figcaption>" in figure
    # An image from another site is a link, never loaded; the "!" is gone.
    assert (
        '<a href="https://elders.example/x.png" rel="noopener noreferrer">klein beeld</a>' in html
    )
    assert "!<a" not in html and "![" not in html
    assert dangers(html) == []


def test_og_image_and_json_ld_point_at_an_absolute_jpeg(client, illustrated):
    html = client.get(illustrated.get_absolute_url()).content.decode()
    og = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert re.fullmatch(r"http://testserver/media/[0-9a-f]{16}-1600x1000/1200\.jpg", og)
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:alt" content="Heuvels in de ochtend">' in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    article = next(d for d in map(json.loads, blocks) if d["@type"] == "Article")
    assert article["image"] == {"@type": "ImageObject", "url": og, "width": 1200, "height": 750}
    assert client.get(og.removeprefix("http://testserver")).status_code == 200


def test_an_article_without_an_image_has_no_og_image(client, make_article):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "og:image" not in html and '"image"' not in html


def test_the_feeds_carry_the_featured_image_as_an_enclosure(client, illustrated, settings):
    for url in ("/feed/", "/feed/atom/"):
        feed = feedparser.parse(client.get(url).content)
        (entry,) = feed.entries
        (enclosure,) = entry.enclosures
        assert enclosure.type == "image/jpeg"
        assert re.fullmatch(
            r"http://testserver/media/[0-9a-f]{16}-1600x1000/1200\.jpg", enclosure.href
        )
        path = settings.LOSLATEN_MEDIA_DIR / enclosure.href.split("/media/")[1]
        assert int(enclosure.length) == path.stat().st_size


def test_the_blog_list_shows_a_card_image_with_its_size(client, illustrated, make_article):
    make_article(title="Zonder beeld")
    html = client.get("/blog/").content.decode()
    cards = [a for a in Tags(html).all("img") if a.get("class") == "card-image"]
    assert len(cards) == 1
    assert cards[0]["alt"] == ""  # the title beside it says what it is about
    assert cards[0]["loading"] == "lazy" and cards[0]["width"] == "1600"


def test_stored_copies_are_served_with_their_type_and_cached_for_long(client):
    stored = store_bytes(photo(500, 300), "x.jpg")
    response = client.get(stored.src(500, "webp"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret_key",
        "/media/%2e%2e/secret_key",
        "/media/0123456789abcdef-10x10/10.jpg",
        "/media/0123456789abcdef-10x10/10.png",
        "/media/.incoming-abc/10.jpg",
    ],
)
def test_anything_else_under_media_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_image_addresses_can_be_made_absolute_for_feeds_and_mail():
    from loslaten.content.render import absolute_images, markdown_html

    stored = store_bytes(photo(900, 600), "x.jpg")
    html = absolute_images(markdown_html(f"![Zee]({stored.url})"), "https://loslaten.example")
    urls = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    parts = [u.strip().split(" ")[0] for url in urls for u in url.split(",")]
    assert parts and all(p.startswith("https://loslaten.example/media/") for p in parts)
