"""The one rule about choosing an organization: an archived one has left every picker, so choosing it (an old
button, a forged one, a command line argument) is refused, while everything that already belongs to it (events,
clubs, plans, people bound to it) stays as it is."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Organization
from db.repositories.organizations import OrganizationRepo
from services.core.errors import NotFound, ValidationFailed


async def pickable(session: AsyncSession, org_id: int) -> Organization:
    """The organization someone chose; NotFound when there is none, ValidationFailed when it is archived."""
    org = await OrganizationRepo(session).get(org_id)
    if org is None:
        raise NotFound()
    if org.archived:
        raise ValidationFailed("error-org-archived", name=org.short_name)
    return org
