"""A real IMAP server for tests: Dovecot from Debian, started in a folder of its own.

Its own configuration, its own port, TLS with a self-signed certificate made here, one
user with a password. Missing Dovecot fails the test with a clear message: nothing is
skipped silently (CI installs `dovecot-imapd`).
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "bounces", "geheim-wachtwoord"


@dataclass
class Imap:
    port: int
    context: ssl.SSLContext  # trusts exactly the fixture's certificate

    @property
    def url(self) -> str:
        return f"imaps://{USER}:{PASSWORD}@localhost:{self.port}/INBOX"

    def deliver(self, raw: bytes) -> None:
        """Put a message in the mailbox, as a mail server would (IMAP APPEND)."""
        with imaplib.IMAP4_SSL("localhost", self.port, ssl_context=self.context) as conn:
            conn.login(USER, PASSWORD)
            conn.append("INBOX", None, None, raw)

    def unseen(self) -> int:
        with imaplib.IMAP4_SSL("localhost", self.port, ssl_context=self.context) as conn:
            conn.login(USER, PASSWORD)
            conn.select("INBOX")
            return len(conn.search(None, "UNSEEN")[1][0].split())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def _config(folder: Path, home: Path, port: int, cert: Path, key: Path) -> str:
    me = pwd.getpwuid(os.geteuid()).pw_name
    if os.geteuid() == 0:
        # Dovecot will not run mail processes as root: the mailbox belongs to nobody.
        internal, login, mail_uid = "dovecot", "dovenull", "nobody"
    else:
        internal = login = mail_uid = me
    return f"""
base_dir = {folder}/run
state_dir = {folder}/state
instance_name = loslaten-test-{port}
listen = 127.0.0.1
protocols = imap
log_path = {folder}/dovecot.log
default_internal_user = {internal}
default_internal_group = {grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name}
default_login_user = {login}
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain login
disable_plaintext_auth = yes
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={pwd.getpwnam(mail_uid).pw_gid} home={home}/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Imap]:
    """A Dovecot IMAP server over TLS on a port of its own, removed afterwards."""
    if not Path(DOVECOT).exists():
        pytest.fail(
            "Dovecot is not installed: `apt-get install dovecot-imapd` (the bounce tests "
            "need a real IMAP server; .ci/run installs it)",
            pytrace=False,
        )
    folder = Path(tempfile.mkdtemp(prefix="loslaten-dovecot-"))
    home = Path(tempfile.mkdtemp(prefix="loslaten-imap-home-"))
    # Dovecot's unprivileged processes must reach their sockets in run/ (mkdtemp: 0700).
    os.chmod(folder, 0o755)  # noqa: S103
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(home, nobody.pw_uid, nobody.pw_gid)
    port = _free_port()
    cert, key = _certificate(folder)
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    config = folder / "dovecot.conf"
    config.write_text(_config(folder, home, port, cert, key))
    server = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    context = ssl.create_default_context(cafile=str(cert))
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    path = folder / "dovecot.log"
                    log = path.read_text() if path.exists() else ""
                    output = server.stdout.read().decode() if server.poll() is not None else ""
                    pytest.fail(f"Dovecot did not start:\n{output}\n{log}", pytrace=False)
                time.sleep(0.05)
        yield Imap(port, context)
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
