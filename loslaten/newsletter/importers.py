"""Subscriber exports of other tools, read as they write them: listmonk and Mailchimp.

The header row tells which tool wrote a file. Each known column is mapped or knowingly
left out; a column we do not know is reported, never guessed at.

- listmonk (Subscribers → Export): `uuid,email,name,attributes,status,created_at,
  updated_at`. It holds no proof of consent to this list, so its enabled subscribers
  confirm by mail unless `--consented` says otherwise; blocklisted and disabled ones
  are kept as unsubscribed, so they are never mailed.
- Mailchimp (Audience → Export): one file per state (subscribed, unsubscribed, cleaned)
  with `Email Address`, `First Name`, … `OPTIN_TIME`, `CONFIRM_TIME`, and `UNSUB_TIME`
  or `CLEAN_TIME`. The opt-in and confirmation times are the consent: such a row comes
  in confirmed with them. Unsubscribed rows stay unsubscribed, cleaned rows bounced.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from loslaten.newsletter.models import Subscriber

S = Subscriber.Status

LISTMONK_COLUMNS = {"uuid", "email", "name", "attributes", "status", "created_at", "updated_at"}
MAILCHIMP_USED = {
    "Email Address",
    "First Name",
    "OPTIN_TIME",
    "OPTIN_IP",
    "CONFIRM_TIME",
    "CONFIRM_IP",
    "UNSUB_TIME",
    "CLEAN_TIME",
}
# Known Mailchimp columns that we do not keep: we store an address and a first name only.
MAILCHIMP_NOT_KEPT = {
    "Last Name",
    "Address",
    "Phone Number",
    "Birthday",
    "Company",
    "MEMBER_RATING",
    "LATITUDE",
    "LONGITUDE",
    "GMTOFF",
    "DSTOFF",
    "TIMEZONE",
    "CC",
    "REGION",
    "LAST_CHANGED",
    "LEID",
    "EUID",
    "NOTES",
    "TAGS",
    "UNSUB_CAMPAIGN_TITLE",
    "UNSUB_CAMPAIGN_ID",
    "UNSUB_REASON",
    "UNSUB_REASON_OTHER",
    "CLEAN_CAMPAIGN_TITLE",
    "CLEAN_CAMPAIGN_ID",
}


@dataclass(frozen=True)
class Row:
    """One subscriber as another tool exported it, in our terms."""

    email: str
    first_name: str = ""
    status: str = ""  # "" = ours to decide (confirm by mail, or --consented)
    requested_at: dt.datetime | None = None
    confirmed_at: dt.datetime | None = None
    left_at: dt.datetime | None = None
    ip: str | None = None


@dataclass(frozen=True)
class Format:
    name: str  # listmonk | mailchimp | plain
    unknown: list[str]  # columns we do not know: reported, ignored
    not_kept: list[str]  # columns we know and leave out on purpose


def detect(header: list[str]) -> Format:
    """Which tool wrote a file with this header row."""
    columns = [c.strip() for c in header]
    if "Email Address" in columns:
        unknown = [c for c in columns if c not in MAILCHIMP_USED | MAILCHIMP_NOT_KEPT and c]
        kept_out = [c for c in columns if c in MAILCHIMP_NOT_KEPT]
        return Format("mailchimp", unknown, kept_out)
    if {"uuid", "email", "status"} <= set(columns):
        unknown = [c for c in columns if c not in LISTMONK_COLUMNS and c]
        return Format("listmonk", unknown, [c for c in ("attributes",) if c in columns])
    return Format("plain", [], [])


_GO_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:\.(\d+))? ([+-]\d{4})(?: \S+)?$")


def _time(value: str) -> dt.datetime | None:
    """Mailchimp writes `2024-03-01 09:15:02` (UTC); listmonk Go's time format,
    `2024-02-11 10:01:22.113722 +0100 CET`. Anything else: no time."""
    value = (value or "").strip()
    if not value:
        return None
    go = _GO_TIME.match(value)
    if go:
        fraction = (go[2] or "0")[:6].ljust(6, "0")
        value = f"{go[1]}.{fraction}{go[3][:3]}:{go[3][3:]}"
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)


def mailchimp_row(row: dict[str, str]) -> Row:
    email = row.get("Email Address", "")
    name = row.get("First Name", "").strip()
    optin, confirm = _time(row.get("OPTIN_TIME", "")), _time(row.get("CONFIRM_TIME", ""))
    ip = (row.get("CONFIRM_IP") or row.get("OPTIN_IP") or "").strip() or None
    if _time(row.get("CLEAN_TIME", "")):
        return Row(email, name, S.BOUNCED, optin, confirm, _time(row["CLEAN_TIME"]), ip)
    if _time(row.get("UNSUB_TIME", "")):
        return Row(email, name, S.UNSUBSCRIBED, optin, confirm, _time(row["UNSUB_TIME"]), ip)
    if optin or confirm:
        return Row(email, name, S.CONFIRMED, optin or confirm, confirm or optin, None, ip)
    return Row(email, name)  # no proof of consent in the file


def listmonk_row(row: dict[str, str]) -> Row:
    # listmonk keeps one full name; the greeting wants the first name.
    email, name = row.get("email", ""), (row.get("name", "").split() or [""])[0]
    created = _time(row.get("created_at", ""))
    if row.get("status", "").strip() in ("blocklisted", "disabled"):
        return Row(email, name, S.UNSUBSCRIBED, created, None, _time(row.get("updated_at", "")))
    return Row(email, name, "", created)
