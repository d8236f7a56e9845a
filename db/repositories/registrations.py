from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, case, delete, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ClubMeetingOptout, Event, Registration

CONFIRMED, WAITLISTED, CANCELLED = "confirmed", "waitlisted", "cancelled"


# Built once: the card runs it on every open, and building the expression costs more than running it on SQLite.
_REG = Registration.__table__.c
_COUNTS_AND_OWN = select(
    func.coalesce(func.sum(case((_REG.status == CONFIRMED, 1), else_=0)), 0),
    func.coalesce(func.sum(case((_REG.status == WAITLISTED, 1), else_=0)), 0),
    func.max(case((_REG.user_id == bindparam("user_id"), _REG.id))),
).where(_REG.event_id == bindparam("event_id"))


@dataclass(frozen=True, slots=True)
class Counts:
    confirmed: int
    waitlisted: int


class RegistrationRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_event(self, event_id: int) -> Event | None:
        """Read the event inside a transaction that holds its seats until commit.

        PostgreSQL: `SELECT ... FOR UPDATE` locks the event row, so every change to its registrations queues behind
        it. SQLite has no row locks: a no-op UPDATE on the row is the transaction's first statement, so it takes
        the database's write lock (waiting up to the busy timeout) before anything is read, and no other writer can
        count seats in between.
        """
        if self.session.get_bind().dialect.name == "sqlite":
            result = await self.session.execute(
                text("UPDATE events SET id = id WHERE id = :id"), {"id": event_id}
            )
            if result.rowcount == 0:
                return None
            query = select(Event).where(Event.id == event_id)
        else:
            query = select(Event).where(Event.id == event_id).with_for_update()
        return await self.session.scalar(query.execution_options(populate_existing=True))

    async def get(self, event_id: int, user_id: int) -> Registration | None:
        return await self.session.scalar(
            select(Registration)
            .where(Registration.event_id == event_id, Registration.user_id == user_id)
            .execution_options(populate_existing=True)
        )

    async def by_id(self, registration_id: int) -> Registration | None:
        return await self.session.get(Registration, registration_id)

    async def add(self, registration: Registration) -> Registration:
        self.session.add(registration)
        await self.session.flush()
        return registration

    async def counts(self, event_id: int) -> Counts:
        rows = await self.session.execute(
            select(Registration.status, func.count())
            .where(Registration.event_id == event_id, Registration.status.in_((CONFIRMED, WAITLISTED)))
            .group_by(Registration.status)
        )
        found = {status: count for status, count in rows.all()}
        return Counts(confirmed=found.get(CONFIRMED, 0), waitlisted=found.get(WAITLISTED, 0))

    async def counts_and_own(self, event_id: int, user_id: int) -> tuple[Counts, int | None]:
        """The event's seat counts and the id of this person's registration (if any), in one query: the event card
        needs both on every open."""
        row = (await self.session.execute(_COUNTS_AND_OWN, {"event_id": event_id, "user_id": user_id})).one()
        return Counts(confirmed=int(row[0]), waitlisted=int(row[1])), row[2]

    async def fresh(self, registration_id: int) -> Registration | None:
        return await self.session.get(Registration, registration_id, populate_existing=True)

    async def next_seq(self, event_id: int) -> int:
        last = await self.session.scalar(
            select(func.max(Registration.seq)).where(Registration.event_id == event_id)
        )
        return (last or 0) + 1

    async def waitlist_position(self, registration: Registration) -> int:
        ahead = await self.session.scalar(
            select(func.count()).where(
                Registration.event_id == registration.event_id,
                Registration.status == WAITLISTED,
                Registration.seq < registration.seq,
            )
        )
        return (ahead or 0) + 1

    async def first_waiting(self, event_id: int, limit: int) -> list[Registration]:
        query = (
            select(Registration)
            .where(Registration.event_id == event_id, Registration.status == WAITLISTED)
            .order_by(Registration.seq)
            .limit(limit)
            .execution_options(populate_existing=True)
        )
        return list((await self.session.scalars(query)).all())

    async def for_event(
        self, event_id: int, statuses: tuple[str, ...] = (CONFIRMED, WAITLISTED)
    ) -> list[Registration]:
        query = (
            select(Registration)
            .where(Registration.event_id == event_id, Registration.status.in_(statuses))
            .order_by(Registration.status, Registration.seq)
        )
        return list((await self.session.scalars(query)).all())

    async def confirmed_user_ids(self, event_id: int) -> list[int]:
        """Who holds a confirmed seat (for reminders and the like), in sign-up order."""
        query = (
            select(Registration.user_id)
            .where(Registration.event_id == event_id, Registration.status == CONFIRMED)
            .order_by(Registration.seq)
        )
        return list((await self.session.scalars(query)).all())

    async def overview(
        self, now: datetime, organization_id: int | None, limit: int
    ) -> list[tuple[Event, int, int]]:
        """Coming events that take sign-ups (a seat limit or anyone registered), with confirmed and waiting counts."""
        confirmed = func.count(Registration.id).filter(Registration.status == CONFIRMED)
        waiting = func.count(Registration.id).filter(Registration.status == WAITLISTED)
        query = (
            select(Event, confirmed, waiting)
            .outerjoin(Registration, Registration.event_id == Event.id)
            .where(
                Event.status == "published",
                Event.starts_at.is_not(None),
                func.coalesce(Event.ends_at, Event.starts_at) >= now,
            )
            .group_by(Event.id)
            .having(or_(Event.capacity.is_not(None), func.count(Registration.id) > 0))
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
        )
        if organization_id is not None:
            query = query.where(Event.organization_id == organization_id)
        return [(event, c, w) for event, c, w in (await self.session.execute(query)).all()]

    async def of_user(self, user_id: int) -> list[tuple[Registration, Event]]:
        query = (
            select(Registration, Event)
            .join(Event, Event.id == Registration.event_id)
            .where(Registration.user_id == user_id, Registration.status != CANCELLED)
            .order_by(Event.starts_at.is_(None), Event.starts_at, Event.id)
        )
        return [(r, e) for r, e in (await self.session.execute(query)).all()]

    async def attended_by(self, user_id: int) -> list[Event]:
        query = (
            select(Event)
            .join(Registration, Registration.event_id == Event.id)
            .where(Registration.user_id == user_id, Registration.attended.is_(True))
            .order_by(Event.starts_at, Event.id)
        )
        return list((await self.session.scalars(query)).all())

    async def mark_all_present(self, event_id: int) -> int:
        result = await self.session.execute(
            update(Registration)
            .where(Registration.event_id == event_id, Registration.status == CONFIRMED)
            .values(attended=True)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount

    async def optout(self, event_id: int, user_id: int) -> ClubMeetingOptout | None:
        return await self.session.get(ClubMeetingOptout, (event_id, user_id))

    async def add_optout(self, event_id: int, user_id: int, now: datetime) -> None:
        if await self.optout(event_id, user_id) is None:
            self.session.add(ClubMeetingOptout(event_id=event_id, user_id=user_id, created_at=now))
            await self.session.flush()

    async def drop_optout(self, event_id: int, user_id: int) -> None:
        await self.session.execute(
            delete(ClubMeetingOptout).where(
                ClubMeetingOptout.event_id == event_id, ClubMeetingOptout.user_id == user_id
            )
        )
