"""Broadcasts: who an audience is (one small query of user ids per audience), queuing a broadcast's copies with
INSERT … SELECT, progress and acknowledgements. The rules (who may reach whom) are the broadcast service's."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, Select, String, cast, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import UTCDateTime
from db.enums import EventStatus, Role
from db.models import (
    Broadcast,
    BroadcastAck,
    Club,
    ClubMember,
    Event,
    Registration,
    Survey,
    SurveyRound,
    User,
)
from db.repositories.notifications import NotificationRepo
from db.repositories.surveys import non_respondents_query


@dataclass(frozen=True, slots=True)
class Scope:
    """Whom an audience may reach: `organization_id` None means the whole network."""

    organization_id: int | None
    audience_id: int | None = None


AudienceFn = Callable[[Scope], Select]


def _people(scope: Scope) -> Select:
    query = select(User.id).where(User.is_active.is_(True))
    if scope.organization_id is not None:
        query = query.where(User.organization_id == scope.organization_id)
    return query


def everyone(scope: Scope) -> Select:
    return _people(scope)


def parents(scope: Scope) -> Select:
    return _people(scope).where(User.role == Role.PARENT)


def teachers(scope: Scope) -> Select:
    return _people(scope).where(User.role.in_([Role.TEACHER, Role.SPECIALIST]))


def org_members(scope: Scope) -> Select:
    return select(User.id).where(User.is_active.is_(True), User.organization_id == scope.audience_id)


def _registered(scope: Scope, status: str) -> Select:
    """Active people with a registration of this status for the audience's event."""
    return (
        select(User.id)
        .join(Registration, Registration.user_id == User.id)
        .where(
            User.is_active.is_(True),
            Registration.event_id == scope.audience_id,
            Registration.status == status,
        )
    )


def event_registrants(scope: Scope) -> Select:
    return _registered(scope, "confirmed")


def event_waitlist(scope: Scope) -> Select:
    return _registered(scope, "waitlisted")


def club_members(scope: Scope) -> Select:
    return (
        select(User.id)
        .join(ClubMember, ClubMember.user_id == User.id)
        .where(User.is_active.is_(True), ClubMember.club_id == scope.audience_id)
    )


def survey_non_respondents(roles_for: Mapping[str, tuple[str, ...]]) -> AudienceFn:
    """Those a survey round is for (`roles_for`: the round's audience → roles, the survey service's) who have not
    answered it. A bound author reaches only the rounds of their organization (checked by the service, and again
    here for a broadcast that goes out later)."""

    def query(scope: Scope) -> Select:
        found = non_respondents_query(scope.audience_id, roles_for)
        if scope.organization_id is not None:
            found = found.where(SurveyRound.organization_id == scope.organization_id)
        return found

    return query


def audiences(roles_for: Mapping[str, tuple[str, ...]]) -> dict[str, AudienceFn]:
    """Audience name → its query. A new audience is one more function here."""
    return {
        "all": everyone,
        "parents": parents,
        "teachers": teachers,
        "org": org_members,
        "event": event_registrants,
        "waitlist": event_waitlist,
        "club": club_members,
        "survey": survey_non_respondents(roles_for),
    }


#: Audiences that need an id (an organization, an event, a club, a survey round).
NEEDS_ID = frozenset({"org", "event", "waitlist", "club", "survey"})


def broadcast_ref(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}"


class BroadcastRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.session.get(Broadcast, broadcast_id)

    async def add(self, broadcast: Broadcast) -> Broadcast:
        self.session.add(broadcast)
        await self.session.flush()
        return broadcast

    async def count(self, query: Select) -> int:
        """How many rows a query of user ids gives."""
        return await self.session.scalar(select(func.count()).select_from(query.subquery())) or 0

    async def count_by_messenger(self, query: Select) -> dict[str, int]:
        """The people a query of user ids gives, counted per messenger."""
        ids = query.subquery()
        rows = await self.session.execute(
            select(User.messenger, func.count()).where(User.id.in_(select(ids.c[0]))).group_by(User.messenger)
        )
        return {messenger: count for messenger, count in rows.all()}

    # What an audience with an id may be about (for the author to pick from)

    async def coming_events(
        self, now: datetime, organization_id: int | None, limit: int
    ) -> list[tuple[int, str]]:
        query = (
            select(Event.id, Event.title)
            .where(Event.status == EventStatus.PUBLISHED, Event.starts_at > now)
            .order_by(Event.starts_at, Event.id)
        )
        if organization_id is not None:
            query = query.where(Event.organization_id == organization_id)
        return await self._pairs(query, limit)

    async def clubs(self, organization_id: int | None, limit: int) -> list[tuple[int, str]]:
        query = select(Club.id, Club.title).order_by(Club.title, Club.id)
        if organization_id is not None:
            query = query.where(Club.organization_id == organization_id)
        return await self._pairs(query, limit)

    async def open_rounds(
        self, now: datetime, organization_id: int | None, language: str, limit: int
    ) -> list[tuple[int, str]]:
        title = Survey.title_en if language == "en" else Survey.title_ru
        query = (
            select(SurveyRound.id, title)
            .join(Survey, Survey.id == SurveyRound.survey_id)
            .where(SurveyRound.opens_at <= now, SurveyRound.closes_at > now)
            .order_by(SurveyRound.closes_at, SurveyRound.id)
        )
        if organization_id is not None:
            query = query.where(SurveyRound.organization_id == organization_id)
        return await self._pairs(query, limit)

    async def _pairs(self, query: Select, limit: int) -> list[tuple[int, str]]:
        return [(row[0], row[1]) for row in (await self.session.execute(query.limit(limit))).all()]

    # Sending

    async def queue_copies(
        self, broadcast: Broadcast, people: Select, kind: str, status: str, now: datetime
    ) -> int:
        """One outbox row per person of `people` (INSERT … SELECT, duplicates skipped), urgent and due now.
        Returns how many rows the broadcast has."""
        recipients = people.subquery()
        ref = broadcast_ref(broadcast.id)
        query = select(
            recipients.c[0],
            literal(kind, String),
            literal(ref, String),
            literal({"broadcast_id": broadcast.id}, JSON),
            literal(True),
            literal(now, UTCDateTime()),
            literal(status, String),
            literal(0),
            literal(f"{ref}:", String) + cast(recipients.c[0], String),
            literal(now, UTCDateTime()),
        )
        columns = [
            "user_id",
            "kind",
            "ref",
            "payload",
            "urgent",
            "due_at",
            "status",
            "attempts",
            "dedup_key",
            "created_at",
        ]
        notifications = NotificationRepo(self.session)
        await notifications.add_from_select(columns, query)
        return await notifications.count_ref(ref)

    async def due_to_start(self, now: datetime) -> list[Broadcast]:
        """Scheduled broadcasts whose time has come, locked (others skip them)."""
        return list(
            await self.session.scalars(
                select(Broadcast)
                .where(Broadcast.status == "scheduled", Broadcast.scheduled_at <= now)
                .with_for_update(skip_locked=True)
            )
        )

    def _history(self, query: Select, author_id: int | None) -> Select:
        query = query.where(Broadcast.status != "draft")
        return query if author_id is None else query.where(Broadcast.created_by == author_id)

    async def history(self, author_id: int | None, offset: int, limit: int) -> list[Broadcast]:
        """Broadcasts sent or planned, newest first (`author_id` None: everybody's)."""
        query = self._history(select(Broadcast), author_id)
        query = query.order_by(Broadcast.created_at.desc(), Broadcast.id.desc()).offset(offset).limit(limit)
        return list(await self.session.scalars(query))

    async def history_count(self, author_id: int | None) -> int:
        return await self.session.scalar(self._history(select(func.count(Broadcast.id)), author_id)) or 0

    async def acknowledged_since(self, since: datetime) -> list[Broadcast]:
        """Finished broadcasts someone acknowledged at or after `since`."""
        recent = select(BroadcastAck.broadcast_id).where(BroadcastAck.acked_at >= since).distinct()
        query = select(Broadcast).where(Broadcast.status.in_(("done", "cancelled")), Broadcast.id.in_(recent))
        return list(await self.session.scalars(query))

    async def sending(self) -> list[Broadcast]:
        return list(await self.session.scalars(select(Broadcast).where(Broadcast.status == "sending")))

    async def set_progress_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id)
            .values(progress_chat_id=chat_id, progress_message_id=message_id)
        )

    # Acknowledgements

    async def ack_count(self, broadcast_id: int) -> int:
        return await self.count(select(BroadcastAck.user_id).where(BroadcastAck.broadcast_id == broadcast_id))

    async def ack(self, broadcast_id: int, user_id: int) -> BroadcastAck | None:
        return await self.session.get(BroadcastAck, (broadcast_id, user_id))

    async def add_ack(self, broadcast_id: int, user_id: int, at: datetime) -> None:
        self.session.add(BroadcastAck(broadcast_id=broadcast_id, user_id=user_id, acked_at=at))

    async def acked_by(self, broadcast_id: int, limit: int) -> list[int]:
        rows = await self.session.scalars(
            select(BroadcastAck.user_id)
            .where(BroadcastAck.broadcast_id == broadcast_id)
            .order_by(BroadcastAck.acked_at)
            .limit(limit)
        )
        return list(rows)

    # Who an audience with an id is about

    async def event(self, event_id: int | None) -> Event | None:
        return await self.session.get(Event, event_id)

    async def round(self, round_id: int | None) -> SurveyRound | None:
        return await self.session.get(SurveyRound, round_id)

    async def club(self, club_id: int | None) -> Club | None:
        return await self.session.get(Club, club_id)

    async def author(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)
