import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from loslaten.content.tests.conftest import dangers

pytestmark = pytest.mark.django_db


def test_index_lists_published_articles_newest_first(client, make_article):
    make_article("Ouder stuk", published_at=timezone.now() - dt.timedelta(days=3))
    make_article("Nieuwer stuk", published_at=timezone.now() - dt.timedelta(days=1))
    html = client.get("/blog/").content.decode()
    assert html.index("Nieuwer stuk") < html.index("Ouder stuk")


def test_index_hides_future_and_draft_articles(client, make_article):
    make_article("Komt morgen", published_at=timezone.now() + dt.timedelta(days=1))
    make_article("Nog een concept", published_at=None)
    html = client.get("/blog/").content.decode()
    assert "Komt morgen" not in html
    assert "Nog een concept" not in html


def test_index_shows_reading_time_and_lede(client, make_article):
    make_article("Een stuk")
    html = client.get("/blog/").content.decode()
    assert "1 min" in html
    assert "Soms is loslaten niet meer dan één keer echt uitademen." in html


def test_index_is_paginated_by_ten(client, make_article):
    for n in range(12):
        make_article(f"Stuk {n:02d}", published_at=timezone.now() - dt.timedelta(hours=n + 1))
    first = client.get("/blog/").content.decode()
    second = client.get("/blog/?pagina=2").content.decode()
    assert first.count('class="article-item"') == 10
    assert second.count('class="article-item"') == 2
    assert "Stuk 00" in first and "Stuk 11" in second
    assert 'rel="next" href="?pagina=2"' in first


@pytest.mark.parametrize("page", ["3", "0", "niets"])
def test_a_page_that_does_not_exist_is_a_404(client, make_article, page):
    make_article()
    assert client.get(f"/blog/?pagina={page}").status_code == 404


def test_category_page_lists_only_its_articles(client, make_article):
    make_article("Over adem", categories=("Adem en lichaam",))
    make_article("Over werk", categories=("Dagelijks leven",))
    html = client.get("/blog/categorie/adem-en-lichaam/").content.decode()
    assert "Over adem" in html and "Over werk" not in html


def test_unknown_category_is_a_404(client, db):
    assert client.get("/blog/categorie/bestaat-niet/").status_code == 404


def test_unknown_article_is_a_404(client, db):
    assert client.get("/blog/bestaat-niet/").status_code == 404


@pytest.mark.parametrize("when", [None, "future"])
def test_unpublished_article_is_a_404(client, make_article, when):
    published_at = timezone.now() + dt.timedelta(days=2) if when else None
    article = make_article(published_at=published_at)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(article.get_absolute_url() + "?preview=1").status_code == 404


def test_staff_may_preview_a_draft(client, make_article, alice):
    alice.is_staff = True
    alice.save()
    client.force_login(alice)
    article = make_article(published_at=None)
    response = client.get(article.get_absolute_url() + "?preview=1")
    assert response.status_code == 200
    assert 'name="robots" content="noindex"' in response.content.decode()


def test_a_logged_in_reader_who_is_not_staff_cannot_preview(alice_client, make_article):
    article = make_article(published_at=None)
    assert alice_client.get(article.get_absolute_url() + "?preview=1").status_code == 404


def test_article_page_shows_every_block(client, make_article):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="vragen"' in html and "Eerst onrust, daarna ruimte." in html
    assert '<h2 id="wat-er-gebeurt-als-je-uitademt"' in html
    assert 'class="story"' in html and "De rij bij de bakker" in html
    assert 'class="pullquote"' in html and "Je hoeft niets te forceren." in html
    assert 'id="prompt-1"' in html and 'id="prompt-2"' in html
    assert 'id="faq-1"' in html and "Helpt het meteen?" in html
    assert 'id="actie"' in html
    assert 'id="newsletter-signup-title"' in html


