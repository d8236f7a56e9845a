from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Organization


class OrganizationRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, org_id: int) -> Organization | None:
        return await self.session.get(Organization, org_id)

    async def by_short_name(self, short_name: str) -> Organization | None:
        return await self.session.scalar(select(Organization).where(Organization.short_name == short_name))

    async def all(self, include_archived: bool = False) -> list[Organization]:
        """The sites in pickers and lists; archived ones only when asked (the registry, exports)."""
        query = select(Organization).order_by(Organization.network_role, Organization.short_name)
        if not include_archived:
            query = query.where(Organization.archived.is_(False))
        return list((await self.session.scalars(query)).all())

    async def page(self, offset: int, limit: int) -> tuple[list[Organization], int]:
        """One page of the whole registry (archived ones last) and the total count."""
        total = await self.session.scalar(select(func.count()).select_from(Organization)) or 0
        query = (
            select(Organization)
            .order_by(Organization.archived, Organization.short_name, Organization.id)
            .offset(offset)
            .limit(limit)
        )
        return list((await self.session.scalars(query)).all()), total

    async def add(self, org: Organization) -> Organization:
        self.session.add(org)
        await self.session.flush()
        return org
