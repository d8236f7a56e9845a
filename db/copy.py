"""`python -m bot copy-db FROM_URL TO_URL`: move the data from one database to another (SQLite → PostgreSQL when a
district grows into a region).

The source must be at the migrations' head and is only read. The target is migrated to head, must be empty (or is
emptied with --force), and receives every table in foreign-key order, in batches, in one transaction; PostgreSQL
sequences are then moved past the copied ids."""

from __future__ import annotations

import asyncio

from alembic.script import ScriptDirectory
from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from db.engine import create_engine
from db.migrate import alembic_config, upgrade
from db.models import Base


class CopyRefused(Exception):
    pass


def _heads(url: str) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(url)).get_heads())


async def _revisions(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            has_version = await conn.run_sync(lambda sync: sync.dialect.has_table(sync, "alembic_version"))
            if not has_version:
                return set()
            return set((await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars())
    finally:
        await engine.dispose()


async def _count(conn: AsyncConnection, table: Table) -> int:
    return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


async def _reset_sequence(conn: AsyncConnection, table: Table) -> None:
    column = table.autoincrement_column
    if column is None:
        return
    await conn.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX({column.name}), 0) + 1, false) "
            f"FROM {table.name}"
        ),
        {"table": table.name, "column": column.name},
    )


async def _copy(from_url: str, to_url: str, force: bool, batch: int) -> dict[str, int]:
    source, target = create_engine(from_url), create_engine(to_url)
    tables = Base.metadata.sorted_tables
    copied: dict[str, int] = {}
    try:
        async with source.connect() as src, target.begin() as dst:
            busy = [t.name for t in tables if await _count(dst, t)]
            if busy and not force:
                raise CopyRefused(
                    f"the target already has rows in {', '.join(busy)}; use --force to replace them"
                )
            for table in reversed(tables):
                await dst.execute(delete(table))
            for table in tables:
                order = list(table.primary_key.columns) or list(table.columns)
                copied[table.name] = 0
                offset = 0
                while True:
                    query = select(table).order_by(*order).limit(batch).offset(offset)
                    rows = [dict(row) for row in (await src.execute(query)).mappings()]
                    if not rows:
                        break
                    await dst.execute(insert(table), rows)
                    copied[table.name] += len(rows)
                    offset += len(rows)
            if dst.dialect.name == "postgresql":
                for table in tables:
                    await _reset_sequence(dst, table)
    finally:
        await source.dispose()
        await target.dispose()
    return copied


def copy_database(from_url: str, to_url: str, *, force: bool = False, batch: int = 1000) -> dict[str, int]:
    """Rows copied per table. Raises CopyRefused when the source is not at head or the target is not empty."""
    if from_url == to_url:
        raise CopyRefused("FROM_URL and TO_URL are the same database")
    heads = _heads(from_url)
    found = asyncio.run(_revisions(from_url))
    if found != heads:
        raise CopyRefused(
            f"the source is at revision {', '.join(sorted(found)) or 'none'}, not {', '.join(sorted(heads))}: "
            "run `python -m bot migrate` with DATABASE_URL=FROM_URL first"
        )
    upgrade(to_url)
    return asyncio.run(_copy(from_url, to_url, force, max(1, batch)))
