import pytest

from loslaten.api.tests.conftest import field_names
from loslaten.practice import services
from loslaten.practice.models import JournalEntry


@pytest.fixture
def alices_entry(alice):
    return services.create_entry(alice, "vandaag liet ik iets los", title="Dinsdag")


def test_write_an_entry(alice_api, alice):
    response = alice_api.post("/api/journal", {"title": "Ochtend", "text": "rustig begonnen"})
    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Ochtend" and body["text"] == "rustig begonnen"
    assert body["kind"] == "free" and body["article"] is None
    assert JournalEntry.objects.get(pk=body["id"]).user == alice


def test_list_entries_only_your_own_and_search(alice_api, alices_entry, bob):
    services.create_entry(bob, "bob laat ook los")
    services.create_entry(alices_entry.user, "iets anders")
    page = alice_api.get("/api/journal").json()
    assert len(page["items"]) == 2 and page["count"] == 2
    found = alice_api.get("/api/journal", {"q": "LIET"}).json()
    assert [e["id"] for e in found["items"]] == [alices_entry.pk]
    assert found["count"] == 1


def test_get_an_entry(alice_api, alices_entry):
    assert alice_api.get(f"/api/journal/{alices_entry.pk}").json()["title"] == "Dinsdag"


def test_patch_an_entry(alice_api, alices_entry):
    response = alice_api.patch(f"/api/journal/{alices_entry.pk}", {"text": "nieuwe tekst"})
    assert response.status_code == 200
    alices_entry.refresh_from_db()
    assert alices_entry.text == "nieuwe tekst" and alices_entry.title == "Dinsdag"


def test_delete_an_entry(alice_api, alices_entry):
    assert alice_api.delete(f"/api/journal/{alices_entry.pk}").status_code == 204
    assert not JournalEntry.objects.exists()


def test_an_empty_text_is_named(alice_api):
    assert field_names(alice_api.post("/api/journal", {"text": ""})) == ["text"]
    assert field_names(alice_api.post("/api/journal", {"title": "x"})) == ["text"]


def test_a_long_title_is_named(alice_api):
    assert field_names(alice_api.post("/api/journal", {"text": "x", "title": "t" * 201})) == [
        "title"
    ]


def test_a_too_long_text_is_named_with_the_limit(alice_api, settings):
    settings.LOSLATEN_MAX_TEXT_CHARS = 100
    response = alice_api.post("/api/journal", {"text": "x" * 101})
    assert field_names(response) == ["text"]


def test_patch_cannot_empty_the_text(alice_api, alices_entry):
    assert field_names(alice_api.patch(f"/api/journal/{alices_entry.pk}", {"text": None})) == [
        "text"
    ]


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_bob_gets_404_on_alices_entry(bob_api, alices_entry, method):
    url = f"/api/journal/{alices_entry.pk}"
    response = getattr(bob_api, method)(url, {"text": "van bob"} if method == "patch" else None)
    assert response.status_code == 404
    alices_entry.refresh_from_db()
    assert alices_entry.text == "vandaag liet ik iets los"
