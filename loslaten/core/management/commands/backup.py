import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from loslaten.core.backup import BackupError, backup_sqlite
from loslaten.core.management.commands.restore import sqlite_path


class Command(BaseCommand):
    help = (
        "Copy the SQLite database into FILE while the site keeps running "
        "(on PostgreSQL use pg_dump; see docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file to write (replaced if it exists)")

    def handle(self, *args, file: str, **options):
        try:
            source = sqlite_path("backup", "pg_dump --format=custom")
            backup_sqlite(source, Path(file))
        except BackupError as error:
            sys.stderr.write(f"loslaten backup: {error}\n")
            raise SystemExit(2) from None
        self.stdout.write(f"backed up {source} to {file}")
