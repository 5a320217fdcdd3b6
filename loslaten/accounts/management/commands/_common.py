"""What the accounts commands share: one plain error line on stderr and exit code 2."""

from __future__ import annotations

import sys
from typing import NoReturn

from django.core.management.base import BaseCommand


def fail(command: BaseCommand, message: str) -> NoReturn:
    """Print ``loslaten: message`` on stderr and stop with exit code 2."""
    command.stderr.write(f"loslaten: {message}", style_func=lambda text: text)
    sys.stderr.flush()
    raise SystemExit(2)
