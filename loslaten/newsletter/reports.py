"""Reading bounces (RFC 3464 delivery status notifications) and complaints (RFC 5965 ARF).

Both are `multipart/report` messages. A report names its delivery through the delivery
tag (see tokens.delivery_tag): in the VERP return path it was sent back to, or in the
Message-ID of the original message it quotes. A report without a genuine tag names
nobody: an address alone is never enough, or anyone could bounce anyone off the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message

from loslaten.newsletter import classify, tokens

BOUNCE, DELAY, COMPLAINT = "bounce", "delay", "complaint"
# Headers of the report itself that carry the address it was sent to (the VERP address).
ENVELOPE_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Return-Path")


@dataclass(frozen=True)
class Report:
    """One bounce or complaint, matched to a delivery when it names one."""

    kind: str  # bounce | delay | complaint
    hard: bool  # a bounce that counts against the address
    status: str  # RFC 3463 code of a bounce, Feedback-Type of a complaint
    detail: str  # the diagnostic, for the record
    issue_id: int | None
    subscriber_id: int | None


def _fields(part: Message) -> list[Message]:
    """The header blocks of a message/delivery-status or message/feedback-report part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return payload
    raw = part.get_payload(decode=True) or str(payload).encode()
    blocks = raw.replace(b"\r\n", b"\n").split(b"\n\n")
    return [message_from_bytes(block) for block in blocks if block.strip()]


def _tag(message: Message, raw: bytes) -> tuple[int, int] | None:
    for name in ENVELOPE_HEADERS:
        for value in message.get_all(name) or []:
            found = tokens.read_delivery_tag(str(value))
            if found:
                return found
    # The quoted original: its Message-ID (or our return path in its headers).
    return tokens.read_delivery_tag(raw.decode("utf-8", "replace"))


def parse(raw: bytes) -> Report | None:
    """The report in one email, or None when it is no DSN or ARF report (e.g. a reply)."""
    message = message_from_bytes(raw, policy=policy.compat32)
    if message.get_content_type() != "multipart/report":
        return None
    report_type = (message.get_param("report-type") or "").lower()
    found = _tag(message, raw)
    issue_id, subscriber_id = found if found else (None, None)
    for part in message.walk():
        kind = part.get_content_type()
        if report_type == "feedback-report" and kind == "message/feedback-report":
            fields = _fields(part)
            feedback = (fields[0].get("Feedback-Type", "abuse") if fields else "abuse").strip()
            return Report(COMPLAINT, False, feedback.lower(), "", issue_id, subscriber_id)
        if report_type == "delivery-status" and kind == "message/delivery-status":
            return _bounce(_fields(part)[1:], issue_id, subscriber_id)
    return None


def _bounce(recipients: list[Message], issue_id, subscriber_id) -> Report | None:
    """The first failed (else delayed) recipient of a DSN (one recipient per delivery)."""
    for wanted in ("failed", "delayed"):
        for block in recipients:
            if (block.get("Action") or "").strip().lower() != wanted:
                continue
            status = (block.get("Status") or "").strip().split(" ")[0]
            detail = " ".join(str(block.get("Diagnostic-Code") or "").split())[:480]
            if wanted == "delayed" or not status.startswith("5"):
                return Report(DELAY, False, status, detail, issue_id, subscriber_id)
            # The same table as the SMTP answers: only the reader's own mailbox counts.
            verdict = classify.classify("rcpt", 550, f"{status} {detail}")
            hard = verdict.action == classify.RECIPIENT
            return Report(BOUNCE, hard, status, detail, issue_id, subscriber_id)
    return None
