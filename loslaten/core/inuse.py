"""Mark the configured SQLite database as in use by this process (see core.backup)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from loslaten.core.backup import hold_in_use

#: The `loslaten` commands that serve or work on the database for as long as they run.
LONG_RUNNING = frozenset({"db_worker", "clock", "runserver"})


def mark_database_in_use() -> None:
    """Hold the shared lock that `loslaten restore` checks, until this process ends.

    Only SQLite: on PostgreSQL restore goes through pg_restore (docs/deploy.md).
    """
    database = settings.DATABASES["default"]
    name = str(database.get("NAME") or "")
    if database["ENGINE"] != "django.db.backends.sqlite3" or not name or "memory" in name:
        return
    hold_in_use(Path(name))
