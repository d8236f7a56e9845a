"""Each update has its effect once, even when Telegram redelivers it or two replicas receive it.

On PostgreSQL the update_id is recorded in the update's own transaction before the handler runs: the first commit
of the handler's work commits the mark with it, and the middleware commits whatever is left when the handler
returns. A crash or an error before that rolls the mark back with the work, so a redelivery runs the update again;
a second replica given the same update waits on the row and skips it once the first commits.

SQLite allows one writer at a time, so holding a write transaction for a whole update would queue every update
behind the slowest; there the mark is committed at once and deleted again when the handler raises."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.base import utcnow
from db.repositories.processed_updates import ProcessedUpdateRepo


class UpdateGuard:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = ProcessedUpdateRepo(session)
        self.same_transaction = session.bind.dialect.name == "postgresql"

    async def claim(self, update_id: int) -> bool:
        """True when this update has not had its effect yet (the caller then handles it)."""
        claimed = await self.repo.claim(update_id)
        if not claimed:
            await self.session.rollback()
        elif not self.same_transaction:
            await self.session.commit()
        return claimed

    async def done(self) -> None:
        await self.session.commit()

    async def failed(self, update_id: int) -> None:
        await self.session.rollback()
        if not self.same_transaction:
            await self.repo.release(update_id)
            await self.session.commit()


async def prune_processed_updates(session_factory: async_sessionmaker[AsyncSession], keep: timedelta) -> int:
    async with session_factory() as session:
        removed = await ProcessedUpdateRepo(session).prune(utcnow() - keep)
        await session.commit()
        return removed
