"""The welcome link: only the mailbox's owner chooses the password, once."""

import re

import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from loslaten.accounts.models import User
from loslaten.accounts.services import SIGNUP_MAIL_INTERVAL
from loslaten.accounts.tests.helpers import (
    LOGIN,
    NEW_PASSWORD,
    SIGNUP,
    choose_password,
    last_welcome_link,
    open_form,
    sign_up,
    welcome_link,
)
from loslaten.conftest import PASSWORD

INVALID = "Deze link werkt niet meer"


def uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def pending(user: User) -> User:
    """``user`` as if they had signed up and not yet chosen a password."""
    user.set_unusable_password()
    user.save()
    return user


def test_following_the_welcome_link_logs_in_and_lands_on_the_practice(client, db):
    sign_up(client, "carla@example.org", "Carla")
    response = choose_password(client, last_welcome_link())
    assert response.status_code == 302
    assert response.url == "/oefenen/"
    carla = User.objects.get(email="carla@example.org")
    assert client.session["_auth_user_id"] == str(carla.pk)
    assert "Welkom. Je account is klaar." in client.get("/oefenen/").content.decode()


def test_the_welcome_page_asks_for_the_password_with_the_sites_rules(client, db):
    sign_up(client, "carla@example.org")
    html = client.get(open_form(client, last_welcome_link())).content.decode()
    assert "Kies je wachtwoord" in html
    assert "Minstens 8 tekens, niet te voor de hand liggend." in html
    assert 'autocomplete="new-password"' in html
    assert ":</label>" not in html and "Uw wachtwoord" not in html


def test_the_chosen_password_works_for_login_afterwards(client, db):
    sign_up(client, "carla@example.org")
    choose_password(client, last_welcome_link())
    client.post("/account/uitloggen/")
    assert "_auth_user_id" not in client.session
    response = client.post(LOGIN, {"username": "carla@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/oefenen/"


def test_the_welcome_link_works_once(client, db):
    sign_up(client, "carla@example.org")
    link = last_welcome_link()
    choose_password(client, link)
    client.post("/account/uitloggen/")
    response = client.get(link, follow=True)
    assert INVALID in response.content.decode()
    carla = User.objects.get(email="carla@example.org")
    assert carla.check_password(NEW_PASSWORD)


def test_a_weak_password_is_refused_on_the_welcome_page_with_a_reason(client, db):
    sign_up(client, "carla@example.org")
    form_url = open_form(client, last_welcome_link())
    response = client.post(form_url, {"new_password1": "1234", "new_password2": "1234"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html
    assert "te algemeen" in html
    assert "_auth_user_id" not in client.session
    assert not User.objects.get(email="carla@example.org").has_usable_password()


def test_a_password_like_the_address_is_refused(client, db):
    sign_up(client, "zonnebloem@example.org")
    form_url = open_form(client, last_welcome_link())
    response = client.post(form_url, {"new_password1": "zonnebloem", "new_password2": "zonnebloem"})
    assert "errorlist" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_bobs_welcome_link_cannot_be_used_for_alice(client, alice, bob):
    pending(alice)
    pending(bob)
    sign_up(client, "bob@example.org")
    bobs_token = last_welcome_link().rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"/account/welkom/{uid(alice)}/{bobs_token}/", follow=True)
    html = response.content.decode()
    assert INVALID in html
    assert f'href="{SIGNUP}"' in html
    assert "_auth_user_id" not in client.session
    alice.refresh_from_db()
    assert not alice.has_usable_password()


def test_the_welcome_page_never_opens_for_an_account_with_a_password(client, alice):
    # Even with a token that is right for alice (as in her own password-reset mail).
    token = default_token_generator.make_token(alice)
    response = client.get(f"/account/welkom/{uid(alice)}/{token}/", follow=True)
    assert INVALID in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_forged_welcome_link_shows_a_way_back_to_sign_up(client, db):
    response = client.get("/account/welkom/MQ/bad-token/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert INVALID in html
    assert f'href="{SIGNUP}"' in html
    assert f'href="{LOGIN}"' in html


def test_who_never_chose_a_password_can_sign_up_again_and_gets_a_new_link(client, db):
    sign_up(client, "carla@example.org", "Carla")
    with time_machine.travel(timezone.now() + SIGNUP_MAIL_INTERVAL, tick=False):
        sign_up(client, "carla@example.org", "Someone else")
    assert len(mail.outbox) == 2
    assert [message.subject for message in mail.outbox] == ["Kies je wachtwoord voor Loslaten"] * 2
    assert User.objects.get(email="carla@example.org").first_name == "Carla"
    response = choose_password(client, welcome_link(mail.outbox[1]))
    assert response.url == "/oefenen/"


def test_who_never_chose_a_password_can_use_password_reset(client, db):
    sign_up(client, "carla@example.org")
    response = client.post("/account/wachtwoord-vergeten/", {"email": "Carla@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    reset = re.search(
        r"http://testserver(/account/wachtwoord-vergeten/\S+/\S+/)", mail.outbox[1].body
    )
    assert reset, mail.outbox[1].body
    form_url = open_form(client, reset.group(1))
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == "/account/wachtwoord-vergeten/klaar/"
    assert User.objects.get(email="carla@example.org").check_password(NEW_PASSWORD)


def test_password_reset_still_skips_inactive_accounts(client, db):
    User.objects.create_user("carla@example.org", PASSWORD, is_active=False)
    client.post("/account/wachtwoord-vergeten/", {"email": "carla@example.org"})
    assert mail.outbox == []


def test_a_password_chosen_on_the_welcome_page_is_hashed_with_argon2(client, db, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    sign_up(client, "carla@example.org")
    choose_password(client, last_welcome_link())
    assert User.objects.get(email="carla@example.org").password.startswith("argon2$")
