"""`loslaten token create EMAIL [--name NAME]`: make an API token and print it once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from loslaten.accounts.management.commands._common import fail
from loslaten.accounts.models import Token, User, normalize_email
from loslaten.accounts.services import create_token, revoke_token


class Command(BaseCommand):
    help = (
        "Manage API tokens: `token create EMAIL [--name NAME]`, `token list EMAIL`, "
        "`token revoke EMAIL ID`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("email")
        create.add_argument("--name", default="cli", help="a name to recognise the token by")
        listing = sub.add_parser("list", help="list an account's tokens (never their secrets)")
        listing.add_argument("email")
        revoke = sub.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("email")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.find_user(options["email"])
        if options["action"] == "create":
            _, secret = create_token(user, options["name"])
            # Only the secret goes to stdout, so `$(loslaten token create ...)` captures it.
            self.stdout.write(secret)
            self.stderr.write("This token is shown once; keep it somewhere safe.")
        elif options["action"] == "list":
            for token in Token.objects.filter(user=user):
                state = "revoked" if token.revoked_at else "active"
                used = token.last_used_at.isoformat() if token.last_used_at else "never"
                self.stdout.write(
                    f"{token.id}\t{token.prefix}…\t{token.name}\t{state}\t"
                    f"created {token.created_at.isoformat()}\tlast used {used}"
                )
        elif options["action"] == "revoke":
            if not revoke_token(user, options["token_id"]):
                fail(self, f"no active token {options['token_id']} for {user.email}")
            self.stdout.write(f"revoked token {options['token_id']}")

    def find_user(self, email: str) -> User:
        user = User.objects.filter(email=normalize_email(email)).first()
        if user is None:
            fail(self, f"no account with the address {normalize_email(email)}")
        return user
