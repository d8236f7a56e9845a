"""Who hears about an event: the SQL behind reminder recipients and deadline notices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, exists, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import Audience, EventStatus, Precision, Role
from db.models import ClubMeetingOptout, ClubMember, Event, Registration, SurveyRound, User

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
        """Who is reminded of these events: confirmed registrants, and members of the event's club who did not
        say they would miss this meeting (nor wait on its waitlist)."""
        ids = list(event_ids)
        if not ids:
            return []
        prefs = (User.id, User.notify_24h, User.notify_2h, User.notify_deadlines)
        registrants = (
            select(Registration.event_id, *prefs)
            .join(User, User.id == Registration.user_id)
            .where(
                Registration.event_id.in_(ids), Registration.status == "confirmed", User.is_active.is_(True)
            )
        )
        not_coming = exists().where(
            ClubMeetingOptout.event_id == Event.id, ClubMeetingOptout.user_id == ClubMember.user_id
        )
        waiting = exists().where(
            Registration.event_id == Event.id,
            Registration.user_id == ClubMember.user_id,
            Registration.status != "confirmed",
        )
        members = (
            select(Event.id, *prefs)
            .join(ClubMember, ClubMember.club_id == Event.club_id)
            .join(User, User.id == ClubMember.user_id)
            .where(Event.id.in_(ids), User.is_active.is_(True), ~not_coming, ~waiting)
        )
        rows = await self.session.execute(union(registrants, members))
        return [tuple(row) for row in rows.all()]  # type: ignore[misc]

    async def deadline_recipients(self, event: Event) -> list[RecipientRow]:
        """People who asked to hear about deadlines and whom the event is meant for (not yet registered)."""
        query = select(User.id, User.notify_24h, User.notify_2h, User.notify_deadlines).where(
            User.is_active.is_(True), User.notify_deadlines.is_(True)
        )
        registered = exists().where(
            Registration.event_id == event.id,
            Registration.user_id == User.id,
            Registration.status.in_(["confirmed", "waitlisted"]),
        )
        query = query.where(~registered)
        roles = ROLES_OF_AUDIENCE.get(event.audience)
        if roles is not None:
            query = query.where(User.role.in_(roles))
        rows = await self.session.execute(query)
        return [(event.id, *row) for row in rows.all()]  # type: ignore[misc]

    async def events_ended(self, after: datetime, until: datetime) -> list[tuple[int, datetime]]:
        """Published events that ended in (after, until] (an event with no end: its start), had confirmed
        registrants, and have no feedback round yet: (id, end)."""
        ended = or_(
            and_(Event.ends_at > after, Event.ends_at <= until),
            and_(Event.ends_at.is_(None), Event.starts_at > after, Event.starts_at <= until),
        )
        registered = exists().where(Registration.event_id == Event.id, Registration.status == "confirmed")
        asked = exists().where(SurveyRound.event_id == Event.id)
        rows = await self.session.execute(
            select(Event.id, Event.starts_at, Event.ends_at)
            .where(Event.status == EventStatus.PUBLISHED, ended, registered, ~asked)
            .order_by(Event.id)
        )
        return [(event_id, ends or starts) for event_id, starts, ends in rows.all()]

    async def feedback_people(self, event_id: int) -> list[int]:
        """Whom to ask for an event's feedback: its confirmed registrants, only those who came once the host has
        marked attendance (anyone marked either way)."""
        confirmed = (
            select(Registration.user_id, Registration.attended)
            .join(User, User.id == Registration.user_id)
            .where(
                Registration.event_id == event_id,
                Registration.status == "confirmed",
                User.is_active.is_(True),
            )
        )
        rows = (await self.session.execute(confirmed.order_by(Registration.user_id))).all()
        marked = any(attended is not None for _, attended in rows)
        return [user_id for user_id, attended in rows if not marked or attended is True]
