"""Small builders for test data, written through the same models the bot uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Event, Organization, User


async def make_org(
    session: AsyncSession, short_name: str = "ЦППМСП", role: str = "resource", **kw
) -> Organization:
    org = Organization(
        name=kw.pop("name", f"ГБУ ДО {short_name}"), short_name=short_name, network_role=role, **kw
    )
    session.add(org)
    await session.commit()
    return org


async def make_user(session: AsyncSession, user_id: int, role: str = "parent", **kw) -> User:
    user = User(id=user_id, role=role, language=kw.pop("language", "ru"), consent_at=datetime.now(UTC), **kw)
    session.add(user)
    await session.commit()
    return user


async def make_event(
    session: AsyncSession, title: str = "Семинар для родителей", in_days: float = 3, **kw
) -> Event:
    start = kw.pop("starts_at", datetime.now(UTC) + timedelta(days=in_days))
    event = Event(
        title=title,
        kind=kw.pop("kind", "seminar"),
        audience=kw.pop("audience", "parents"),
        starts_at=start,
        ends_at=kw.pop("ends_at", start + timedelta(hours=2) if start else None),
        precision=kw.pop("precision", "exact"),
        status=kw.pop("status", "published"),
        **kw,
    )
    session.add(event)
    await session.commit()
    return event
