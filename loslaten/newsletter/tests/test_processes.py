"""Real worker processes, killed with SIGKILL, against a database they share with us.

The workers are `loslaten newsletter send ID` subprocesses. They need a database that
another process can open, so these tests make their own: a SQLite file in a temporary
folder, or a fresh database on the PostgreSQL server of DATABASE_URL (CI runs both).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from loslaten.newsletter.sending import IN_DOUBT_GROUP
from loslaten.newsletter.tests.helpers import wait_for

LOSLATEN = str(Path(sys.executable).with_name("loslaten"))
IS_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Iterator[dict[str, str]]:
    """Environment for subprocesses: a migrated database of their own."""
    env = dict(os.environ)
    env["LOSLATEN_VAR_DIR"] = str(tmp_path_factory.mktemp("var"))
    # The default lease (60 s): a run after a killed one must not wait for it.
    env.pop("LOSLATEN_NEWSLETTER_LEASE_SECONDS", None)
    env["LOSLATEN_NEWSLETTER_RETRY_SECONDS"] = "0.05"
    env["LOSLATEN_BASE_URL"] = "http://testserver"
    env["LOSLATEN_TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    dropper = None
    if IS_POSTGRES:
        import psycopg

        name = f"loslaten_nl_{uuid.uuid4().hex[:10]}"
        server = os.environ["DATABASE_URL"]
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + name

        def dropper():
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    else:
        env.pop("DATABASE_URL", None)
    try:
        subprocess.run([LOSLATEN, "migrate", "-v0"], env=env, check=True, timeout=120)
        yield env
    finally:
        if dropper:
            dropper()


def external(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "loslaten.newsletter.tests.external", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.strip()


def worker(env: dict[str, str], issue_id: str) -> subprocess.Popen:
    return subprocess.Popen(
        [LOSLATEN, "newsletter", "send", issue_id],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def smtp_env(env: dict[str, str], port: int) -> dict[str, str]:
    return {**env, "EMAIL_URL": f"smtp://127.0.0.1:{port}?timeout=5"}


def check_once(smtp, states: dict[str, str]) -> set[str]:
    """Nobody twice; everyone not in doubt exactly once. Returns the in-doubt addresses."""
    received = smtp.per_recipient()
    assert max(received.values()) == 1, [r for r, n in received.items() if n > 1]
    doubtful = {email for email, state in states.items() if state == "in_doubt"}
    for email, state in states.items():
        if email not in doubtful:
            assert state == "sent", (email, state)
            assert received[email] == 1, email
    return doubtful


def test_worker_killed_mid_send_and_restarted_sends_nobody_twice(database, smtp_server):
    smtp, port = smtp_server
    env = smtp_env(database, port)
    issue_id = external(env, "seed", "1000")
    kills = 0
    for kill_at in (250, 600):
        proc = worker(env, issue_id)
        assert wait_for(lambda at=kill_at: smtp.count() >= at, timeout=60), proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        kills += 1
    started = time.monotonic()
    final = worker(env, issue_id)
    _, err = final.communicate(timeout=120)
    took = time.monotonic() - started
    assert final.returncode == 0, err
    # The killed workers' leases run 60 s; their rows come back at once because their
    # processes are gone (same host), so the run does not sit waiting for them.
    assert took < 60, took
    states = json.loads(external(env, "report", issue_id))
    assert len(states) == 1000
    doubtful = check_once(smtp, states)
    # At most one group (marked in doubt in one commit) per killed connection.
    assert len(doubtful) <= kills * IN_DOUBT_GROUP
    assert smtp.count() >= 1000 - len(doubtful)


@pytest.mark.skipif(
    not IS_POSTGRES, reason="two concurrent workers need PostgreSQL (SKIP LOCKED); this is SQLite"
)
def test_two_workers_at_once_on_postgresql_send_everyone_once(database, smtp_server):
    smtp, port = smtp_server
    env = smtp_env(database, port)
    issue_id = external(env, "seed", "1000")
    procs = [worker(env, issue_id), worker(env, issue_id)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    states = json.loads(external(env, "report", issue_id))
    assert check_once(smtp, states) == set()
    assert smtp.count() == 1000
