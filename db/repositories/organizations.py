from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Organization


class OrganizationRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, org_id: int) -> Organization | None:
        return await self.session.get(Organization, org_id)

    async def by_short_name(self, short_name: str) -> Organization | None:
        return await self.session.scalar(select(Organization).where(Organization.short_name == short_name))

    async def all(self) -> list[Organization]:
        query = select(Organization).order_by(Organization.network_role, Organization.short_name)
        return list((await self.session.scalars(query)).all())

    async def add(self, org: Organization) -> Organization:
        self.session.add(org)
        await self.session.flush()
        return org
