"""The engine on SQLite: WAL, busy timeout and foreign keys on every connection; every write left uncommitted is
rolled back, also one the pool gets back with a transaction open; a slow read never holds up the event loop, a read never waits for a writer, and a writer waiting for
the lock does not stall the bot."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path

from sqlalchemy import event, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import SQLITE_BUSY_TIMEOUT_MS, create_engine, create_session_factory
from db.models import Organization


async def test_uncommitted_writes_are_rolled_back_and_reads_stay_consistent(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = tmp_path / "engine.sqlite3"
    shutil.copy(sqlite_template, path)
    url = f"sqlite+aiosqlite:///{path}"
    engine = create_engine(url, pool_size=1, max_overflow=0)  # one connection: the next session reuses it
    factory = create_session_factory(engine)
    try:
        async with factory() as session:  # a write never committed
            session.add(Organization(name="Черновик", short_name="Ч", network_role="base"))
            await session.flush()
        async with factory() as session:  # the same connection, clean: the row is gone
            assert await session.scalar(select(func.count()).select_from(Organization)) == 0
            session.add(Organization(name="ЦППМСП", short_name="ЦППМСП", network_role="resource"))
            await session.commit()
        async with factory() as session:
            await session.scalar(select(Organization.id))  # a read-only session
        async with factory() as session:
            names = (await session.scalars(select(Organization.name))).all()
            assert names == ["ЦППМСП"]
        async with engine.connect() as conn:  # no transaction left open on the pooled connection
            raw = await conn.get_raw_connection()
            assert raw.driver_connection.in_transaction is False
    finally:
        await engine.dispose()


async def _sqlite_engine(tmp_path: Path, sqlite_template: Path) -> AsyncEngine:
    path = tmp_path / "driver.sqlite3"
    shutil.copy(sqlite_template, path)
    return create_engine(f"sqlite+aiosqlite:///{path}")


async def test_a_read_does_not_wait_for_another_connections_write_and_a_write_does_not_stall_the_loop(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """A writer waiting for the write lock (up to the busy timeout) must leave the bot free to answer others, and a
    reader never waits for a writer (WAL)."""
    engine = await _sqlite_engine(tmp_path, sqlite_template)
    factory = create_session_factory(engine)
    try:
        async with factory() as session:
            session.add(Organization(name="ИМЦ", short_name="ИМЦ", network_role="base"))
            await session.commit()
        holder = factory()
        await holder.execute(
            update(Organization).values(short_name="ИМЦ-2")
        )  # holds the write lock, uncommitted

        async with factory() as reader:  # sees the committed row at once
            assert await asyncio.wait_for(reader.scalar(select(Organization.short_name)), 1) == "ИМЦ"

        async def write() -> None:
            async with factory() as writer:
                await writer.execute(update(Organization).values(name="ИМЦ района"))
                await writer.commit()

        writing = asyncio.create_task(write())
        ticks = 0
        while not writing.done() and ticks < 5:  # the loop keeps running while the writer waits for the lock
            await asyncio.sleep(0.01)
            ticks += 1
        assert ticks == 5 and not writing.done()
        await holder.commit()
        await holder.close()
        await asyncio.wait_for(writing, 5)
        async with factory() as session:
            row = (await session.execute(select(Organization.name, Organization.short_name))).one()
            assert tuple(row) == ("ИМЦ района", "ИМЦ-2")
    finally:
        await engine.dispose()


async def test_statements_report_rows_ids_and_counts(tmp_path: Path, sqlite_template: Path) -> None:
    engine = await _sqlite_engine(tmp_path, sqlite_template)
    try:
        async with engine.begin() as conn:
            result = await conn.execute(
                insert(Organization).values(name="ДДТ", short_name="ДДТ", network_role="additional")
            )
            assert result.inserted_primary_key is not None and result.inserted_primary_key[0] >= 1
            await conn.execute(
                insert(Organization),
                [{"name": f"Школа {i}", "short_name": f"Ш{i}", "network_role": "pilot"} for i in range(3)],
            )
            changed = await conn.execute(
                update(Organization).where(Organization.network_role == "pilot").values(address="—")
            )
            assert changed.rowcount == 3
        async with engine.connect() as conn:
            names = (await conn.execute(select(Organization.name).order_by(Organization.id))).scalars().all()
            assert names == ["ДДТ", "Школа 0", "Школа 1", "Школа 2"]
            assert (await conn.execute(select(Organization.id).where(Organization.id < 0))).first() is None
    finally:
        await engine.dispose()


async def test_every_connection_has_wal_a_busy_timeout_and_foreign_keys(
    tmp_path: Path, sqlite_template: Path
) -> None:
    engine = await _sqlite_engine(tmp_path, sqlite_template)
    try:
        async with engine.connect() as conn:
            assert await conn.scalar(text("PRAGMA journal_mode")) == "wal"
            assert await conn.scalar(text("PRAGMA busy_timeout")) == SQLITE_BUSY_TIMEOUT_MS
            assert await conn.scalar(text("PRAGMA foreign_keys")) == 1
    finally:
        await engine.dispose()


async def test_a_slow_read_does_not_hold_up_the_event_loop(tmp_path: Path, sqlite_template: Path) -> None:
    """One session's read that takes as long as SQLite needs (here: until the test lets it finish) must leave the
    loop free: another session reads and the read in progress is still running. Were the read on the loop's thread,
    nothing else could run until it ended."""
    engine = await _sqlite_engine(tmp_path, sqlite_template)
    started, finish = threading.Event(), threading.Event()

    def slow() -> int:  # an SQL function that returns when the test says so (or after 10 s)
        started.set()
        finish.wait(10)
        return 1

    event.listen(engine.sync_engine, "connect", lambda conn, _record: conn.create_function("slow", 0, slow))
    factory = create_session_factory(engine)
    try:
        async with factory() as session:
            session.add(Organization(name="ИМЦ", short_name="ИМЦ", network_role="base"))
            await session.commit()

        async def slow_read() -> int | None:
            async with factory() as session:
                return await session.scalar(text("SELECT slow()"))

        reading = asyncio.create_task(slow_read())
        await asyncio.to_thread(started.wait, 10)
        async with factory() as other:
            assert await other.scalar(select(Organization.short_name)) == "ИМЦ"
        assert not reading.done()  # the other session was answered while the slow read went on
        finish.set()
        assert await reading == 1
    finally:
        finish.set()
        await engine.dispose()


async def test_a_connection_given_back_with_a_transaction_open_is_rolled_back(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """The pool rolls back only when SQLite has a transaction open: here one begun behind SQLAlchemy's back."""
    path = tmp_path / "reset.sqlite3"
    shutil.copy(sqlite_template, path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}", pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            await driver.execute(
                "INSERT INTO organizations (name, short_name, network_role) VALUES ('Черновик', 'Ч', 'base')"
            )
            assert driver.in_transaction
        async with engine.connect() as conn:  # the same connection, back from the pool
            assert (await conn.get_raw_connection()).driver_connection.in_transaction is False
            assert await conn.scalar(select(func.count()).select_from(Organization)) == 0
    finally:
        await engine.dispose()
