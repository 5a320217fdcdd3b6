import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_says_in_dutch_what_loslaten_is(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Loslaten: ruimte maken in je lijf" in html
    assert "geen medisch advies" in html


def test_home_offers_reading_practice_and_the_step_by_step_path(client):
    html = client.get("/").content.decode()
    assert 'href="/blog/"' in html
    assert 'href="/oefenen/adem/"' in html
    assert 'href="/oefenen/stap-voor-stap/"' in html
    assert "Acht kleine stappen" in html


def test_home_asks_for_the_newsletter_once(client):
    html = client.get("/").content.decode()
    # The sign-up form below the cards; no card that repeats it.
    assert html.count('action="/nieuwsbrief/"') == 1
    cards = html.split('<section class="cards">', 1)[1].split("</section>", 1)[0]
    assert "nieuwsbrief" not in cards


def test_home_has_the_search_box_with_its_invitation(client):
    html = client.get("/").content.decode()
    assert 'action="/zoeken/"' in html
    assert "Vind het inzicht dat jou vandaag verder brengt" in html


def test_home_switches_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Letting go: making room in your body" in html
    assert "Eight small steps" in html


def test_the_language_switch_needs_no_csrf_token_and_keeps_next_on_this_site(db):
    client = Client(enforce_csrf_checks=True)
    assert "csrfmiddlewaretoken" not in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/blog/"})
    assert (response.status_code, response["Location"]) == (302, "/blog/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    away = client.post("/i18n/setlang/", {"language": "nl", "next": "https://elders.example/"})
    assert away["Location"] == "/"


def test_home_loads_nothing_from_another_host(client):
    html = client.get("/").content.decode()
    for attribute in ('src="http', "src='http", 'href="//', 'src="//'):
        assert attribute not in html
    assert 'rel="stylesheet" href="/static/' in html


def test_robots_keeps_the_private_practice_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /oefenen/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_home_shows_the_three_latest_articles_with_lede_and_reading_time(client, samples):
    from loslaten.content.models import Article

    latest = list(Article.objects.published()[:4])
    html = client.get("/").content.decode()
    for article in latest[:3]:
        assert article.get_absolute_url() in html
        assert article.lede[:40] in html
    assert html.count("min lezen") == 3
    assert latest[3].get_absolute_url() not in html


def test_home_shows_a_logged_in_person_their_day(alice_client):
    html = alice_client.get("/").content.decode()
    assert 'href="/oefenen/vandaag/"' in html
    assert 'class="day-glance"' in html and "<svg" in html
    # The model's disclaimer is said once, under the day, not again at the foot of the page.
    assert html.count("geen meting en geen medisch advies") == 1
    assert "Dit model is een uitleg, geen meting en geen medisch advies." in html
    # The small chart carries the model's band too, and says what it is.
    assert 'class="band-area q-cortisol"' in html
    assert "De lichte band is de onzekerheid van het model." in html


def test_home_shows_no_day_to_a_visitor(client):
    html = client.get("/").content.decode()
    assert 'class="day-glance"' not in html
