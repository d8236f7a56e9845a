"""Backups of the SQLite database: a consistent copy taken while the bot runs (SQLite's online backup API: the
copy is the database as it was at one moment, whatever is being written meanwhile), the last N kept, and a copy
put back in place of the database. On PostgreSQL use pg_dump and pg_restore (README, «Operating Vmeste»)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

PREFIX = "vmeste-"
SUFFIX = ".sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in one line."""


def sqlite_file(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError(
            "backups are for the SQLite database; on PostgreSQL use pg_dump (see README, «Operating Vmeste»)"
        )
    return Path(parsed.database).resolve()


def default_dir(url: str) -> Path:
    """Where backups go unless told otherwise: `backups/` beside the database file."""
    return sqlite_file(url).parent / "backups"


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")


def _copy(source: Path, target: Path) -> None:
    """The online backup API into a new file, made a plain one-file database (no WAL) and checked."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if verdict != "ok":
        raise BackupError(f"the copy did not pass SQLite's check: {verdict}")


def backups_in(folder: Path) -> list[Path]:
    """Backups in `folder`, oldest first (the names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file())


def backup(url: str, folder: Path | None = None, keep: int = 14, now: datetime | None = None) -> Path:
    """Write a consistent copy of the live database into `folder` and keep the newest `keep` there.
    Returns the new file."""
    source = sqlite_file(url)
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    if keep < 1:
        raise BackupError("keep at least one backup")
    folder = (folder or default_dir(url)).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _stamp(now or datetime.now(UTC))
    target = folder / f"{PREFIX}{stamp}{SUFFIX}"
    n = 1
    while target.exists():  # two backups within one second: "_02" sorts after the first one's "."
        n += 1
        target = folder / f"{PREFIX}{stamp}_{n:02d}{SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    try:
        _copy(source, partial)
        os.replace(partial, target)  # a backup is either whole or not there
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    for old in backups_in(folder)[:-keep]:
        old.unlink()
    return target


def check_backup(path: Path) -> None:
    """A restorable copy: a SQLite database that passes the check and has a schema version."""
    if not path.is_file():
        raise BackupError(f"no such file: {path}")
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a Vmeste database ({error})") from None
    if verdict != "ok" or version is None:
        raise BackupError(f"{path} is not a whole Vmeste database")


def restore(url: str, path: Path, now: datetime | None = None) -> Path | None:
    """Put the copy at `path` in place of the database (the bot must be stopped: the caller checks). The database
    it replaces is moved aside first, as `<name>.before-restore-<time>`; returns that file (None if there was no
    database). The copy is left where it is."""
    check_backup(path)
    target = sqlite_file(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(target.name + ".restoring")
    _copy(path.resolve(), incoming)
    aside = None
    if target.exists():
        aside = target.with_name(f"{target.name}.before-restore-{_stamp(now or datetime.now(UTC))}")
        os.replace(target, aside)
    for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        # What the stopped bot left in its write-ahead log belongs to the database moved aside: keep it with it.
        if leftover.exists():
            if aside is not None:
                os.replace(leftover, Path(f"{aside}{leftover.name[len(target.name) :]}"))
            else:
                leftover.unlink()
    os.replace(incoming, target)
    return aside
