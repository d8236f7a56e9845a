from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import EventStatus, Role
from db.models import Event, Plan, User


@dataclass(frozen=True, slots=True)
class PlanItem:
    """An event that came from an imported plan, with what tells whom to remind about it."""

    event_id: int
    due: datetime  # the end of its period: the item is to be done by then
    imported_by: int | None
    organization_id: int | None  # the event's organization, else the plan's


class PlanRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, plan_id: int) -> Plan | None:
        return await self.session.get(Plan, plan_id)

    async def by_key(self, key: str) -> Plan | None:
        return await self.session.scalar(select(Plan).where(Plan.key == key))

    async def add(self, plan: Plan) -> Plan:
        self.session.add(plan)
        await self.session.flush()
        return plan

    async def count_imported_by(self, user_id: int) -> int:
        return await self.session.scalar(select(func.count(Plan.id)).where(Plan.imported_by == user_id)) or 0

    async def events_of(self, plan_id: int) -> list[Event]:
        """Every event that came from the plan, cancelled ones included."""
        query = select(Event).where(Event.plan_id == plan_id).order_by(Event.id)
        return list((await self.session.scalars(query)).all())

    async def insert_events(self, rows: list[dict[str, object]]) -> None:
        """New events in one batch: column values as dicts, NULLs written out so that every row has the same
        columns and the rows go in a few statements (the ORM inserts objects one by one to read their ids)."""
        if rows:
            await self.session.execute(insert(Event).execution_options(render_nulls=True), rows)

    async def items_due(self, after: datetime, until: datetime) -> list[PlanItem]:
        """Published events from imported plans whose period ends in (after, until]."""
        rows = await self.session.execute(
            select(
                Event.id,
                Event.ends_at,
                Plan.imported_by,
                func.coalesce(Event.organization_id, Plan.organization_id),
            )
            .join(Plan, Plan.id == Event.plan_id)
            .where(Event.status == EventStatus.PUBLISHED, Event.ends_at > after, Event.ends_at <= until)
            .order_by(Event.ends_at, Event.id)
        )
        return [PlanItem(*row) for row in rows.all()]

    async def active_staff(self, user_ids: Iterable[int]) -> set[int]:
        """Of these people, those still active coordinators or administrators."""
        ids = set(user_ids)
        if not ids:
            return set()
        query = select(User.id).where(
            User.id.in_(ids), User.is_active.is_(True), User.role.in_([Role.COORDINATOR, Role.ADMIN])
        )
        return set((await self.session.scalars(query)).all())

    async def coordinators_of(self, organization_ids: Iterable[int]) -> dict[int, list[int]]:
        """Active coordinators bound to each of these organizations."""
        ids = set(organization_ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(User.organization_id, User.id)
            .where(User.organization_id.in_(ids), User.is_active.is_(True), User.role == Role.COORDINATOR)
            .order_by(User.id)
        )
        found: dict[int, list[int]] = {}
        for org_id, user_id in rows.all():
            found.setdefault(org_id, []).append(user_id)
        return found
