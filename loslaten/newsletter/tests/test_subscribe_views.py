import re

import pytest
from django.core import mail
from django.test import Client

from loslaten.newsletter import tokens
from loslaten.newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/nieuwsbrief/bevestigen/[^/\s]+/)", message.body).group(1)


def test_signup_page_shows_the_form(client):
    response = client.get("/nieuwsbrief/")
    assert response.status_code == 200
    assert b'name="email"' in response.content


def test_home_page_includes_the_form(client):
    response = client.get("/")
    assert b'action="/nieuwsbrief/"' in response.content
    assert b'name="first_name"' in response.content


def test_signup_creates_a_pending_subscriber_and_sends_one_confirmation(client):
    response = client.post("/nieuwsbrief/", {"email": "Lotte@Example.org", "first_name": "Lotte"})
    assert response.status_code == 302
    assert response["Location"] == "/nieuwsbrief/bijna-klaar/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lotte@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.first_name == "Lotte"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lotte@example.org"]
    assert "/nieuwsbrief/bevestigen/" in mail.outbox[0].body


def test_signup_rejects_an_invalid_address(client):
    response = client.post("/nieuwsbrief/", {"email": "geen-adres"})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_signup_form_works_without_a_csrf_token_and_still_only_asks_for_confirmation():
    # The form on cached article pages has no token; double opt-in makes a forged sign-up
    # harmless: it can only send the one confirmation email.
    response = Client(enforce_csrf_checks=True).post("/nieuwsbrief/", {"email": "a@example.org"})
    assert response.status_code == 302
    assert Subscriber.objects.get(email="a@example.org").status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1


def test_signup_with_the_account_address_needs_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/nieuwsbrief/", {"account": "1"})
    assert response.status_code == 403
    assert not Subscriber.objects.filter(email=alice.email).exists()


def test_signing_up_a_confirmed_address_gives_the_same_answer_and_sends_nothing(client):
    Subscriber.objects.create(email="jan@example.org", status=Subscriber.Status.CONFIRMED)
    new = client.post("/nieuwsbrief/", {"email": "nieuw@example.org"})
    mail.outbox.clear()
    known = client.post("/nieuwsbrief/", {"email": "jan@example.org", "first_name": "Indringer"})
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert not mail.outbox
    assert Subscriber.objects.get(email="jan@example.org").first_name == ""


def test_at_most_one_confirmation_per_hour_per_address(client):
    for _ in range(3):
        client.post("/nieuwsbrief/", {"email": "mila@example.org"})
    assert len(mail.outbox) == 1


def test_a_new_confirmation_after_an_hour(client, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    client.post("/nieuwsbrief/", {"email": "mila@example.org"})
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - dt.timedelta(minutes=61))
    client.post("/nieuwsbrief/", {"email": "mila@example.org"})
    assert len(mail.outbox) == 2


def test_confirm_link_get_shows_a_button_and_post_confirms(client):
    client.post("/nieuwsbrief/", {"email": "sam@example.org"})
    link = confirm_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    done = client.post(link)
    assert done.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert list(subscriber.events.values_list("kind", flat=True)) == ["signup", "confirm"]


def test_expired_confirm_link_is_refused(client, monkeypatch):
    client.post("/nieuwsbrief/", {"email": "sam@example.org"})
    link = confirm_link(mail.outbox[0])
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", -1)
    assert client.post(link).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_tampered_confirm_link_is_refused(client):
    client.post("/nieuwsbrief/", {"email": "sam@example.org"})
    link = confirm_link(mail.outbox[0])
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    assert client.get(tampered).status_code == 400
    assert client.post(tampered).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_name_given_when_signing_up_again_applies_only_after_confirming(client):
    Subscriber.objects.create(email="kim@example.org", first_name="Kim")
    client.post("/nieuwsbrief/", {"email": "kim@example.org", "first_name": "Kimmy"})
    assert Subscriber.objects.get().first_name == "Kim"
    client.post(confirm_link(mail.outbox[0]))
    assert Subscriber.objects.get().first_name == "Kimmy"


def test_unsubscribed_address_signs_up_again_with_confirmation(client):
    Subscriber.objects.create(email="ida@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    client.post("/nieuwsbrief/", {"email": "ida@example.org"})
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    client.post(confirm_link(mail.outbox[0]))
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_logged_in_person_signs_up_with_one_click_and_still_confirms(alice_client):
    page = alice_client.get("/nieuwsbrief/")
    assert b"alice@example.org" in page.content
    response = alice_client.post("/nieuwsbrief/", {"account": "1"})
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "alice@example.org"
    assert subscriber.first_name == "Alice"
    assert subscriber.consent_method == "account"
    assert subscriber.status == Subscriber.Status.PENDING
    assert mail.outbox[0].to == ["alice@example.org"]


def test_ip_is_not_stored_by_default(client):
    client.post("/nieuwsbrief/", {"email": "sam@example.org"}, REMOTE_ADDR="192.0.2.7")
    assert Subscriber.objects.get().events.get().ip is None


def test_ip_is_stored_when_the_setting_asks(client, settings):
    settings.LOSLATEN_NEWSLETTER_STORE_IP = True
    client.post("/nieuwsbrief/", {"email": "sam@example.org"}, REMOTE_ADDR="192.0.2.7")
    assert Subscriber.objects.get().events.get().ip == "192.0.2.7"
