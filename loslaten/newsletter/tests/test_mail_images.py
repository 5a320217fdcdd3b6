"""The articles' featured images in the weekly mail and on the issue's web page."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from PIL import Image as PILImage

from loslaten.content import media
from loslaten.content.models import Article, Image
from loslaten.newsletter import compose, emails, sending
from loslaten.newsletter.tests.helpers import make_issue, make_subscribers

pytestmark = pytest.mark.django_db
ALT = "Een smal pad door de duinen, de zee nog net te zien & een bank"


def photo(width: int, height: int) -> bytes:
    """A JPEG as a camera would hand it over: a gradient of sky over sand."""
    image = PILImage.new("RGB", (width, height), (200, 180, 140))
    for y in range(height // 2):
        image.paste((120 + y % 80, 160, 210), (0, y, width, y + 1))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def article(slug: str, days_ago: int, image: bytes | None = None, alt: str = "") -> Article:
    featured = Image.for_stored(media.store_bytes(image, f"{slug}.jpg")) if image else None
    return Article.objects.create(
        title=slug.replace("-", " ").capitalize(),
        slug=slug,
        lede=f"Over {slug.replace('-', ' ')}.",
        body_markdown="Tekst.",
        published_at=timezone.now() - dt.timedelta(days=days_ago),
        featured_image=featured,
        featured_alt=alt,
    )


def parts(message) -> tuple[str, str]:
    by_type = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in message.walk()
        if not p.is_multipart()
    }
    return by_type["text/html"], by_type["text/plain"]


def imgs(html: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", html)


@pytest.fixture
def issue_with_and_without_image():
    duinen = article("wandelen-in-de-duinen", 2, photo(1000, 625), ALT)
    article("zonder-plaatje", 1)
    issue, _ = compose.compose_issue()
    return issue, duinen


def test_the_snapshot_keeps_the_stored_image_and_its_alt(issue_with_and_without_image):
    issue, duinen = issue_with_and_without_image
    with_image, without = sorted(issue.articles, key=lambda a: a["title"])
    assert with_image["image"] == duinen.featured_image.url
    assert with_image["alt"] == ALT
    assert "image" not in without and "alt" not in without


def test_the_mail_shows_the_featured_image_as_one_absolute_jpeg(
    smtp, settings, issue_with_and_without_image
):
    issue, duinen = issue_with_and_without_image
    make_subscribers(1)
    sending.Sender(issue.pk).run()
    html, text = parts(smtp.parsed(0))
    [img] = imgs(html)  # one article has an image, the other none
    folder = duinen.featured_image.folder
    assert f'src="http://testserver/media/{folder}/800.jpg"' in img
    # The 600 px column less its padding; height in the same proportion (1000×625).
    assert 'width="544"' in img and 'height="340"' in img
    assert 'alt="Een smal pad door de duinen, de zee nog net te zien &amp; een bank"' in img
    # Narrower screens scale it down; a blocked image keeps its place without widening.
    assert "width:100%;max-width:544px;height:auto" in img
    assert "<picture" not in html and "srcset" not in html  # mail clients take one file
    assert (settings.LOSLATEN_MEDIA_DIR / folder / "800.jpg").is_file()
    # The image keeps the fast path: the message is built once and filled in per reader.
    assert emails.MessageTemplate(emails.render_issue(issue)).ok
    # Newest first; the image sits with its own article, above its title.
    assert html.index("Zonder plaatje") < html.index(img) < html.index("Wandelen in de duinen")
    assert "/media/" not in text and ".jpg" not in text and ALT not in text


def test_with_images_blocked_the_mail_reads_the_same(smtp, issue_with_and_without_image):
    """Titles, ledes and links are text; the image only adds to them."""
    issue, _ = issue_with_and_without_image
    make_subscribers(1)
    sending.Sender(issue.pk).run()
    html, text = parts(smtp.parsed(0))
    without_images = re.sub(r"<img\b[^>]*>", "", html)
    for words in ("Wandelen in de duinen", "Over wandelen in de duinen.", "Zonder plaatje",
                  "Over zonder plaatje.", "/blog/wandelen-in-de-duinen/"):  # fmt: skip
        assert words in without_images and words in text


def test_the_issue_page_shows_the_same_image(client, smtp, issue_with_and_without_image):
    issue, duinen = issue_with_and_without_image
    make_subscribers(1)
    sending.Sender(issue.pk).run()
    page = client.get(f"/nieuwsbrief/{issue.week}/").content.decode()
    [img] = imgs(page)
    folder = duinen.featured_image.folder
    assert f'src="/media/{folder}/1000.jpg"' in img
    assert 'width="1000"' in img and 'height="625"' in img
    assert f"/media/{folder}/800.webp 800w" in page
    assert 'alt="Een smal pad door de duinen, de zee nog net te zien &amp; een bank"' in img
    assert page.index("<picture") < page.index("Wandelen in de duinen")
    assert client.get(f"/media/{folder}/800.jpg").status_code == 200


def test_an_issue_without_images_has_no_img_at_all(smtp):
    make_subscribers(1)
    sending.Sender(make_issue().pk).run()
    html, _ = parts(smtp.parsed(0))
    assert imgs(html) == []


def test_an_image_that_is_not_ours_never_reaches_the_mail(smtp):
    """The draft's snapshot can be edited: another host's address is left out."""
    make_subscribers(1)
    articles = [{"title": "Adem uit", "lede": "Uit.", "url": "http://testserver/blog/adem/",
                 "image": "https://elders.example/foto.jpg", "alt": "Een foto"}]  # fmt: skip
    issue = make_issue(articles=articles)
    sending.Sender(issue.pk).run()
    html, _ = parts(smtp.parsed(0))
    assert imgs(html) == [] and "elders.example" not in html
    assert emails.mail_image("https://elders.example/foto.jpg") is None


def test_a_small_image_is_never_stretched():
    stored = media.Stored("0123456789abcdef-480x320", 480, 320)
    image = emails.mail_image(stored.url, "Klein")
    assert image == {
        "src": "http://testserver/media/0123456789abcdef-480x320/480.jpg",
        "width": 480,
        "height": 320,
        "alt": "Klein",
    }
