"""CSV export (admin) and import (`loslaten newsletter import`)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from loslaten.core.csvsafe import csv_bytes
from loslaten.newsletter import importers
from loslaten.newsletter.addresses import validate_address
from loslaten.newsletter.models import Subscriber, SubscriberEvent
from loslaten.newsletter.subscriptions import log_event, normalize_email, request_confirmation

S = Subscriber.Status
EXPORT_FIELDS = [
    "email",
    "first_name",
    "status",
    "consent_method",
    "consent_requested_at",
    "confirmed_at",
    "unsubscribed_at",
    "hard_failures",
]


def export_csv(subscribers: Iterable[Subscriber]) -> bytes:
    """The subscribers as a spreadsheet-safe CSV file, one row each (see core/csvsafe.py:
    a name typed into the public sign-up form must not run as a formula)."""

    def row(s: Subscriber) -> dict[str, object]:
        values = {name: getattr(s, name) for name in EXPORT_FIELDS}
        return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}

    return csv_bytes((row(s) for s in subscribers), EXPORT_FIELDS)


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    format: str = "plain"
    unknown_columns: list[str] = field(default_factory=list)
    not_kept: list[str] = field(default_factory=list)


def _rows(lines: Iterable[str], report: ImportReport) -> Iterator[tuple[int, importers.Row]]:
    """(line number, row) in our terms, whichever tool wrote the file."""
    reader = csv.reader(lines)
    header: list[str] | None = None
    fmt = None
    for number, row in enumerate(reader, start=1):
        if not row or not "".join(row).strip():
            continue
        if fmt is None:
            fmt = importers.detect(row)
            report.format = fmt.name
            report.unknown_columns, report.not_kept = fmt.unknown, fmt.not_kept
            if fmt.name != "plain":
                header = [c.strip() for c in row]
                continue
            if row[0].strip().lower() in ("email", "e-mail", "e-mailadres", "emailadres"):
                continue
        if header is None:
            yield number, importers.Row(row[0], row[1] if len(row) > 1 else "")
            continue
        values = dict(zip(header, row, strict=False))
        if fmt.name == "mailchimp":
            yield number, importers.mailchimp_row(values)
        else:
            yield number, importers.listmonk_row(values)


def import_csv(lines: Iterable[str], *, consented: bool = False) -> ImportReport:
    """Add the addresses in a CSV: ours (email[, first_name]; a header row is optional),
    or a listmonk or Mailchimp export as they write it (see importers.py).

    New addresses get a confirmation email each, through the worker, unless the file
    proves consent (Mailchimp's opt-in times) or `consented` says it was given elsewhere.
    Who left or bounced elsewhere comes in as such, so they are never mailed. Addresses
    already on the list are left as they are. Bad rows are reported, not imported.
    """
    report = ImportReport()
    seen: set[str] = set()
    for number, row in _rows(lines, report):
        raw = row.email.strip()
        email = normalize_email(raw)
        try:
            validate_address(email)
        except ValidationError:
            report.rejected.append((number, f"geen geldig e-mailadres: {raw[:60]!r}"))
            continue
        if email in seen:
            report.rejected.append((number, "dubbel in dit bestand"))
            continue
        seen.add(email)
        if _add(email, row, report.format, consented):
            report.created += 1
        else:
            report.existing += 1
    return report


def _add(email: str, row: importers.Row, source: str, consented: bool) -> bool:
    """Create one subscriber (False when the address is already on the list)."""
    now = timezone.now()
    status = row.status or (S.CONFIRMED if consented else S.PENDING)
    if row.status == S.CONFIRMED:
        method = f"import-{source}"
    else:
        method = "import-consented" if consented and not row.status else "import"
    ip = row.ip if settings.LOSLATEN_NEWSLETTER_STORE_IP else None
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "first_name": row.first_name.strip()[:100],
                "consent_method": method,
                "consent_requested_at": row.requested_at or now,
                "status": status,
                "confirmed_at": (row.confirmed_at or now) if status == S.CONFIRMED else None,
                "unsubscribed_at": row.left_at if status != S.CONFIRMED else None,
            },
        )
        if not created:
            return False
        log_event(subscriber, "import", method)
        if status == S.CONFIRMED:
            SubscriberEvent.objects.create(
                subscriber=subscriber,
                at=row.confirmed_at or now,
                kind="confirm",
                method=method,
                ip=ip,
            )
        elif status in (S.UNSUBSCRIBED, S.BOUNCED):
            SubscriberEvent.objects.create(
                subscriber=subscriber,
                at=row.left_at or now,
                kind="unsubscribe" if status == S.UNSUBSCRIBED else "bounced",
                method=f"import-{source}",
            )
        else:
            request_confirmation(subscriber, now=now)
    return True
