"""A body that cannot be read gets a 400 with the site's headers, never a bare 500.

Found from outside: a form POST with `charset=utf-16` made the CSRF check raise, then the
400 handler (which ran the CSRF check again) raised, then the 500 handler did too.
"""

from __future__ import annotations

import sys

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from loslaten.core import views

pytestmark = pytest.mark.django_db

FORM = "csrfmiddlewaretoken=x&username=a%40example.org&email=a%40example.org&password=y"
UNREADABLE = [
    ("application/x-www-form-urlencoded; charset=utf-16", FORM.encode("utf-16")),
    ("application/x-www-form-urlencoded; charset=latin-1", FORM.encode("latin-1")),
    ("multipart/form-data", b"--no-boundary--"),
]


def browser() -> Client:
    """A client like a browser: CSRF is checked, errors become responses as in production."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get("/account/inloggen/")  # the CSRF cookie
    return client


@pytest.mark.parametrize(("content_type", "body"), UNREADABLE)
@pytest.mark.parametrize(
    "path", ["/account/inloggen/", "/account/aanmelden/", "/account/wachtwoord-vergeten/"]
)
def test_an_unreadable_form_body_gets_a_400_page_with_the_usual_headers(path, content_type, body):
    response = browser().generic("POST", path, body, content_type=content_type)
    assert response.status_code == 400
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Dit verzoek konden we niet lezen" in response.text


@pytest.mark.parametrize("path", ["/api/journal", "/api/bestaat-niet"])
def test_an_unreadable_body_on_the_api_gets_json(client, path):
    client.raise_request_exception = False
    content_type, body = UNREADABLE[0]
    response = client.generic("POST", path, body, content_type=content_type)
    assert response.status_code == 415
    assert "JSON in UTF-8" in response.json()["detail"]
    assert "default-src 'self'" in response["Content-Security-Policy"]


def unreadable_request():
    content_type, body = UNREADABLE[0]
    return RequestFactory().generic("POST", "/account/inloggen/", body, content_type=content_type)


@pytest.mark.parametrize(
    ("handler", "status"),
    [
        (views.bad_request, 400),
        (views.permission_denied, 403),
        (views.page_not_found, 404),
    ],
)
def test_every_error_view_renders_without_reading_the_body(handler, status):
    request = unreadable_request()
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert handler(request, Exception()).status_code == status


def test_the_500_and_503_pages_render_without_reading_the_body():
    request = unreadable_request()
    try:
        raise ValueError("boom")
    except ValueError:
        assert views.server_error(request).status_code == 500
    try:
        raise OperationalError("the database is away")
    except OperationalError:
        assert sys.exc_info()[0] is OperationalError
        response = views.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"]
