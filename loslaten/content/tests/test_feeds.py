import datetime as dt

import feedparser
import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feeds_list_published_articles_newest_first(client, make_article, url, settings):
    settings.BASE_URL = "https://loslaten.example"
    make_article("Oud", published_at=timezone.now() - dt.timedelta(days=2))
    make_article("Nieuw", categories=("Adem en lichaam", "Dagelijks leven"))
    make_article("Later", published_at=timezone.now() + dt.timedelta(days=2))
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Nieuw", "Oud"]
    first = feed.entries[0]
    assert first.link == "https://loslaten.example/blog/nieuw/"
    assert first.summary.startswith("Soms is loslaten")
    assert {t.term for t in first.tags} == {"Adem en lichaam", "Dagelijks leven"}
    assert first.get("author") == "Loslaten"


def test_rss_is_rss_and_atom_is_atom(client, db):
    assert feedparser.parse(client.get("/feed/").content).version == "rss20"
    assert feedparser.parse(client.get("/feed/atom/").content).version == "atom10"
