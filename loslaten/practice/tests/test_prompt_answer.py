import pytest
from django.urls import reverse

from loslaten.practice.models import JournalEntry
from loslaten.practice.tests.helpers import make_article

pytestmark = pytest.mark.django_db


def url(slug="de-kracht-van-een-lange-uitademing", anchor="prompt-1"):
    return reverse("practice:prompt_answer", kwargs={"slug": slug, "anchor": anchor})


def test_answer_is_saved_and_sends_back_to_the_prompt(alice_client, alice):
    article = make_article()
    response = alice_client.post(url(), {"text": "bij het opstaan"})
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#prompt-1"
    entry = JournalEntry.objects.get(user=alice)
    assert entry.kind == "prompt" and entry.article == article
    assert entry.prompt_text == "Wanneer hield je vandaag je adem in?"


def test_answer_shows_a_calm_message(alice_client):
    make_article()
    response = alice_client.post(url(), {"text": "x"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("dagboek" in m for m in messages)


def test_anonymous_visitor_goes_to_login_with_next(client):
    make_article()
    response = client.post(url(), {"text": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=")
    assert "prompt-1" in response["Location"]
    assert not JournalEntry.objects.exists()


def test_unknown_article_is_404(alice_client):
    assert alice_client.post(url(slug="bestaat-niet"), {"text": "x"}).status_code == 404


def test_unpublished_article_is_404(alice_client):
    make_article(published=False)
    assert alice_client.post(url(), {"text": "x"}).status_code == 404


def test_unknown_anchor_is_404(alice_client):
    make_article()
    assert alice_client.post(url(anchor="prompt-7"), {"text": "x"}).status_code == 404
    assert not JournalEntry.objects.exists()


def test_empty_answer_saves_nothing_and_says_why(alice_client):
    make_article()
    response = alice_client.post(url(), {"text": "  "}, follow=True)
    assert not JournalEntry.objects.exists()
    assert any("Schrijf iets op" in str(m) for m in response.context["messages"])


def test_too_long_answer_saves_nothing(alice_client, settings):
    settings.LOSLATEN_MAX_TEXT_CHARS = 100
    make_article()
    alice_client.post(url(), {"text": "x" * 101})
    assert not JournalEntry.objects.exists()


def test_get_is_not_allowed(alice_client):
    make_article()
    assert alice_client.get(url()).status_code == 405
