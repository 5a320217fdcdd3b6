import pytest

# The home page reads the latest articles.
pytestmark = pytest.mark.django_db


def test_every_page_has_a_content_security_policy_without_inline_script(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "default-src 'self'" in csp


def test_privacy_headers_are_set(client):
    response = client.get("/")
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_hsts_is_sent_only_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "Strict-Transport-Security" not in client.get("/").headers
    assert "Strict-Transport-Security" in client.get("/", secure=True).headers


def test_hsts_covers_subdomains_and_preloads_only_when_asked(settings):
    from django.test import Client

    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # A new client per variant: SecurityMiddleware reads its settings when it is built.
    hsts = Client().get("/", secure=True).headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains"
    settings.SECURE_HSTS_PRELOAD = True
    hsts = Client().get("/", secure=True).headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_a_missing_page_gets_the_same_headers(client):
    response = client.get("/bestaat-niet-%C3%A9chtt/")
    assert response.status_code == 404
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_the_policy_allows_nothing_from_other_hosts(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    for name, value in directives.items():
        assert "http" not in value and "*" not in value, name
    assert client.get("/").headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_view_with_its_own_policy_keeps_it(rf):
    from django.http import HttpResponse

    from loslaten.core.middleware import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("ok")
        response.headers["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(view)(rf.get("/"))
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
