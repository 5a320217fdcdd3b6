"""Error pages speak the site's language and wear its header and footer, not Django's."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_404_is_a_friendly_dutch_page_with_the_site_around_it(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Deze pagina bestaat niet (meer)" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert 'href="/blog/"' in html
    assert "Not Found" not in html


@override_settings(DEBUG=False)
def test_404_in_english(client):
    client.cookies["django_language"] = "en"
    html = client.get("/oefenen/model/bestaat-niet/").content.decode()
    assert '<html lang="en">' in html
    assert "This page does not exist (any more)" in html


@override_settings(DEBUG=False)
def test_an_expired_form_gets_a_kind_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/inloggen/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Dit formulier is verlopen" in html
    assert "CSRF verification failed" not in html
    assert 'class="site-footer"' in html


def test_500_needs_no_context_and_has_no_inline_style():
    request = RequestFactory().get("/")
    with translation.override("en"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "/static/loslaten/site.css" in html
    assert "style=" not in html and "<script" not in html
