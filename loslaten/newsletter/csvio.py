"""CSV export (admin) and import (`loslaten newsletter import`)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from loslaten.core.csvsafe import csv_bytes
from loslaten.newsletter.addresses import validate_address
from loslaten.newsletter.models import Subscriber
from loslaten.newsletter.subscriptions import log_event, normalize_email, request_confirmation

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


def import_csv(lines: Iterable[str], *, consented: bool = False) -> ImportReport:
    """Add the addresses in a CSV (columns: email[, first_name]; a header row is optional).

    New addresses get a confirmation email each, through the worker, unless `consented`
    says the consent was given elsewhere; then they are confirmed at once. Addresses
    already on the list are left as they are. Bad rows are reported, not imported.
    """
    report = ImportReport()
    seen: set[str] = set()
    method = "import-consented" if consented else "import"
    for number, row in enumerate(csv.reader(lines), start=1):
        if not row or not "".join(row).strip():
            continue
        raw = row[0].strip()
        if number == 1 and raw.lower() in ("email", "e-mail", "e-mailadres", "emailadres"):
            continue
        email = normalize_email(raw)
        try:
            validate_address(email)
        except ValidationError:
            report.rejected.append((number, f"geen geldig e-mailadres: {raw[:60]!r}"))
            continue
        if len(email) > 254:
            report.rejected.append((number, "adres te lang"))
            continue
        if email in seen:
            report.rejected.append((number, "dubbel in dit bestand"))
            continue
        seen.add(email)
        name = row[1].strip()[:100] if len(row) > 1 else ""
        now = timezone.now()
        with transaction.atomic():
            subscriber, created = Subscriber.objects.get_or_create(
                email=email,
                defaults={
                    "first_name": name,
                    "consent_method": method,
                    "consent_requested_at": now,
                    "status": Subscriber.Status.CONFIRMED
                    if consented
                    else Subscriber.Status.PENDING,
                    "confirmed_at": now if consented else None,
                },
            )
            if not created:
                report.existing += 1
                continue
            report.created += 1
            log_event(subscriber, "import", method)
            if consented:
                log_event(subscriber, "confirm", "import-consented")
            else:
                request_confirmation(subscriber, now=now)
    return report
