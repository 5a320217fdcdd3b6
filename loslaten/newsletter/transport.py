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
from django.core.mail.message import sanitize_address

from loslaten.newsletter import classify
from loslaten.newsletter.emails import PreparedMessage, envelope_sender

# What happened to one hand-over; the stored `DeliveryAttempt.outcome`.
SENT, TEMPORARY, PERMANENT, UNKNOWN = "sent", "temporary", "permanent", "unknown"
PAUSE, UNDELIVERABLE = "pause", "undeliverable"
_KIND = {
    classify.SENT: SENT,
    classify.RETRY: TEMPORARY,
    classify.RECIPIENT: PERMANENT,
    classify.UNKNOWN: UNKNOWN,
    classify.PAUSE: PAUSE,
    classify.UNDELIVERABLE: UNDELIVERABLE,
}


@dataclass(frozen=True)
class Outcome:
    """What happened to one hand-over (see classify.py for who is to blame)."""

    kind: str
    code: int
    text: str
    stage: str = "data"
    why: str = ""  # one line for the owner: stage, codes, the server's words
    streak: str = ""  # the kind of failure the circuit breaker counts (classify.Verdict.kind)


class ConnectFailed(Exception):
    """Nothing was handed over: no connection, or the server refused us before MAIL FROM."""

    def __init__(self, outcome: Outcome):
        super().__init__(outcome.why or outcome.text)
        self.outcome = outcome


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return text[:480]


def answer(stage: str, code: int, reply: bytes | str, recipient: str = "") -> Outcome:
    """The server's answer at one stage, judged by classify.py."""
    text = _text(reply)
    verdict = classify.classify(stage, code, text, recipient)
    return Outcome(_KIND[verdict.action], code, text, stage, verdict.describe(), verdict.kind)


def _error(stage: str, error: BaseException) -> Outcome:
    """A raised error at one stage: an SMTP answer if it carries one, else no answer."""
    code = getattr(error, "smtp_code", 0) or 0
    reply = getattr(error, "smtp_error", b"") or f"{type(error).__name__}: {error}"
    # A failed TLS handshake or a bad certificate, or STARTTLS or AUTH not offered at all:
    # retrying will not change it. (A refused or timed-out connection is a retry.)
    if isinstance(error, ssl.SSLError | smtplib.SMTPNotSupportedError):
        text = _text(reply)
        return Outcome(PAUSE, 0, text, stage, f"at {classify.STAGE_NAMES[stage]}: {text}")
    return answer(stage, code, reply)


_DOT = re.compile(rb"(?m)^\.")
_EOL = re.compile(rb"(?:\r\n|\n|\r(?!\n))")


