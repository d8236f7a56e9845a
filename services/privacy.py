"""What is kept about a person, shown to them on request, and deleted on request."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Event, Registration, User
from db.repositories.clubs import ClubRepo
from db.repositories.organizations import OrganizationRepo
from db.repositories.registrations import RegistrationRepo


@dataclass(frozen=True, slots=True)
class StoredData:
    """Every field the bot keeps about a person, as (locale key, value) pairs."""

    rows: list[tuple[str, str]]
    # Sign-ups (with the needs and the name the person gave for the host's list) and club memberships.
    registrations: list[tuple[Registration, Event]] = field(default_factory=list)
    clubs: list[str] = field(default_factory=list)


async def stored_data(session: AsyncSession, user: User) -> StoredData:
    org = await OrganizationRepo(session).get(user.organization_id) if user.organization_id else None
    rows = [
        ("mydata-id", str(user.id)),
        ("mydata-language", user.language),
        ("mydata-role", user.role or "—"),
        ("mydata-org", org.short_name if org else "—"),
        ("mydata-consent", f"{user.consent_at:%Y-%m-%d %H:%M} UTC"),
        (
            "mydata-notify",
            f"24h={'on' if user.notify_24h else 'off'}, 2h={'on' if user.notify_2h else 'off'}, "
            f"deadlines={'on' if user.notify_deadlines else 'off'}",
        ),
        ("mydata-created", f"{user.created_at:%Y-%m-%d %H:%M} UTC"),
    ]
    registrations = await RegistrationRepo(session).of_user(user.id)
    clubs = [club.title for club in await ClubRepo(session).clubs_of(user.id)]
    return StoredData(rows=rows, registrations=registrations, clubs=clubs)
