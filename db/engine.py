"""Engine and session factory. SQLite (the stock `sqlite+aiosqlite` dialect) gets WAL, a busy timeout and foreign
keys; PostgreSQL runs through asyncpg."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import PoolResetState

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


def _sqlite_reset(dbapi_connection: Any, _record: Any, reset_state: PoolResetState) -> None:
    """What the pool does with a connection given back: roll back only if SQLite has a transaction open.

    SQLite begins a transaction only before a write, so after a read-only session there is nothing to roll back,
    yet the pool's default reset would make a round trip to aiosqlite's thread for it on every update. This is
    SQLAlchemy's documented custom reset (`pool_reset_on_return=None` and a `reset` listener); aiosqlite's public
    `in_transaction` says whether anything is open. Without an event loop (a connection garbage-collected) nothing
    may run on it: it is closed, which discards any transaction."""
    if reset_state.asyncio_safe and dbapi_connection.driver_connection.in_transaction:
        dbapi_connection.rollback()


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Every statement runs on aiosqlite's own thread, so a slow read or a writer waiting for the lock (up to the
    busy timeout) never holds up the event loop.

    Every engine hides statement parameters (SQLAlchemy's `hide_parameters`): an error raised or logged shows the
    SQL but never the values, which may be a person's text. This is the only place engines are made."""
    kwargs["hide_parameters"] = True
    if is_sqlite(url):
        ensure_sqlite_dir(url)
        kwargs.setdefault("pool_reset_on_return", None)
        engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "reset", _sqlite_reset)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep their objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
