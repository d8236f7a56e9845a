"""What is kept about a person, shown to them on request, and deleted on request."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User
from db.repositories.organizations import OrganizationRepo
from db.repositories.surveys import SurveyRepo


@dataclass(frozen=True, slots=True)
class StoredData:
    """Every field the bot keeps about a person, as (locale key, value) pairs."""

    rows: list[tuple[str, str]]


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
            f"24h={'on' if user.notify_24h else 'off'}, 2h={'on' if user.notify_2h else 'off'}",
        ),
        ("mydata-created", f"{user.created_at:%Y-%m-%d %H:%M} UTC"),
    ]
    # Named survey responses and «has answered» marks; anonymous answers carry no link to anyone and are not listed.
    named, marks = await SurveyRepo(session).count_for_user(user.id)
    rows += [("mydata-survey-responses", str(named)), ("mydata-survey-marks", str(marks))]
    return StoredData(rows=rows)
