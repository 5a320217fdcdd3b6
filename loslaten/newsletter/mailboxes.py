"""Where bounces and complaints arrive: an IMAP mailbox over TLS, or a Maildir folder.

`open_mailbox(url)` gives the unread messages; `done(key)` marks one as read, so each is
handled once (a run that dies halfway reads the rest next time).
"""

from __future__ import annotations

import imaplib
import mailbox
import ssl
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit


class MailboxError(Exception):
    """The mailbox cannot be read: a bad URL, no connection, a refused login."""


class ImapBox:
    """imaps://user:password@host[:993]/FOLDER (TLS from the first byte)."""

    def __init__(self, url: str, context: ssl.SSLContext | None = None):
        parts = urlsplit(url)
        if not parts.hostname or not parts.username:
            raise MailboxError(f"an IMAP mailbox needs imaps://user:password@host/FOLDER: {url}")
        self.host, self.port = parts.hostname, parts.port or 993
        self.user, self.password = unquote(parts.username), unquote(parts.password or "")
        self.folder = unquote(parts.path.strip("/")) or "INBOX"
        self.context = context or ssl.create_default_context()
        self.conn: imaplib.IMAP4_SSL | None = None

    def __enter__(self) -> ImapBox:
        try:
            self.conn = imaplib.IMAP4_SSL(
                self.host, self.port, ssl_context=self.context, timeout=30
            )
            self.conn.login(self.user, self.password)
            status, _data = self.conn.select(self.folder)
        except (imaplib.IMAP4.error, OSError) as error:
            raise MailboxError(f"IMAP {self.host}:{self.port}: {error}") from None
        if status != "OK":
            raise MailboxError(f"IMAP {self.host}: no folder {self.folder!r}")
        return self

    def __exit__(self, *exc) -> None:
        if self.conn is not None:
            try:
                self.conn.logout()
            except (imaplib.IMAP4.error, OSError):
                pass

    def unread(self) -> Iterator[tuple[bytes, bytes]]:
        """(uid, raw message) of each unseen message; reading does not mark it seen."""
        _status, data = self.conn.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split():
            _status, parts = self.conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
            if raw is not None:
                yield uid, raw

    def done(self, key: bytes) -> None:
        self.conn.uid("STORE", key, "+FLAGS", "(\\Seen)")


class MaildirBox:
    """A Maildir folder (a path, or maildir:///path): new mail is moved to cur/, seen."""

    def __init__(self, path: str):
        self.path = Path(urlsplit(path).path if path.startswith("maildir:") else path)
        if not (self.path / "new").is_dir() or not (self.path / "cur").is_dir():
            raise MailboxError(f"not a Maildir (no new/ and cur/): {self.path}")
        self.box = mailbox.Maildir(self.path, create=False)

    def __enter__(self) -> MaildirBox:
        return self

    def __exit__(self, *exc) -> None:
        self.box.close()

    def unread(self) -> Iterator[tuple[str, bytes]]:
        for key in list(self.box.iterkeys()):
            message = self.box.get_message(key)
            if "S" not in message.get_flags():
                yield key, self.box.get_bytes(key)

    def done(self, key: str) -> None:
        message = self.box.get_message(key)
        message.set_subdir("cur")
        message.add_flag("S")
        self.box[key] = message


def open_mailbox(url: str, context: ssl.SSLContext | None = None) -> ImapBox | MaildirBox:
    """The mailbox LOSLATEN_NEWSLETTER_BOUNCE_MAILBOX names."""
    scheme = urlsplit(url).scheme
    if scheme == "imaps":
        return ImapBox(url, context)
    if scheme == "imap":
        raise MailboxError("IMAP without TLS would send the password in the clear: use imaps://")
    if scheme in ("", "maildir"):
        return MaildirBox(url)
    raise MailboxError(f"a bounce mailbox is imaps://… or a Maildir path; got {url!r}")
