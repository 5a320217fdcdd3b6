"""The journal, the month and the year with a year of one person's data (a script, not a test).

A throwaway SQLite site in a temp dir, one person with 6,000 rows over a year (2,000
check-ins, 2,000 moments, 2,000 journal entries), and each page asked for 20 times through
Django's test client (no network, no server: what the page itself costs). Prints bytes and
the median and worst time per page; the last line is
``journal_kb=<size> journal_p50_ms=<ms> year_p50_ms=<ms>``.

Run: ``.venv/bin/python bench/over_time.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROUNDS = 20
PAGES = [
    ("journal, page 1", "/oefenen/dagboek/", {}),
    ("journal, page 120", "/oefenen/dagboek/", {"pagina": "120"}),
    ("journal, search", "/oefenen/dagboek/", {"q": "gracht"}),
    ("month", "/oefenen/maand/2026-03/", {}),
    ("year", "/oefenen/jaar/2026/", {}),
]


def main() -> int:
    var = tempfile.mkdtemp(prefix="loslaten-bench-")
    os.environ["LOSLATEN_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loslaten.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from loslaten.accounts.models import User
    from loslaten.practice.models import CheckIn, JournalEntry, Moment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench@example.org", "a long bench password")
    start = dt.datetime(2026, 1, 1, 7, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    at = [start + i * dt.timedelta(minutes=263) for i in range(2000)]
    calm = {"breath": "low", "shoulders": "soft", "jaw": "neutral", "belly": "soft"}
    CheckIn.objects.bulk_create(
        CheckIn(user=user, at=t, tension=i % 11, **calm) for i, t in enumerate(at)
    )
    Moment.objects.bulk_create(Moment(user=user, at=t, kind="exhale", duration_s=15) for t in at)
    JournalEntry.objects.bulk_create(
        JournalEntry(user=user, at=t, text=f"Dag {i}: de fiets langs de gracht.")
        for i, t in enumerate(at)
    )
    client = Client()
    client.force_login(user)
    results = {}
    for name, url, query in PAGES:
        client.get(url, query)  # warm
        times, size = [], 0
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            response = client.get(url, query)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
        results[name] = (size, statistics.median(times), max(times))
        print(
            f"{name:20} {size / 1024:7.1f} KB  "
            f"p50 {results[name][1]:6.0f} ms  max {max(times):6.0f} ms"
        )
    journal = results["journal, page 1"]
    print(
        f"journal_kb={journal[0] / 1024:.1f} journal_p50_ms={journal[1]:.0f} "
        f"year_p50_ms={results['year'][1]:.0f}"
    )
    shutil.rmtree(var, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
