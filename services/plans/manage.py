"""The list of imported plans: coordinators see every plan they may manage (past ones too), open one to read its
items, archive it (out of the list unless asked for; its events stay) or delete it (the events that have not
ended yet are cancelled and their people told, through the same notice as any cancelled event; past ones stay in
the history). A coordinator bound to an organization sees and manages only that organization's plans; an
administrator or an unbound coordinator, all of them (services/core/permissions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Event, Organization, Plan, User
from db.repositories.organizations import OrganizationRepo
from db.repositories.plans import PlanRepo
from services.core.domain import EventStatus
from services.core.errors import NotFound
from services.core.permissions import bound_organization, require_manage, require_staff
from services.core.schedule_cache import ScheduleCache
from services.notifications.planners import event_cancelled
from services.notifications.rules import no_quiet_hours

PLANS_PAGE = 8
ITEMS_PAGE = 10


@dataclass(frozen=True, slots=True)
class PlanPage:
    plans: list[Plan]
    organizations: dict[int, Organization]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class PlanCard:
    plan: Plan
    organization: Organization | None
    statuses: dict[str, int]  # events of the plan by status


@dataclass(frozen=True, slots=True)
class ItemsPage:
    plan: Plan
    items: list[Event]
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class Deleted:
    title: str
    cancelled: int  # events that had not ended and are now cancelled
    told: int  # notices queued to their people


def _pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


def _clamp(page: int, pages: int) -> int:
    return min(max(page, 0), pages - 1)


def is_over(event: Event, now: datetime) -> bool:
    """An event that has ended (or started, when it has no end): it stays as it was when its plan is deleted."""
    last = event.ends_at or event.starts_at
    return last is not None and last <= now


class PlanService:
    def __init__(self, session: AsyncSession, tz: ZoneInfo, cache: ScheduleCache | None = None) -> None:
        self.session = session
        self.tz = tz
        self.repo = PlanRepo(session)
        self.cache = cache

    async def page(self, user: User | None, page: int, archived: bool = False) -> PlanPage:
        staff = require_staff(user)
        org_id = bound_organization(staff)
        total = await self.repo.count(org_id, archived)
        pages = _pages(total, PLANS_PAGE)
        page = _clamp(page, pages)
        plans = await self.repo.page(org_id, archived, page * PLANS_PAGE, PLANS_PAGE)
        orgs = OrganizationRepo(self.session)
        found: dict[int, Organization] = {}
        for plan in plans:
            if plan.organization_id is not None and plan.organization_id not in found:
                org = await orgs.get(plan.organization_id)
                if org is not None:
                    found[org.id] = org
        return PlanPage(plans, found, page, pages, total)

    async def _managed(self, user: User | None, plan_id: int) -> Plan:
        require_staff(user)
        plan = await self.repo.get(plan_id)
        if plan is None:
            raise NotFound("plan-not-found")
        require_manage(user, plan.organization_id)
        return plan

    async def card(self, user: User | None, plan_id: int) -> PlanCard:
        plan = await self._managed(user, plan_id)
        org = await OrganizationRepo(self.session).get(plan.organization_id) if plan.organization_id else None
        return PlanCard(plan, org, await self.repo.status_counts(plan.id))

    async def items(self, user: User | None, plan_id: int, page: int) -> ItemsPage:
        plan = await self._managed(user, plan_id)
        pages = _pages(await self.repo.count_items(plan.id), ITEMS_PAGE)
        page = _clamp(page, pages)
        items = await self.repo.items_page(plan.id, page * ITEMS_PAGE, ITEMS_PAGE)
        return ItemsPage(plan, items, page, pages)

    async def set_archived(self, user: User | None, plan_id: int, archived: bool) -> Plan:
        plan = await self._managed(user, plan_id)
        plan.archived = archived
        await self.session.commit()
        return plan

    async def delete(self, user: User | None, plan_id: int, now: datetime | None = None) -> Deleted:
        """The plan's events that have not ended are cancelled and their people told; the plan's record goes."""
        plan = await self._managed(user, plan_id)
        now = now or utcnow()
        cancelled = told = 0
        for event in await self.repo.events_of(plan.id):
            if event.status == EventStatus.CANCELLED or is_over(event, now):
                continue
            event.status = EventStatus.CANCELLED
            cancelled += 1
            told += await event_cancelled(self.session, event, now, no_quiet_hours(self.tz))
        title = plan.title or plan.source_name
        await self.repo.delete(plan)
        await self.session.commit()
        if self.cache is not None:
            self.cache.invalidate()
        return Deleted(title, cancelled, told)
