"""Old addresses answer 301 to where an article lives now; the editor keeps them."""

from __future__ import annotations

import pytest

from loslaten.accounts.models import User
from loslaten.content.models import Redirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("redactie@example.org", "een-lang-wachtwoord-9")
    client.force_login(user)
    return client


def test_a_changed_slug_leaves_a_redirect_behind(make_article, client):
    article = make_article()
    old = article.get_absolute_url()
    article.slug = "een-nieuwe-naam"
    article.save()
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, "/blog/een-nieuwe-naam/")
    assert Redirect.objects.get(old_path=old).article == article


def test_changing_the_slug_back_never_makes_a_loop(make_article, client):
    article = make_article()
    first = article.get_absolute_url()
    article.slug = "tijdelijk"
    article.save()
    article.slug = first.split("/")[2]
    article.save()
    assert client.get(first).status_code == 200
    assert not Redirect.objects.filter(old_path=first).exists()
    assert client.get("/blog/tijdelijk/")["Location"] == first


def test_a_redirect_made_in_the_admin_works_and_can_be_changed(admin_client, make_article, client):
    article = make_article()
    response = admin_client.post(
        "/admin/content/redirect/add/",
        {"old_path": "/oude-plek/", "article": article.pk, "target": ""},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    client.logout()
    assert client.get("/oude-plek/")["Location"] == article.get_absolute_url()
    redirect = Redirect.objects.get(old_path="/oude-plek/")
    admin_client.force_login(User.objects.get(email="redactie@example.org"))
    admin_client.post(
        f"/admin/content/redirect/{redirect.pk}/change/",
        {"old_path": "/oude-plek/", "article": "", "target": "/blog/"},
    )
    admin_client.logout()
    assert client.get("/oude-plek/")["Location"] == "/blog/"


def test_an_existing_page_is_never_shadowed_by_a_redirect(make_article, client):
    article = make_article()
    Redirect.objects.create(old_path="/blog/", target="/elders/")
    assert client.get("/blog/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_redirect_to_a_hidden_article_is_a_404(make_article, client):
    article = make_article(published_at=None)
    Redirect.objects.create(old_path="/2010/10/05/verborgen/", article=article)
    assert client.get("/2010/10/05/verborgen/").status_code == 404
