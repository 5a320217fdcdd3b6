"""`loslaten backup` and `loslaten restore`: consistent copies of a live SQLite database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from loslaten.core.backup import (
    BackupError,
    backup_sqlite,
    integrity,
    is_loslaten_database,
    restore_sqlite,
)


def make_database(path: Path, rows: int = 100) -> None:
    """A small stand-in for a Loslaten database, in WAL mode like the real one."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT)")
    conn.execute("INSERT INTO django_migrations (app, name) VALUES ('accounts', '0001_initial')")
    # Two tables that a writer always fills together: a consistent copy has equal counts.
    conn.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("CREATE TABLE entry_log (id INTEGER PRIMARY KEY, entry_id INTEGER)")
    for i in range(rows):
        conn.execute("INSERT INTO entry (text) VALUES (?)", (f"losgelaten {i} " * 20,))
        conn.execute("INSERT INTO entry_log (entry_id) VALUES (?)", (i,))
    conn.commit()
    conn.close()


def counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT count(*) FROM entry").fetchone()[0],
            conn.execute("SELECT count(*) FROM entry_log").fetchone()[0],
        )
    finally:
        conn.close()


def test_backup_while_another_connection_writes_is_consistent_and_openable(tmp_path):
    live = tmp_path / "live.sqlite3"
    make_database(live, rows=2000)
    stop = threading.Event()
    written = []

    def writer() -> None:
        conn = sqlite3.connect(live, timeout=30, isolation_level=None)
        deadline = time.monotonic() + 20  # bounded even if the test body fails
        while not stop.is_set() and time.monotonic() < deadline:
            conn.execute("BEGIN IMMEDIATE")
            cur = conn.execute("INSERT INTO entry (text) VALUES (?)", ("nieuw " * 50,))
            conn.execute("INSERT INTO entry_log (entry_id) VALUES (?)", (cur.lastrowid,))
            conn.execute("COMMIT")
            written.append(1)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for n in range(5):
            while len(written) < (n + 1) * 20:  # make sure writes really interleave
                time.sleep(0.005)
            copy = tmp_path / f"copy{n}.sqlite3"
            backup_sqlite(live, copy)
            copies.append(copy)
    finally:
        stop.set()
        thread.join()

    assert len(written) >= 100
    for copy in copies:
        assert integrity(copy) == "ok"
        entries, logs = counts(copy)
        assert entries == logs >= 2000
        assert is_loslaten_database(copy)
        # One self-contained file: no WAL left beside it, readable on its own.
        assert not Path(f"{copy}-wal").exists()
    assert counts(copies[-1])[0] > counts(copies[0])[0]


def test_backup_file_is_private(tmp_path):
    live = tmp_path / "live.sqlite3"
    make_database(live)
    backup_sqlite(live, tmp_path / "b.sqlite3")
    assert (tmp_path / "b.sqlite3").stat().st_mode & 0o077 == 0


def test_backup_refuses_a_missing_or_foreign_database(tmp_path):
    with pytest.raises(BackupError, match="no database"):
        backup_sqlite(tmp_path / "nothing.sqlite3", tmp_path / "b.sqlite3")
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(BackupError, match="not a Loslaten database"):
        backup_sqlite(foreign, tmp_path / "b.sqlite3")
    assert not (tmp_path / "b.sqlite3").exists()


def test_backup_into_a_missing_folder_fails_without_leaving_a_file(tmp_path):
    live = tmp_path / "live.sqlite3"
    make_database(live)
    with pytest.raises(BackupError, match="does not exist"):
        backup_sqlite(live, tmp_path / "nope" / "b.sqlite3")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("live")) == []


def test_restore_into_an_empty_place_copies_the_data(tmp_path):
    live = tmp_path / "live.sqlite3"
    make_database(live, rows=50)
    backup_sqlite(live, tmp_path / "b.sqlite3")
    target = tmp_path / "new" / "loslaten.sqlite3"
    restore_sqlite(tmp_path / "b.sqlite3", target)
    assert counts(target) == (50, 50)
    assert integrity(target) == "ok"


