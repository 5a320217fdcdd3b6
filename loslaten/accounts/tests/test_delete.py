import pytest
from axes.models import AccessAttempt

from loslaten.accounts.models import Token, User
from loslaten.accounts.services import create_token
from loslaten.conftest import PASSWORD
from loslaten.practice import services as practice
from loslaten.practice.models import CheckIn, JournalEntry, Moment

DELETE = "/account/verwijderen/"


def fill(user):
    practice.create_checkin(
        user, breath="middle", shoulders="soft", jaw="soft", belly="soft", tension=3
    )
    practice.create_entry(user, f"{user.first_name} schrijft")
    practice.record_moment(user, "feet", 20)
    practice.update_settings(user, show_counts=False)
    create_token(user, "laptop")


@pytest.fixture
def both(alice, bob):
    fill(alice)
    fill(bob)
    return alice, bob


def counts(user_id):
    return [
        model.objects.filter(user_id=user_id).count()
        for model in (CheckIn, JournalEntry, Moment, Token)
    ]


def test_delete_page_explains_and_asks_for_confirmation(alice_client):
    html = alice_client.get(DELETE).content.decode()
    assert "kan niet ongedaan" in html
    assert 'name="confirm"' in html


@pytest.mark.parametrize("typed", ["alice@example.org", " ALICE@example.org ", PASSWORD])
def test_deleting_removes_everything_of_alice_and_nothing_of_bob(client, both, typed):
    alice, bob = both
    client.force_login(alice)
    response = client.post(DELETE, {"confirm": typed})
    assert response.status_code == 302
    assert response.url == "/account/tot-ziens/"
    assert not User.objects.filter(pk=alice.pk).exists()
    assert counts(alice.pk) == [0, 0, 0, 0]
    assert counts(bob.pk) == [1, 1, 1, 1]
    assert User.objects.filter(pk=bob.pk).exists()
    assert "_auth_user_id" not in client.session
    assert "Tot ziens" in client.get(response.url).content.decode()


def test_a_wrong_confirmation_deletes_nothing(client, both):
    alice, _ = both
    client.force_login(alice)
    response = client.post(DELETE, {"confirm": "bob@example.org"})
    assert response.status_code == 200
    assert "Er is niets verwijderd" in response.content.decode()
    assert counts(alice.pk) == [1, 1, 1, 1]


def test_an_empty_confirmation_deletes_nothing(alice_client, alice):
    alice_client.post(DELETE, {"confirm": ""})
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_needs_a_login(client, alice):
    response = client.post(DELETE, {"confirm": alice.email})
    assert response.status_code == 302
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_also_forgets_the_failed_logins(client, alice, settings):
    client.post("/account/inloggen/", {"username": alice.email, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=alice.email).exists()
    client.force_login(alice)
    client.post(DELETE, {"confirm": alice.email})
    assert not AccessAttempt.objects.filter(username=alice.email).exists()
