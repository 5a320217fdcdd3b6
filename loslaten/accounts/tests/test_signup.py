from django.core import mail

from loslaten.accounts.models import User
from loslaten.conftest import PASSWORD

SIGNUP = "/account/aanmelden/"


def test_signup_page_is_dutch_with_a_csrf_token(client, db):
    html = client.get(SIGNUP).content.decode()
    assert "Account maken" in html
    assert "csrfmiddlewaretoken" in html


def test_signup_creates_an_account_logs_in_and_goes_to_the_practice(client, db):
    response = client.post(
        SIGNUP, {"email": "Carla@Example.org", "password": PASSWORD, "first_name": "Carla"}
    )
    assert response.status_code == 302
    assert response.url == "/oefenen/"
    user = User.objects.get(email="carla@example.org")
    assert user.first_name == "Carla"
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_follows_a_local_next_but_not_another_host(client, db):
    response = client.post(
        SIGNUP, {"email": "c@example.org", "password": PASSWORD, "next": "/oefenen/dagboek/"}
    )
    assert response.url == "/oefenen/dagboek/"
    client.logout()
    response = client.post(
        SIGNUP, {"email": "d@example.org", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.url == "/oefenen/"


def test_signup_with_a_known_address_says_nothing_and_mails_the_owner(client, alice):
    response = client.post(SIGNUP, {"email": "ALICE@example.org", "password": "other-pass-99x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kijk in je mailbox" in html
    assert "bestaat al" not in html and "al een account" not in html
    assert "_auth_user_id" not in client.session
    assert User.objects.filter(email="alice@example.org").count() == 1
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)  # the stranger's password was ignored
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "http://testserver/account/wachtwoord-vergeten/" in mail.outbox[0].body


def test_signup_refuses_a_weak_password_with_a_reason(client, db):
    response = client.post(SIGNUP, {"email": "c@example.org", "password": "12345678"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not User.objects.filter(email="c@example.org").exists()


def test_signup_refuses_a_password_like_the_address(client, db):
    response = client.post(SIGNUP, {"email": "zonnebloem@example.org", "password": "zonnebloem"})
    assert "errorlist" in response.content.decode()
    assert not User.objects.exists()


def test_signup_refuses_a_bad_address(client, db):
    response = client.post(SIGNUP, {"email": "not-an-address", "password": PASSWORD})
    assert "errorlist" in response.content.decode()
    assert not User.objects.exists()


def test_signed_in_person_is_sent_on_from_signup(alice_client):
    assert alice_client.get(SIGNUP).status_code == 302


def test_signup_speaks_english_too(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(SIGNUP).content.decode()
    assert "Create an account" in html


def test_passwords_are_hashed_with_argon2(client, db, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    client.post(SIGNUP, {"email": "c@example.org", "password": PASSWORD})
    assert User.objects.get(email="c@example.org").password.startswith("argon2$")
