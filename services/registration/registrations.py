"""Registration for events: seats, the waitlist, what people need to take part, attendance and the coordinators' side.

Every change to an event's registrations first takes the event's lock (`RegistrationRepo.lock_event`), so seats are
counted and given out one request at a time, in the order the requests were handled, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Event, Registration, User
from db.repositories.registrations import Counts, RegistrationRepo
from services.core.domain import EventStatus, Precision, Role
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.core.notifier import NO_SENDER, Notifier, wake_if
from services.core.permissions import bound_organization, require_staff
from services.core.schedule_cache import ScheduleCache
from services.events.events import CAPACITY_MAX, can_edit_event
from services.notifications.planners import queue_promotions
from services.notifications.rules import no_quiet_hours


class RegStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


ACTIVE = (RegStatus.CONFIRMED.value, RegStatus.WAITLISTED.value)

#: What a person may say they need to take part: practical arrangements, never a diagnosis.
NEEDS = ("step_free", "sign_language", "assistant", "quiet_room", "childcare")
NEEDS_OTHER_MAX = 100
DISPLAY_NAME_MAX = 40
#: Roles whose attended events make up a professional-development record.
RECORD_ROLES = (Role.TEACHER, Role.SPECIALIST, Role.COORDINATOR, Role.ADMIN)


def parse_needs(value: str | None) -> list[str]:
    chosen = set((value or "").split(","))
    return [need for need in NEEDS if need in chosen]


def join_needs(needs: list[str] | set[str]) -> str:
    return ",".join(need for need in NEEDS if need in needs)


def closes_at(event: Event) -> datetime | None:
    """When sign-up ends: the deadline if one is set, else the start."""
    return event.registration_deadline or event.starts_at


def closed_reason(event: Event, now: datetime) -> str | None:
    """Why nobody can sign up now (a locale key), or None when registration is open."""
    if event.status != EventStatus.PUBLISHED:
        return "reg-closed-cancelled"
    if event.starts_at is None:
        return "reg-closed-no-date"
    if event.registration_closed:
        return "reg-closed-by-host"
    limit = closes_at(event)
    if limit is not None and now >= limit:
        return "reg-closed-deadline"
    return None


def event_hours(event: Event) -> float:
    """Hours an event lasted, to the nearest half hour (0 when its end is not known)."""
    if event.starts_at is None or event.ends_at is None or event.precision != Precision.EXACT:
        return 0.0
    hours = (event.ends_at - event.starts_at).total_seconds() / 3600
    return max(0.0, round(hours * 2) / 2)


@dataclass(frozen=True, slots=True)
class Promotion:
    """Someone moved from the waitlist to a confirmed place; they are told at once.

    The notice is queued in the notification outbox in the same transaction as the promotion (`fill_locked`), urgent,
    so quiet hours do not hold it; the sender delivers it within a second or two (handlers kick it after commit).
    The value is returned for the caller's own summary (how many moved up)."""

    user_id: int
    language: str
    event_id: int
    title: str
    starts_at: datetime | None


@dataclass(frozen=True, slots=True)
class Seats:
    capacity: int | None
    confirmed: int
    waitlisted: int

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.confirmed)


@dataclass(frozen=True, slots=True)
class Place:
    """What the event card shows one person: their registration, the seats, and whether sign-up is open."""

    seats: Seats
    registration: Registration | None
    position: int | None
    closed_reason: str | None

    @property
    def active(self) -> bool:
        return self.registration is not None and self.registration.status in ACTIVE


@dataclass(frozen=True, slots=True)
class SignUp:
    registration: Registration
    position: int | None  # place on the waitlist, None when confirmed
    already: bool  # the person was already registered: nothing changed


@dataclass(frozen=True, slots=True)
class MyRegistration:
    registration: Registration
    event: Event
    position: int | None


@dataclass(frozen=True, slots=True)
class MyRegistrations:
    upcoming: list[MyRegistration]
    past: list[MyRegistration]


@dataclass(frozen=True, slots=True)
class RecordItem:
    event: Event
    hours: float


@dataclass(frozen=True, slots=True)
class TrainingRecord:
    items: list[RecordItem]

    @property
    def total_hours(self) -> float:
        return sum(item.hours for item in self.items)


@dataclass(frozen=True, slots=True)
class Roster:
    """A coordinator's view of one event."""

    event: Event
    confirmed: list[Registration]
    waitlist: list[Registration]
    needs: dict[str, int]
    other_needs: list[str]
    attended: int
    absent: int
    closed_reason: str | None = None
    promoted: list[Promotion] = field(default_factory=list)
    started: bool = False  # attendance is marked only once the event has started

    @property
    def seats(self) -> Seats:
        return Seats(self.event.capacity, len(self.confirmed), len(self.waitlist))


