"""Queries behind /healthz and /metrics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Notification

# The outbox rows still in play: waiting to be sent, and claimed by a sender right now.
OUTBOX_IN_PLAY = ("pending", "sending")


async def ping(session: AsyncSession) -> None:
    await session.execute(text("SELECT 1"))


async def oldest_due(session: AsyncSession, now: datetime) -> datetime | None:
    """When the oldest notification still waiting to be sent fell due (None: nothing is due)."""
    return await session.scalar(
        select(func.min(Notification.due_at)).where(
            Notification.status == "pending", Notification.due_at <= now
        )
    )


async def outbox_depth(session: AsyncSession) -> dict[str, int]:
    """How many outbox rows are pending and sending (every status listed, 0 when there is none)."""
    rows = await session.execute(
        select(Notification.status, func.count())
        .where(Notification.status.in_(OUTBOX_IN_PLAY))
        .group_by(Notification.status)
    )
    counts = {status: int(count) for status, count in rows.all()}
    return {status: counts.get(status, 0) for status in OUTBOX_IN_PLAY}
