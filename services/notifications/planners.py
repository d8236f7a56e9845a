"""Planners turn the schedule into outbox rows. Each planner is one small async function of a `PlanContext`
returning `Planned` notifications; the kinds in the registry (services/notices.py) name them, and a scheduler job
runs them all every minute (the survey planners live with the surveys: services/surveys/notices.py).
Planning is idempotent (unique dedup keys), so running a planner again, or after downtime, queues nothing twice.

The event hooks (`event_moved`, `event_cancelled`, `waitlist_promoted`) are called by the services that change
those things, inside their transaction."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Event
from db.repositories.audiences import AudienceRepo, RecipientRow
from db.repositories.notifications import NotificationRepo
from db.repositories.plans import PlanRepo
from services.notifications.outbox import rows_of
from services.notifications.registry import PlanContext, Planner
from services.notifications.rules import (
    PLAN_DUE,
    REMINDER_KINDS,
    EventInfo,
    NotifyKind,
    Planned,
    QuietHours,
    Recipient,
    event_ref,
    open_button,
    plan_event_notice,
    plan_event_reminders,
    plan_item_due,
    plan_registration_closing,
)

log = logging.getLogger(__name__)

LONGEST_REMINDER = timedelta(hours=24)
PLAN_HORIZON = timedelta(minutes=5)  # planners run every minute and queue what falls due within this


def _recipients(rows: list[RecipientRow]) -> dict[int, list[Recipient]]:
    by_event: dict[int, dict[int, Recipient]] = defaultdict(dict)
    for event_id, user_id, n24, n2, deadlines in rows:
        by_event[event_id][user_id] = Recipient(user_id, n24, n2, deadlines)  # one per person and event
    return {event_id: list(people.values()) for event_id, people in by_event.items()}


async def event_reminders(ctx: PlanContext) -> list[Planned]:
    """24 h and 2 h before each event, for its registrants and club members who want them."""
    repo = AudienceRepo(ctx.session)
    events = await repo.events_starting(ctx.now, ctx.now + LONGEST_REMINDER + ctx.horizon)
    if not events:
        return []
    recipients = _recipients(await repo.event_recipients([event_id for event_id, _ in events]))
    planned: list[Planned] = []
    for event_id, starts_at in events:
        people = recipients.get(event_id)
        if people:
            planned += plan_event_reminders(EventInfo(event_id, starts_at), people, ctx.now, ctx.horizon)
    return planned


async def registration_closing(ctx: PlanContext) -> list[Planned]:
    """«Registration closes tomorrow», to those who asked to hear about their audience's deadlines."""
    repo = AudienceRepo(ctx.session)
    planned: list[Planned] = []
    for event in await repo.events_closing(ctx.now, ctx.now + timedelta(days=1) + ctx.horizon):
        assert event.registration_deadline is not None and event.starts_at is not None
        people = _recipients(await repo.deadline_recipients(event)).get(event.id, [])
        planned += plan_registration_closing(
            EventInfo(event.id, event.starts_at), event.registration_deadline, people, ctx.now, ctx.horizon
        )
    return planned


async def plan_items_due(ctx: PlanContext) -> list[Planned]:
    """Items of imported plans (events with a plan) due in 7 days and in 1 day: their coordinator is told.

    The due date is the end of the item's period (`ends_at`: «by the end of March» ends on 31 March). The
    coordinator is the person who imported the plan (`plans.imported_by`) while they are an active coordinator or
    administrator; otherwise (a command-line import, someone who left or lost the role) the active coordinators
    bound to the event's organization (the plan's, when the event has none). Nobody: no notice."""
    repo = PlanRepo(ctx.session)
    items = await repo.items_due(ctx.now, ctx.now + PLAN_DUE[0].before + ctx.horizon)
    if not items:
        return []
    importers = await repo.active_staff(i.imported_by for i in items if i.imported_by is not None)
    orgs = await repo.coordinators_of(i.organization_id for i in items if i.organization_id is not None)
    planned: list[Planned] = []
    for item in items:
        if item.imported_by in importers:
            people = [item.imported_by]
        else:
            people = orgs.get(item.organization_id, []) if item.organization_id is not None else []
        planned += plan_item_due(item.event_id, item.due, people, ctx.now, ctx.horizon)
    return planned


@dataclass(frozen=True, slots=True)
class PlanReport:
    queued: int
    late: int  # fell due while nobody could send it and is no longer useful: dropped, counted


