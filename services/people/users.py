"""People: consent, language, role, organization, notification preferences, invites into staff roles."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Invite, User
from db.repositories.invites import InviteRepo
from db.repositories.users import UserRepo
from services.core.domain import SELF_SERVICE_ROLES, Role
from services.core.errors import PermissionDenied, ValidationFailed
from services.core.i18n import SUPPORTED_LOCALES
from services.core.notifier import NO_SENDER, Notifier, wake_if
from services.core.organizations import pickable
from services.core.permissions import is_staff
from services.people.privacy import StoredData, stored_data
from services.registration.registrations import Promotion, RegistrationService

INVITE_PREFIX = "inv_"
NOTIFICATION_FIELDS = ("notify_24h", "notify_2h", "notify_deadlines")
# Reading settings: «Для экранного диктора» and «Простой язык».
READING_FIELDS = ("screen_reader", "plain_language")


@dataclass(frozen=True, slots=True)
class InviteCheck:
    ok: bool
    reason: str | None = None  # "unknown", "used", "expired"
    role: str | None = None


class UserService:
    def __init__(
        self, session: AsyncSession, admin_ids: frozenset[int] = frozenset(), notifier: Notifier = NO_SENDER
    ) -> None:
        self.session = session
        self.notifier = notifier
        self.users = UserRepo(session)
        self.invites = InviteRepo(session)
        self.admin_ids = admin_ids

    async def stored_data(self, user: User) -> StoredData:
        """Everything kept about the person (/mydata)."""
        return await stored_data(self.session, user)

    async def get(self, user_id: int) -> User | None:
        user = await self.users.get(user_id)
        if user is not None and user_id in self.admin_ids and user.role != Role.ADMIN:
            user.role = Role.ADMIN
            await self.session.commit()
        return user

    async def reactivate(self, user: User) -> User:
        """Someone marked inactive (they had blocked the bot) writes again: reminders and broadcasts reach them."""
        user.is_active, user.blocked_at = True, None
        await self.session.commit()
        return user

    async def check_invite(self, code: str, now: datetime | None = None) -> InviteCheck:
        invite = await self.invites.get(code)
        now = now or utcnow()
        if invite is None:
            return InviteCheck(False, "unknown")
        if invite.used_at is not None:
            return InviteCheck(False, "used", invite.role)
        if invite.expires_at <= now:
            return InviteCheck(False, "expired", invite.role)
        return InviteCheck(True, None, invite.role)

    async def give_consent(self, user_id: int, language: str) -> User:
        """Consent creates the record; nothing about a person is stored before it."""
        user = await self.users.get(user_id)
        if user is None:
            user = await self.users.add(
                User(
                    id=user_id,
                    language=language if language in SUPPORTED_LOCALES else "ru",
                    role=Role.ADMIN if user_id in self.admin_ids else None,
                    consent_at=utcnow(),
                )
            )
        elif not user.is_active:
            user.is_active, user.blocked_at = True, None
        await self.session.commit()
        return user

    async def redeem_invite(self, user: User, code: str, now: datetime | None = None) -> User:
        now = now or utcnow()
        check = await self.check_invite(code, now)
        if not check.ok:
            raise ValidationFailed(f"invite-{check.reason}")
        invite = await self.invites.get(code)
        assert invite is not None
        role, org_id = invite.role, invite.organization_id
        if not await self.invites.claim(code, user.id, now):  # someone else redeemed it a moment ago
            raise ValidationFailed("invite-used")
        if user.role != Role.ADMIN:
            user.role = role
        if org_id is not None:
            user.organization_id = org_id
        await self.session.commit()
        return user

    async def set_language(self, user: User, language: str) -> User:
        if language not in SUPPORTED_LOCALES:
            raise ValidationFailed()
        user.language = language
        await self.session.commit()
        return user

    async def set_role(self, user: User, role: str) -> User:
        if role not in SELF_SERVICE_ROLES:
            raise PermissionDenied()
        if is_staff(user):
            raise PermissionDenied("error-staff-role-fixed")
        user.role = role
        await self.session.commit()
        return user

    async def set_organization(self, user: User, org_id: int | None) -> User:
        if is_staff(user) and user.role != Role.ADMIN:
            raise PermissionDenied("error-staff-org-fixed")
        if org_id is not None:
            await pickable(self.session, org_id)
        user.organization_id = org_id
        await self.session.commit()
        return user

    async def toggle_notification(self, user: User, field: str) -> User:
        if field not in NOTIFICATION_FIELDS:
            raise ValidationFailed()
        setattr(user, field, not getattr(user, field))
        await self.session.commit()
        return user

    async def set_reading(
        self, user: User, *, screen_reader: bool | None = None, plain_language: bool | None = None
    ) -> User:
        """Turn the reading settings on or off (None leaves one as it is): asked once after onboarding, changed
        in Settings. Saves only when something changes."""
        changed = False
        for field, value in (("screen_reader", screen_reader), ("plain_language", plain_language)):
            if value is not None and getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        if changed:
            await self.session.commit()
        return user

    async def toggle_reading(self, user: User, field: str) -> User:
        """Flip one reading setting; a name that is not one (a forged button) is refused."""
        if field not in READING_FIELDS:
            raise ValidationFailed()
        return await self.set_reading(user, **{field: not getattr(user, field)})

    async def forget(self, user_id: int) -> list[Promotion]:
        """Delete the person and everything linked to them (registrations, club memberships and opt-outs go with
        the row by foreign-key cascade). Their seats are given up first, so the waitlist moves up; the promoted
        people are returned to be told."""
        promoted = await RegistrationService(self.session).release_all(user_id)
        await self.users.delete(user_id)
        await self.session.commit()
        wake_if(self.notifier, promoted)
        return promoted


class InviteService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, role: str, org_id: int | None, ttl: timedelta) -> Invite:
        if role not in (Role.COORDINATOR, Role.ADMIN):
            raise ValidationFailed("invite-bad-role")
        if org_id is not None:
            await pickable(self.session, org_id)
        invite = await InviteRepo(self.session).add(
            Invite(
                code=secrets.token_urlsafe(9).replace("-", "x").replace("_", "y"),
                role=role,
                organization_id=org_id,
                expires_at=utcnow() + ttl,
            )
        )
        await self.session.commit()
        return invite
