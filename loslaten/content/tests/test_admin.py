import pytest

from loslaten.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("redactie@example.org", "een-lang-wachtwoord-9")
    client.force_login(user)
    return client


def test_admin_change_page_shows_a_preview_of_the_blocks(admin_client, make_article):
    article = make_article(published_at=None)
    response = admin_client.get(f"/admin/content/article/{article.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wat merk je als je stopt met duwen?" in html
    assert "#prompt-1" in html
    assert f"/blog/{article.slug}/?preview=1" in html


def test_admin_lists_articles_and_categories(admin_client, make_article):
    make_article()
    assert "Eén bewuste uitademing" in admin_client.get("/admin/content/article/").content.decode()
    assert "Adem en lichaam" in admin_client.get("/admin/content/category/").content.decode()


def test_admin_add_computes_reading_time(admin_client, db):
    from loslaten.content.models import Article, Category

    category = Category.objects.create(name="Rust", slug="rust")
    response = admin_client.post(
        "/admin/content/article/add/",
        {
            "title": "Nieuw",
            "slug": "nieuw",
            "kind": "post",
            "categories": [category.pk],
            "lede": "Kort.",
            "author": "Loslaten",
            "body_markdown": "woord " * 500,
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get(slug="nieuw").reading_minutes == 3
