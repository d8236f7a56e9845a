"""The engine: SQLite skips rollbacks when no transaction is open, and still rolls back every write left uncommitted."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from db.engine import create_engine, create_session_factory
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
            await session.scalar(select(Organization.id))  # a read-only session ends without a transaction
        async with factory() as session:
            names = (await session.scalars(select(Organization.name))).all()
            assert names == ["ЦППМСП"]
        async with engine.connect() as conn:  # no transaction left open on the pooled connection
            driver = (await conn.get_raw_connection()).dbapi_connection._connection
            assert driver.in_transaction is False
    finally:
        await engine.dispose()
