"""Account mails, sent by the worker (`loslaten db_worker`) rather than in the request.

A request that sends mail takes longer for an address with an account than for one
without, and its time would tell. Only the address and the language travel through the
queue; the worker looks the account up.
"""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from loslaten.accounts import services


@task()
def send_sign_up(email: str, first_name: str, language: str) -> None:
    """The mail of a sign-up (see services.deliver_sign_up)."""
    with translation.override(language):
        services.deliver_sign_up(email, first_name)


@task()
def send_password_reset(email: str, language: str) -> int:
    """The password-reset mail (see services.deliver_password_reset)."""
    with translation.override(language):
        return services.deliver_password_reset(email)
