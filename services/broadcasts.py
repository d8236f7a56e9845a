"""Coordinators' broadcasts: audience, count, confirm (now or later), progress, cancel, acknowledgements.

Each audience is one small function returning a query of user ids (a survey round's non-respondents among
them); a new audience is one more function in `AUDIENCES`. The author's organization binding is applied here,
in the service, whatever the buttons offered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, Select, String, cast, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import UTCDateTime, utcnow
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
from services.domain import Role
from services.errors import NotFound, PermissionDenied, ValidationFailed
from services.notify_rules import NotifyKind, Status
from services.surveys import ROLES_FOR
from services.users import require_staff

TEXT_MAX = 4000  # Telegram's message limit is 4096 characters
CAPTION_MAX = 1000  # and 1024 for a caption


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


def event_registrants(scope: Scope) -> Select:
    return (
        select(User.id)
        .join(Registration, Registration.user_id == User.id)
        .where(
            User.is_active.is_(True),
            Registration.event_id == scope.audience_id,
            Registration.status == "confirmed",
        )
    )


def event_waitlist(scope: Scope) -> Select:
    return (
        select(User.id)
        .join(Registration, Registration.user_id == User.id)
        .where(
            User.is_active.is_(True),
            Registration.event_id == scope.audience_id,
            Registration.status == "waitlisted",
        )
    )


def club_members(scope: Scope) -> Select:
    return (
        select(User.id)
        .join(ClubMember, ClubMember.user_id == User.id)
        .where(User.is_active.is_(True), ClubMember.club_id == scope.audience_id)
    )


def survey_non_respondents(scope: Scope) -> Select:
    """Those a survey round is for who have not answered it, as `SurveyService.non_respondents` finds them. A bound
    author reaches only the rounds of their organization (checked in `_scope`, and again here for a broadcast that
    goes out later)."""
    query = non_respondents_query(scope.audience_id, ROLES_FOR)
    if scope.organization_id is not None:
        query = query.where(SurveyRound.organization_id == scope.organization_id)
    return query


#: audience name → its query. Audiences that need an id (an organization, an event, a club) are in NEEDS_ID.
AUDIENCES: dict[str, AudienceFn] = {
    "all": everyone,
    "parents": parents,
    "teachers": teachers,
    "org": org_members,
    "event": event_registrants,
    "waitlist": event_waitlist,
    "club": club_members,
    "survey": survey_non_respondents,
}
NEEDS_ID = {"org", "event", "waitlist", "club", "survey"}


@dataclass(frozen=True, slots=True)
class BroadcastDraft:
    text: str  # Telegram HTML
    audience: str
    audience_id: int | None = None
    media_kind: str | None = None
    file_id: str | None = None
    with_ack: bool = False


@dataclass(frozen=True, slots=True)
class Progress:
    broadcast: Broadcast
    counts: dict[str, int]
    acks: int
    finished: bool  # it has just finished: show the final report

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def delivered(self) -> int:
        return self.counts.get(Status.SENT, 0)

    @property
    def blocked(self) -> int:
        return self.counts.get(Status.BLOCKED, 0)

    @property
    def failed(self) -> int:
        return self.counts.get(Status.FAILED, 0) + self.counts.get(Status.DROPPED, 0)

    @property
    def waiting(self) -> int:
        return self.counts.get(Status.PENDING, 0) + self.counts.get(Status.SENDING, 0)


def broadcast_ref(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}"


class BroadcastService:
    def __init__(self, session: AsyncSession, clock: Callable[[], datetime] = utcnow) -> None:
        self.session = session
        self.clock = clock

    async def _scope(self, author: User, audience: str, audience_id: int | None) -> Scope:
        """The author may reach this audience; raises otherwise. Bound coordinators stay inside their organization."""
        if audience not in AUDIENCES:
            raise ValidationFailed()
        if (audience in NEEDS_ID) != (audience_id is not None):
            raise ValidationFailed()
        bound = author.organization_id if author.role == Role.COORDINATOR else None
        if audience == "org" and bound is not None and audience_id != bound:
            raise PermissionDenied("broadcast-error-not-your-org")
        if audience in ("event", "waitlist"):
            event = await self.session.get(Event, audience_id)
            if event is None:
                raise NotFound()
            if bound is not None and event.organization_id != bound:
                raise PermissionDenied("broadcast-error-not-your-org")
            return Scope(None, audience_id)
        if audience == "survey":
            round_ = await self.session.get(SurveyRound, audience_id)
            if round_ is None:
                raise NotFound()
            if bound is not None and round_.organization_id != bound:
                raise PermissionDenied("broadcast-error-not-your-org")
            return Scope(bound, audience_id)
        if audience == "club":
            club = await self.session.get(Club, audience_id)
            if club is None:
                raise NotFound()
            if bound is not None and club.organization_id != bound:
                raise PermissionDenied("broadcast-error-not-your-org")
            return Scope(None, audience_id)
        return Scope(bound, audience_id)

    async def targets(self, author: User | None, audience: str, limit: int = 10) -> list[tuple[int, str]]:
        """What an audience with an id may be about, for this author: (id, title) of coming events, of clubs or of
        open survey rounds, only their organization's when they are bound to one."""
        staff = require_staff(author)
        bound = staff.organization_id if staff.role == Role.COORDINATOR else None
        if audience in ("event", "waitlist"):
            query = (
                select(Event.id, Event.title)
                .where(Event.status == "published", Event.starts_at > self.clock())
                .order_by(Event.starts_at, Event.id)
            )
            if bound is not None:
                query = query.where(Event.organization_id == bound)
        elif audience == "club":
            query = select(Club.id, Club.title).order_by(Club.title, Club.id)
            if bound is not None:
                query = query.where(Club.organization_id == bound)
        elif audience == "survey":
            title = Survey.title_en if staff.language == "en" else Survey.title_ru
            query = (
                select(SurveyRound.id, title)
                .join(Survey, Survey.id == SurveyRound.survey_id)
                .where(SurveyRound.opens_at <= self.clock(), SurveyRound.closes_at > self.clock())
                .order_by(SurveyRound.closes_at, SurveyRound.id)
            )
            if bound is not None:
                query = query.where(SurveyRound.organization_id == bound)
        else:
            raise ValidationFailed()
        return [(row[0], row[1]) for row in (await self.session.execute(query.limit(limit))).all()]

    async def count(self, author: User | None, audience: str, audience_id: int | None = None) -> int:
        staff = require_staff(author)
        scope = await self._scope(staff, audience, audience_id)
        return await self._count(AUDIENCES[audience](scope))

    async def _count(self, query: Select) -> int:
        return await self.session.scalar(select(func.count()).select_from(query.subquery())) or 0

    def validate(self, draft: BroadcastDraft) -> None:
        limit = CAPTION_MAX if draft.media_kind else TEXT_MAX
        if not draft.text.strip() and not draft.file_id:
            raise ValidationFailed("broadcast-error-empty")
        if len(draft.text) > limit:
            raise ValidationFailed("broadcast-error-long", limit=limit)
        if draft.media_kind not in (None, "photo", "document"):
            raise ValidationFailed()

    async def create(
        self,
        author: User | None,
        draft: BroadcastDraft,
        *,
        at: datetime | None = None,
        progress: tuple[int, int] | None = None,
    ) -> Broadcast:
        """Save a confirmed broadcast. Now: its copies are queued in this transaction; later: when its time comes."""
        staff = require_staff(author)
        self.validate(draft)
        scope = await self._scope(staff, draft.audience, draft.audience_id)
        now = self.clock()
        if at is not None and at <= now:
            at = None
        broadcast = Broadcast(
            created_by=staff.id,
            organization_id=staff.organization_id if staff.role == Role.COORDINATOR else None,
            audience=draft.audience,
            audience_id=draft.audience_id,
            text=draft.text,
            media_kind=draft.media_kind,
            file_id=draft.file_id,
            with_ack=draft.with_ack,
            status="scheduled" if at else "draft",
            scheduled_at=at,
            progress_chat_id=progress[0] if progress else None,
            progress_message_id=progress[1] if progress else None,
        )
        self.session.add(broadcast)
        await self.session.flush()
        if at is None:
            await self._expand(broadcast, staff, now)
        else:  # the audience is taken when it goes out; until then, how many it would reach now
            broadcast.total = await self._count(AUDIENCES[draft.audience](scope))
        await self.session.commit()
        return broadcast

    async def _expand(self, broadcast: Broadcast, author: User | None, now: datetime) -> int:
        """Queue one copy per recipient (INSERT … SELECT, duplicates skipped): the audience as it is now."""
        scope = (
            Scope(broadcast.organization_id, broadcast.audience_id)
            if author is None
            else await self._scope(author, broadcast.audience, broadcast.audience_id)
        )
        people = AUDIENCES[broadcast.audience](scope).subquery()
        ref = broadcast_ref(broadcast.id)
        query = select(
            people.c[0],
            literal(NotifyKind.BROADCAST.value, String),
            literal(ref, String),
            literal({"broadcast_id": broadcast.id}, JSON),
            literal(True),
            literal(now, UTCDateTime()),
            literal(Status.PENDING.value, String),
            literal(0),
            literal(f"{ref}:", String) + cast(people.c[0], String),
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
        await NotificationRepo(self.session).add_from_select(columns, query)
        broadcast.total = await NotificationRepo(self.session).count_ref(ref)
        broadcast.status = "sending"
        broadcast.started_at = now
        return broadcast.total

    async def start_due(self) -> list[int]:
        """Scheduled broadcasts whose time has come: queue their copies. Returns their ids."""
        now = self.clock()
        due = list(
            await self.session.scalars(
                select(Broadcast)
                .where(Broadcast.status == "scheduled", Broadcast.scheduled_at <= now)
                .with_for_update(skip_locked=True)
            )
        )
        for broadcast in due:
            author = await self.session.get(User, broadcast.created_by) if broadcast.created_by else None
            try:
                await self._expand(broadcast, author if author and author.role else None, now)
            except (PermissionDenied, NotFound, ValidationFailed):
                broadcast.status = "cancelled"
        await self.session.commit()
        return [b.id for b in due]

    async def _own(self, user: User | None, broadcast_id: int) -> Broadcast:
        staff = require_staff(user)
        broadcast = await self.session.get(Broadcast, broadcast_id)
        if broadcast is None:
            raise NotFound()
        if staff.role != Role.ADMIN and broadcast.created_by != staff.id:
            raise PermissionDenied()
        return broadcast

    async def cancel(self, user: User | None, broadcast_id: int) -> Broadcast:
        """Stop a broadcast: copies not yet sent are withdrawn (those in flight finish)."""
        broadcast = await self._own(user, broadcast_id)
        if broadcast.status in ("draft", "scheduled", "sending"):
            broadcast.status = "cancelled"
            broadcast.finished_at = self.clock()
            await NotificationRepo(self.session).withdraw(broadcast_ref(broadcast.id))
        await self.session.commit()
        return broadcast

    async def set_progress_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id)
            .values(progress_chat_id=chat_id, progress_message_id=message_id)
        )
        await self.session.commit()

    async def progress(self, broadcast: Broadcast) -> Progress:
        counts = await NotificationRepo(self.session).counts(broadcast_ref(broadcast.id))
        # Copies whose outbox rows housekeeping deleted as old are counted on the broadcast itself.
        for status, settled in (broadcast.settled_counts or {}).items():
            counts[status] = counts.get(status, 0) + int(settled)
        acks = await self._count(
            select(BroadcastAck.user_id).where(BroadcastAck.broadcast_id == broadcast.id)
        )
        return Progress(broadcast, counts, acks, False)

    async def report(self, user: User | None, broadcast_id: int) -> Progress:
        return await self.progress(await self._own(user, broadcast_id))

    async def active_progress(self) -> list[Progress]:
        """Progress of every broadcast being sent; those with nothing left to send are marked done."""
        now = self.clock()
        result = []
        for broadcast in await self.session.scalars(select(Broadcast).where(Broadcast.status == "sending")):
            progress = await self.progress(broadcast)
            if progress.waiting == 0:
                broadcast.status = "done"
                broadcast.finished_at = now
                progress = Progress(broadcast, progress.counts, progress.acks, True)
            result.append(progress)
        await self.session.commit()
        return result

    async def acknowledge(self, user: User | None, broadcast_id: int) -> bool:
        """«Ознакомлен» pressed. Returns False when it was pressed before."""
        if user is None:
            raise PermissionDenied()
        broadcast = await self.session.get(Broadcast, broadcast_id)
        if broadcast is None or not broadcast.with_ack:
            raise NotFound()
        if await self.session.get(BroadcastAck, (broadcast_id, user.id)) is not None:
            return False
        self.session.add(BroadcastAck(broadcast_id=broadcast_id, user_id=user.id, acked_at=self.clock()))
        await self.session.commit()
        return True

    async def acknowledged_by(self, user: User | None, broadcast_id: int, limit: int = 50) -> list[int]:
        await self._own(user, broadcast_id)
        rows = await self.session.scalars(
            select(BroadcastAck.user_id)
            .where(BroadcastAck.broadcast_id == broadcast_id)
            .order_by(BroadcastAck.acked_at)
            .limit(limit)
        )
        return list(rows)
