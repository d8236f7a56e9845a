"""Conversation state rows (`fsm_records`): read, write one part (state or data), drop what has expired."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import FsmRecord


def _live_state(record: FsmRecord, now: datetime) -> str | None:
    if record.state is None or (record.state_expires_at is not None and record.state_expires_at <= now):
        return None
    return record.state


def _live_data(record: FsmRecord, now: datetime) -> dict[str, Any] | None:
    if not record.data or (record.data_expires_at is not None and record.data_expires_at <= now):
        return None
    return record.data


class FsmRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _upsert(self, values: dict[str, Any]) -> Any:
        dialect = self.session.bind.dialect.name  # type: ignore[union-attr]
        construct = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = construct(FsmRecord).values(**values)
        changed = {name: statement.excluded[name] for name in values if name != "key"}
        return statement.on_conflict_do_update(index_elements=["key"], set_=changed)

    async def state(self, key: str, now: datetime) -> str | None:
        record = await self.session.get(FsmRecord, key)
        return None if record is None else _live_state(record, now)

    async def data(self, key: str, now: datetime) -> dict[str, Any] | None:
        record = await self.session.get(FsmRecord, key)
        return None if record is None else _live_data(record, now)

    async def put_state(self, key: str, state: str | None, expires_at: datetime | None) -> None:
        await self.session.execute(
            self._upsert({"key": key, "state": state, "state_expires_at": expires_at if state else None})
        )
        await self._drop_if_empty(key)

    async def put_data(self, key: str, data: dict[str, Any] | None, expires_at: datetime | None) -> None:
        await self.session.execute(
            self._upsert({"key": key, "data": data or None, "data_expires_at": expires_at if data else None})
        )
        await self._drop_if_empty(key)

    async def _drop_if_empty(self, key: str) -> None:
        await self.session.execute(
            delete(FsmRecord).where(FsmRecord.key == key, FsmRecord.state.is_(None), FsmRecord.data.is_(None))
        )

    async def live(self, now: datetime) -> list[FsmRecord]:
        """Every row whose state or data has not expired yet (to fill a one-process copy in memory)."""
        records = await self.session.scalars(select(FsmRecord))
        return [r for r in records if _live_state(r, now) is not None or _live_data(r, now) is not None]

    async def delete_expired(self, now: datetime, limit: int) -> int:
        """Up to `limit` rows whose state and data have both expired (or are empty)."""
        state_gone = or_(FsmRecord.state.is_(None), FsmRecord.state_expires_at <= now)
        data_gone = or_(FsmRecord.data.is_(None), FsmRecord.data_expires_at <= now)
        keys = select(FsmRecord.key).where(state_gone, data_gone).limit(limit).scalar_subquery()
        result = await self.session.execute(delete(FsmRecord).where(FsmRecord.key.in_(keys)))
        return result.rowcount or 0
