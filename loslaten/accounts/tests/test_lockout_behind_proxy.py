"""Behind nginx, a stranger's wrong passwords do not lock the owner out.

Found from outside: behind the documented nginx every request came from 127.0.0.1, so
five wrong passwords for an address locked it for everybody, for an hour.
"""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client, RequestFactory
from django.utils import timezone

from loslaten.accounts import services
from loslaten.conftest import PASSWORD
from loslaten.core.clientip import client_ip

LOGIN = "/account/inloggen/"
RESET = "/account/wachtwoord-vergeten/"
NGINX = "127.0.0.1"
OWNER_IP = "198.51.100.20"
NEW_PASSWORD = "rustig-uitademen-aan-zee-58"


@pytest.fixture(autouse=True)
def behind_nginx(settings):
    from loslaten.config import trusted_proxies

    settings.LOSLATEN_TRUSTED_PROXIES = trusted_proxies("127.0.0.1,::1")
    settings.AXES_FAILURE_LIMIT = 5


def through_nginx(ip: str) -> Client:
    """A browser at `ip`, seen through nginx: the connection is nginx's, the address is in
    X-Forwarded-For as nginx's $proxy_add_x_forwarded_for writes it."""
    return Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=ip)


def wrong_passwords(client: Client, email: str, times: int) -> list[int]:
    return [
        client.post(LOGIN, {"username": email, "password": "geraden"}).status_code
        for _ in range(times)
    ]


def test_a_stranger_is_locked_out_and_the_owner_still_logs_in(alice):
    stranger = through_nginx("203.0.113.66")
    assert wrong_passwords(stranger, alice.email, 6)[-1] == 429
    owner = through_nginx(OWNER_IP)
    response = owner.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(alice.pk)


def test_an_address_the_stranger_wrote_into_the_header_is_not_believed(alice):
    # The stranger sends X-Forwarded-For: <owner's address>; nginx appends the real one.
    stranger = through_nginx(f"{OWNER_IP}, 203.0.113.66")
    wrong_passwords(stranger, alice.email, 6)
    response = through_nginx(OWNER_IP).post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_client_ip_is_read_from_the_right_past_trusted_proxies():
    def ip(remote: str, forwarded: str | None = None) -> str:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))

    assert ip(NGINX, "203.0.113.9") == "203.0.113.9"
    assert ip(NGINX, "1.2.3.4, 203.0.113.9") == "203.0.113.9"
    assert ip(NGINX, "garbage, 203.0.113.9") == "203.0.113.9"
    assert ip(NGINX, "203.0.113.9, ::1") == "203.0.113.9"  # two proxies of ours
    assert ip(NGINX) == NGINX
    # Straight from the internet, the header is the sender's word and is ignored.
    assert ip("203.0.113.9", "1.2.3.4") == "203.0.113.9"


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.LOSLATEN_TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == NGINX


def test_guessing_from_many_ips_slows_the_account_down_rather_than_locking_it(alice, settings):
    settings.LOSLATEN_LOGIN_SLOW_AFTER = 10
    settings.LOSLATEN_LOGIN_SLOW_SECONDS = 30
    for n in range(3):
        wrong_passwords(through_nginx(f"203.0.113.{n + 1}"), alice.email, 4)
    assert services.login_wait(alice.email) > 0
    owner = through_nginx(OWNER_IP)
    response = owner.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Probeer het over" in response.text and "seconden opnieuw" in response.text
    # Half a minute later the owner is in; it was a pause, not a lockout.
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=31), tick=False):
        response = owner.post(LOGIN, {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_works_while_the_account_is_throttled(alice, settings):
    settings.LOSLATEN_LOGIN_SLOW_AFTER = 10
    for n in range(3):
        wrong_passwords(through_nginx(f"203.0.113.{n + 1}"), alice.email, 5)
    owner = through_nginx("203.0.113.1")  # even from an address that is locked out
    assert owner.post(LOGIN, {"username": alice.email, "password": PASSWORD}).status_code == 429
    response = owner.post(RESET, {"email": alice.email})
    assert response.status_code == 302
    link = re.search(
        r"http://testserver(/account/wachtwoord-vergeten/\S+/\S+/)", mail.outbox[-1].body
    )
    form_url = owner.get(link.group(1)).url
    response = owner.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    # The new password works at once: the stranger's failures are forgotten.
    assert services.login_wait(alice.email) == 0
    response = owner.post(LOGIN, {"username": alice.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
