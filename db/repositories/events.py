from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Event


@dataclass(frozen=True, slots=True)
class EventQuery:
    """What the schedule asks for. Instants are UTC; `audiences` empty means any."""

    now: datetime
    audiences: Sequence[str] = ()
    kind: str | None = None
    organization_id: int | None = None
    period: tuple[datetime, datetime] | None = None  # [from, to)


class EventRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, event_id: int) -> Event | None:
        return await self.session.get(Event, event_id)

    async def source_keys(self, prefix: str) -> set[str]:
        """The source keys starting with `prefix` (the demo network's events: «demo-»)."""
        rows = await self.session.scalars(select(Event.source_key).where(Event.source_key.like(f"{prefix}%")))
        return {key for key in rows if key is not None}

    async def add(self, event: Event) -> Event:
        self.session.add(event)
        await self.session.flush()
        return event

    @staticmethod
    def _upcoming(query: Select, q: EventQuery) -> Select:
        # A cancelled event stays listed (the schedule marks it) until it would have ended; one with no date leaves.
        query = query.where(
            or_(
                Event.status == "published",
                and_(
                    Event.status == "cancelled",
                    Event.starts_at.is_not(None),
                    func.coalesce(Event.ends_at, Event.starts_at) >= q.now,
                ),
            )
        )
        if q.period is not None:
            start, end = q.period
            query = query.where(Event.starts_at < end, func.coalesce(Event.ends_at, Event.starts_at) >= start)
        else:
            # Dated items not over yet, then items with no date (ongoing, on request).
            query = query.where(
                or_(
                    Event.starts_at.is_(None),
                    func.coalesce(Event.ends_at, Event.starts_at) >= q.now,
                )
            )
        if q.audiences:
            query = query.where(Event.audience.in_(q.audiences))
        if q.kind:
            query = query.where(Event.kind == q.kind)
        if q.organization_id is not None:
            query = query.where(Event.organization_id == q.organization_id)
        return query

    async def upcoming(self, q: EventQuery, offset: int, limit: int) -> list[Event]:
        # Page through the covering index first, then load just the rows of the page.
        ids_query = self._upcoming(select(Event.id), q).order_by(
            Event.starts_at.is_(None), Event.starts_at, Event.id
        )
        ids = list((await self.session.scalars(ids_query.offset(offset).limit(limit))).all())
        if not ids:
            return []
        rows = {e.id: e for e in (await self.session.scalars(select(Event).where(Event.id.in_(ids)))).all()}
        return [rows[i] for i in ids]

    async def count_upcoming(self, q: EventQuery) -> int:
        return await self.session.scalar(self._upcoming(select(func.count(Event.id)), q)) or 0
