"""Coordinators' broadcasts: audience, count, confirm (now or later), progress, cancel, acknowledgements.

Each audience is one small function returning a query of user ids (a survey round's non-respondents among
them), kept with the rest of the SQL in db/repositories/broadcasts.py; a new audience is one more function in
`audiences` there. The author's organization binding is applied here, in the service, whatever the buttons
offered."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Broadcast, User
from db.repositories.broadcasts import NEEDS_ID, BroadcastRepo, Scope, audiences, broadcast_ref
from db.repositories.notifications import NotificationRepo
from services.core.domain import Role
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.core.organizations import pickable
from services.core.permissions import bound_organization, require_staff, within_reach
from services.notifications.rules import NotifyKind, Status
from services.surveys.surveys import ROLES_FOR

TEXT_MAX = 4000  # Telegram's message limit is 4096 characters
CAPTION_MAX = 1000  # and 1024 for a caption

#: audience name → its query of user ids (db/repositories/broadcasts.py); those needing an id are in NEEDS_ID.
AUDIENCES = audiences(ROLES_FOR)

__all__ = [
    "AUDIENCES",
    "NEEDS_ID",
    "BroadcastDraft",
    "BroadcastService",
    "Progress",
    "Scope",
    "broadcast_ref",
]


@dataclass(frozen=True, slots=True)
class BroadcastDraft:
    text: str  # Telegram HTML
    audience: str
    audience_id: int | None = None
    media_kind: str | None = None
    file_id: str | None = None
    with_ack: bool = False
    voice_file_id: str | None = (
        None  # a voice version (Telegram's file id), for screen-reader and plain readers
    )


@dataclass(frozen=True, slots=True)
class Progress:
    broadcast: Broadcast
    counts: dict[str, int]
    acks: int
    finished: bool  # it has just finished: show the final report
    # Delivered copies per messenger of the recipients ({"telegram": 812, "max": 430}).
    delivered_by: dict[str, int] = field(default_factory=dict)

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


HISTORY_PAGE = 8


@dataclass(frozen=True, slots=True)
class History:
    items: list[Broadcast]
    page: int
    pages: int


class BroadcastService:
    def __init__(self, session: AsyncSession, clock: Callable[[], datetime] = utcnow) -> None:
        self.session = session
        self.clock = clock
        self.repo = BroadcastRepo(session)

    async def _scope(self, author: User, audience: str, audience_id: int | None) -> Scope:
        """The author may reach this audience; raises otherwise. Bound coordinators stay inside their organization."""
        if audience not in AUDIENCES:
            raise ValidationFailed()
        if (audience in NEEDS_ID) != (audience_id is not None):
            raise ValidationFailed()
        bound = bound_organization(author)
        if audience == "org" and not within_reach(author, audience_id):
            raise PermissionDenied("broadcast-error-not-your-org")
        if audience == "org" and bound is None and audience_id is not None:
            await pickable(self.session, audience_id)  # an archived one has left the picker
        if audience in ("event", "waitlist"):
            event = await self.repo.event(audience_id)
            if event is None:
                raise NotFound()
            if not within_reach(author, event.organization_id):
                raise PermissionDenied("broadcast-error-not-your-org")
            return Scope(None, audience_id)
        if audience == "survey":
            round_ = await self.repo.round(audience_id)
            if round_ is None:
                raise NotFound()
            if not within_reach(author, round_.organization_id):
                raise PermissionDenied("broadcast-error-not-your-org")
            return Scope(bound, audience_id)
        if audience == "club":
            club = await self.repo.club(audience_id)
            if club is None:
                raise NotFound()
            if not within_reach(author, club.organization_id):
                raise PermissionDenied("broadcast-error-not-your-org")
            return Scope(None, audience_id)
        return Scope(bound, audience_id)

    async def targets(self, author: User | None, audience: str, limit: int = 10) -> list[tuple[int, str]]:
        """What an audience with an id may be about, for this author: (id, title) of coming events, of clubs or of
        open survey rounds, only their organization's when they are bound to one."""
        staff = require_staff(author)
        bound = bound_organization(staff)
        if audience in ("event", "waitlist"):
            return await self.repo.coming_events(self.clock(), bound, limit)
        if audience == "club":
            return await self.repo.clubs(bound, limit)
        if audience == "survey":
            return await self.repo.open_rounds(self.clock(), bound, staff.language, limit)
        raise ValidationFailed()

    async def count(self, author: User | None, audience: str, audience_id: int | None = None) -> int:
        staff = require_staff(author)
        scope = await self._scope(staff, audience, audience_id)
        return await self.repo.count(AUDIENCES[audience](scope))

    async def count_by_messenger(
        self, author: User | None, audience: str, audience_id: int | None = None
    ) -> dict[str, int]:
        """The audience per messenger its people use ({"telegram": 812, "max": 430})."""
        staff = require_staff(author)
        scope = await self._scope(staff, audience, audience_id)
        return await self.repo.count_by_messenger(AUDIENCES[audience](scope))

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
            organization_id=bound_organization(staff),
            audience=draft.audience,
            audience_id=draft.audience_id,
            text=draft.text,
            media_kind=draft.media_kind,
            file_id=draft.file_id,
            with_ack=draft.with_ack,
            voice_file_id=(draft.voice_file_id or None) and draft.voice_file_id[:200],
            status="scheduled" if at else "draft",
            scheduled_at=at,
            progress_chat_id=progress[0] if progress else None,
            progress_message_id=progress[1] if progress else None,
        )
        await self.repo.add(broadcast)
        if at is None:
            await self._expand(broadcast, staff, now)
        else:  # the audience is taken when it goes out; until then, how many it would reach now
            broadcast.total = await self.repo.count(AUDIENCES[draft.audience](scope))
        await self.session.commit()
        return broadcast

    async def _expand(self, broadcast: Broadcast, author: User | None, now: datetime) -> int:
        """Queue one copy per recipient (INSERT … SELECT, duplicates skipped): the audience as it is now."""
        scope = (
            Scope(broadcast.organization_id, broadcast.audience_id)
            if author is None
            else await self._scope(author, broadcast.audience, broadcast.audience_id)
        )
        broadcast.total = await self.repo.queue_copies(
            broadcast,
            AUDIENCES[broadcast.audience](scope),
            NotifyKind.BROADCAST.value,
            Status.PENDING.value,
            now,
        )
        broadcast.status = "sending"
        broadcast.started_at = now
        return broadcast.total

    async def start_due(self) -> list[int]:
        """Scheduled broadcasts whose time has come: queue their copies. Returns their ids."""
        now = self.clock()
        due = await self.repo.due_to_start(now)
        for broadcast in due:
            author = await self.repo.author(broadcast.created_by) if broadcast.created_by else None
            try:
                await self._expand(broadcast, author if author and author.role else None, now)
            except (PermissionDenied, NotFound, ValidationFailed):
                broadcast.status = "cancelled"
        await self.session.commit()
        return [b.id for b in due]

    async def _own(self, user: User | None, broadcast_id: int) -> Broadcast:
        staff = require_staff(user)
        broadcast = await self.repo.get(broadcast_id)
        if broadcast is None:
            raise NotFound()
        if staff.role != Role.ADMIN and broadcast.created_by != staff.id:
            # Said to a coordinator, so the reason is specific: another organization's, or a colleague's.
            if not within_reach(staff, broadcast.organization_id):
                raise PermissionDenied("broadcast-error-other-org")
            raise PermissionDenied("broadcast-error-not-yours")
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
        await self.repo.set_progress_message(broadcast_id, chat_id, message_id)
        await self.session.commit()

    async def progress(self, broadcast: Broadcast) -> Progress:
        counts = await NotificationRepo(self.session).counts(broadcast_ref(broadcast.id))
        # Copies whose outbox rows housekeeping deleted as old are counted on the broadcast itself.
        for status, settled in (broadcast.settled_counts or {}).items():
            counts[status] = counts.get(status, 0) + int(settled)
        acks = await self.repo.ack_count(broadcast.id)
        delivered_by = await NotificationRepo(self.session).counts_by_messenger(
            broadcast_ref(broadcast.id), Status.SENT
        )
        return Progress(broadcast, counts, acks, False, delivered_by)

    async def report(self, user: User | None, broadcast_id: int) -> Progress:
        return await self.progress(await self._own(user, broadcast_id))

    async def active_progress(self) -> list[Progress]:
        """Progress of every broadcast being sent; those with nothing left to send are marked done."""
        now = self.clock()
        result = []
        for broadcast in await self.repo.sending():
            progress = await self.progress(broadcast)
            if progress.waiting == 0:
                broadcast.status = "done"
                broadcast.finished_at = now
                progress = Progress(broadcast, progress.counts, progress.acks, True, progress.delivered_by)
            result.append(progress)
        await self.session.commit()
        return result

    async def history(self, user: User | None, page: int, page_size: int = HISTORY_PAGE) -> History:
        """Past (and planned) broadcasts: an administrator sees all of them, anyone else their own."""
        staff = require_staff(user)
        author = None if staff.role == Role.ADMIN else staff.id
        total = await self.repo.history_count(author)
        pages = max(1, math.ceil(total / page_size))
        page = min(max(page, 0), pages - 1)
        items = await self.repo.history(author, page * page_size, page_size) if total else []
        return History(items, page, pages)

    async def acknowledged_since(self, since: datetime) -> list[Progress]:
        """Finished broadcasts acknowledged since `since`: their reports are shown again with the new count."""
        return [await self.progress(b) for b in await self.repo.acknowledged_since(since)]

    async def acknowledge(self, user: User | None, broadcast_id: int) -> bool:
        """«Ознакомлен» pressed. Returns False when it was pressed before."""
        if user is None:
            raise PermissionDenied()
        broadcast = await self.repo.get(broadcast_id)
        if broadcast is None or not broadcast.with_ack:
            raise NotFound()
        if await self.repo.ack(broadcast_id, user.id) is not None:
            return False
        await self.repo.add_ack(broadcast_id, user.id, self.clock())
        await self.session.commit()
        return True

    async def acknowledged_by(self, user: User | None, broadcast_id: int, limit: int = 50) -> list[int]:
        await self._own(user, broadcast_id)
        return await self.repo.acked_by(broadcast_id, limit)