def test_each_prompt_invites_an_answer_to_the_practice_url(alice_client, make_article):
    article = make_article()
    html = alice_client.get(article.get_absolute_url()).content.decode()
    slug = article.slug
    assert f'<form method="post" action="/oefenen/vraag/{slug}/prompt-1/"' in html
    assert f'action="/oefenen/vraag/{slug}/prompt-2/"' in html
    assert html.count('<textarea id="prompt-') == 2
    assert 'name="text"' in html
    assert "Bewaar in je dagboek" in html


def test_anonymous_readers_are_told_answers_are_private_and_need_an_account(client, make_article):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    # No form (and so no CSRF token) for readers: the page stays the same for everyone.
    assert "<textarea" not in html and "csrfmiddlewaretoken" not in html
    assert "privé" in html
    assert f"/account/inloggen/?next=%2Fblog%2F{article.slug}%2F%23prompt-1" in html


def test_logged_in_readers_get_no_login_link(alice_client, make_article):
    article = make_article()
    html = alice_client.get(article.get_absolute_url()).content.decode()
    assert "/account/inloggen/?next=" not in html


def test_read_further_links_to_a_published_article_by_title(client, make_article):
    make_article("Een Ánder stuk", slug="ander-stuk")
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/blog/ander-stuk/">Een Ánder stuk</a>' in html


def test_read_further_stays_plain_text_without_a_match(client, make_article):
    make_article("Een ander stuk", slug="ander-stuk", published_at=None)
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Een ander stuk" in html
    assert 'href="/blog/ander-stuk/"' not in html


def test_related_articles_share_a_category(client, make_article):
    article = make_article("Adem eerst", categories=("Adem en lichaam",))
    make_article("Ook over adem", categories=("Adem en lichaam",), body="Iets anders.", lede="Ja.")
    make_article("Over werk", categories=("Dagelijks leven",), body="Mail.", lede="Vergaderen.")
    html = client.get(article.get_absolute_url()).content.decode()
    related = html[html.index('id="gerelateerd"') :]
    assert "Ook over adem" in related
    assert "Over werk" not in related


MALICIOUS = """## Kop <script>alert(1)</script>

<img src=x onerror="alert(2)"> en [klik](javascript:alert(3))

::: verhaal <b onmouseover=alert(4)>Titel</b>
<iframe src="https://elders.example"></iframe>
:::

> "<style>body{display:none}</style>"

💡 <a href="javascript:alert(5)">vraag</a>

Lees verder: <script>alert(6)</script>

::: faq
### <script>alert(7)</script>?
<span style="color:red">antwoord</span>
:::
"""


def test_nothing_an_author_writes_can_run_on_the_page(client, make_article):
    article = make_article(body=MALICIOUS, title="Poging </script><script>alert(8)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert dangers(html) == []
    # The JSON-LD block must not be closed early by the title.
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        assert "<" not in block


def test_article_page_loads_nothing_from_another_host_and_weighs_under_100_kb(client, make_article):
    article = make_article(
        body=Path(__file__)
        .parents[1]
        .joinpath("sample", "microgeluk-in-de-rij.md")
        .read_text()
        .split("---", 2)[2]
    )
    html = client.get(article.get_absolute_url()).content.decode()
    sources = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert not [
        s
        for s in sources
        if s.startswith(("http://", "https://", "//")) and not s.startswith("http://testserver")
    ]
    css = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assert css
    total = len(html.encode()) + sum(Path(finders.find(c)).stat().st_size for c in css)
    assert total < 100 * 1024


def test_english_readers_are_told_the_articles_are_dutch_and_so_are_their_screen_readers(
    client, make_article
):
    article = make_article("Een stuk")
    client.cookies["django_language"] = "en"
    for url in ("/blog/", article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "The articles are written in Dutch." in html, url
    html = client.get("/blog/").content.decode()
    assert '<h2 lang="nl"><a href="/blog/een-stuk/">Een stuk</a></h2>' in html
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="byline small" lang="en">' in html


def test_dutch_readers_get_no_note_about_the_language(client, make_article):
    make_article("Een stuk")
    html = client.get("/blog/").content.decode()
    assert "in het Nederlands geschreven" not in html
