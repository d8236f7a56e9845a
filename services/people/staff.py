"""The staff: who is an administrator or a coordinator, for which organization; changing a role or an
organization, revoking, and the open invites. An administrator's only.

Revoking takes effect on the next press: every coordinator action checks the person's role, read afresh from the
database for each update (`services/core/permissions.py`), so a revoked coordinator's open menus stop working at
once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Invite, Organization, User
from db.repositories.invites import InviteRepo
from db.repositories.organizations import OrganizationRepo
from db.repositories.users import UserRepo
from services.core.domain import Role
from services.core.errors import NotFound, ValidationFailed
from services.core.permissions import Person
from services.core.schedule_cache import ScheduleCache
from services.people.organizations import require_admin
from services.people.users import InviteService

STAFF_ROLES = (Role.ADMIN.value, Role.COORDINATOR.value)


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: int
    role: str
    organization_id: int | None
    organization: str | None  # its short name


@dataclass(frozen=True, slots=True)
class OpenInvite:
    code: str
    role: str
    organization: str | None
    expires_at: datetime


class StaffService:
    def __init__(
        self,
        session: AsyncSession,
        admin_ids: frozenset[int] = frozenset(),
        cache: ScheduleCache | None = None,
    ) -> None:
        self.session = session
        self.cache = cache  # cached screens depend on a person's role: dropped after a revoke
        self.users = UserRepo(session)
        self.invites = InviteRepo(session)
        self.orgs = OrganizationRepo(session)
        self.admin_ids = admin_ids

    async def members(self, actor: Person | None, trusted: bool = False) -> list[StaffMember]:
        if not trusted:
            require_admin(actor)
        names = await self._org_names()
        return [
            StaffMember(u.id, u.role or "", u.organization_id, names.get(u.organization_id))
            for u in await self.users.staff(STAFF_ROLES)
        ]

    async def member(self, actor: Person | None, user_id: int) -> StaffMember:
        require_admin(actor)
        user = await self._staff_user(user_id)
        org = await self.orgs.get(user.organization_id) if user.organization_id else None
        return StaffMember(user.id, user.role or "", user.organization_id, org.short_name if org else None)

    async def set_role(self, actor: Person | None, user_id: int, role: str) -> StaffMember:
        require_admin(actor)
        if role not in STAFF_ROLES:
            raise ValidationFailed("invite-bad-role")
        user = await self._changeable(actor, user_id)
        user.role = role
        await self.session.commit()
        return await self.member(actor, user_id)

    async def language_of(self, user_id: int) -> str | None:
        """A person's language (for what the bot sets in their chat)."""
        user = await self.users.get(user_id)
        return user.language if user else None

    async def bind(self, actor: Person | None, user_id: int, org_id: int | None) -> StaffMember:
        """Bind a staff member to an organization (None: the whole network)."""
        require_admin(actor)
        user = await self._staff_user(user_id)
        if org_id is not None:
            org = await self.orgs.get(org_id)
            if org is None or org.archived:
                raise NotFound()
        user.organization_id = org_id
        await self.session.commit()
        return await self.member(actor, user_id)

    async def revoke(self, actor: Person | None, user_id: int, trusted: bool = False) -> User:
        """Take the staff role away: the person stays, with no role until they choose one in Settings."""
        if not trusted:
            require_admin(actor)
        user = await self._changeable(actor, user_id, trusted)
        user.role = None
        await self.session.commit()
        if self.cache is not None:
            self.cache.invalidate()
        return user

    async def open_invites(self, actor: Person | None, now: datetime | None = None) -> list[OpenInvite]:
        require_admin(actor)
        names = await self._org_names()
        return [
            OpenInvite(i.code, i.role, names.get(i.organization_id), i.expires_at)
            for i in await self.invites.open(now or utcnow())
        ]

    async def withdraw(self, actor: Person | None, code: str) -> None:
        require_admin(actor)
        if not await self.invites.withdraw(code):
            raise NotFound()
        await self.session.commit()

    async def invite(self, actor: Person | None, role: str, org_id: int | None, ttl: timedelta) -> Invite:
        require_admin(actor)
        if org_id is not None:
            org = await self.orgs.get(org_id)
            if org is None or org.archived:
                raise NotFound()
        return await InviteService(self.session).create(role, org_id, ttl)

    async def _staff_user(self, user_id: int) -> User:
        user = await self.users.get(user_id)
        if user is None or user.role not in STAFF_ROLES:
            raise NotFound()
        return user

    async def _changeable(self, actor: Person | None, user_id: int, trusted: bool = False) -> User:
        user = await self._staff_user(user_id)
        if not trusted and getattr(actor, "id", None) == user_id:
            raise ValidationFailed("staff-error-self")
        if user_id in self.admin_ids:
            raise ValidationFailed("staff-error-env-admin")
        return user

    async def _org_names(self) -> dict[int | None, str]:
        orgs: list[Organization] = await self.orgs.all(include_archived=True)
        return {org.id: org.short_name for org in orgs}
