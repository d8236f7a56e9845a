from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, insert, select, update
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

    @staticmethod
    def _listed(organization_id: int | None, archived: bool) -> list[ColumnElement[bool]]:
        where = [Plan.archived.is_(archived)]
        if organization_id is not None:
            where.append(Plan.organization_id == organization_id)
        return where

    async def count(self, organization_id: int | None, archived: bool) -> int:
        """How many plans (all of them, or one organization's) are archived / not archived."""
        query = select(func.count(Plan.id)).where(*self._listed(organization_id, archived))
        return await self.session.scalar(query) or 0

    async def page(self, organization_id: int | None, archived: bool, offset: int, limit: int) -> list[Plan]:
        """One page of those plans, the newest import first."""
        query = (
            select(Plan)
            .where(*self._listed(organization_id, archived))
            .order_by(Plan.imported_at.desc(), Plan.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list((await self.session.scalars(query)).all())

    async def count_items(self, plan_id: int) -> int:
        return await self.session.scalar(select(func.count(Event.id)).where(Event.plan_id == plan_id)) or 0

    async def items_page(self, plan_id: int, offset: int, limit: int) -> list[Event]:
        """One page of a plan's events, past and cancelled ones included, in date order (undated last)."""
        query = (
            select(Event)
            .where(Event.plan_id == plan_id)
            .order_by(Event.starts_at.is_(None), Event.starts_at, Event.id)
            .offset(offset)
            .limit(limit)
        )
        return list((await self.session.scalars(query)).all())

    async def status_counts(self, plan_id: int) -> dict[str, int]:
        """How many of a plan's events are in each status."""
        rows = await self.session.execute(
            select(Event.status, func.count(Event.id)).where(Event.plan_id == plan_id).group_by(Event.status)
        )
        return {status: count for status, count in rows.all()}

    async def delete(self, plan: Plan) -> None:
        """The plan's record goes; its events stay as history, no longer tied to it (so importing the same file
        again starts a new plan instead of meeting them)."""
        await self.session.execute(
            update(Event).where(Event.plan_id == plan.id).values(plan_id=None, source_key=None)
        )
        await self.session.delete(plan)
        await self.session.flush()

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
