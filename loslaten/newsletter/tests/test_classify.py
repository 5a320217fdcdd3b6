"""The classification table: who is to blame for each SMTP answer (no server needed)."""

import pytest

from loslaten.newsletter.classify import (
    PAUSE,
    RECIPIENT,
    RETRY,
    SENT,
    UNKNOWN,
    classify,
    enhanced_code,
)

READER = "lezer@example.org"

CASES = [
    # stage, code, reply text, verdict
    ("data", 250, "2.0.0 Ok: queued as 4XyZ", SENT),
    ("rcpt", 251, "User not local; will forward", SENT),
    # Temporary, at every stage: this reader later.
    ("connect", 421, "4.3.2 Service shutting down", RETRY),
    ("auth", 454, "4.7.0 Temporary authentication failure", RETRY),
    ("mail", 451, "4.3.0 Local error in processing", RETRY),
    ("rcpt", 450, "4.2.0 <lezer@example.org>: Recipient address rejected: Greylisted", RETRY),
    ("rcpt", 452, "4.2.2 Mailbox full", RETRY),
    ("data", 451, "4.7.1 Try again later", RETRY),
    ("connect", 0, "ConnectionRefusedError: [Errno 111] Connection refused", RETRY),
    ("rcpt", 0, "SMTPServerDisconnected: Connection unexpectedly closed", RETRY),
    # After the content went out, no answer means nobody knows.
    ("data", 0, "TimeoutError: timed out", UNKNOWN),
    # The reader's own mailbox, permanently.
    ("rcpt", 550, "5.1.1 <lezer@example.org>: Recipient address rejected: User unknown", RECIPIENT),
    ("rcpt", 550, "5.1.2 Bad destination system address", RECIPIENT),
    ("rcpt", 550, "5.1.10 Recipient address has null MX", RECIPIENT),
    ("rcpt", 551, "5.1.6 Mailbox has moved", RECIPIENT),
    ("rcpt", 550, "5.2.1 Mailbox disabled, not accepting messages", RECIPIENT),
    ("rcpt", 552, "5.2.2 Mailbox full", RECIPIENT),
    ("rcpt", 550, "5.4.4 Unable to route", RECIPIENT),
    ("rcpt", 550, "No such user here", RECIPIENT),  # no enhanced code: RFC 5321 meaning
    ("rcpt", 553, "Requested action not taken: mailbox name not allowed", RECIPIENT),
    ("data", 550, "5.1.1 The email account that you tried to reach does not exist", RECIPIENT),
    ("data", 554, "Rejected: lezer@example.org has left the company", RECIPIENT),
    # The sender, our login, our TLS, the message: pause the whole send.
    ("connect", 554, "5.7.1 No SMTP service here for your address", PAUSE),
    ("tls", 554, "5.7.3 TLS not available due to local problem", PAUSE),
    ("auth", 535, "5.7.8 Authentication credentials invalid", PAUSE),
    ("auth", 530, "5.7.0 Authentication required", PAUSE),
    ("mail", 550, "5.7.1 Sender address rejected: not owned by user", PAUSE),
    ("mail", 553, "5.1.8 Domain of sender address does not exist", PAUSE),
    ("mail", 552, "5.3.4 Message size exceeds fixed limit", PAUSE),
    ("mail", 555, "5.5.4 Unsupported option: SMTPUTF8", PAUSE),
    ("rcpt", 554, "5.7.1 <lezer@example.org>: Relay access denied", PAUSE),
    ("rcpt", 550, "<lezer@example.org>: Relay access denied", PAUSE),  # names the reader
    ("rcpt", 550, "5.7.1 Client host rejected: blocked using zen.spamhaus.org", PAUSE),
    ("rcpt", 553, "5.1.7 Bad sender's mailbox address syntax", PAUSE),
    ("rcpt", 530, "5.7.0 Must issue a STARTTLS command first", PAUSE),
    ("rcpt", 554, "Transaction failed", PAUSE),
    ("data", 552, "5.3.4 Message size exceeds fixed maximum message size", PAUSE),
    ("data", 554, "5.7.1 Message rejected as spam by Content Filtering", PAUSE),
    ("data", 550, "5.7.1 lezer@example.org: message refused by policy", PAUSE),
    ("data", 554, "5.6.0 Message content rejected", PAUSE),
    ("data", 554, "Transaction failed", PAUSE),
    ("data", 552, "Requested mail action aborted: exceeded storage allocation", PAUSE),
]


@pytest.mark.parametrize(("stage", "code", "text", "verdict"), CASES)
def test_each_answer_blames_the_right_side(stage, code, text, verdict):
    assert classify(stage, code, text, READER).action == verdict


def test_only_a_recipient_refusal_counts_against_the_address():
    against_address = {(s, c, t) for s, c, t, v in CASES if v == RECIPIENT}
    assert all(stage in ("rcpt", "data") for stage, _c, _t in against_address)
    # Nothing before RCPT TO ever names the reader.
    for stage in ("connect", "tls", "auth", "mail"):
        for code in (500, 530, 535, 550, 552, 553, 554):
            assert classify(stage, code, "5.1.1 User unknown", READER).action == PAUSE


def test_enhanced_code_is_read_from_the_start_of_the_reply():
    assert enhanced_code("5.1.10 null MX") == "5.1.10"
    assert enhanced_code("Ok 2.0.0") == ""
    assert enhanced_code("") == ""


def test_an_enhanced_code_of_the_wrong_class_is_ignored():
    # RFC 3463: the class must match the basic code's first digit.
    verdict = classify("rcpt", 550, "4.2.2 Mailbox full", READER)
    assert verdict.enhanced == "" and verdict.action == RECIPIENT


def test_the_description_names_stage_codes_and_words():
    verdict = classify("mail", 550, "5.7.1 Sender address\r\n rejected", READER)
    assert verdict.describe() == "at MAIL FROM: 550 5.7.1 Sender address rejected"


def test_the_breaker_counts_streaks_by_stage_and_code_class():
    a = classify("rcpt", 451, "4.3.0 busy", READER)
    b = classify("rcpt", 451, "4.3.0 still busy", READER)
    c = classify("data", 451, "4.3.0 busy", READER)
    assert a.kind == b.kind == "rcpt 4.3"
    assert c.kind != a.kind


def test_an_unknown_stage_is_a_programming_error():
    with pytest.raises(ValueError, match="stage"):
        classify("helo", 250, "")
