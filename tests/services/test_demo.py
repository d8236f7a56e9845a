from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from db.models import Event, Organization
from services.demo import seed_demo

MSK = ZoneInfo("Europe/Moscow")


async def test_demo_network_loads_once_with_future_dates(session):
    today = datetime.now(MSK).date()
    first = await seed_demo(session, MSK, today)
    second = await seed_demo(session, MSK, today)
    assert first.organizations_added == 8 and first.events_added >= 12
    assert (second.organizations_added, second.events_added) == (0, 0)
    assert await session.scalar(select(func.count(Event.id))) == first.events_added
    roles = set((await session.scalars(select(Organization.network_role))).all())
    assert roles == {"resource", "base", "pilot", "additional", "partner"}
    dated = (await session.scalars(select(Event).where(Event.starts_at.is_not(None)))).all()
    assert dated and all(e.starts_at > datetime.now(UTC) for e in dated)
