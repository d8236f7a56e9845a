"""What is kept about a person, shown to them on request, and deleted on request."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import MAX, Event, Registration, User, account_of, messenger_of
from db.repositories.clubs import ClubRepo
from db.repositories.organizations import OrganizationRepo
from db.repositories.plans import PlanRepo
from db.repositories.registrations import RegistrationRepo
from db.repositories.surveys import SurveyRepo


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
        # The messenger and the id the person has there (a MAX person's internal id is not the one MAX shows).
        ("mydata-messenger", "MAX" if messenger_of(user.id) == MAX else "Telegram"),
        ("mydata-id-max" if messenger_of(user.id) == MAX else "mydata-id", str(account_of(user.id))),
        ("mydata-language", user.language),
        ("mydata-role", user.role or "—"),
        ("mydata-org", org.short_name if org else "—"),
        ("mydata-consent", f"{user.consent_at:%Y-%m-%d %H:%M} UTC"),
        (
            "mydata-notify",
            f"24h={'on' if user.notify_24h else 'off'}, 2h={'on' if user.notify_2h else 'off'}, "
            f"deadlines={'on' if user.notify_deadlines else 'off'}",
        ),
        (
            "mydata-a11y",
            f"screen_reader={'on' if user.screen_reader else 'off'}, "
            f"plain_language={'on' if user.plain_language else 'off'}",
        ),
        ("mydata-created", f"{user.created_at:%Y-%m-%d %H:%M} UTC"),
    ]
    plans = await PlanRepo(session).count_imported_by(user.id)
    if plans:  # plans keep who imported them (to remind that person); /forget unlinks them
        rows.append(("mydata-plans", str(plans)))
    registrations = await RegistrationRepo(session).of_user(user.id)
    clubs = [club.title for club in await ClubRepo(session).clubs_of(user.id)]
    # Named survey responses and «has answered» marks; anonymous answers carry no link to anyone and are not listed.
    named, marks = await SurveyRepo(session).count_for_user(user.id)
    rows += [("mydata-survey-responses", str(named)), ("mydata-survey-marks", str(marks))]
    return StoredData(rows=rows, registrations=registrations, clubs=clubs)
