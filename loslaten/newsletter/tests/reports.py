"""Bounces and complaints in the shapes real servers write them (written for these tests).

`postfix_dsn` follows what Postfix sends back (RFC 3464, with the original's headers as
text/rfc822-headers); `arf_complaint` follows a feedback loop's report (RFC 5965, the
original message as message/rfc822, the reader's address often blanked out).
"""

from __future__ import annotations


def _headers(original: bytes) -> bytes:
    return original.split(b"\r\n\r\n", 1)[0]


def postfix_dsn(
    original: bytes,
    recipient: str,
    *,
    to: str,
    status: str = "5.1.1",
    diagnostic: str = "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown",
    action: str = "failed",
    with_headers: bool = True,
) -> bytes:
    """A non-delivery report as Postfix writes it, sent to `to` (the return path)."""
    diagnostic = diagnostic.format(rcpt=recipient)
    boundary = "3F1A2B4C5D.1917939601/mx.example.org"
    headers = (
        f"--{boundary}\r\n"
        "Content-Description: Undelivered Message Headers\r\n"
        "Content-Type: text/rfc822-headers\r\n\r\n" + _headers(original).decode() + "\r\n\r\n"
        if with_headers
        else ""
    )
    return (
        "Return-Path: <>\r\n"
        f"Delivered-To: {to}\r\n"
        "Received: by mx.example.org (Postfix) id 3F1A2B4C5D; Sun,  6 Oct 2030 08:00:03 +0200\r\n"
        "Date: Sun,  6 Oct 2030 08:00:03 +0200 (CEST)\r\n"
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"To: {to}\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status;\r\n"
        f'\tboundary="{boundary}"\r\n'
        "Message-Id: <20301006060003.3F1A2B4C5D@mx.example.org>\r\n\r\n"
        "This is a MIME-encapsulated message.\r\n\r\n"
        f"--{boundary}\r\n"
        "Content-Description: Notification\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
        "This is the mail system at host mx.example.org.\r\n\r\n"
        "I'm sorry to have to inform you that your message could not\r\n"
        "be delivered to one or more recipients. It's attached below.\r\n\r\n"
        f"<{recipient}>: host mx.example.org[192.0.2.25] said: {diagnostic}\r\n"
        "    (in reply to RCPT TO command)\r\n\r\n"
        f"--{boundary}\r\n"
        "Content-Description: Delivery report\r\n"
        "Content-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n"
        "X-Postfix-Queue-ID: 3F1A2B4C5D\r\n"
        f"X-Postfix-Sender: rfc822; {to}\r\n"
        "Arrival-Date: Sun,  6 Oct 2030 08:00:01 +0200 (CEST)\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\n"
        f"Original-Recipient: rfc822;{recipient}\r\n"
        f"Action: {action}\r\n"
        f"Status: {status}\r\n"
        "Remote-MTA: dns; mx.example.org\r\n"
        f"Diagnostic-Code: smtp; {diagnostic}\r\n\r\n" + headers + f"--{boundary}--\r\n"
    ).encode()


def arf_complaint(original: bytes, *, to: str) -> bytes:
    """A feedback-loop complaint: the reader pressed "this is spam"."""
    boundary = "part1_13d.2e68ed54_boundary"
    # Feedback loops often blank the reader's address out of the copy they return.
    redacted = original.replace(b"To: lezer", b"To: redacted-")
    return (
        "From: <feedbackloop@mail.example.net>\r\n"
        f"To: <{to}>\r\n"
        "Date: Sun, 6 Oct 2030 09:12:44 +0200\r\n"
        "Subject: FW: complaint about message from 192.0.2.1\r\n"
        "Message-ID: <fbl-8812.1917943964@mail.example.net>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=feedback-report;\r\n"
        f'\tboundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\n"
        'Content-Type: text/plain; charset="US-ASCII"\r\n'
        "Content-Transfer-Encoding: 7bit\r\n\r\n"
        "This is an email abuse report for an email message received from IP\r\n"
        "192.0.2.1 on Sun, 6 Oct 2030 08:00:01 +0200.\r\n\r\n"
        f"--{boundary}\r\n"
        "Content-Type: message/feedback-report\r\n\r\n"
        "Feedback-Type: abuse\r\n"
        "User-Agent: ExampleFBL/2.1\r\n"
        "Version: 1\r\n"
        "Source-IP: 192.0.2.1\r\n"
        "Reported-Domain: testserver\r\n"
        "Arrival-Date: Sun, 6 Oct 2030 08:00:01 +0200\r\n\r\n"
        f"--{boundary}\r\n"
        "Content-Type: message/rfc822\r\n"
        "Content-Disposition: inline\r\n\r\n" + redacted.decode() + "\r\n"
        f"--{boundary}--\r\n"
    ).encode()
