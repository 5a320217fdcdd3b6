"""The API is as strict as its docs: JSON errors, JSON in UTF-8 only, no coercion, no
silently dropped fields.

Found from outside: HTML answers for 404 and 405; JSON taken as text/plain, without a
Content-Type and in UTF-16; `true` and `"6"` taken as numbers; unknown fields ignored.
"""

from __future__ import annotations

import json

import pytest

from loslaten.practice.models import CheckIn, JournalEntry, Moment

CHECKIN = {"breath": "high", "shoulders": "tense", "jaw": "neutral", "belly": "soft", "tension": 6}


@pytest.mark.parametrize("path", ["/api/bestaat-niet", "/api/checkins/1/meer", "/api/"])
def test_an_unknown_route_answers_json_404(alice_api, path):
    response = alice_api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}


def test_a_wrong_method_answers_json_405_and_says_what_is_allowed(alice_api):
    response = alice_api.put("/api/checkins", CHECKIN, content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}
    assert "POST" in response["Allow"]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", json.dumps(CHECKIN).encode()),
        ("application/x-www-form-urlencoded", json.dumps(CHECKIN).encode()),
        ("application/json; charset=utf-16", json.dumps(CHECKIN).encode("utf-16")),
        ("application/json", json.dumps(CHECKIN).encode("utf-16")),
        ("application/json", json.dumps(CHECKIN).encode("utf-32")),
        ("application/json; charset=latin-1", json.dumps(CHECKIN).encode("latin-1")),
    ],
)
def test_a_body_that_is_not_json_in_utf8_is_refused_with_415(alice_api, content_type, body):
    response = alice_api.generic("POST", "/api/checkins", body, content_type=content_type)
    assert response.status_code == 415
    assert "JSON in UTF-8" in response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_a_body_without_content_type_is_refused_with_415(alice_api):
    body = json.dumps(CHECKIN).encode()
    response = alice_api.generic("POST", "/api/checkins", body, content_type="")
    assert response.status_code == 415
    assert not CheckIn.objects.exists()


def test_json_in_utf8_with_or_without_charset_is_taken(alice_api):
    for content_type in ("application/json", "application/json; charset=UTF-8"):
        body = json.dumps({"text": "Zeeën en rivieren 🌊"}).encode()
        response = alice_api.generic("POST", "/api/journal", body, content_type=content_type)
        assert response.status_code == 201, response.content
    assert JournalEntry.objects.count() == 2


@pytest.mark.parametrize("tension", [True, "6", 6.5, None])
def test_a_number_must_be_a_json_number(alice_api, tension):
    response = alice_api.post("/api/checkins", CHECKIN | {"tension": tension})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "tension"
    assert not CheckIn.objects.exists()


def test_a_duration_must_be_a_json_number(alice_api):
    response = alice_api.post("/api/moments", {"kind": "exhale", "duration_s": "60"})
    assert response.status_code == 422
    assert not Moment.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/checkins", CHECKIN | {"tensoin": 3}),
        ("post", "/api/journal", {"text": "Vandaag", "titel": "Een typfout"}),
        ("post", "/api/moments", {"kind": "exhale", "duration_s": 60, "user_id": 2}),
    ],
)
def test_an_unknown_field_is_refused_with_422_naming_it(alice_api, method, path, body):
    response = getattr(alice_api, method)(path, body)
    assert response.status_code == 422
    unknown = next(k for k in body if k not in ("text", "kind", "duration_s", *CHECKIN))
    detail = response.json()["detail"]
    assert any(d["type"] == "extra_forbidden" and d["loc"][-1] == unknown for d in detail)


def test_an_unknown_field_in_a_change_is_refused_and_nothing_changes(alice_api):
    made = alice_api.post("/api/journal", {"text": "Eerst"}).json()
    response = alice_api.patch(f"/api/journal/{made['id']}", {"txt": "Anders"})
    assert response.status_code == 422
    assert JournalEntry.objects.get(pk=made["id"]).text == "Eerst"


def test_a_time_is_still_read_from_its_iso_text(alice_api):
    response = alice_api.post("/api/journal", {"text": "Gisteren", "at": "2025-03-04T08:30:00Z"})
    assert response.status_code == 201
    assert response.json()["at"].startswith("2025-03-04T08:30:00")
