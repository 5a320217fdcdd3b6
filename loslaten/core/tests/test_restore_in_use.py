"""`loslaten restore` refuses while the site or a worker is using the database.

Found from outside: `restore --force` while the site wrote lost 775 writes that had
already been answered 201, and their ids were handed out again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from loslaten.core.backup import BackupError, nobody_using, restore_sqlite
from loslaten.core.tests.test_backup import counts, make_database

HOLD = (
    "import sys; from pathlib import Path; from loslaten.core.backup import hold_in_use; "
    "hold_in_use(Path(sys.argv[1])); print('holding', flush=True); sys.stdin.read()"
)


def test_restore_refuses_while_another_process_uses_the_database_even_with_force(tmp_path):
    live, backup = tmp_path / "loslaten.sqlite3", tmp_path / "b.sqlite3"
    make_database(live, rows=30)
    make_database(backup, rows=10)
    site = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(live)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    try:
        assert site.stdout.readline().strip() == "holding"
        with pytest.raises(BackupError, match="still using the database"):
            restore_sqlite(backup, live, force=True)
        assert counts(live) == (30, 30)  # nothing was replaced
    finally:
        site.communicate("", timeout=30)
    # Once the site has stopped, the restore goes through.
    restore_sqlite(backup, live, force=True)
    assert counts(live) == (10, 10)


def test_the_lock_is_shared_by_the_site_and_the_workers(tmp_path):
    """Many processes may hold it at once; only a restore wants it alone."""
    database = tmp_path / "loslaten.sqlite3"
    script = (
        "import sys; from pathlib import Path; from loslaten.core.backup import hold_in_use; "
        "hold_in_use(Path(sys.argv[1])); hold_in_use(Path(sys.argv[1])); print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(database)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert done.stdout.strip() == "ok", done.stderr
    with nobody_using(database):
        pass


def test_a_running_worker_makes_the_restore_command_refuse(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "LOSLATEN_VAR_DIR": str(tmp_path / "var"),
    }

    def loslaten(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "loslaten", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    assert loslaten("migrate", "--noinput").returncode == 0
    assert loslaten("backup", str(tmp_path / "b.sqlite3")).returncode == 0
    worker = subprocess.Popen(
        [sys.executable, "-m", "loslaten", "db_worker", "--no-reload", "--interval", "5"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        database = tmp_path / "var" / "loslaten.sqlite3"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until the worker has started and holds it
            try:
                with nobody_using(database):
                    pass
            except BackupError:
                break
            time.sleep(0.1)
        refused = loslaten("restore", "--force", str(tmp_path / "b.sqlite3"))
        assert refused.returncode == 2
        assert refused.stderr.count("\n") == 1
        assert "still using the database" in refused.stderr
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert loslaten("restore", "--force", str(tmp_path / "b.sqlite3")).returncode == 0
