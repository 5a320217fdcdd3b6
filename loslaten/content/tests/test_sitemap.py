import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_has_home_index_categories_and_published_articles(client, make_article, settings):
    settings.BASE_URL = "https://loslaten.example"
    make_article("Zichtbaar", categories=("Adem en lichaam",))
    make_article("Verborgen", categories=("Geheim",), published_at=timezone.now() + dt.timedelta(1))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    locations = [e.text for e in root.findall("s:url/s:loc", NS)]
    assert set(locations) == {
        "https://loslaten.example/",
        "https://loslaten.example/blog/",
        "https://loslaten.example/blog/categorie/adem-en-lichaam/",
        "https://loslaten.example/blog/zichtbaar/",
    }
