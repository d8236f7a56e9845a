"""Parent clubs: a named group at an organization whose meetings are events.

Members are registered for every coming meeting (through the same seat-safe path as everyone else) unless they
opt out of one; they may send the host an anonymous question, which is stored without any link to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Club, ClubQuestion, Event, Organization, Registration, User
from db.repositories.clubs import ClubRepo
from db.repositories.organizations import OrganizationRepo
from db.repositories.registrations import RegistrationRepo
from services.core import permissions
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.core.notifier import NO_SENDER, Notifier, wake_if
from services.core.permissions import own_organization, require_staff
from services.core.schedule_cache import ScheduleCache
from services.events.events import can_edit_event
from services.registration.registrations import (
    ACTIVE,
    Promotion,
    RegistrationService,
    RegStatus,
    SignUp,
    closed_reason,
)

CLUB_TITLE_MAX = 200
CLUB_TEXT_MAX = 2000
QUESTION_MAX = 500


def can_manage(user: User | None, club: Club) -> bool:
    """Staff of the club's organization (or unbound staff and admins)."""
    return permissions.can_manage(user, club)


def is_host(user: User | None, club: Club) -> bool:
    return user is not None and (club.host_user_id == user.id or can_manage(user, club))


@dataclass(frozen=True, slots=True)
class ClubItem:
    club: Club
    members: int
    is_member: bool


@dataclass(frozen=True, slots=True)
class Meeting:
    event: Event
    registration: Registration | None
    position: int | None

    @property
    def going(self) -> bool:
        return self.registration is not None and self.registration.status in ACTIVE


@dataclass(frozen=True, slots=True)
class ClubView:
    club: Club
    organization: Organization | None
    members: int
    is_member: bool
    is_host: bool
    meetings: list[Meeting]


