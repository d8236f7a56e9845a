"""The network's sites: the lists people browse, and the registry an administrator keeps (add, edit, archive).

Archived sites leave every list and picker (`all`, `grouped`) but keep their events, clubs and history. A
coordinator bound to an organization may edit only its own card; adding and archiving are an administrator's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Organization
from db.repositories.organizations import OrganizationRepo
from services.core.domain import NetworkRole, Role
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.core.permissions import Person, may_manage
from services.core.schedule_cache import ScheduleCache

ROLE_ORDER = [
    NetworkRole.RESOURCE,
    NetworkRole.BASE,
    NetworkRole.PILOT,
    NetworkRole.ADDITIONAL,
    NetworkRole.PARTNER,
]

# The card's fields an editor may change, with the longest text each takes.
FIELD_LIMITS: dict[str, int] = {
    "short_name": 120,
    "name": 500,
    "network_role": 16,
    "address": 500,
    "contacts": 500,
    "offers": 2000,
    "accessibility": 2000,
}
REQUIRED_FIELDS = ("short_name", "name", "network_role")
TEXT_FIELDS = ("short_name", "name", "address", "contacts", "offers", "accessibility")


@dataclass(frozen=True, slots=True)
class OrgGroup:
    role: str
    organizations: list[Organization]


def is_admin(user: Person | None) -> bool:
    return user is not None and user.role == Role.ADMIN


def require_admin(user: Person | None) -> None:
    """The registry and the staff are an administrator's."""
    if not is_admin(user):
        raise PermissionDenied("error-admin-only")


def may_edit_card(user: Person | None, org_id: int) -> bool:
    """An administrator edits any card; a coordinator only their own organization's (one bound to none, the
    network's coordinator, any)."""
    return may_manage(user, org_id)


def clean_value(field: str, value: str | None) -> str | None:
    """A field's value as stored: spaces tidied, empty is None; too long or missing where required is refused."""
    if field not in FIELD_LIMITS:
        raise ValidationFailed()
    text = (
        " ".join((value or "").split()) if field in ("short_name", "name", "network_role") else (value or "")
    )
    text = text.strip()
    if field == "network_role":
        if text not in {role.value for role in NetworkRole}:
            raise ValidationFailed("orgs-error-role")
        return text
    if not text:
        if field in REQUIRED_FIELDS:
            raise ValidationFailed("orgs-error-required")
        return None
    if len(text) > FIELD_LIMITS[field]:
        raise ValidationFailed("orgs-error-too-long", limit=FIELD_LIMITS[field])
    return text


class OrganizationService:
    def __init__(self, session: AsyncSession, cache: ScheduleCache | None = None) -> None:
        self.session = session
        self.repo = OrganizationRepo(session)
        self.cache = cache  # the schedule shows organizations' names: dropped after a change that hides one

    async def all(self) -> list[Organization]:
        """The sites people pick from: archived ones are left out."""
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

    async def registry(self, actor: Person | None, page: int, size: int) -> tuple[list[Organization], int]:
        """One page of the whole registry, archived sites included (last), and the number of pages."""
        require_admin(actor)
        page = max(page, 0)
        items, total = await self.repo.page(page * size, size)
        pages = max((total + size - 1) // size, 1)
        if not items and page > 0:
            return await self.registry(actor, pages - 1, size)
        return items, pages

    async def editable(self, actor: Person | None, org_id: int) -> Organization:
        """The card, for someone allowed to edit it."""
        org = await self.get(org_id)
        if not may_edit_card(actor, org.id):
            raise PermissionDenied("error-not-your-org")
        return org

    async def create(
        self, actor: Person | None, short_name: str, name: str, network_role: str
    ) -> Organization:
        require_admin(actor)
        short = clean_value("short_name", short_name)
        full = clean_value("name", name)
        role = clean_value("network_role", network_role)
        assert short is not None and full is not None and role is not None
        await self._short_name_free(short, None)
        org = await self.repo.add(Organization(short_name=short, name=full, network_role=role))
        await self.session.commit()
        return org

    async def update(self, actor: Person | None, org_id: int, field: str, value: str | None) -> Organization:
        org = await self.editable(actor, org_id)
        cleaned = clean_value(field, value)
        if field == "short_name":
            assert cleaned is not None
            await self._short_name_free(cleaned, org.id)
        setattr(org, field, cleaned)
        await self.session.commit()
        return org

    async def set_archived(self, actor: Person | None, org_id: int, archived: bool) -> Organization:
        require_admin(actor)
        org = await self.get(org_id)
        org.archived = archived
        await self.session.commit()
        if self.cache is not None:
            self.cache.invalidate()
        return org

    async def _short_name_free(self, short_name: str, own_id: int | None) -> None:
        wanted = short_name.casefold()
        for org in await self.repo.all(include_archived=True):
            if org.short_name.casefold() == wanted and org.id != own_id:
                raise ValidationFailed("orgs-error-short-taken", name=short_name)
