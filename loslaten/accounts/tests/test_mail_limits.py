"""Account mails go through the task queue, limited per address and per IP.

Found from outside: five reset requests sent five mails, and since the mail was sent
inside the request, its time told whether an address had an account.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from loslaten.accounts import services

RESET = "/account/wachtwoord-vergeten/"
SIGNUP = "/account/aanmelden/"


@pytest.fixture
def queued(settings):
    """The production queue (the database): the request only enqueues."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "newsletter", "reminders"],
        }
    }


def test_reset_mails_to_one_address_are_limited(client, alice):
    for _ in range(services.RESET_MAILS_PER_ADDRESS + 3):
        assert client.post(RESET, {"email": alice.email}).status_code == 302
    assert len(mail.outbox) == services.RESET_MAILS_PER_ADDRESS


def test_one_ip_cannot_ask_for_endless_mails(db):
    client = Client(REMOTE_ADDR="203.0.113.5")
    answers = [
        client.post(RESET, {"email": f"iemand{n}@example.org"}).status_code
        for n in range(services.MAIL_REQUESTS_PER_IP + 1)
    ]
    assert answers[:-1] == [302] * services.MAIL_REQUESTS_PER_IP
    assert answers[-1] == 429
    # The limit also holds for sign-ups, and another IP is not held back.
    assert client.post(SIGNUP, {"email": "nieuw@example.org"}).status_code == 429
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(SIGNUP, {"email": "nieuw@example.org"}).status_code == 200


@pytest.mark.parametrize(("path", "field"), [(RESET, "email"), (SIGNUP, "email")])
def test_known_and_unknown_addresses_take_the_same_work_in_the_request(
    client, alice, queued, path, field
):
    """The request only checks limits and enqueues; the account is looked up by the worker.

    The same queries for both (so the same time) and no mail sent in the request.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.post(path, {field: "eerst@example.org"})  # this IP's counter now exists
    counts = []
    for address in (alice.email, "onbekend@example.org"):
        with CaptureQueriesContext(connection) as queries:
            client.post(path, {field: address})
        counts.append(len(queries))
        assert not any('"accounts_user"' in q["sql"] for q in queries.captured_queries)
    assert counts[0] == counts[1]
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 3


def test_the_worker_sends_the_queued_reset_mail(client, alice, queued):
    client.post(RESET, {"email": alice.email})
    result = DBTaskResult.objects.get()
    from loslaten.accounts.tasks import send_password_reset

    assert result.task_path.endswith("send_password_reset")
    send_password_reset.call(*result.args_kwargs["args"])
    assert [m.to for m in mail.outbox] == [[alice.email]]
