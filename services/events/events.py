"""The schedule: browsing upcoming events, and coordinators creating, editing and cancelling them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Event, Organization, User
from db.repositories.events import EventQuery, EventRepo
from db.repositories.organizations import OrganizationRepo
from services.core.domain import AUDIENCE_FILTERS, Audience, EventStatus, Kind, Precision
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.core.organizations import pickable
from services.core.permissions import can_manage, own_organization, require_staff
from services.core.schedule_cache import ScheduleCache
from services.core.when import day_bounds, month_bounds, parse_user_datetime
from services.notifications.planners import PLAN_HORIZON, event_cancelled, event_moved
from services.notifications.rules import no_quiet_hours

TITLE_MAX = 200
TEXT_MAX = 2000
CAPACITY_MAX = 10_000


@dataclass(frozen=True, slots=True)
class ScheduleFilter:
    audience: str = "all"  # all | parents | teachers
    kind: str | None = None
    organization_id: int | None = None
    month: date | None = None  # first day of a month


@dataclass(frozen=True, slots=True)
class SchedulePage:
    items: list[Event]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class EventCard:
    event: Event
    organization: Organization | None
    can_edit: bool


# `/start ev_<id>`: a shared link to an event's card.
EVENT_LINK_PREFIX = "ev_"


@dataclass(slots=True)
class EventDraft:
    """What a coordinator fills in; validated before preview and again before saving."""

    title: str = ""
    kind: str = Kind.SEMINAR
    audience: str = Audience.ALL
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    has_time: bool = True
    description: str | None = None
    venue: str | None = None
    capacity: int | None = None
    online_link: str | None = None
    organization_id: int | None = None
    registration_deadline: datetime | None = None
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "errors"}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> EventDraft:
        names = {f.name for f in fields(cls)} - {"errors"}
        return cls(**{k: v for k, v in data.items() if k in names})  # type: ignore[arg-type]

    @classmethod
    def from_event(cls, event: Event) -> EventDraft:
        return cls(
            title=event.title,
            kind=event.kind,
            audience=event.audience,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            has_time=event.precision == Precision.EXACT,
            description=event.description,
            venue=event.venue,
            capacity=event.capacity,
            online_link=event.online_link,
            organization_id=event.organization_id,
            registration_deadline=event.registration_deadline,
        )


OPTIONAL_FIELDS = ("end", "description", "venue", "capacity", "link", "deadline")
TEXT_FIELDS = ("title", "start", "end", "description", "venue", "capacity", "link", "deadline")
_DATES = ("starts_at", "ends_at", "registration_deadline")


def draft_to_state(draft: EventDraft) -> dict[str, object]:
    """A draft as plain JSON values, for the conversation state (memory or Redis)."""
    data = draft.as_dict()
    for key in _DATES:
        value = data[key]
        data[key] = value.isoformat() if isinstance(value, datetime) else None
    return data


def draft_from_state(data: dict[str, object]) -> EventDraft:
    values = dict(data)
    for key in _DATES:
        value = values.get(key)
        values[key] = datetime.fromisoformat(value) if isinstance(value, str) else None
    return EventDraft.from_dict(values)


def apply_field(
    draft: EventDraft, field_name: str, text: str | None, tz: ZoneInfo, now: datetime | None = None
) -> EventDraft:
    """Set one field from what a coordinator typed (None = skip an optional field). Raises ValidationFailed.

    With `now` (a new event) a start already past is refused at once, at its own question; a date without a time
    is past once its day is over."""
    value = (text or "").strip()
    if text is None or not value:
        if field_name not in OPTIONAL_FIELDS:
            raise ValidationFailed("error-value-required")
        mapping = {"end": "ends_at", "link": "online_link", "deadline": "registration_deadline"}
        return replace(draft, **{mapping.get(field_name, field_name): None})
    if field_name == "title":
        if len(value) > TITLE_MAX:
            raise ValidationFailed("error-title-long", limit=TITLE_MAX)
        return replace(draft, title=value)
    if field_name in ("start", "end"):
        instant, has_time = parse_user_datetime(value, tz)
        if field_name == "start":
            latest = instant if has_time else day_bounds(instant.astimezone(tz).date(), tz)[1]
            if now is not None and latest < now:
                raise ValidationFailed("error-start-past")
            return replace(draft, starts_at=instant, has_time=has_time)
        if not has_time and draft.starts_at is not None:
            instant = day_bounds(instant.astimezone(tz).date(), tz)[1]
        if draft.starts_at is not None and instant < draft.starts_at:
            raise ValidationFailed("error-end-before-start")
        return replace(draft, ends_at=instant)
    if field_name == "deadline":  # sign-up closes then; a date alone is the end of that day
        instant, has_time = parse_user_datetime(value, tz)
        if not has_time:
            instant = day_bounds(instant.astimezone(tz).date(), tz)[1]
        if draft.starts_at is not None and instant >= draft.starts_at:
            raise ValidationFailed("error-deadline-after-start")
        return replace(draft, registration_deadline=instant)
    if field_name in ("description", "venue"):
        if len(value) > TEXT_MAX:
            raise ValidationFailed("error-text-long", limit=TEXT_MAX)
        return replace(draft, **{field_name: value})
    if field_name == "capacity":
        if not value.isdigit() or not 1 <= int(value) <= CAPACITY_MAX:
            raise ValidationFailed("error-capacity", limit=CAPACITY_MAX)
        return replace(draft, capacity=int(value))
    if field_name == "link":
        if not value.startswith(("https://", "http://")) or len(value) > 500 or " " in value:
            raise ValidationFailed("error-link")
        return replace(draft, online_link=value)
    raise ValidationFailed()


def validate_draft(draft: EventDraft, now: datetime, *, editing: bool = False) -> list[str]:
    """Locale keys of everything wrong with a draft (empty when it may be saved)."""
    errors: list[str] = []
    if not draft.title.strip():
        errors.append("error-title-missing")
    elif len(draft.title) > TITLE_MAX:
        errors.append("error-title-long")
    if draft.kind not in set(Kind):
        errors.append("error-validation")
    if draft.audience not in set(Audience):
        errors.append("error-validation")
    if draft.starts_at is None:
        errors.append("error-start-missing")
    elif draft.starts_at < now and not editing:
        errors.append("error-start-past")
    if draft.starts_at and draft.ends_at and draft.ends_at < draft.starts_at:
        errors.append("error-end-before-start")
    if draft.capacity is not None and not 1 <= draft.capacity <= CAPACITY_MAX:
        errors.append("error-capacity")
    if draft.starts_at and draft.registration_deadline and draft.registration_deadline >= draft.starts_at:
        errors.append("error-deadline-after-start")
    if draft.online_link and not draft.online_link.startswith(("https://", "http://")):
        errors.append("error-link")
    if draft.description and len(draft.description) > TEXT_MAX:
        errors.append("error-text-long")
    return errors


def can_edit_event(user: User | None, event: Event) -> bool:
    return can_manage(user, event)


class EventService:
    def __init__(self, session: AsyncSession, tz: ZoneInfo, cache: ScheduleCache | None = None) -> None:
        self.session = session
        self.tz = tz
        self.events = EventRepo(session)
        self.cache = cache

    def changed(self) -> None:
        """After a commit that changed an event: drop the cached schedule (this process's)."""
        if self.cache is not None:
            self.cache.invalidate()

    def _query(self, f: ScheduleFilter, now: datetime) -> EventQuery:
        return EventQuery(
            now=now,
            audiences=AUDIENCE_FILTERS.get(f.audience, ()),
            kind=f.kind,
            organization_id=f.organization_id,
            period=month_bounds(f.month, self.tz) if f.month else None,
        )

    async def schedule(
        self, f: ScheduleFilter, page: int, page_size: int, now: datetime | None = None
    ) -> SchedulePage:
        key = (f, page, page_size)
        if now is None and self.cache is not None and (cached := self.cache.get(key)) is not None:
            return cached
        query = self._query(f, now or utcnow())
        total = await self.events.count_upcoming(query)
        pages = max(1, math.ceil(total / page_size))
        page = min(max(page, 0), pages - 1)
        items = await self.events.upcoming(query, page * page_size, page_size) if total else []
        result = SchedulePage(items=items, page=page, pages=pages, total=total)
        if now is None and self.cache is not None:
            self.cache.put(key, result)
        return result

    async def upcoming_for_org(self, org_id: int, limit: int, now: datetime | None = None) -> list[Event]:
        query = self._query(ScheduleFilter(organization_id=org_id), now or utcnow())
        return await self.events.upcoming(query, 0, limit)

    async def card(self, event_id: int, user: User | None) -> EventCard:
        key = ("card", event_id)
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is None:
            event = await self.events.get(event_id)
            if event is None:
                raise NotFound()
            org = (
                await OrganizationRepo(self.session).get(event.organization_id)
                if event.organization_id
                else None
            )
            cached = (event, org)
            if self.cache is not None:
                self.cache.put(key, cached)
        event, org = cached
        return EventCard(event=event, organization=org, can_edit=can_edit_event(user, event))

    async def _editable(self, user: User | None, event_id: int) -> Event:
        staff = require_staff(user)
        event = await self.events.get(event_id)
        if event is None:
            raise NotFound()
        if not can_edit_event(staff, event):
            raise PermissionDenied("error-not-your-org")
        return event

    def _own_org(self, user: User, draft: EventDraft) -> EventDraft:
        """A coordinator bound to an organization publishes only for it."""
        return replace(draft, organization_id=own_organization(user, draft.organization_id))

    def _apply(self, event: Event, draft: EventDraft) -> None:
        event.title = draft.title.strip()
        event.kind = draft.kind
        event.audience = draft.audience
        event.starts_at = draft.starts_at
        event.ends_at = draft.ends_at
        event.precision = Precision.EXACT if draft.has_time else Precision.DAY
        event.description = draft.description
        event.venue = draft.venue
        event.capacity = draft.capacity
        event.online_link = draft.online_link
        event.organization_id = draft.organization_id
        event.registration_deadline = draft.registration_deadline

    async def create(self, user: User | None, draft: EventDraft, now: datetime | None = None) -> Event:
        staff = require_staff(user)
        draft = self._own_org(staff, draft)
        errors = validate_draft(draft, now or utcnow())
        if errors:
            raise ValidationFailed(errors[0])
        if draft.organization_id is not None:
            await pickable(self.session, draft.organization_id)
        event = Event(created_by=staff.id, status=EventStatus.PUBLISHED)
        self._apply(event, draft)
        await self.events.add(event)
        await self.session.commit()
        self.changed()
        return event

    async def check_editable(self, user: User | None, event_id: int) -> Event:
        return await self._editable(user, event_id)

    async def update(
        self, user: User | None, event_id: int, draft: EventDraft, now: datetime | None = None
    ) -> Event:
        event = await self._editable(user, event_id)
        draft = self.checked_edit(require_staff(user), draft, now)
        await self.apply_edit(event, draft, now)
        await self.session.commit()
        self.changed()
        return event

    def checked_edit(self, staff: User, draft: EventDraft, now: datetime | None = None) -> EventDraft:
        """The draft as it will be saved over an existing event (a bound coordinator's own organization), or
        ValidationFailed. Reads nothing, so a caller can check before taking the event's lock."""
        draft = self._own_org(staff, draft)
        errors = validate_draft(draft, now or utcnow(), editing=True)
        if errors:
            raise ValidationFailed(errors[0])
        return draft

    async def apply_edit(self, event: Event, draft: EventDraft, now: datetime | None = None) -> None:
        """Write a checked draft over `event` in the caller's transaction (no commit, no cache drop): a moved event
        takes its reminders along and its people are told."""
        if draft.organization_id is not None and draft.organization_id != event.organization_id:
            await pickable(self.session, draft.organization_id)  # an event of an archived one keeps it
        old_start = event.starts_at
        self._apply(event, draft)
        if event.starts_at != old_start:
            await event_moved(self.session, event, now or utcnow(), no_quiet_hours(self.tz), PLAN_HORIZON)
        await self.session.flush()

    async def cancel(self, user: User | None, event_id: int) -> Event:
        event = await self._editable(user, event_id)
        event.status = EventStatus.CANCELLED
        await event_cancelled(self.session, event, utcnow(), no_quiet_hours(self.tz))
        await self.session.commit()
        self.changed()
        return event
