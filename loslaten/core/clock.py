"""The clock: once a minute it asks each app whether periodic work is due.

django-tasks runs jobs but does not schedule them. Each app offers a `tick(now)` function
that enqueues what is due, idempotently (guarded by a unique row per period), so running
one clock per machine, or several, never does the work twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


def jobs() -> list[Callable[[dt.datetime], object]]:
    """The tick functions named in settings.LOSLATEN_CLOCK_JOBS."""
    return [import_string(path) for path in settings.LOSLATEN_CLOCK_JOBS]


def tick(now: dt.datetime | None = None) -> int:
    """Run every job once; a failing job is logged and does not stop the others."""
    now = now or timezone.now()
    failures = 0
    for job in jobs():
        try:
            job(now)
        except Exception:
            failures += 1
            log.exception("clock job %s failed", getattr(job, "__qualname__", job))
    return failures