async def run_planners(
    session: AsyncSession,
    now: datetime,
    quiet: QuietHours,
    horizon: timedelta,
    planners: Mapping[str, Planner],
) -> dict[str, PlanReport]:
    """Run every planner (`Registry.planners`, see services/notices.py) and queue what they plan; one commit."""
    ctx = PlanContext(session, now, quiet, horizon)
    reports: dict[str, PlanReport] = {}
    repo = NotificationRepo(session)
    for name, planner in planners.items():
        planned = await planner(ctx)
        rows, _ = rows_of(planned, now, quiet)
        added = await repo.add_many(rows) if rows else []
        late = added.count("dropped")
        reports[name] = PlanReport(queued=len(added) - late, late=late)
        if added:
            log.info("planner %s: %d queued, %d too late (dropped)", name, len(added) - late, late)
    await session.commit()
    return reports


async def _event_recipient_ids(session: AsyncSession, event_id: int) -> list[int]:
    rows = await AudienceRepo(session).event_recipients([event_id])
    return sorted({user_id for _, user_id, *_ in rows})


async def event_moved(
    session: AsyncSession, event: Event, now: datetime, quiet: QuietHours, horizon: timedelta
) -> int:
    """An event got a new start: its pending reminders are withdrawn and planned again for the new time, and
    those who would be reminded are told. No commit: the caller's transaction."""
    repo = NotificationRepo(session)
    await repo.withdraw(event_ref(event.id), REMINDER_KINDS)
    if event.starts_at is None or event.starts_at <= now:
        return 0
    info = EventInfo(event.id, event.starts_at)
    recipients = _recipients(await AudienceRepo(session).event_recipients([event.id])).get(event.id, [])
    planned = plan_event_reminders(info, recipients, now, horizon)
    planned += plan_event_notice(
        NotifyKind.EVENT_MOVED, "notify-event-moved", info, [r.user_id for r in recipients], now
    )
    rows, _ = rows_of(planned, now, quiet)
    return len(await repo.add_many(rows))


async def event_cancelled(session: AsyncSession, event: Event, now: datetime, quiet: QuietHours) -> int:
    """An event was cancelled: every pending notice about it is withdrawn and its people are told."""
    await NotificationRepo(session).withdraw(event_ref(event.id))
    if event.starts_at is None or event.starts_at <= now:
        return 0
    people = await _event_recipient_ids(session, event.id)
    planned = plan_event_notice(
        NotifyKind.EVENT_CANCELLED,
        "notify-event-cancelled",
        EventInfo(event.id, event.starts_at),
        people,
        now,
    )
    rows, _ = rows_of(planned, now, quiet)
    return len(await NotificationRepo(session).add_many(rows))


async def waitlist_promoted(
    session: AsyncSession,
    event_id: int,
    starts_at: datetime | None,
    user_ids: list[int],
    now: datetime,
    quiet: QuietHours,
) -> int:
    """Places came free and `user_ids` moved from the waitlist to the list: queue their notices, sent at once.
    The registration service calls this with its `Promotion`s, in its own transaction (no commit here)."""
    if starts_at is None or starts_at <= now or not user_ids:
        return 0
    planned = [
        # The same words and button the person got before the outbox: the seat is theirs, and a way to the event.
        replace(p, payload={**p.payload, "button": open_button("btn-reg-open-event", "event", event_id)})
        for p in plan_event_notice(
            NotifyKind.WAITLIST_PROMOTED, "reg-promoted", EventInfo(event_id, starts_at), user_ids, now
        )
    ]
    rows, _ = rows_of(planned, now, quiet)
    return len(await NotificationRepo(session).add_many(rows))


class PromotionLike(Protocol):
    user_id: int
    event_id: int
    starts_at: datetime | None


async def queue_promotions(
    session: AsyncSession, promotions: Iterable[PromotionLike], now: datetime, quiet: QuietHours
) -> int:
    """`waitlist_promoted` for the `Promotion`s `RegistrationService.cancel` and `set_capacity` return."""
    queued = 0
    by_event: dict[tuple[int, datetime | None], list[int]] = defaultdict(list)
    for promotion in promotions:
        by_event[(promotion.event_id, promotion.starts_at)].append(promotion.user_id)
    for (event_id, starts_at), user_ids in by_event.items():
        queued += await waitlist_promoted(session, event_id, starts_at, user_ids, now, quiet)
    return queued
