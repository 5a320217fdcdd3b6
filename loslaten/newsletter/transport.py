"""Handing messages to the mail server, one reused connection, with the server's answer.

`SmtpTransport` speaks SMTP itself (via smtplib's commands) so that it knows exactly when
a message leaves our hands: until the DATA command is accepted, a failure means "not
sent" and is safe to retry; once the content has gone out, a lost connection means "fate
unknown", and the delivery stays in doubt rather than risk a second copy.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from loslaten.newsletter.emails import PreparedMessage, from_address

SENT, TEMPORARY, PERMANENT, UNKNOWN = "sent", "temporary", "permanent", "unknown"


@dataclass(frozen=True)
class Outcome:
    """What happened to one hand-over: sent, temporary, permanent or unknown."""

    kind: str
    code: int
    text: str


class ConnectFailed(Exception):
    """The server could not be reached; nothing was handed over."""


def _answer(code: int, reply: bytes | str) -> Outcome:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    text = text[:480]
    if 200 <= code < 300:
        return Outcome(SENT, code, text)
    if 500 <= code < 600:
        return Outcome(PERMANENT, code, text)
    return Outcome(TEMPORARY, code, text)


_DOT = re.compile(rb"(?m)^\.")
_EOL = re.compile(rb"(?:\r\n|\n|\r(?!\n))")


def dot_stuffed(data: bytes) -> bytes:
    """The DATA payload: CRLF line ends, leading dots doubled, ended by <CRLF>.<CRLF>."""
    data = _DOT.sub(b"..", _EOL.sub(b"\r\n", data))
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


class SmtpTransport:
    """One SMTP connection, opened on first use and reused for every message."""

    takes_bytes = True

    def __init__(
        self,
        host: str,
        port: int,
        username: str = "",
        password: str = "",
        use_tls: bool = False,
        use_ssl: bool = False,
        timeout: float = 30,
    ):
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.use_tls, self.use_ssl, self.timeout = use_tls, use_ssl, timeout
        self.conn: smtplib.SMTP | None = None

    @classmethod
    def from_settings(cls) -> SmtpTransport:
        return cls(
            settings.EMAIL_HOST,
            int(settings.EMAIL_PORT),
            getattr(settings, "EMAIL_HOST_USER", ""),
            getattr(settings, "EMAIL_HOST_PASSWORD", ""),
            bool(getattr(settings, "EMAIL_USE_TLS", False)),
            bool(getattr(settings, "EMAIL_USE_SSL", False)),
            float(getattr(settings, "EMAIL_TIMEOUT", None) or 30),
        )

    def open(self) -> None:
        """Connect (and log in) unless connected; ConnectFailed when the server is away."""
        if self.conn is not None:
            return
        try:
            if self.use_ssl:
                conn: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            conn.ehlo()
            if self.use_tls:
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
            if self.username:
                conn.login(self.username, self.password)
        except (smtplib.SMTPException, OSError) as error:
            raise ConnectFailed(f"{type(error).__name__}: {error}") from None
        self.conn = conn

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            conn.close()

    def _drop(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            conn.close()

    def _refused(self, code: int, reply: bytes) -> Outcome:
        # After a refused MAIL/RCPT/DATA the transaction must be reset before the next one.
        try:
            if code == 421:
                self._drop()
            elif self.conn is not None:
                self.conn.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()
        return _answer(code, reply)

    def send(self, message: EmailMessage | PreparedMessage) -> Outcome:
        """Hand one message over on the open connection (call open() first)."""
        if isinstance(message, PreparedMessage):
            return self.send_bytes(from_address(), message.to[0], message.data)
        return self.send_bytes(
            from_address(), message.to[0], message.message().as_bytes(linesep="\r\n")
        )

    def send_bytes(self, sender: str, recipient: str, data: bytes) -> Outcome:
        conn = self.conn
        if conn is None:
            return Outcome(TEMPORARY, 0, "not connected")
        try:
            code, reply = conn.mail(sender)
            if code != 250:
                return self._refused(code, reply)
            code, reply = conn.rcpt(recipient)
            if code not in (250, 251):
                return self._refused(code, reply)
            code, reply = conn.docmd("DATA")
            if code != 354:
                return self._refused(code, reply)
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            return Outcome(TEMPORARY, 0, f"{type(error).__name__}: {error}"[:480])
        # From here on the message is in the server's hands.
        try:
            conn.send(dot_stuffed(data))
            code, reply = conn.getreply()
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            return Outcome(UNKNOWN, 0, f"{type(error).__name__}: {error}"[:480])
        if code == 421:
            self._drop()
        return _answer(code, reply)


class BackendTransport:
    """Any other Django email backend (console, file, locmem in tests): no SMTP answers."""

    takes_bytes = False

    def __init__(self):
        self.connection = None

    def open(self) -> None:
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            self.connection.open()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def send(self, message: EmailMessage) -> Outcome:
        try:
            count = self.connection.send_messages([message])
        except Exception as error:
            # We cannot tell whether it left; treat it as in doubt, never send it twice.
            self.close()
            return Outcome(UNKNOWN, 0, f"{type(error).__name__}: {error}"[:480])
        if count:
            return Outcome(SENT, 250, "accepted by the email backend")
        return Outcome(UNKNOWN, 0, "the email backend reported nothing sent")


def default_transport() -> SmtpTransport | BackendTransport:
    """SMTP when EMAIL_URL says smtp(s)://, else the configured Django backend."""
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return SmtpTransport.from_settings()
    return BackendTransport()
