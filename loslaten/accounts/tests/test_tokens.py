import datetime as dt

from django.utils import timezone

from loslaten.accounts.models import Token
from loslaten.accounts.services import (
    check_token,
    create_token,
    hash_token,
    revoke_token,
    touch_token,
)


def test_create_token_stores_only_a_digest_and_a_prefix(alice):
    token, secret = create_token(alice, "laptop")
    assert secret.startswith("ll_") and len(secret) > 40
    assert token.digest == hash_token(secret)
    assert secret.startswith(token.prefix) and len(token.prefix) == 11
    stored = Token.objects.filter(pk=token.pk).values()[0]
    assert secret not in [str(v) for v in stored.values()]


def test_check_token_finds_a_live_token_and_notes_its_use(alice):
    token, secret = create_token(alice, "laptop")
    found = check_token(secret)
    assert found.token == token and found.token.user == alice
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_check_token_refuses_unknown_and_revoked_tokens(alice):
    token, secret = create_token(alice, "laptop")
    assert check_token("ll_nope").reason == "invalid token"
    assert check_token("").token is None
    revoke_token(alice, token.pk)
    assert check_token(secret).token is None
    assert check_token(secret).reason == "token revoked"


def test_check_token_refuses_an_inactive_account(alice):
    _, secret = create_token(alice, "laptop")
    alice.is_active = False
    alice.save()
    assert check_token(secret).token is None


def test_last_used_is_written_at_most_once_a_minute(alice):
    token, _ = create_token(alice, "laptop")
    now = timezone.now()
    assert touch_token(token, now) is True
    assert touch_token(token, now + dt.timedelta(seconds=30)) is False
    assert touch_token(token, now + dt.timedelta(seconds=61)) is True
    token.refresh_from_db()
    assert token.last_used_at == now + dt.timedelta(seconds=61)


def test_nobody_can_revoke_someone_elses_token(alice, bob):
    token, _ = create_token(alice, "laptop")
    assert revoke_token(bob, token.pk) is False
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_created_on_the_account_page_is_shown_once(alice_client, alice):
    response = alice_client.post("/account/tokens/", {"name": "mijn script"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = Token.objects.get(user=alice)
    html = response.content.decode()
    secret = html.split('id="token-secret" type="text" readonly value="')[1].split('"')[0]
    assert hash_token(secret) == token.digest
    assert token.name == "mijn script"
    page = alice_client.get("/account/").content.decode()
    assert "mijn script" in page and token.prefix in page
    assert secret not in page


def test_token_needs_a_name(alice_client, alice):
    response = alice_client.post("/account/tokens/", {"name": ""})
    assert response.status_code == 422
    assert not Token.objects.exists()


def test_token_create_needs_a_post_and_a_login(client, alice_client):
    assert alice_client.get("/account/tokens/").status_code == 405
    alice_client.logout()
    assert alice_client.post("/account/tokens/", {"name": "x"}).status_code == 302
    assert not Token.objects.exists()


def test_revoking_on_the_account_page(alice_client, alice):
    token, _ = create_token(alice, "laptop")
    response = alice_client.post(f"/account/tokens/{token.pk}/intrekken/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "ingetrokken" in alice_client.get("/account/").content.decode()


def test_bob_cannot_revoke_alices_token_on_the_page(alice, bob_client):
    token, _ = create_token(alice, "laptop")
    bob_client.post(f"/account/tokens/{token.pk}/intrekken/")
    token.refresh_from_db()
    assert token.revoked_at is None
