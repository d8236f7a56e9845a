"""Engine and session factory. SQLite gets WAL, a busy timeout and foreign keys; PostgreSQL runs through asyncpg."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from db import sqlite_driver
from db.quick_reads import READS_KEY, QuickReads

SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _rollback_only_when_open(dialect: Any) -> None:
    """SQLite reads outside a transaction (the driver begins one only before a write), so after a read-only
    session there is nothing to roll back; yet each rollback is a round trip to the driver's thread, and a session
    ends with two (its own, then the pool's reset). Skip them when SQLite says no transaction is open: the result
    is the same, and a browsing click is two round trips shorter."""
    rollback = dialect.do_rollback

    def do_rollback(connection: Any) -> None:
        adapted = getattr(
            connection, "dbapi_connection", connection
        )  # a pool proxy or the adapted connection
        driver = getattr(adapted, "_connection", None)  # aiosqlite's connection
        if (
            driver is not None
            and getattr(driver, "_connection", None) is not None
            and not driver.in_transaction
        ):
            return
        rollback(connection)

    dialect.do_rollback = do_rollback


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if is_sqlite(url):
        ensure_sqlite_dir(url)
        kwargs.setdefault("module", sqlite_driver.dbapi())
        engine = create_async_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}, **kwargs
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        _rollback_only_when_open(engine.sync_engine.dialect)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep their objects usable after commit; on a SQLite file they carry the quick reader
    (`db.quick_reads`) for the reads of the browsing path."""
    reads = QuickReads.for_engine(engine)
    info = {READS_KEY: reads} if reads is not None else None
    return async_sessionmaker(engine, expire_on_commit=False, info=info)