def dot_stuffed(data: bytes) -> bytes:
    """The DATA payload: CRLF line ends, leading dots doubled, ended by <CRLF>.<CRLF>."""
    # A prepared message already has CRLF line ends and seldom a leading dot: counting
    # is much cheaper than rewriting every line end of every message.
    crlf = data.count(b"\r\n")
    if data.count(b"\n") != crlf or data.count(b"\r") != crlf:
        data = _EOL.sub(b"\r\n", data)
    if data.startswith(b".") or b"\n." in data:
        data = _DOT.sub(b"..", data)
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
        """Connect, STARTTLS and log in unless connected.

        Raises ConnectFailed with the judged answer: `temporary` when the server is away or
        busy, `pause` when it refuses us (greeting 5xx, TLS, login).
        """
        if self.conn is not None:
            return
        stage = "connect"
        conn: smtplib.SMTP | None = None
        try:
            if self.use_ssl:
                stage = "tls"
                conn = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            stage = "connect"
            conn.ehlo()
            if self.use_tls:
                stage = "tls"
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
            if self.username:
                stage = "auth"
                conn.login(self.username, self.password)
        except (smtplib.SMTPException, OSError) as error:
            if conn is not None:
                conn.close()
            raise ConnectFailed(_error(stage, error)) from None
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

    def _refused(self, stage: str, code: int, reply: bytes, recipient: str) -> Outcome:
        # After a refused MAIL/RCPT/DATA the transaction must be reset before the next one.
        try:
            if code == 421:
                self._drop()
            elif self.conn is not None:
                self.conn.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()
        return answer(stage, code, reply, recipient)

    def send(self, message: EmailMessage | PreparedMessage) -> Outcome:
        """Hand one message over on the open connection (call open() first)."""
        if isinstance(message, PreparedMessage):
            return self.send_bytes(message.sender, message.to[0], message.data)
        return self.send_bytes(envelope_sender(), message.to[0], message_bytes(message))

    def send_bytes(self, sender: str, recipient: str, data: bytes) -> Outcome:
        """MAIL FROM, RCPT TO, DATA; each answer judged at its stage (see classify.py)."""
        conn = self.conn
        if conn is None:
            return Outcome(TEMPORARY, 0, "not connected", "connect", "at connect: not connected")
        options: list[str] = []
        if not (sender.isascii() and recipient.isascii()):
            # RFC 6531: a non-ASCII address needs a server that offers SMTPUTF8.
            if not conn.has_extn("smtputf8"):
                text = f"the mail server does not offer SMTPUTF8, needed for {recipient}"
                return Outcome(UNDELIVERABLE, 0, text, "mail", f"at MAIL FROM: {text}")
            options = ["SMTPUTF8", "BODY=8BITMIME"]
        stage = "mail"
        try:
            if options:
                code, reply = conn.mail(sender, options)
            else:  # our own checked addresses: smtplib need not parse them again
                code, reply = conn.docmd("MAIL", f"FROM:<{sender}>")
            if code != 250:
                return self._refused(stage, code, reply, recipient)
            stage = "rcpt"
            code, reply = conn.docmd("RCPT", f"TO:<{recipient}>")
            if code not in (250, 251):
                return self._refused(stage, code, reply, recipient)
            stage = "data"
            code, reply = conn.docmd("DATA")
            if code != 354:
                return self._refused(stage, code, reply, recipient)
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            # Nothing went out yet: no answer here is a retry, never "in doubt".
            outcome = _error(stage, error)
            if outcome.kind == UNKNOWN:
                outcome = Outcome(TEMPORARY, 0, outcome.text, stage, outcome.why)
            return outcome
        # From here on the message is in the server's hands.
        try:
            conn.send(dot_stuffed(data))
            code, reply = conn.getreply()
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            text = f"{type(error).__name__}: {error}"[:480]
            return Outcome(UNKNOWN, 0, text, "data", f"after DATA: {text}")
        if code == 421:
            self._drop()
        return answer("data", code, reply, recipient)


def message_bytes(message: EmailMessage) -> bytes:
    """A Django message as SMTP bytes, with non-ASCII addresses written as themselves.

    Django writes `zoë@…` in To as an encoded word, which is no address at all; a server
    that offers SMTPUTF8 takes the address itself in the header (RFC 6532).
    """
    data = message.message().as_bytes(linesep="\r\n")
    for address in message.to:
        if not address.isascii():
            encoded = sanitize_address(address, message.encoding or settings.DEFAULT_CHARSET)
            data = data.replace(encoded.encode(), address.encode())
    return data


def deliver(message: EmailMessage) -> None:
    """Send one message now (a confirmation). A non-ASCII address goes over our own SMTP
    transport, which speaks SMTPUTF8; everything else through Django's backend."""
    if message.to[0].isascii() or not isinstance(default_transport(), SmtpTransport):
        message.send()
        return
    transport = SmtpTransport.from_settings()
    try:
        transport.open()
        outcome = transport.send(message)
    except ConnectFailed as error:
        raise OSError(str(error)) from None
    finally:
        transport.close()
    if outcome.kind != SENT:
        raise OSError(f"{message.to[0]}: {outcome.why or outcome.text}")


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
