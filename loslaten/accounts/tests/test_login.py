import pytest
from django.conf import settings as django_settings

from loslaten.conftest import PASSWORD

LOGIN = "/account/inloggen/"


def test_login_page_has_the_email_and_password_fields(client, db):
    html = client.get(LOGIN).content.decode()
    assert 'type="email"' in html and 'type="password"' in html
    assert "Wachtwoord vergeten?" in html


def test_login_with_the_right_password_goes_to_the_practice(client, alice):
    response = client.post(LOGIN, {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/oefenen/"
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_login_ignores_the_case_of_the_address(client, alice):
    response = client.post(LOGIN, {"username": "Alice@Example.ORG", "password": PASSWORD})
    assert response.status_code == 302


def test_login_follows_next(client, alice):
    response = client.post(
        LOGIN + "?next=/account/", {"username": alice.email, "password": PASSWORD}
    )
    assert response.url == "/account/"


def test_login_refuses_next_to_another_host(client, alice):
    response = client.post(
        LOGIN + "?next=https://evil.example/", {"username": alice.email, "password": PASSWORD}
    )
    assert response.url == "/oefenen/"


def test_wrong_password_shows_one_vague_message(client, alice):
    response = client.post(LOGIN, {"username": alice.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post_and_ends_the_session(alice_client):
    assert alice_client.get("/account/uitloggen/").status_code == 405
    response = alice_client.post("/account/uitloggen/")
    assert response.status_code == 302
    assert "_auth_user_id" not in alice_client.session


def test_logout_is_protected_against_csrf(alice, client):
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(alice)
    assert csrf_client.post("/account/uitloggen/").status_code == 403


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_lockout_after_too_many_failures_with_a_dutch_message(client, alice, limit):
    for _ in range(limit - 1):
        response = client.post(LOGIN, {"username": alice.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": alice.email, "password": "wrong"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Even pauze met inloggen" in html
    assert "Nieuw wachtwoord aanvragen" in html
    # Even the right password is refused while locked out.
    response = client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_counts_the_address_in_any_case(client, alice, limit):
    for spelling in ("alice@example.org", "ALICE@example.org", "Alice@Example.org"):
        response = client.post(LOGIN, {"username": spelling, "password": "wrong"})
    assert response.status_code == 429


def test_lockout_is_per_address(client, alice, bob, limit):
    for _ in range(limit):
        client.post(LOGIN, {"username": alice.email, "password": "wrong"})
    response = client.post(LOGIN, {"username": bob.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_success_resets_the_failure_count(client, alice, limit):
    for _ in range(limit - 1):
        client.post(LOGIN, {"username": alice.email, "password": "wrong"})
    client.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    client.post("/account/uitloggen/")
    for _ in range(limit - 1):
        response = client.post(LOGIN, {"username": alice.email, "password": "wrong"})
    assert response.status_code == 200


def test_lockout_template_is_configured():
    assert django_settings.AXES_LOCKOUT_TEMPLATE == "accounts/lockout.html"
