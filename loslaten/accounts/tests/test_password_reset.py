import re

from django.core import mail

from loslaten.conftest import PASSWORD

RESET = "/account/wachtwoord-vergeten/"
NEW_PASSWORD = "lange-uitademing-77"


def reset_link(client, email: str) -> str:
    response = client.post(RESET, {"email": email})
    assert response.status_code == 302
    assert response.url == "/account/wachtwoord-vergeten/verstuurd/"
    assert len(mail.outbox) == 1
    match = re.search(
        r"http://testserver(/account/wachtwoord-vergeten/\S+/\S+/)", mail.outbox[0].body
    )
    assert match, mail.outbox[0].body
    return match.group(1)


def test_reset_mails_a_dutch_link_to_the_owner(client, alice):
    reset_link(client, "Alice@example.org")
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "nieuw wachtwoord" in message.subject.lower()
    assert "Loslaten" in message.subject
    assert "werkt één keer" in message.body


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, db):
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == "/account/wachtwoord-vergeten/verstuurd/"
    assert mail.outbox == []


def test_reset_link_sets_a_new_password_once(client, alice):
    link = reset_link(client, alice.email)
    response = client.get(link)
    assert response.status_code == 302  # Django moves the token into the session
    form_url = response.url
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/account/wachtwoord-vergeten/klaar/"
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not alice.check_password(PASSWORD)

    response = client.get(link, follow=True)
    assert "Deze link werkt niet meer" in response.content.decode()


def test_reset_refuses_a_weak_new_password(client, alice):
    link = reset_link(client, alice.email)
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": "1234", "new_password2": "1234"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_forged_link_does_not_work(client, alice):
    response = client.get("/account/wachtwoord-vergeten/MQ/bad-token/", follow=True)
    assert "Deze link werkt niet meer" in response.content.decode()
