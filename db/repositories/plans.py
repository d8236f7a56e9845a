from __future__ import annotations

from sqlalchemy import func, insert, select
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