def test_restore_refuses_to_replace_a_database_without_force(tmp_path):
    live = tmp_path / "live.sqlite3"
    make_database(live, rows=10)
    backup_sqlite(live, tmp_path / "b.sqlite3")
    other = tmp_path / "other.sqlite3"
    make_database(other, rows=3)
    with pytest.raises(BackupError, match="--force"):
        restore_sqlite(tmp_path / "b.sqlite3", other)
    assert counts(other) == (3, 3)
    restore_sqlite(tmp_path / "b.sqlite3", other, force=True)
    assert counts(other) == (10, 10)


def test_restore_while_another_connection_is_open_is_seen_by_that_connection(tmp_path):
    live = tmp_path / "live.sqlite3"
    make_database(live, rows=10)
    backup_sqlite(live, tmp_path / "b.sqlite3")
    site = sqlite3.connect(live)
    site.execute("INSERT INTO entry (text) VALUES ('na de backup')")
    site.commit()
    restore_sqlite(tmp_path / "b.sqlite3", live, force=True)
    assert site.execute("SELECT count(*) FROM entry").fetchone()[0] == 10
    site.close()


def test_restore_refuses_files_that_are_not_loslaten_backups(tmp_path):
    target = tmp_path / "loslaten.sqlite3"
    text = tmp_path / "notes.txt"
    text.write_text("geen database")
    with pytest.raises(BackupError, match="not a SQLite database"):
        restore_sqlite(text, target)
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(BackupError, match="not a Loslaten database"):
        restore_sqlite(foreign, target)
    with pytest.raises(BackupError, match="no file"):
        restore_sqlite(tmp_path / "missing.sqlite3", target)
    assert not target.exists()


def test_restore_refuses_a_damaged_file(tmp_path):
    live = tmp_path / "live.sqlite3"
    make_database(live, rows=500)
    backup_sqlite(live, tmp_path / "b.sqlite3")
    data = bytearray((tmp_path / "b.sqlite3").read_bytes())
    data[8192:12288] = b"\xff" * 4096  # scribble over a page in the middle
    (tmp_path / "damaged.sqlite3").write_bytes(bytes(data))
    with pytest.raises(BackupError):
        restore_sqlite(tmp_path / "damaged.sqlite3", tmp_path / "loslaten.sqlite3")


def loslaten(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a `loslaten` command with its own var dir; on SQLite unless env says otherwise."""
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "loslaten", *args],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=120,
    )


def test_backup_and_restore_commands_round_trip_a_migrated_site(tmp_path):
    env = {"LOSLATEN_VAR_DIR": str(tmp_path / "var")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return loslaten(*args, env=env)

    migrated = run("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    made = run("backup", str(tmp_path / "b.sqlite3"))
    assert made.returncode == 0, made.stderr
    assert integrity(tmp_path / "b.sqlite3") == "ok"

    refused = run("restore", str(tmp_path / "b.sqlite3"))
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "--force" in refused.stderr

    forced = run("restore", "--force", str(tmp_path / "b.sqlite3"))
    assert forced.returncode == 0, forced.stderr

    missing = run("backup", str(tmp_path / "nope" / "b.sqlite3"))
    assert missing.returncode == 2
    assert missing.stderr.startswith("loslaten backup: ")
    assert missing.stderr.count("\n") == 1


@pytest.mark.parametrize(("command", "tool"), [("backup", "pg_dump"), ("restore", "pg_restore")])
def test_on_postgresql_the_commands_point_at_pg_tools(tmp_path, command, tool):
    env = {
        "LOSLATEN_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://loslaten@127.0.0.1:1/loslaten",
    }
    result = loslaten(command, str(tmp_path / "b.dump"), env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert tool in result.stderr
    assert "docs/deploy.md" in result.stderr
