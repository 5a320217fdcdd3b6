"""The `loslaten` command: Django's manage command plus the model's own commands.

`loslaten scenarios` and `loslaten simulate` run the pure model without starting Django;
everything else (`migrate`, `runserver`, `import`, ...) is a Django management command.
"""

from __future__ import annotations

import os
import sys

MODEL_COMMANDS = {"scenarios", "simulate"}


def main(argv: list[str] | None = None) -> int:
    """Run one `loslaten` command and return its exit code."""
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in MODEL_COMMANDS:
        from loslaten.hormones.cli import main as model_main

        return model_main(argv[1:])
    if len(argv) == 3 and argv[1] == "help" and argv[2] in MODEL_COMMANDS:
        # Django's list ends with "Type 'loslaten help <subcommand>'": the model's too.
        from loslaten.hormones.cli import main as model_main

        return model_main([argv[2], "--help"])
    if len(argv) == 1 or (len(argv) == 2 and argv[1] in ("help", "--help", "-h")):
        # Django's list knows only its management commands; the model's come first.
        from loslaten.hormones.cli import COMMANDS

        print("Model commands (no database needed):")
        for name, summary in COMMANDS.items():
            print(f"    {name:<12}{summary}")
        print()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loslaten.settings")
    from loslaten.config import ConfigError

    try:
        from django.core.management import execute_from_command_line

        if len(argv) > 1:
            _mark_in_use(argv[1])
        execute_from_command_line(argv)
    except ConfigError as error:
        print(f"loslaten: {error}", file=sys.stderr)
        return 2
    return 0


def _mark_in_use(command: str) -> None:
    """A worker, the clock or runserver holds the database for as long as it runs, so that
    `loslaten restore` refuses meanwhile."""
    from loslaten.core.inuse import LONG_RUNNING

    if command in LONG_RUNNING:
        import django

        django.setup()
        from loslaten.core.inuse import mark_database_in_use

        mark_database_in_use()


if __name__ == "__main__":
    sys.exit(main())
