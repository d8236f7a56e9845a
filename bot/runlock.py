"""One bot process per SQLite database: the running bot holds an exclusive lock on `<database>.lock` for its
whole life. The kernel releases it when the process ends in any way (SIGKILL included), so a stale file never
blocks anything. `restore` takes the same lock to know that the bot is stopped, and a second bot started on the
same file stops at once instead of sharing it."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class Busy(Exception):
    """Another process holds the lock; `pid` is what it wrote into the file (None if unknown)."""

    def __init__(self, path: Path, pid: int | None) -> None:
        super().__init__(str(path))
        self.path = path
        self.pid = pid


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@contextlib.contextmanager
def held(database: Path) -> Iterator[Path]:
    """Hold the database's lock for the duration, or raise `Busy` at once."""
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raw = os.pread(fd, 32, 0).decode(errors="replace").strip()
            raise Busy(path, int(raw) if raw.isdigit() else None) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