class ClubService:
    def __init__(
        self, session: AsyncSession, cache: ScheduleCache | None = None, notifier: Notifier = NO_SENDER
    ) -> None:
        self.session = session
        self.notifier = notifier
        self.clubs = ClubRepo(session)
        self.registrations = RegistrationRepo(session)
        self.cache = cache

    async def _club(self, club_id: int) -> Club:
        club = await self.clubs.get(club_id)
        if club is None:
            raise NotFound()
        return club

    async def all(self, user: User) -> list[ClubItem]:
        counts = await self.clubs.member_counts()
        mine = {club.id for club in await self.clubs.clubs_of(user.id)}
        return [ClubItem(c, counts.get(c.id, 0), c.id in mine) for c in await self.clubs.all()]

    async def mine(self, user: User) -> list[Club]:
        return await self.clubs.clubs_of(user.id)

    async def view(self, user: User, club_id: int, now: datetime | None = None) -> ClubView:
        now = now or utcnow()
        club = await self._club(club_id)
        member = await self.clubs.member(club.id, user.id) is not None
        meetings = []
        for event in await self.clubs.meetings(club.id, now, limit=3):
            registration = await self.registrations.get(event.id, user.id)
            position = None
            if registration is not None and registration.status == RegStatus.WAITLISTED:
                position = await self.registrations.waitlist_position(registration)
            meetings.append(Meeting(event, registration, position))
        org = await OrganizationRepo(self.session).get(club.organization_id) if club.organization_id else None
        return ClubView(
            club=club,
            organization=org,
            members=len(await self.clubs.members(club.id)),
            is_member=member,
            is_host=is_host(user, club),
            meetings=meetings,
        )

    def check_may_create(self, user: User | None) -> None:
        """Before the new-club form is shown: staff only (`create` checks again, a form can outlive a role)."""
        require_staff(user)

    async def check_member(self, user: User, club_id: int) -> None:
        """Before the question form is shown: members only (`ask` checks again)."""
        club = await self._club(club_id)
        if await self.clubs.member(club.id, user.id) is None:
            raise ValidationFailed("club-members-only")

    async def create(
        self, user: User | None, title: str, description: str | None, organization_id: int | None = None
    ) -> Club:
        staff = require_staff(user)
        title = " ".join(title.split())
        if not title:
            raise ValidationFailed("club-title-missing")
        if len(title) > CLUB_TITLE_MAX:
            raise ValidationFailed("error-title-long", limit=CLUB_TITLE_MAX)
        if description and len(description) > CLUB_TEXT_MAX:
            raise ValidationFailed("error-text-long", limit=CLUB_TEXT_MAX)
        organization_id = own_organization(staff, organization_id)
        club = await self.clubs.add(
            Club(
                title=title,
                description=(description or "").strip() or None,
                organization_id=organization_id,
                host_user_id=staff.id,
            )
        )
        await self.session.commit()
        return club

    async def _enrol(self, event: Event, user_ids: list[int], now: datetime) -> list[SignUp]:
        """Register members for one meeting (its lock is taken here), skipping those who opted out of it."""
        service = RegistrationService(self.session)
        locked = await service.lock(event.id)
        if locked is None or closed_reason(locked, now) is not None:
            return []
        opted_out = await self.clubs.optouts(locked.id)
        placed = []
        for user_id in user_ids:
            existing = await self.registrations.get(locked.id, user_id)
            if user_id in opted_out or (
                existing is not None and (existing.status in ACTIVE or not existing.via_club)
            ):
                continue
            registration = await service.place_locked(locked, user_id, existing, via_club=True)
            placed.append(SignUp(registration, await service.position_of(registration), already=False))
        return placed

    async def join(self, user: User, club_id: int, now: datetime | None = None) -> list[SignUp]:
        """Become a member and be registered for the coming meetings."""
        now = now or utcnow()
        club = await self._club(club_id)
        if await self.clubs.member(club.id, user.id) is not None:
            raise ValidationFailed("club-already-member")
        await self.clubs.add_member(club.id, user.id, now)
        placed: list[SignUp] = []
        for event in await self.clubs.meetings(club.id, now):
            placed += await self._enrol(event, [user.id], now)
        await self.session.commit()
        return placed

    async def leave(self, user: User, club_id: int, now: datetime | None = None) -> list[Promotion]:
        """Stop being a member: places the club gave for coming meetings are released to the waitlist."""
        now = now or utcnow()
        club = await self._club(club_id)
        if await self.clubs.member(club.id, user.id) is None:
            raise ValidationFailed("club-not-member")
        await self.clubs.remove_member(club.id, user.id)
        service = RegistrationService(self.session)
        promoted: list[Promotion] = []
        for event in await self.clubs.meetings(club.id, now):
            locked = await service.lock(event.id)
            if locked is None or (locked.starts_at is not None and now >= locked.starts_at):
                continue
            registration = await self.registrations.get(locked.id, user.id)
            if registration is not None and registration.via_club and registration.status in ACTIVE:
                promoted += await service.cancel_locked(locked, registration, now)
            await self.registrations.drop_optout(locked.id, user.id)
        await self.session.commit()
        wake_if(self.notifier, promoted)
        return promoted

    async def attach_meeting(
        self, user: User | None, event_id: int, club_id: int, now: datetime | None = None
    ) -> int:
        """Make an event one of the club's meetings and register the members for it; returns how many were."""
        now = now or utcnow()
        staff = require_staff(user)
        club = await self._club(club_id)
        event = await self.session.get(Event, event_id)
        if event is None:
            raise NotFound()
        if not can_edit_event(staff, event) or not can_manage(staff, club):
            raise PermissionDenied("error-not-your-org")
        event.club_id = club.id
        await self.session.flush()
        placed = await self._enrol(event, await self.clubs.members(club.id), now)
        await self.session.commit()
        if self.cache is not None:
            self.cache.invalidate()
        return len(placed)

    async def ask(
        self, user: User, club_id: int, text: str | None, now: datetime | None = None
    ) -> ClubQuestion:
        """An anonymous question to the host, for the next meeting. Nothing links it to the person."""
        now = now or utcnow()
        club = await self._club(club_id)
        if await self.clubs.member(club.id, user.id) is None:
            raise PermissionDenied("club-members-only")
        value = (text or "").strip()
        if not value:
            raise ValidationFailed("error-value-required")
        if len(value) > QUESTION_MAX:
            raise ValidationFailed("club-question-long", limit=QUESTION_MAX)
        meetings = await self.clubs.meetings(club.id, now, limit=1)
        question = await self.clubs.add_question(
            ClubQuestion(
                club_id=club.id, event_id=meetings[0].id if meetings else None, text=value, created_at=now
            )
        )
        await self.session.commit()
        return question

    async def questions(self, user: User | None, club_id: int) -> list[tuple[ClubQuestion, Event | None]]:
        club = await self._club(club_id)
        if not is_host(user, club):
            raise PermissionDenied("club-host-only")
        return await self.clubs.questions(club.id)

    async def clubs_for_event(self, user: User | None, event_id: int) -> list[Club]:
        """Clubs a coordinator may attach this event to."""
        staff = require_staff(user)
        event = await self.session.get(Event, event_id)
        if event is None:
            raise NotFound()
        if not can_edit_event(staff, event):
            raise PermissionDenied("error-not-your-org")
        return [club for club in await self.clubs.all() if can_manage(staff, club)]
