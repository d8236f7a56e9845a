"""Queries behind /healthz and /metrics."""

from __future__ import annotations

from sqlalchemy import column, func, inspect, select, table, text
from sqlalchemy.ext.asyncio import AsyncSession

OUTBOX_TABLE = "notifications"
# Outbox rows still to be sent (the outbox's statuses; rows of any other status are done with).
OUTBOX_PENDING = ("pending", "queued", "retry")


async def ping(session: AsyncSession) -> None:
    await session.execute(text("SELECT 1"))


async def outbox_depth(session: AsyncSession) -> int:
    """Rows waiting in the notification outbox; 0 while the table does not exist."""
    conn = await session.connection()
    columns = await conn.run_sync(
        lambda sync: (
            {c["name"] for c in inspect(sync).get_columns(OUTBOX_TABLE)}
            if inspect(sync).has_table(OUTBOX_TABLE)
            else None
        )
    )
    if columns is None:
        return 0
    outbox = table(OUTBOX_TABLE, *(column(name) for name in columns))
    query = select(func.count()).select_from(outbox)
    if "status" in columns:
        query = query.where(outbox.c.status.in_(OUTBOX_PENDING))
    return int((await session.execute(query)).scalar_one())
