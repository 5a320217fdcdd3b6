import io
import json
import zipfile

import pytest

from loslaten.accounts.services import create_token
from loslaten.practice import services as practice


@pytest.fixture
def alice_data(alice):
    practice.create_checkin(
        alice,
        breath="high",
        shoulders="tense",
        jaw="neutral",
        belly="soft",
        tension=7,
        on_mind="de deadline van alice",
    )
    practice.create_entry(alice, "alice schrijft over loslaten", title="Alice dag")
    practice.record_moment(alice, "exhale", 10)
    create_token(alice, "alice laptop")
    return alice


@pytest.fixture
def bob_data(bob):
    practice.create_checkin(
        bob,
        breath="low",
        shoulders="soft",
        jaw="soft",
        belly="soft",
        tension=1,
        on_mind="geheim van bob",
    )
    practice.create_entry(bob, "bob zijn dagboek", title="Bob dag")
    create_token(bob, "bob telefoon")
    return bob


def test_export_needs_a_login(client, db):
    assert client.get("/account/export.json").status_code == 302
    assert client.get("/account/export.csv").status_code == 302


def test_json_export_has_alices_data_and_not_bobs(client, alice_data, bob_data):
    client.force_login(alice_data)
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"][0]["email"] == "alice@example.org"
    assert data["checkins"][0]["on_mind"] == "de deadline van alice"
    assert data["journal"][0]["text"] == "alice schrijft over loslaten"
    assert data["moments"][0]["kind"] == "exhale"
    assert [t["name"] for t in data["tokens"]] == ["alice laptop"]
    text = response.content.decode()
    assert "bob" not in text


def test_json_export_never_holds_secrets(client, alice_data):
    token = alice_data.tokens.get()
    client.force_login(alice_data)
    text = client.get("/account/export.json").content.decode()
    assert alice_data.password not in text
    assert token.digest not in text
    assert "password" not in text


def test_csv_export_is_a_zip_of_csv_files_with_alices_data_only(client, alice_data, bob_data):
    client.force_login(alice_data)
    response = client.get("/account/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        assert {"account.csv", "tokens.csv", "checkins.csv", "journal.csv"} <= names
        everything = "".join(archive.read(n).decode("utf-8-sig") for n in names)
    assert "alice@example.org" in everything
    assert "de deadline van alice" in everything
    assert "alice laptop" in everything
    assert "bob" not in everything
    assert alice_data.password not in everything


def test_csv_export_defuses_spreadsheet_formulas(client, alice):
    alice.first_name = "=HYPERLINK(1)"
    alice.save()
    client.force_login(alice)
    with zipfile.ZipFile(io.BytesIO(client.get("/account/export.csv").content)) as archive:
        account = archive.read("account.csv").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in account
