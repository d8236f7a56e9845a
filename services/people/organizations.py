"""The network's sites, grouped by their role in it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Organization
from db.repositories.organizations import OrganizationRepo
from services.core.domain import NetworkRole
from services.core.errors import NotFound

ROLE_ORDER = [
    NetworkRole.RESOURCE,
    NetworkRole.BASE,
    NetworkRole.PILOT,
    NetworkRole.ADDITIONAL,
    NetworkRole.PARTNER,
]


@dataclass(frozen=True, slots=True)
class OrgGroup:
    role: str
    organizations: list[Organization]


class OrganizationService:
    def __init__(self, session: AsyncSession) -> None:
        self.repo = OrganizationRepo(session)

    async def all(self) -> list[Organization]:
        return await self.repo.all()

    async def grouped(self) -> list[OrgGroup]:
        orgs = await self.repo.all()
        rank = {role.value: i for i, role in enumerate(ROLE_ORDER)}
        groups: dict[str, list[Organization]] = {}
        for org in sorted(orgs, key=lambda o: (rank.get(o.network_role, 99), o.short_name)):
            groups.setdefault(org.network_role, []).append(org)
        return [OrgGroup(role, items) for role, items in groups.items()]

    async def get(self, org_id: int) -> Organization:
        org = await self.repo.get(org_id)
        if org is None:
            raise NotFound()
        return org
