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
