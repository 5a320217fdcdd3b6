"""Private pages and API answers are never kept by the browser (a shared device)."""

from __future__ import annotations

import pytest

from loslaten.accounts.services import create_token


@pytest.mark.parametrize(
    "path",
    [
        "/oefenen/",
        "/oefenen/dagboek/",
        "/oefenen/vandaag/",
        "/oefenen/check-in/",
        "/oefenen/drie-vragen/",
        "/oefenen/instellingen/",
        "/oefenen/stap-voor-stap/",
        "/account/",
        "/blog/",  # a public page, but rendered with alice's menu
    ],
)
def test_a_private_page_is_not_stored_by_the_browser(alice_client, path):
    response = alice_client.get(path)
    assert response.status_code == 200, path
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/api/journal", "/api/checkins", "/api/export", "/api/nope"])
def test_every_api_answer_is_not_stored(client, alice, path):
    _, secret = create_token(alice, "script")
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert "no-store" in response["Cache-Control"]
    # also a refusal
    assert "no-store" in client.get(path)["Cache-Control"]


def test_an_anonymous_readers_article_list_may_still_be_cached(client, db):
    response = client.get("/blog/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
