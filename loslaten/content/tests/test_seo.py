import json
import re

import pytest

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


def test_article_has_schema_org_article(client, make_article, settings):
    settings.BASE_URL = "https://loslaten.example"
    article = make_article(author="Mira")
    html = client.get(article.get_absolute_url()).content.decode()
    data = next(d for d in json_ld(html) if d["@type"] == "Article")
    assert data["headline"] == article.title
    assert data["datePublished"].startswith(article.published_at.date().isoformat()[:4])
    assert data["author"]["name"] == "Mira"
    assert data["url"] == f"https://loslaten.example/blog/{article.slug}/"


def test_article_with_faq_has_faqpage(client, make_article):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    faq = next(d for d in json_ld(html) if d["@type"] == "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == [
        "Hoe vaak moet ik dit doen?",
        "Helpt het meteen?",
    ]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Zo vaak als je wilt."


def test_article_without_faq_has_no_faqpage(client, make_article):
    article = make_article(body="## Kop\n\nAlleen tekst.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert [d["@type"] for d in json_ld(html)] == ["Article"]


def test_script_in_text_cannot_break_out_of_json_ld(client, make_article):
    article = make_article(lede="Een </script><script>alert(1)</script> lede")
    html = client.get(article.get_absolute_url()).content.decode()
    data = next(d for d in json_ld(html) if d["@type"] == "Article")
    assert data["description"] == "Een </script><script>alert(1)</script> lede"


def test_canonical_and_open_graph_use_base_url(client, make_article, settings):
    settings.BASE_URL = "https://loslaten.example"
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    url = f"https://loslaten.example/blog/{article.slug}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'property="og:description"' in html
