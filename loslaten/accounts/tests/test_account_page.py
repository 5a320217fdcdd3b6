from loslaten.conftest import PASSWORD


def test_account_page_needs_a_login(client, db):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.url.startswith("/account/inloggen/?next=/account/")


def test_account_page_shows_address_name_and_the_ways_out(alice_client):
    html = alice_client.get("/account/").content.decode()
    assert "alice@example.org" in html
    assert 'value="Alice"' in html
    assert "/account/wachtwoord-wijzigen/" in html
    assert "/account/export.json" in html and "/account/export.csv" in html
    assert "/account/verwijderen/" in html
    assert "Mijn gegevens" in html


def test_account_page_saves_the_first_name(alice_client, alice):
    response = alice_client.post("/account/", {"first_name": "Alie"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.first_name == "Alie"


def test_password_change_keeps_you_logged_in(alice_client, alice):
    response = alice_client.post(
        "/account/wachtwoord-wijzigen/",
        {
            "old_password": PASSWORD,
            "new_password1": "nieuwe-adem-2024",
            "new_password2": "nieuwe-adem-2024",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("nieuwe-adem-2024")
    assert alice_client.get("/account/").status_code == 200


def test_password_change_needs_the_old_password(alice_client, alice):
    response = alice_client.post(
        "/account/wachtwoord-wijzigen/",
        {"old_password": "wrong", "new_password1": "x-y-z-1234a", "new_password2": "x-y-z-1234a"},
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_account_page_is_not_cached(alice_client):
    response = alice_client.get("/account/")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
