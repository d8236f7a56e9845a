from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import ProcessedUpdate


class ProcessedUpdateRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, update_id: int) -> bool:
        """INSERT … ON CONFLICT DO NOTHING: True when this session recorded the id (nobody had before).

        On PostgreSQL a concurrent claim of the same id waits for this transaction: it sees the row once this one
        commits (and gets False), or claims it itself if this one rolls back."""
        dialect = self.session.bind.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (  # on the table, not the class: a plain INSERT, without the ORM's bulk-insert set-up
            insert(ProcessedUpdate.__table__)
            .values(update_id=update_id, processed_at=utcnow())
            .on_conflict_do_nothing(index_elements=["update_id"])
        )
        result = await self.session.execute(statement)
        return result.rowcount == 1

    async def release(self, update_id: int) -> None:
        await self.session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.update_id == update_id))

    async def prune(self, before: datetime) -> int:
        result = await self.session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before)
        )
        return result.rowcount or 0

    async def prune_batch(self, before: datetime, limit: int) -> int:
        """Up to `limit` ids handled before `before` (the oldest first)."""
        oldest = (
            select(ProcessedUpdate.update_id)
            .where(ProcessedUpdate.processed_at < before)
            .order_by(ProcessedUpdate.processed_at)
            .limit(limit)
            .scalar_subquery()
        )
        result = await self.session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.update_id.in_(oldest))
        )
        return result.rowcount or 0
