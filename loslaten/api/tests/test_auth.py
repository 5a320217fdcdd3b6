import datetime as dt

import pytest
from django.utils import timezone

from loslaten.accounts.services import revoke_token
from loslaten.api.tests.conftest import ApiClient

ENDPOINTS = [
    ("get", "/api/checkins"),
    ("post", "/api/checkins"),
    ("get", "/api/checkins/1"),
    ("patch", "/api/checkins/1"),
    ("delete", "/api/checkins/1"),
    ("get", "/api/journal"),
    ("post", "/api/journal"),
    ("get", "/api/journal/1"),
    ("patch", "/api/journal/1"),
    ("delete", "/api/journal/1"),
    ("post", "/api/moments"),
    ("get", "/api/day/2025-03-04"),
    ("get", "/api/export"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_endpoint_needs_a_token(anonymous_api, method, path):
    response = getattr(anonymous_api, method)(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_answers_401_with_a_reason(db):
    response = ApiClient("ll_not-a-real-token").get("/api/checkins")
    assert response.status_code == 401
    assert response.json() == {"detail": "invalid token"}


def test_a_revoked_token_answers_401_with_a_reason(alice, alice_token, alice_api):
    assert alice_api.get("/api/checkins").status_code == 200
    revoke_token(alice, alice_token[0].pk)
    response = alice_api.get("/api/checkins")
    assert response.status_code == 401
    assert response.json() == {"detail": "token revoked"}


def test_a_session_cookie_is_not_enough(alice_client):
    assert alice_client.get("/api/checkins").status_code == 401


def test_a_token_of_a_deleted_account_stops_working(alice, alice_api):
    alice.delete()
    assert alice_api.get("/api/checkins").status_code == 401


def test_using_a_token_notes_when_it_was_last_used(alice_token, alice_api):
    token = alice_token[0]
    assert token.last_used_at is None
    alice_api.get("/api/checkins")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    alice_api.get("/api/checkins")
    token.refresh_from_db()
    assert token.last_used_at == first  # not written again within the minute


def test_last_used_is_written_again_after_a_minute(alice_token, alice_api):
    token = alice_token[0]
    token.last_used_at = timezone.now() - dt.timedelta(minutes=2)
    token.save()
    alice_api.get("/api/checkins")
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < dt.timedelta(seconds=10)


def test_the_openapi_schema_is_public_and_names_the_bearer_scheme(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/checkins" in schema["paths"]
    assert "/api/day/{day}" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
