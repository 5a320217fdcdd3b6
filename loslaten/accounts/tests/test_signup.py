"""Signing up: one page for every address, a mail to the address, nobody logged in."""

import time_machine
from django.core import mail
from django.utils import timezone

from loslaten.accounts import services
from loslaten.accounts.models import User
from loslaten.accounts.services import SIGNUP_MAIL_INTERVAL
from loslaten.accounts.tests.helpers import (
    SIGNUP,
    WELCOME_LINK,
    sign_up,
    welcome_link,
    without_csrf,
)
from loslaten.conftest import PASSWORD


def test_signup_page_asks_only_for_an_address_and_a_name(client, db):
    html = client.get(SIGNUP).content.decode()
    assert "Account maken" in html
    assert "csrfmiddlewaretoken" in html
    assert 'name="email"' in html and 'name="first_name"' in html
    assert 'type="password"' not in html
    assert '<input type="hidden" name="next"' not in html


def test_a_new_and_a_known_address_get_the_same_page(client, alice):
    new = sign_up(client, "carla@example.org", "Carla")
    known = sign_up(client, "alice@example.org", "Carla")
    assert new.status_code == known.status_code == 200
    assert without_csrf(new.content.decode()) == without_csrf(known.content.decode())
    assert sorted(new.cookies) == sorted(known.cookies)
    assert "Kijk in je mailbox" in new.content.decode()


def test_signup_logs_nobody_in(client, alice):
    sign_up(client, "carla@example.org")
    sign_up(client, "alice@example.org")
    assert "_auth_user_id" not in client.session
    assert client.get("/account/").status_code == 302


def test_the_check_mail_page_mentions_spam_and_the_ten_minutes(client, db):
    html = sign_up(client, "carla@example.org").content.decode()
    assert "ongewenste mail" in html
    assert "tien minuten" in html
    assert f'href="{SIGNUP}"' in html


def test_a_new_address_gets_an_account_without_a_password_and_one_welcome_mail(client, db):
    sign_up(client, "Carla@Example.org", "Carla")
    user = User.objects.get(email="carla@example.org")
    assert user.first_name == "Carla"
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carla@example.org"]
    assert message.subject == "Kies je wachtwoord voor Loslaten"
    assert welcome_link(message).startswith("/account/welkom/")


def test_the_welcome_mail_says_how_long_the_link_works_and_that_ignoring_it_is_fine(
    client, db, settings
):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60
    sign_up(client, "carla@example.org")
    body = mail.outbox[0].body
    assert "blijft 3 dagen geldig" in body
    assert "hoef je niets te doen" in body


def test_a_stranger_with_alices_address_changes_nothing_and_alice_is_told(client, alice):
    sign_up(client, "ALICE@example.org", "Mallory")
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    assert alice.first_name == "Alice"
    assert User.objects.filter(email="alice@example.org").count() == 1
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "Er is al een account met dit adres" in message.body
    assert "http://testserver/account/wachtwoord-vergeten/" in message.body
    assert not WELCOME_LINK.search(message.body)


def test_a_second_signup_within_ten_minutes_sends_nothing_but_looks_the_same(client, alice):
    for email in ("carla@example.org", "alice@example.org"):
        first = sign_up(client, email)
        second = sign_up(client, email.upper())
        assert without_csrf(first.content.decode()) == without_csrf(second.content.decode())
    assert [message.to for message in mail.outbox] == [
        ["carla@example.org"],
        ["alice@example.org"],
    ]


def test_after_ten_minutes_the_same_address_gets_a_new_mail(client, alice):
    sign_up(client, "alice@example.org")
    with time_machine.travel(timezone.now() + SIGNUP_MAIL_INTERVAL, tick=False):
        sign_up(client, "alice@example.org")
    assert len(mail.outbox) == 2


def test_the_mail_limit_keeps_no_address_in_the_database(db):
    key = services._signup_mail_key("carla@example.org")
    assert "carla" not in key and "example" not in key
    assert key != services._signup_mail_key("dora@example.org")


def test_a_mail_that_could_not_be_sent_may_be_asked_for_again_at_once(client, db, monkeypatch):
    def broken(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(services, "send_mail", broken)
    # The worker's mail fails; the person saw the usual page and was told to check their mail.
    response = sign_up(client, "carla@example.org", "Carla")
    assert "carla@example.org" not in [m.to[0] for m in mail.outbox]
    monkeypatch.undo()
    sign_up(client, "carla@example.org", "Carla")
    assert [message.to for message in mail.outbox] == [["carla@example.org"]]
    assert response.status_code == 200


def test_losing_a_race_for_a_new_address_uses_the_account_the_other_made(alice, monkeypatch):
    # The other sign-up made the account between our lookup and our insert.
    monkeypatch.setattr("django.db.models.query.QuerySet.first", lambda self: None)
    services.sign_up("alice@example.org", "Mallory")
    monkeypatch.undo()
    assert User.objects.filter(email="alice@example.org").count() == 1
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD) and alice.first_name == "Alice"
    assert len(mail.outbox) == 1 and not WELCOME_LINK.search(mail.outbox[0].body)


def test_an_inactive_account_without_a_password_gets_no_link(client, db):
    user = User(email="carla@example.org", is_active=False)
    user.set_unusable_password()
    user.save()
    sign_up(client, "carla@example.org")
    assert mail.outbox == []


def test_signup_refuses_a_bad_address(client, db):
    response = client.post(SIGNUP, {"email": "not-an-address", "first_name": "Carla"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not User.objects.exists()
    assert mail.outbox == []


def test_signed_in_person_is_sent_on_from_signup(alice_client):
    response = alice_client.get(SIGNUP)
    assert response.status_code == 302
    assert response.url == "/oefenen/"


def test_signup_speaks_english_too(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(SIGNUP).content.decode()
    assert "Create an account" in html
    html = sign_up(client, "carla@example.org").content.decode()
    assert "Check your inbox" in html
    assert mail.outbox[0].subject == "Choose your password for Loslaten"
