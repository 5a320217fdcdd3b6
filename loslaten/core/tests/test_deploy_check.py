"""`loslaten check --deploy` is clean with production settings, and still warns without them."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    """The environment docs/deploy.md asks for on a production machine."""
    # Without the test run's own variables (conftest.py allows async-unsafe ORM calls).
    dropped = ("LOSLATEN_", "DATABASE_", "CACHE_URL", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    return {
        **base,
        "LOSLATEN_VAR_DIR": str(tmp_path),
        "LOSLATEN_BASE_URL": "https://loslaten.example.nl",
        "LOSLATEN_DEBUG": "0",
        "LOSLATEN_SECRET_KEY": secrets.token_urlsafe(50),
        "LOSLATEN_ALLOWED_HOSTS": "loslaten.example.nl",
        **extra,
    }


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loslaten", "check", "--deploy"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_check_deploy_gives_no_warning_with_production_settings(tmp_path):
    result = check_deploy(production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output


def test_check_deploy_is_also_clean_behind_a_proxy_with_hsts_preload(tmp_path):
    env = production_env(tmp_path, LOSLATEN_BEHIND_PROXY="1", LOSLATEN_HSTS_PRELOAD="1")
    result = check_deploy(env)
    assert result.returncode == 0
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("extra", "warning"),
    [
        ({"LOSLATEN_DEBUG": "1"}, "security.W018"),
        ({"LOSLATEN_BASE_URL": "http://loslaten.example.nl"}, "security.W008"),
    ],
)
def test_check_deploy_still_warns_about_unsafe_settings(tmp_path, extra, warning):
    result = check_deploy(production_env(tmp_path, **extra))
    assert warning in result.stdout + result.stderr


def test_the_site_does_not_start_in_production_with_a_short_secret_key(tmp_path):
    result = check_deploy(production_env(tmp_path, LOSLATEN_SECRET_KEY="x"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "LOSLATEN_SECRET_KEY must be at least 50 characters (it has 1)" in lines[0]
