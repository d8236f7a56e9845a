from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Event, Plan


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

    async def events_of(self, plan_id: int) -> list[Event]:
        """Every event that came from the plan, cancelled ones included."""
        query = select(Event).where(Event.plan_id == plan_id).order_by(Event.id)
        return list((await self.session.scalars(query)).all())

    def add_events(self, events: list[Event]) -> None:
        self.session.add_all(events)
