"""Oversized requests get a 413 with a message people can read, on every path."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse

from loslaten.core.middleware import RequestLimitMiddleware, human_size

LIMIT = 4096


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT


def too_big() -> dict[str, str]:
    return {"text": "loslaten " * (LIMIT // 4)}


@pytest.mark.parametrize(
    "path",
    ["/", "/nieuwsbrief/", "/account/inloggen/", "/oefenen/dagboek/", "/zoeken/", "/admin/"],
)
def test_an_oversized_form_post_gets_a_413_page_in_dutch(client, path):
    response = client.post(path, too_big())
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert '<html lang="nl">' in body
    assert "Dit verzoek is groter dan Loslaten aanneemt (ten hoogste 4 kB)" in body
    # The refusal still carries the site's security headers.
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_413_page_speaks_english_to_an_english_reader(client):
    response = client.post("/", too_big(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert "This request is larger than Loslaten accepts (at most 4 kB)" in response.text
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("path", ["/api/journal", "/api/checkins", "/api/nothing-here"])
def test_an_oversized_api_request_gets_a_413_in_json(client, path):
    payload = json.dumps({"text": "x" * (LIMIT + 1)})
    response = client.post(path, payload, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["limit_bytes"] == LIMIT
    assert "4 kB" in data["detail"]


def test_put_and_patch_are_limited_too(client):
    payload = json.dumps({"text": "x" * (LIMIT + 1)})
    for method in (client.put, client.patch):
        assert method("/api/journal/1", payload, content_type="application/json").status_code == 413


def test_a_request_just_under_the_limit_passes_through(client, db):
    response = client.post("/", {"text": "x" * (LIMIT - 100)})
    assert response.status_code != 413


def test_the_limit_follows_the_setting(client, settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    assert client.post("/", too_big()).status_code != 413


def test_request_data_too_big_raised_by_a_view_becomes_a_413(rf):
    def view(request):
        raise AssertionError("not reached")

    middleware = RequestLimitMiddleware(view)
    request = rf.post("/oefenen/dagboek/", {"text": "kort"})
    response = middleware.process_exception(request, RequestDataTooBig("too big"))
    assert response.status_code == 413
    assert middleware.process_exception(request, ValueError("other")) is None


def test_an_unreadable_content_length_is_left_to_django(rf):
    request = rf.post("/", {"text": "kort"})
    request.META["CONTENT_LENGTH"] = "veel"
    response = RequestLimitMiddleware(lambda r: HttpResponse("ok"))(request)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("size", "text"), [(900, "900 bytes"), (4096, "4 kB"), (1048576, "1 MB"), (1572864, "1.5 MB")]
)
def test_sizes_read_the_way_people_say_them(size, text):
    assert human_size(size) == text
