from loslaten.accounts.services import create_token
from loslaten.api.tests.conftest import CHECKIN
from loslaten.practice import services


def test_export_has_alices_data_and_nothing_of_bobs(alice_api, alice, bob):
    services.create_checkin(alice, **CHECKIN, on_mind="alice haar gedachte")
    services.create_entry(alice, "alice haar dagboek")
    services.create_checkin(bob, **CHECKIN, on_mind="bob zijn gedachte")
    create_token(bob, "bob laptop")
    response = alice_api.get("/api/export")
    assert response.status_code == 200
    data = response.json()
    assert data["account"][0]["email"] == "alice@example.org"
    assert data["checkins"][0]["on_mind"] == "alice haar gedachte"
    assert data["journal"][0]["text"] == "alice haar dagboek"
    assert [t["name"] for t in data["tokens"]] == ["alice script"]
    assert "bob" not in response.content.decode()


def test_export_holds_no_secrets(alice_api, alice, alice_token):
    text = alice_api.get("/api/export").content.decode()
    assert alice_token[0].digest not in text and alice_token[1] not in text
    assert alice.password not in text
