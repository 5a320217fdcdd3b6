"""Fixtures for the newsletter: tasks that run at once, and a real SMTP server."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletter", "reminders"],
        }
    }
    settings.LOSLATEN_NEWSLETTER_RETRY_SECONDS = 0.02
    settings.DEFAULT_FROM_EMAIL = "Loslaten <noreply@testserver>"


class Recorder:
    """An aiosmtpd handler that keeps every message; `refuse` may answer instead."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages: list[tuple[str, bytes]] = []
        self.refuse: Callable[[str], str | None] | None = None
        # Refusals at MAIL FROM (given the sender) and RCPT TO (given the recipient).
        self.refuse_mail: Callable[[str], str | None] | None = None
        self.refuse_rcpt: Callable[[str], str | None] | None = None
        self.senders: list[str] = []

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        answer = self.refuse_mail(address) if self.refuse_mail else None
        if answer:
            return answer
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        with self.lock:
            self.senders.append(address)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.refuse_rcpt(address) if self.refuse_rcpt else None
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        recipient = envelope.rcpt_tos[0]
        if self.refuse is not None:
            answer = self.refuse(recipient)
            if answer:
                return answer
        with self.lock:
            self.messages.append((recipient, envelope.original_content or envelope.content))
        return "250 2.0.0 OK queued"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def per_recipient(self) -> Counter[str]:
        with self.lock:
            return Counter(recipient for recipient, _ in self.messages)

    def parsed(self, index: int = -1):
        with self.lock:
            return message_from_bytes(self.messages[index][1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_options() -> dict:
    """Extra aiosmtpd Controller options (a test overrides this to offer SMTPUTF8, AUTH)."""
    return {}


@pytest.fixture
def smtp_server(smtp_options) -> Iterator[tuple[Recorder, int]]:
    """A real SMTP server on localhost, on a free port."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(
        recorder, hostname="127.0.0.1", port=port, ready_timeout=5, **smtp_options
    )
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


@pytest.fixture
def smtp(smtp_server, settings) -> Recorder:
    """The SMTP server, with Django's settings pointing at it."""
    recorder, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return recorder
