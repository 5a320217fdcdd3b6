"""Rate limits kept in the database (loslaten.core.models.Counter), where no flood of cache
entries can push them out, and the same for every app server and worker.

    if not limits.take(limits.key("reset-mail", email), allowed=3, window=timedelta(hours=1)):
        ...  # over the limit

A window starts with its first use and lasts `window`; up to `allowed` uses fit in it.
Keys are keyed hashes (see key()), so the table holds no address a visitor typed.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from loslaten.core.models import Counter


def key(kind: str, value: str) -> str:
    """The key of a limit on `value` (an address, an IP): ``kind:`` and a keyed hash."""
    digest = salted_hmac(f"loslaten.limits.{kind}", value, algorithm="sha256").hexdigest()
    return f"{kind}:{digest[:64]}"


def take(name: str, allowed: int, window: dt.timedelta, now: dt.datetime | None = None) -> bool:
    """Count one use of `name`; True if it fits (at most `allowed` uses in the window)."""
    now = now or timezone.now()
    with transaction.atomic():
        Counter.objects.filter(key=name, expires_at__lte=now).delete()
        Counter.objects.get_or_create(key=name, defaults={"value": 0, "expires_at": now + window})
        fits = Counter.objects.filter(key=name, value__lt=allowed).update(value=F("value") + 1)
    return bool(fits)


def used(name: str, now: dt.datetime | None = None) -> int:
    """How many uses of `name` the current window holds."""
    now = now or timezone.now()
    row = Counter.objects.filter(key=name, expires_at__gt=now).values_list("value", flat=True)
    return row.first() or 0


def give_back(name: str) -> None:
    """Undo one use (the thing it counted did not happen, e.g. the mail was not sent)."""
    Counter.objects.filter(key=name, value__gt=0).update(value=F("value") - 1)


def prune(now: dt.datetime | None = None) -> int:
    """Delete the windows that have ended; how many. Run by the clock."""
    deleted, _ = Counter.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


# Counters that last (no window): the page-cache generation.


def read(name: str) -> int | None:
    """The value of a lasting counter, or None when it was never set."""
    return Counter.objects.filter(key=name).values_list("value", flat=True).first()


def increment(name: str) -> int:
    """Add one to a lasting counter (made at 1 when absent); its new value."""
    with transaction.atomic():
        _, created = Counter.objects.get_or_create(key=name, defaults={"value": 1})
        if created:
            return 1
        Counter.objects.filter(key=name).update(value=F("value") + 1)
        return Counter.objects.values_list("value", flat=True).get(key=name)
