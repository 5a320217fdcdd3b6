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


def test_account_forms_speak_like_the_rest_of_the_site(alice_client, client):
    # No trailing colons after the labels, and no formal "Uw wachtwoord ..." from Django.
    pages = [
        client.get("/account/inloggen/"),
        client.get("/account/aanmelden/"),
        client.get("/account/wachtwoord-vergeten/"),
        alice_client.get("/account/"),
        alice_client.get("/account/wachtwoord-wijzigen/"),
        alice_client.get("/account/verwijderen/"),
    ]
    for response in pages:
        html = response.content.decode()
        assert ":</label>" not in html, response.wsgi_request.path
        assert "Uw wachtwoord" not in html, response.wsgi_request.path
    html = alice_client.get("/account/wachtwoord-wijzigen/").content.decode()
    assert "Minstens 8 tekens, niet te voor de hand liggend." in html


def test_signup_links_to_log_in_not_to_sign_up(client):
    # "Log in" as a msgid was translated by Django's own Dutch catalogue as "Aanmelden".
    html = client.get("/account/aanmelden/").content.decode()
    assert '<a href="/account/inloggen/">Inloggen</a>' in html
