import json
import re

import pytest
from django.core import mail
from django.test import Client

from loslaten.newsletter import tokens
from loslaten.newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def lotte():
    return Subscriber.objects.create(
        email="lotte@example.org", first_name="Lotte", status=Subscriber.Status.CONFIRMED
    )


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def unsubscribe_path(subscriber):
    return f"/nieuwsbrief/afmelden/{tokens.unsubscribe_token(subscriber.pk)}/"


def manage_path(subscriber):
    return f"/nieuwsbrief/beheer/{tokens.manage_token(subscriber.pk)}/"


def test_unsubscribe_get_shows_one_button_and_changes_nothing(csrf_client, lotte):
    response = csrf_client.get(unsubscribe_path(lotte))
    assert response.status_code == 200
    assert response.content.count(b"<button") >= 1
    lotte.refresh_from_db()
    assert lotte.status == Subscriber.Status.CONFIRMED


def test_one_click_post_unsubscribes_at_once_without_csrf_token(csrf_client, lotte):
    response = csrf_client.post(
        unsubscribe_path(lotte),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    lotte.refresh_from_db()
    assert lotte.status == Subscriber.Status.UNSUBSCRIBED
    assert lotte.unsubscribed_at is not None
    assert lotte.events.get().method == "one-click"


def test_button_post_unsubscribes_too(csrf_client, lotte):
    csrf_client.post(unsubscribe_path(lotte))
    lotte.refresh_from_db()
    assert lotte.status == Subscriber.Status.UNSUBSCRIBED


def test_tampered_unsubscribe_token_is_refused(csrf_client, lotte):
    response = csrf_client.post(unsubscribe_path(lotte)[:-3] + "x/")
    assert response.status_code == 400
    lotte.refresh_from_db()
    assert lotte.status == Subscriber.Status.CONFIRMED


def test_unsubscribe_token_cannot_open_the_manage_page(client, lotte):
    token = tokens.unsubscribe_token(lotte.pk)
    assert client.get(f"/nieuwsbrief/beheer/{token}/").status_code == 404


def test_unsubscribed_stays_unsubscribed_until_signing_up_again(client, lotte):
    client.post(unsubscribe_path(lotte))
    client.post(unsubscribe_path(lotte))
    lotte.refresh_from_db()
    assert lotte.status == Subscriber.Status.UNSUBSCRIBED


def test_manage_page_shows_the_address(client, lotte):
    response = client.get(manage_path(lotte))
    assert response.status_code == 200
    assert b"lotte@example.org" in response.content
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_manage_rename(client, lotte):
    response = client.post(manage_path(lotte), {"action": "name", "first_name": "Lot"})
    assert response.status_code == 302
    lotte.refresh_from_db()
    assert lotte.first_name == "Lot"


def test_manage_change_address_needs_confirmation_of_the_new_one(client, lotte):
    client.post(manage_path(lotte), {"action": "email", "email": "lot@example.net"})
    lotte.refresh_from_db()
    assert lotte.email == "lotte@example.org"
    assert lotte.pending_email == "lot@example.net"
    assert mail.outbox[-1].to == ["lot@example.net"]
    link = re.search(r"http://testserver(/nieuwsbrief/bevestigen/[^/\s]+/)", mail.outbox[-1].body)
    client.post(link.group(1))
    lotte.refresh_from_db()
    assert lotte.email == "lot@example.net"
    assert lotte.pending_email == ""
    assert lotte.status == Subscriber.Status.CONFIRMED


def test_change_to_an_address_already_on_the_list_is_refused_on_confirm(client, lotte):
    Subscriber.objects.create(email="bezet@example.org", status=Subscriber.Status.CONFIRMED)
    client.post(manage_path(lotte), {"action": "email", "email": "bezet@example.org"})
    link = re.search(r"http://testserver(/nieuwsbrief/bevestigen/[^/\s]+/)", mail.outbox[-1].body)
    assert client.post(link.group(1)).status_code == 409
    lotte.refresh_from_db()
    assert lotte.email == "lotte@example.org"


def test_download_gives_everything_stored_as_json(client, lotte):
    response = client.get(manage_path(lotte) + "gegevens.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["email"] == "lotte@example.org"
    assert data["first_name"] == "Lotte"
    assert data["status"] == "confirmed"
    assert "consent" in data and "history" in data


def test_erase_deletes_the_subscriber_and_the_link_stops_working(client, lotte):
    response = client.post(manage_path(lotte), {"action": "erase"})
    assert response.status_code == 200
    assert not Subscriber.objects.filter(pk=lotte.pk).exists()
    assert client.get(manage_path(lotte)).status_code == 404


def test_bob_cannot_use_alices_manage_link_by_changing_the_id(client):
    alice = Subscriber.objects.create(email="alice@example.org", first_name="Alice")
    bob = Subscriber.objects.create(email="bob@example.org", first_name="Bob")
    bobs = tokens.manage_token(bob.pk)
    forged = f"{alice.pk}:{bobs.split(':', 1)[1]}"
    assert client.get(f"/nieuwsbrief/beheer/{forged}/").status_code == 404
    assert client.post(f"/nieuwsbrief/beheer/{forged}/", {"action": "erase"}).status_code == 404
    assert client.get(f"/nieuwsbrief/beheer/{forged}/gegevens.json").status_code == 404
    assert Subscriber.objects.filter(pk=alice.pk).exists()


def test_alices_link_only_ever_changes_alice(client):
    alice = Subscriber.objects.create(email="alice@example.org", first_name="Alice")
    bob = Subscriber.objects.create(email="bob@example.org", first_name="Bob")
    client.post(manage_path(alice), {"action": "name", "first_name": "A."})
    bob.refresh_from_db()
    assert bob.first_name == "Bob"
    data = json.loads(client.get(manage_path(alice) + "gegevens.json").content)
    assert data["email"] == "alice@example.org"
