import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from loslaten.core.backup import BackupError, restore_sqlite


def sqlite_path(command: str, instead: str) -> Path:
    """The configured SQLite file, or a BackupError pointing PostgreSQL users elsewhere."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        raise BackupError(
            f"{command} works on SQLite only; on PostgreSQL use {instead} (see docs/deploy.md)"
        )
    return Path(database["NAME"])


class Command(BaseCommand):
    help = (
        "Restore the SQLite database from a file made by `loslaten backup` "
        "(on PostgreSQL use pg_restore; see docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file made by `loslaten backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds data (stop the site first)",
        )

    def handle(self, *args, file: str, force: bool = False, **options):
        try:
            target = sqlite_path("restore", "pg_restore")
            restore_sqlite(Path(file), target, force=force)
        except BackupError as error:
            sys.stderr.write(f"loslaten restore: {error}\n")
            raise SystemExit(2) from None
        self.stdout.write(
            f"restored {file} into {target}; run `loslaten migrate` and restart the site"
        )
