"""Helpers for the browser tests (the ``page`` and ``log_in`` fixtures are in conftest)."""

from __future__ import annotations

import json
from typing import Any


def assert_accessible(page: Any) -> None:
    """Fail with axe-core's report when the page, as it is now, has a serious or critical
    accessibility violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    if serious:
        raise AssertionError(json.dumps(serious, indent=2)[:3000])


def assert_axe_finds_nothing(page: Any) -> None:
    """Fail with axe-core's report when the page, as it is now, has any violation at all
    (of any impact), in light or in dark mode; the page is left in light mode."""
    from axe_playwright_python.sync_playwright import Axe

    try:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            violations = Axe().run(page).response["violations"]
            if violations:
                raise AssertionError(f"{scheme}: " + json.dumps(violations, indent=1)[:3000])
    finally:
        page.emulate_media(color_scheme="light")