class RegistrationService:
    def __init__(
        self, session: AsyncSession, cache: ScheduleCache | None = None, notifier: Notifier = NO_SENDER
    ) -> None:
        self.notifier = notifier
        self.session = session
        self.repo = RegistrationRepo(session)
        self.cache = cache

    # Reading

    async def place(self, event: Event, user_id: int, now: datetime | None = None) -> Place:
        counts, own = await self.repo.counts_and_own(event.id, user_id)
        registration = await self.repo.fresh(own) if own is not None else None
        position = None
        if registration is not None and registration.status == RegStatus.WAITLISTED:
            position = await self.repo.waitlist_position(registration)
        return Place(
            seats=Seats(event.capacity, counts.confirmed, counts.waitlisted),
            registration=registration,
            position=position,
            closed_reason=closed_reason(event, now or utcnow()),
        )

    async def mine(self, user: User, now: datetime | None = None) -> MyRegistrations:
        now = now or utcnow()
        upcoming: list[MyRegistration] = []
        past: list[MyRegistration] = []
        for registration, event in await self.repo.of_user(user.id):
            position = None
            if registration.status == RegStatus.WAITLISTED:
                position = await self.repo.waitlist_position(registration)
            item = MyRegistration(registration, event, position)
            end = event.ends_at or event.starts_at
            if end is not None and end < now:
                past.append(item)
            else:
                upcoming.append(item)
        past.reverse()
        return MyRegistrations(upcoming=upcoming, past=past)

    async def record(self, user: User) -> TrainingRecord:
        """Events the person attended (attendance marked by the host) and their hours."""
        events = await self.repo.attended_by(user.id)
        return TrainingRecord([RecordItem(event, event_hours(event)) for event in events])

    # Signing up and cancelling

    async def release(self) -> None:
        """End a transaction that changed nothing, letting go of the event's lock. A commit rather than a rollback:
        a rollback would expire every loaded object, and the caller still reads them to answer."""
        await self.session.commit()

    async def lock(self, event_id: int) -> Event | None:
        """Take the event's lock (see `RegistrationRepo.lock_event`). When the database stays busy past its timeout
        (SQLite's busy timeout, a PostgreSQL deadlock), the person is asked to press again and nothing changes."""
        try:
            return await self.repo.lock_event(event_id)
        except DBAPIError as error:
            message = str(error.orig).lower()
            if "database is locked" not in message and "deadlock" not in message:
                raise
            await self.session.rollback()
            raise ValidationFailed("reg-busy") from error

    async def _locked(self, event_id: int) -> Event:
        event = await self.lock(event_id)
        if event is None:
            await self.release()
            raise NotFound()
        return event

    async def _refuse(self, key: str, **kwargs: object) -> None:
        await self.release()
        raise ValidationFailed(key, **kwargs)

    async def place_locked(
        self, event: Event, user_id: int, existing: Registration | None, via_club: bool
    ) -> Registration:
        """Give a place under the event's lock: a seat if one is free, else the end of the waitlist."""
        counts = await self.repo.counts(event.id)
        free = event.capacity is None or counts.confirmed < event.capacity
        status = RegStatus.CONFIRMED if free and counts.waitlisted == 0 else RegStatus.WAITLISTED
        seq = await self.repo.next_seq(event.id)
        if existing is None:
            existing = await self.repo.add(
                Registration(event_id=event.id, user_id=user_id, status=status, seq=seq, via_club=via_club)
            )
        else:
            existing.status, existing.seq, existing.via_club = status.value, seq, via_club
            existing.needs, existing.needs_other, existing.display_name, existing.attended = (
                "",
                None,
                None,
                None,
            )
            existing.created_at = utcnow()
            await self.session.flush()
        if event.club_id is not None:
            await self.repo.drop_optout(event.id, user_id)
        return existing

    async def register(self, user: User, event_id: int, now: datetime | None = None) -> SignUp:
        """Sign up: a confirmed seat while there are seats, else the waitlist. Pressing again changes nothing."""
        now = now or utcnow()
        event = await self._locked(event_id)
        existing = await self.repo.get(event.id, user.id)
        if existing is not None and existing.status in ACTIVE:
            position = await self.position_of(existing)
            await self.release()
            return SignUp(existing, position, already=True)
        reason = closed_reason(event, now)
        if reason is not None:
            await self._refuse(reason)
        registration = await self.place_locked(event, user.id, existing, via_club=False)
        position = await self.position_of(registration)
        await self.session.commit()
        return SignUp(registration, position, already=False)

    async def position_of(self, registration: Registration) -> int | None:
        if registration.status != RegStatus.WAITLISTED:
            return None
        return await self.repo.waitlist_position(registration)

    async def cancel(self, user: User, event_id: int, now: datetime | None = None) -> list[Promotion]:
        """Give the place up; the first on the waitlist takes a freed seat in the same transaction."""
        now = now or utcnow()
        event = await self._locked(event_id)
        registration = await self.repo.get(event.id, user.id)
        if registration is None or registration.status not in ACTIVE:
            await self._refuse("reg-not-registered")
        assert registration is not None
        if event.starts_at is not None and now >= event.starts_at:
            await self._refuse("reg-cancel-started")
        promoted = await self.cancel_locked(event, registration, now)
        await self.session.commit()
        wake_if(self.notifier, promoted)
        return promoted

    async def cancel_locked(self, event: Event, registration: Registration, now: datetime) -> list[Promotion]:
        was_confirmed = registration.status == RegStatus.CONFIRMED
        registration.status = RegStatus.CANCELLED
        registration.needs, registration.needs_other, registration.display_name = "", None, None
        if event.club_id is not None:
            await self.repo.add_optout(event.id, registration.user_id, now)
        await self.session.flush()
        return await self.fill_locked(event, now) if was_confirmed else []

    async def fill_locked(self, event: Event, now: datetime) -> list[Promotion]:
        """Move people from the waitlist into free seats, first come first served (the event is locked).
        Nobody is moved into an event that is cancelled or has already started."""
        if event.status != EventStatus.PUBLISHED or (event.starts_at is not None and now >= event.starts_at):
            return []
        counts: Counts = await self.repo.counts(event.id)
        if counts.waitlisted == 0:
            return []
        free = counts.waitlisted if event.capacity is None else event.capacity - counts.confirmed
        if free <= 0:
            return []
        promoted = []
        for registration in await self.repo.first_waiting(event.id, free):
            registration.status = RegStatus.CONFIRMED
            person = await self.session.get(User, registration.user_id)
            promoted.append(
                Promotion(
                    user_id=registration.user_id,
                    language=person.language if person else "ru",
                    event_id=event.id,
                    title=event.title,
                    starts_at=event.starts_at,
                )
            )
        await self.session.flush()
        # Urgent notices: quiet hours do not apply, so none need to be known here.
        await queue_promotions(self.session, promoted, now, no_quiet_hours(ZoneInfo("UTC")))
        return promoted

    async def release_all(self, user_id: int, now: datetime | None = None) -> list[Promotion]:
        """Cancel every active registration of a person (before /forget deletes them), promoting the waitlist."""
        now = now or utcnow()
        promoted: list[Promotion] = []
        for registration, event in await self.repo.of_user(user_id):
            if registration.status not in ACTIVE or event.status != EventStatus.PUBLISHED:
                continue
            if event.starts_at is not None and now >= event.starts_at:
                continue  # a past event: the row simply goes with the person
            locked = await self._locked(event.id)
            fresh = await self.repo.get(locked.id, user_id)
            if fresh is not None and fresh.status in ACTIVE:
                promoted += await self.cancel_locked(locked, fresh, now)
        return [p for p in promoted if p.user_id != user_id]

    # What a person needs, and what to call them

    async def _own(self, user: User, event_id: int) -> Registration:
        registration = await self.repo.get(event_id, user.id)
        if registration is None or registration.status not in ACTIVE:
            raise ValidationFailed("reg-not-registered")
        return registration

    async def check_registered(self, user: User, event_id: int) -> Registration:
        return await self._own(user, event_id)

    async def toggle_need(self, user: User, event_id: int, need: str) -> Registration:
        if need not in NEEDS:
            raise ValidationFailed()
        registration = await self._own(user, event_id)
        chosen = set(parse_needs(registration.needs))
        chosen ^= {need}
        registration.needs = join_needs(chosen)
        await self.session.commit()
        return registration

    async def set_other_need(self, user: User, event_id: int, text: str | None) -> Registration:
        value = " ".join((text or "").split())
        if len(value) > NEEDS_OTHER_MAX:
            raise ValidationFailed("reg-other-long", limit=NEEDS_OTHER_MAX)
        registration = await self._own(user, event_id)
        registration.needs_other = value or None
        await self.session.commit()
        return registration

    async def set_display_name(self, user: User, event_id: int, name: str | None) -> Registration:
        value = " ".join((name or "").split())
        if len(value) > DISPLAY_NAME_MAX:
            raise ValidationFailed("reg-name-long", limit=DISPLAY_NAME_MAX)
        registration = await self._own(user, event_id)
        registration.display_name = value or None
        await self.session.commit()
        return registration

    # Coordinators

    def _changed(self) -> None:
        if self.cache is not None:
            self.cache.invalidate()

    async def staff_event(self, user: User | None, event_id: int, lock: bool = False) -> Event:
        """The permission check behind every coordinator action: staff, and bound to the event's organization."""
        staff = require_staff(user)
        event = await self.lock(event_id) if lock else await self.session.get(Event, event_id)
        if event is None:
            await self.release()
            raise NotFound()
        if not can_edit_event(staff, event):
            await self.release()
            raise PermissionDenied("error-not-your-org")
        return event

    async def _roster(self, event: Event, now: datetime | None = None) -> Roster:
        rows = await self.repo.for_event(event.id)
        confirmed = [r for r in rows if r.status == RegStatus.CONFIRMED]
        waitlist = sorted((r for r in rows if r.status == RegStatus.WAITLISTED), key=lambda r: r.seq)
        confirmed.sort(key=lambda r: r.seq)
        needs = {need: 0 for need in NEEDS}
        other: list[str] = []
        for registration in confirmed + waitlist:
            for need in parse_needs(registration.needs):
                needs[need] += 1
            if registration.needs_other:
                other.append(registration.needs_other)
        return Roster(
            event=event,
            confirmed=confirmed,
            waitlist=waitlist,
            needs=needs,
            other_needs=other,
            attended=sum(1 for r in confirmed if r.attended is True),
            absent=sum(1 for r in confirmed if r.attended is False),
            closed_reason=closed_reason(event, now or utcnow()),
            started=event.starts_at is not None and (now or utcnow()) >= event.starts_at,
        )

    async def roster(self, user: User | None, event_id: int, now: datetime | None = None) -> Roster:
        event = await self.staff_event(user, event_id)
        return await self._roster(event, now)

    async def attendance(self, user: User | None, event_id: int, now: datetime | None = None) -> Roster:
        """The attendance screen's roster: only once the event has started."""
        now = now or utcnow()
        event = await self.staff_event(user, event_id)
        self._check_started(event, now)
        return await self._roster(event, now)

    async def overview(
        self, user: User | None, now: datetime | None = None, limit: int = 20
    ) -> list[tuple[Event, Seats]]:
        """A coordinator's coming events that take sign-ups; one bound to an organization sees only its own."""
        staff = require_staff(user)
        org_id = bound_organization(staff)
        rows = await self.repo.overview(now or utcnow(), org_id, limit)
        return [(event, Seats(event.capacity, confirmed, waiting)) for event, confirmed, waiting in rows]

    async def roster_for_export(self, event_id: int) -> Roster:
        """The same roster for the command line (run by the server's operator, who may see every event)."""
        event = await self.session.get(Event, event_id)
        if event is None:
            raise NotFound()
        return await self._roster(event)

    async def set_capacity(self, user: User | None, event_id: int, capacity: int | None) -> Roster:
        """Change the number of seats; raising it promotes from the waitlist. Confirmed people are never dropped."""
        if capacity is not None and not 1 <= capacity <= CAPACITY_MAX:
            raise ValidationFailed("error-capacity", limit=CAPACITY_MAX)
        event = await self.staff_event(user, event_id, lock=True)
        event.capacity = capacity
        await self.session.flush()
        promoted = await self.fill_locked(event, utcnow())
        await self.session.commit()
        wake_if(self.notifier, promoted)
        self._changed()
        return replace(await self._roster(event), promoted=promoted)

    async def set_closed(
        self, user: User | None, event_id: int, closed: bool, now: datetime | None = None
    ) -> Roster:
        """Close or reopen sign-up by hand. Reopening never lifts a deadline that has passed."""
        now = now or utcnow()
        event = await self.staff_event(user, event_id, lock=True)
        if not closed:
            limit = closes_at(event)
            if limit is not None and now >= limit:
                await self._refuse("reg-reopen-deadline")
        event.registration_closed = closed
        await self.session.commit()
        self._changed()
        return await self._roster(event, now)

    async def mark_all_present(self, user: User | None, event_id: int, now: datetime | None = None) -> Roster:
        now = now or utcnow()
        event = await self.staff_event(user, event_id, lock=True)
        self._check_started(event, now)
        await self.repo.mark_all_present(event.id)
        await self.session.commit()
        return await self._roster(event, now)

    async def toggle_attended(
        self, user: User | None, event_id: int, registration_id: int, now: datetime | None = None
    ) -> Roster:
        """An exception after «all present»: this person did not come (or did, pressed again)."""
        now = now or utcnow()
        event = await self.staff_event(user, event_id, lock=True)
        self._check_started(event, now)
        registration = await self.repo.by_id(registration_id)
        if (
            registration is None
            or registration.event_id != event.id
            or registration.status != RegStatus.CONFIRMED
        ):
            await self.release()
            raise NotFound()
        registration.attended = not registration.attended if registration.attended is not None else False
        await self.session.commit()
        return await self._roster(event, now)

    @staticmethod
    def _check_started(event: Event, now: datetime) -> None:
        if event.starts_at is None or now < event.starts_at:
            raise ValidationFailed("reg-attendance-early")


def waitlist_positions(roster: Roster) -> dict[int, int]:
    return {registration.id: number for number, registration in enumerate(roster.waitlist, start=1)}
