"""Icons are inline SVG drawn for the site: they show on every device, emoji font or not."""

import pytest
from django.urls import reverse

from loslaten.practice.tests.helpers import make_article

pytestmark = pytest.mark.django_db


def test_an_articles_prompt_shows_a_drawn_bulb_not_an_emoji(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<svg class="icon icon-bulb"' in html
    assert "💡" not in html


def test_the_practice_cards_have_their_icons(client, alice_client):
    visitor = client.get(reverse("practice:index")).content.decode()
    own = alice_client.get(reverse("practice:index")).content.decode()
    for name in ("breath", "body", "questions"):
        assert f'class="icon icon-{name}"' in visitor and f'class="icon icon-{name}"' in own
    assert 'aria-hidden="true" focusable="false"' in visitor
