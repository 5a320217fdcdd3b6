import re
from io import StringIO

import pytest
from django.core.management import call_command

from loslaten.content.models import Article
from loslaten.content.services import newest_prompt

pytestmark = pytest.mark.django_db


def test_loadsample_loads_the_twelve_articles_into_an_empty_database():
    out = StringIO()
    call_command("loadsample", stdout=out)
    assert "Loaded 12 sample articles." in out.getvalue()
    assert Article.objects.count() == 12
    newest = Article.objects.published().first()
    assert newest.slug == "microgeluk-in-de-rij"
    assert newest_prompt() == newest.prompts()[0][1]


def test_every_sample_article_has_every_kind_of_block():
    call_command("loadsample", stdout=StringIO())
    for article in Article.objects.all():
        kinds = {block.kind for block in article.blocks}
        assert kinds >= {"questions", "heading", "story", "quote", "prompt", "faq", "action"}, (
            article.slug
        )
        assert 3 <= article.reading_minutes <= 20


def test_every_sample_read_further_finds_its_article(client):
    call_command("loadsample", stdout=StringIO())
    for article in Article.objects.all():
        html = client.get(article.get_absolute_url()).content.decode()
        assert html.count('<span class="read-further-label">') == html.count(
            '<span class="read-further-label">Lees verder:</span> <a href="/blog/'
        ), article.slug


def test_loadsample_does_nothing_when_there_are_articles(make_article):
    make_article()
    out = StringIO()
    call_command("loadsample", stdout=out)
    assert "not loaded" in out.getvalue()
    assert Article.objects.count() == 1


def test_four_samples_have_a_featured_image_and_one_an_inline_figure():
    from loslaten.content.media import Stored

    err = StringIO()
    call_command("loadsample", stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""  # every sample image was found and stored
    illustrated = Article.objects.exclude(featured_image=None)
    assert illustrated.count() == 4
    assert all(a.featured_alt and a.featured_image.width == 1600 for a in illustrated)
    body = Article.objects.get(slug="microgeluk-in-de-rij").body_markdown
    (src,) = re.findall(r"!\[[^\]]+\]\((\S+) \"Wachten kan ook", body)
    assert Stored.from_url(src) is not None
