"""`loslaten user create EMAIL`: make an account from the command line."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from loslaten.accounts.management.commands._common import fail
from loslaten.accounts.services import AccountError, create_account


class Command(BaseCommand):
    help = "Manage accounts. `user create EMAIL` makes one; the password is asked twice."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create an account")
        create.add_argument("email")
        create.add_argument("--first-name", default="", help="the first name (optional)")
        create.add_argument(
            "--password-file",
            type=Path,
            help="read the password from the first line of this file instead of asking",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self.create(options["email"], options["first_name"], options["password_file"])

    def create(self, email: str, first_name: str, password_file: Path | None) -> None:
        password = self.read_password(password_file)
        try:
            user = create_account(email, password, first_name)
        except AccountError as error:
            fail(self, str(error))
        self.stdout.write(f"created account {user.email}")

    def read_password(self, password_file: Path | None) -> str:
        """The password from the file's first line, or typed twice without echo."""
        if password_file is not None:
            try:
                text = password_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                fail(self, f"cannot read the password file {password_file}: {error}")
            lines = text.splitlines()
            return lines[0] if lines else ""
        try:
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            fail(self, "no password given")
        if first != second:
            fail(self, "the two passwords differ")
        return first
