"""The author's own images, uploaded in the admin."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loslaten.accounts.models import User
from loslaten.content.models import Article, Image
from loslaten.content.tests.images import SVG, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("redactie@example.org", "een-lang-wachtwoord-9")
    client.force_login(user)
    return client


def change(admin_client, article: Article, **extra):
    data = {
        "title": article.title,
        "slug": article.slug,
        "kind": article.kind,
        "categories": [c.pk for c in article.categories.all()],
        "lede": article.lede,
        "author": article.author,
        "body_markdown": article.body_markdown,
        "published_at_0": "",
        "published_at_1": "",
        "featured_alt": "",
        **extra,
    }
    return admin_client.post(f"/admin/content/article/{article.pk}/change/", data)


def test_an_uploaded_featured_image_is_stored_without_its_gps(admin_client, make_article, settings):
    article = make_article()
    upload = SimpleUploadedFile("vakantie.jpg", photo(3000, 2000), content_type="image/jpeg")
    response = change(
        admin_client, article, featured_upload=upload, featured_alt="Een strand bij eb"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.featured_alt == "Een strand bij eb"
    assert (article.featured_image.width, article.featured_image.height) == (1600, 1067)
    assert article.featured_image.name == "vakantie.jpg"
    files = list((Path(settings.LOSLATEN_MEDIA_DIR) / article.featured_image.folder).iterdir())
    assert files and all(b"Telefoon" not in f.read_bytes() for f in files)


def test_a_featured_image_needs_a_description(admin_client, make_article):
    article = make_article()
    upload = SimpleUploadedFile("a.jpg", photo(600, 400), content_type="image/jpeg")
    response = change(admin_client, article, featured_upload=upload)
    assert response.status_code == 200
    assert "Beschrijf in een zin wat er op de afbeelding te zien is." in response.content.decode()
    article.refresh_from_db()
    assert article.featured_image is None


def test_an_svg_upload_is_refused_with_the_reason(admin_client, make_article, settings):
    article = make_article()
    upload = SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")
    response = change(admin_client, article, featured_upload=upload, featured_alt="Logo")
    assert response.status_code == 200
    assert "SVG is not accepted (it can carry scripts)" in response.content.decode()
    article.refresh_from_db()
    assert article.featured_image is None
    assert not Path(settings.LOSLATEN_MEDIA_DIR).exists()


def test_an_image_uploaded_on_its_own_gives_a_markdown_line(admin_client):
    upload = SimpleUploadedFile("bank.png", photo(900, 600, fmt="PNG"), content_type="image/png")
    response = admin_client.post("/admin/content/image/add/", {"name": "", "file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    image = Image.objects.get()
    assert (image.name, image.width, image.height) == ("bank.png", 900, 600)
    page = admin_client.get(f"/admin/content/image/{image.pk}/change/").content.decode()
    assert f"]({image.url} &quot;" in page
    assert "<picture>" in page


def test_a_large_photo_upload_is_not_stopped_by_the_request_limit(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    data = photo(2400, 1600) + b"\0" * (200 * 1024)  # a JPEG with trailing bytes: > 64 kB
    upload = SimpleUploadedFile("groot.jpg", data, content_type="image/jpeg")
    response = admin_client.post("/admin/content/image/add/", {"name": "Groot", "file": upload})
    assert response.status_code == 302
    assert Image.objects.filter(name="Groot").exists()
