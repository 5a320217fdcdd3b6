"""Backing up and restoring a SQLite database while the site keeps running.

Both directions go through SQLite's online backup API (`sqlite3.Connection.backup`), which
copies page by page under SQLite's own locking: the copy is always one consistent
snapshot, even while the worker or a visitor writes. Nothing here needs Django, so the
functions are tested on plain files; the `backup` and `restore` commands are thin wrappers.

On PostgreSQL, pg_dump and pg_restore do this job better than we could (see docs/deploy.md).

A restore must not run under a site that writes: a write answered 201 just before the
swap would be lost, and its id handed out again. So every process that serves or works
on the database (gunicorn's workers through loslaten/wsgi.py, `loslaten db_worker`,
`clock` and `runserver` through loslaten/cli.py) holds a shared lock on a file beside the
database (hold_in_use), and restore_sqlite takes that lock exclusively, or refuses.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import tempfile
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
# A Loslaten database has applied the accounts app's migrations (the custom user model).
MARKER_APP = "accounts"


class BackupError(Exception):
    """Something stops a backup or restore; the message is one plain line for the user."""


def in_use_path(database: Path) -> Path:
    """The lock file beside a database: held (shared) by every process that uses it."""
    return database.with_name(database.name + ".in-use")


_held: list[int] = []  # the descriptors this process keeps its shared locks through


def hold_in_use(database: Path) -> None:
    """Mark the database as in use by this process, until it ends (a shared lock, so any
    number of processes may hold it; waits while a restore runs)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(in_use_path(database), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_SH)
    _held.append(fd)


@contextlib.contextmanager
def nobody_using(database: Path):  # type: ignore[no-untyped-def]
    """Hold the database for ourselves, or raise BackupError while the site or a worker
    has it (see hold_in_use); nothing can start using it until the block ends."""
    database.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(in_use_path(database), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError(
                "the site or a worker is still using the database; stop them first "
                "(systemctl stop loslaten-web loslaten-worker loslaten-clock)"
            ) from None
        yield
    finally:
        os.close(fd)  # also lets go of the lock


def is_sqlite_file(path: Path) -> bool:
    """True if the file starts with SQLite's 16-byte header."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def integrity(path: Path) -> str:
    """The result of `PRAGMA integrity_check` on a database file ("ok" when healthy)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)  # so badly damaged that the check itself cannot run
    finally:
        conn.close()
    return "; ".join(str(row[0]) for row in rows)


def is_loslaten_database(path: Path) -> bool:
    """True if the file is a SQLite database with Loslaten's migrations applied."""
    if not is_sqlite_file(path):
        return False
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT count(*) FROM django_migrations WHERE app = ?", (MARKER_APP,)
        ).fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return bool(row and row[0])


def has_tables(path: Path) -> bool:
    """True if the database file exists and holds at least one table."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    except sqlite3.DatabaseError:
        return True  # not something we recognise: treat it as data worth keeping
    finally:
        conn.close()
    return bool(row[0])


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy the live database `source` into the new file `target`, consistently.

    The copy is written to a temporary file beside the target, checked with
    `PRAGMA integrity_check`, switched out of WAL mode (so it is one self-contained
    file), and only then renamed into place: a failed backup never leaves a half file.
    """
    if not source.exists():
        raise BackupError(f"no database at {source}")
    if not is_loslaten_database(source):
        raise BackupError(f"{source} is not a Loslaten database")
    target = target.resolve()
    if target == source.resolve():
        raise BackupError("the backup file must not be the database itself")
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=".loslaten-backup-", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        src = sqlite3.connect(str(source), timeout=30)
        dst = sqlite3.connect(str(tmp))
        try:
            # pages=-1 (the default) copies everything in one step under one read
            # transaction; in WAL mode that never blocks writers, and the snapshot is
            # consistent by construction.
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
        result = integrity(tmp)
        if result != "ok":
            raise BackupError(f"the copy failed its integrity check: {result}")
        tmp.chmod(0o600)  # it holds journals and password hashes
        tmp.replace(target)
    except sqlite3.Error as error:
        raise BackupError(f"backup failed: {error}") from None
    finally:
        tmp.unlink(missing_ok=True)


def restore_sqlite(backup: Path, target: Path, force: bool = False) -> None:
    """Copy the backup file into the database at `target`.

    Refuses unless the backup is a healthy Loslaten database, refuses to replace a
    database that already holds tables unless `force` is given, and refuses while the
    site or a worker is using the database (nobody_using), `force` or not: what they
    wrote after the backup was made would be lost without a word.
    """
    if not backup.exists():
        raise BackupError(f"no file at {backup}")
    if not is_sqlite_file(backup):
        raise BackupError(f"{backup} is not a SQLite database")
    result = integrity(backup)
    if result != "ok":
        raise BackupError(f"{backup} failed its integrity check: {result}")
    if not is_loslaten_database(backup):
        raise BackupError(f"{backup} is not a Loslaten database")
    if target.exists() and target.resolve() == backup.resolve():
        raise BackupError("the backup file is the database itself")
    if has_tables(target) and not force:
        raise BackupError(
            f"{target} already holds a database; stop the site and add --force to replace it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with nobody_using(target):
        _copy_into(backup, target)


def _copy_into(backup: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        dst = sqlite3.connect(str(target), timeout=30)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as error:
        raise BackupError(f"restore failed: {error}") from None
