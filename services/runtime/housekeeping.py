"""Housekeeping: what has done its work is deleted in small batches, each its own short transaction, so the
database never holds its write lock for long and the outbox does not grow for ever.

- Notifications in a final status (sent, dropped, failed, blocked, withdrawn) that fell due more than
  OUTBOX_KEEP_DAYS ago. A broadcast keeps its totals: the copies deleted are added, by status, to the broadcast's
  `settled_counts` in the same transaction, and its report adds those to the rows left.
- Processed update ids older than PROCESSED_UPDATES_KEEP_HOURS.
- Conversation state whose state and data have both expired."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Broadcast
from db.repositories.fsm import FsmRepo
from db.repositories.notifications import NotificationRepo
from db.repositories.processed_updates import ProcessedUpdateRepo
from services.notifications.rules import Status

FINISHED = (Status.SENT, Status.DROPPED, Status.FAILED, Status.BLOCKED, Status.WITHDRAWN)
BROADCAST_PREFIX = "broadcast:"


@dataclass(frozen=True, slots=True)
class Swept:
    notifications: int
    updates: int
    conversations: int


async def prune_outbox(
    session_factory: async_sessionmaker[AsyncSession], before: datetime, batch: int
) -> int:
    removed = 0
    while True:
        async with session_factory() as session:
            repo = NotificationRepo(session)
            rows = await repo.finished_before(before, [s.value for s in FINISHED], batch)
            if not rows:
                return removed
            settled: dict[int, Counter[str]] = defaultdict(Counter)
            for _, ref, status in rows:
                if ref.startswith(BROADCAST_PREFIX) and ref[len(BROADCAST_PREFIX) :].isdigit():
                    settled[int(ref[len(BROADCAST_PREFIX) :])][status] += 1
            for broadcast_id, counts in settled.items():
                broadcast = await session.get(Broadcast, broadcast_id)
                if broadcast is not None:
                    total = Counter({k: int(v) for k, v in (broadcast.settled_counts or {}).items()})
                    total.update(counts)
                    broadcast.settled_counts = dict(total)
            await repo.delete_ids([row_id for row_id, _, _ in rows])
            await session.commit()
        removed += len(rows)
        if len(rows) < batch:
            return removed
        await asyncio.sleep(0)  # let updates in between batches


async def _in_batches(
    session_factory: async_sessionmaker[AsyncSession],
    delete_batch: Callable[[AsyncSession], Awaitable[int]],
    batch: int,
) -> int:
    """Runs `delete_batch` (at most `batch` rows, each batch its own transaction) until a batch comes back short."""
    removed = 0
    while True:
        async with session_factory() as session:
            n = await delete_batch(session)
            await session.commit()
        removed += n
        if n < batch:
            return removed
        await asyncio.sleep(0)  # let updates in between batches


async def prune_updates(
    session_factory: async_sessionmaker[AsyncSession], before: datetime, batch: int
) -> int:
    return await _in_batches(
        session_factory, lambda session: ProcessedUpdateRepo(session).prune_batch(before, batch), batch
    )


async def prune_conversations(
    session_factory: async_sessionmaker[AsyncSession], now: datetime, batch: int
) -> int:
    return await _in_batches(
        session_factory, lambda session: FsmRepo(session).delete_expired(now, batch), batch
    )


async def sweep(
    session_factory: async_sessionmaker[AsyncSession],
    now: datetime,
    *,
    outbox_keep: timedelta,
    updates_keep: timedelta,
    batch: int = 500,
) -> Swept:
    return Swept(
        await prune_outbox(session_factory, now - outbox_keep, batch),
        await prune_updates(session_factory, now - updates_keep, batch),
        await prune_conversations(session_factory, now, batch),
    )
