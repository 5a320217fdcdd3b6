"""Whose fault is an SMTP answer? One table, read top to bottom.

Every answer is judged by the stage it came at (connect, TLS, AUTH, MAIL FROM, RCPT TO,
DATA) and by its enhanced status code (RFC 3463, `class.subject.detail`). The verdict says
what the send does next:

- `sent`: the server took the message.
- `retry`: a temporary refusal (4xx) or a dropped line before the hand-over; this reader
  is tried again later. Many in a row of one kind trip the circuit breaker (a pause).
- `recipient`: the reader's own mailbox refused, permanently. Only this counts against
  the address (towards `bounced`).
- `pause`: the server refused *us* (the sender, our login, our TLS, the message itself).
  Retrying fixes nothing and every other reader would be refused the same way, so the
  whole send pauses; the reader loses nothing and is sent to once the fault is fixed.
- `undeliverable`: this one message cannot go out through this server (a non-ASCII
  address and a server without SMTPUTF8); not the reader's fault, not counted.
- `unknown`: the line dropped after the message went out; the delivery stays in doubt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["STAGES", "Verdict", "classify", "enhanced_code"]

SENT, RETRY, RECIPIENT, PAUSE, UNDELIVERABLE, UNKNOWN = (
    "sent",
    "retry",
    "recipient",
    "pause",
    "undeliverable",
    "unknown",
)
STAGES = ("connect", "tls", "auth", "mail", "rcpt", "data")
STAGE_NAMES = {
    "connect": "connect",
    "tls": "STARTTLS",
    "auth": "AUTH",
    "mail": "MAIL FROM",
    "rcpt": "RCPT TO",
    "data": "DATA",
}

# (stage or "*", basic code or class "5xx"/"4xx", enhanced prefix or "", verdict), first
# match wins. An enhanced prefix "5.1." matches 5.1.1, 5.1.10, ...; "" matches anything.
TABLE: tuple[tuple[str, str, str, str], ...] = (
    ("*", "2xx", "", SENT),
    ("*", "3xx", "", SENT),  # 354 after DATA: go on
    # Temporary answers: this reader again later, the breaker watches the streak.
    ("*", "4xx", "", RETRY),
    # Before any message: the server refuses to talk to us, our TLS or our login.
    ("connect", "5xx", "", PAUSE),
    ("tls", "5xx", "", PAUSE),
    ("auth", "5xx", "", PAUSE),
    # MAIL FROM names only us: any permanent refusal is about the sender.
    ("mail", "5xx", "", PAUSE),
    # RCPT TO: the reader's mailbox or domain, unless it is about our sender or policy.
    ("rcpt", "5xx", "5.1.7", PAUSE),  # bad sender mailbox syntax
    ("rcpt", "5xx", "5.1.8", PAUSE),  # bad sender system address
    ("rcpt", "5xx", "5.1.", RECIPIENT),  # no such mailbox, bad domain, moved
    ("rcpt", "5xx", "5.2.", RECIPIENT),  # mailbox disabled or full for good
    ("rcpt", "5xx", "5.4.", RECIPIENT),  # no route to the reader's domain
    ("rcpt", "5xx", "5.3.4", PAUSE),  # message too big
    ("rcpt", "5xx", "5.3.", PAUSE),  # the receiving system cannot take mail at all
    ("rcpt", "5xx", "5.5.", PAUSE),  # we spoke the protocol wrong
    ("rcpt", "5xx", "5.6.", PAUSE),  # our content
    ("rcpt", "5xx", "5.7.", PAUSE),  # policy: relay denied, our reputation, auth needed
    ("rcpt", "550", "", RECIPIENT),  # old servers without enhanced codes: mailbox unavailable
    ("rcpt", "551", "", RECIPIENT),  # user not local
    ("rcpt", "553", "", RECIPIENT),  # mailbox name not allowed
    ("rcpt", "5xx", "", PAUSE),  # 552, 554, 555: storage, transaction, parameters
    # DATA: about the message, unless it names the reader (see classify).
    ("data", "5xx", "5.1.", RECIPIENT),
    ("data", "5xx", "5.2.", RECIPIENT),
    ("data", "5xx", "", PAUSE),
)

_ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})\b")
_RELAY = re.compile(r"\brelay", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """What to do with an answer, and the `kind` the circuit breaker counts streaks of."""

    action: str
    stage: str
    code: int
    enhanced: str
    text: str

    @property
    def kind(self) -> str:
        """Stage and class.subject, e.g. `rcpt 4.2`: one kind for the circuit breaker."""
        if self.enhanced:
            subject = ".".join(self.enhanced.split(".")[:2])
        else:
            subject = str(self.code) if self.code else "no answer"
        return f"{self.stage} {subject}"

    def describe(self) -> str:
        """One line for the owner: stage, codes and the server's words."""
        words = " ".join(self.text.split())
        if self.enhanced and not words.startswith(self.enhanced):
            words = f"{self.enhanced} {words}"
        code = f"{self.code} " if self.code else ""
        return f"at {STAGE_NAMES.get(self.stage, self.stage)}: {code}{words}".strip()


def enhanced_code(text: str) -> str:
    """The RFC 3463 code at the start of a reply text (`5.1.1`), or ''."""
    match = _ENHANCED.match(text)
    return ".".join(match.groups()) if match else ""


def _matches(rule: tuple[str, str, str, str], stage: str, code: int, enhanced: str) -> bool:
    rule_stage, basic, prefix, _action = rule
    if rule_stage not in ("*", stage):
        return False
    if basic.endswith("xx") and str(code)[:1] != basic[0]:
        return False
    if not basic.endswith("xx") and str(code) != basic:
        return False
    if prefix.endswith("."):
        return enhanced.startswith(prefix)
    return not prefix or enhanced == prefix


def classify(stage: str, code: int, text: str = "", recipient: str = "") -> Verdict:
    """Judge one answer. `code` 0 means no answer at all (the line dropped, a timeout).

    A dropped line before the message was handed over is a `retry`; once the content has
    gone out (`stage == "data"`), its fate is `unknown`.
    """
    if stage not in STAGES:
        raise ValueError(f"unknown SMTP stage {stage!r}")
    enhanced = enhanced_code(text)
    if code == 0:
        action = UNKNOWN if stage == "data" else RETRY
        return Verdict(action, stage, 0, "", text)
    # An enhanced code whose class contradicts the basic code is ignored (RFC 3463 §2).
    if enhanced and enhanced[0] != str(code)[0]:
        enhanced = ""
    action = next(
        (rule[3] for rule in TABLE if _matches(rule, stage, code, enhanced)),
        RETRY if 400 <= code < 500 else PAUSE,
    )
    # A relay refusal names the recipient too ("<bob@…>: Relay access denied"): still ours.
    if stage == "rcpt" and action == RECIPIENT and _RELAY.search(text):
        action = PAUSE
    # A refusal after DATA that names the reader is about the reader (late RCPT checks),
    # unless it is plainly about the message (size, content, policy).
    if (
        stage == "data"
        and action == PAUSE
        and recipient
        and recipient.lower() in text.lower()
        and not enhanced.startswith(("5.3.", "5.6.", "5.7."))
    ):
        action = RECIPIENT
    return Verdict(action, stage, code, enhanced, text)
