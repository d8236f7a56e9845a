"""Many people pressing at once, with real concurrent sessions (one per request, as the bot opens one per update)."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from db.models import Event, Registration, User
from services.core.errors import ValidationFailed
from services.registration.registrations import RegistrationService
from tests.factories import make_event, make_user


async def _users(session, first: int, count: int) -> None:
    now = datetime.now(UTC)
    session.add_all(User(id=first + i, role="parent", language="ru", consent_at=now) for i in range(count))
    await session.commit()


async def _register(session_factory, user_id: int, event_id: int):
    async with session_factory() as s:
        user = await s.get(User, user_id)
        return await RegistrationService(s).register(user, event_id)


async def _rows(session_factory, event_id: int) -> list[Registration]:
    async with session_factory() as s:
        query = select(Registration).where(Registration.event_id == event_id).order_by(Registration.seq)
        return list((await s.scalars(query)).all())


async def test_hundred_people_ten_seats(session, session_factory):
    event = await make_event(session, capacity=10)
    await _users(session, 10_000, 100)
    results = await asyncio.gather(*(_register(session_factory, 10_000 + i, event.id) for i in range(100)))

    rows = await _rows(session_factory, event.id)
    assert len(rows) == 100 and len({r.user_id for r in rows}) == 100  # no one twice
    assert [r.seq for r in rows] == list(range(1, 101))  # every request handled once, one after another
    assert [r.status for r in rows] == ["confirmed"] * 10 + ["waitlisted"] * 90  # first handled, first seated
    # What each person was told matches the order their request was handled in.
    told = {r.registration.user_id: r.position for r in results}
    assert sorted(p for p in told.values() if p is not None) == list(range(1, 91))
    for number, row in enumerate(rows[10:], start=1):
        assert told[row.user_id] == number
    assert all(told[row.user_id] is None for row in rows[:10])


async def test_the_same_person_pressing_many_times_at_once_is_registered_once(session, session_factory):
    event = await make_event(session, capacity=3)
    await make_user(session, 20_001)
    results = await asyncio.gather(*(_register(session_factory, 20_001, event.id) for _ in range(10)))
    assert sum(not r.already for r in results) == 1
    rows = await _rows(session_factory, event.id)
    assert [(r.user_id, r.status) for r in rows] == [(20_001, "confirmed")]


async def _cancel(session_factory, user_id: int, event_id: int):
    async with session_factory() as s:
        return await RegistrationService(s).cancel(await s.get(User, user_id), event_id)


async def _set_capacity(session_factory, admin_id: int, event_id: int, capacity: int):
    async with session_factory() as s:
        return await RegistrationService(s).set_capacity(await s.get(User, admin_id), event_id, capacity)


async def test_cancellations_racing_promotions_and_new_sign_ups(session, session_factory):
    event = await make_event(session, capacity=5)
    await make_user(session, 30_000, "coordinator")
    await _users(session, 30_001, 30)
    for i in range(15):  # 5 confirmed, 10 waiting
        await _register(session_factory, 30_001 + i, event.id)

    work = [
        _cancel(session_factory, 30_001 + i, event.id) for i in range(8)
    ]  # 5 confirmed and 3 waiting leave
    work += [_register(session_factory, 30_016 + i, event.id) for i in range(10)]  # 10 newcomers
    work += [_set_capacity(session_factory, 30_000, event.id, 7)]
    results = await asyncio.gather(*work)

    rows = await _rows(session_factory, event.id)
    active = [r for r in rows if r.status != "cancelled"]
    confirmed = [r for r in active if r.status == "confirmed"]
    waiting = [r for r in active if r.status == "waitlisted"]
    assert len(active) == 15 - 8 + 10
    assert len(confirmed) == 7 and len(waiting) == 10  # full, never over
    # Seats went to those who had waited longest: everyone confirmed joined before everyone still waiting.
    assert max(r.seq for r in confirmed) < min(r.seq for r in waiting)
    promoted = [p.user_id for result in results[:8] for p in result] + [
        p.user_id for p in results[-1].promoted
    ]
    assert len(promoted) == len(set(promoted))
    # Everyone seated was promoted and told once; a promoted person may have cancelled a moment later.
    assert {r.user_id for r in confirmed} <= set(promoted)
    assert set(promoted) - {r.user_id for r in confirmed} <= set(range(30_001, 30_009))


async def test_one_seat_freed_while_two_people_cancel_and_one_registers(session, session_factory):
    for _ in range(5):  # repeat: the interleaving differs from run to run, the outcome must not
        event = await make_event(session, capacity=1)
        base = 40_000 + event.id * 10
        await _users(session, base, 4)
        for i in range(3):
            await _register(session_factory, base + i, event.id)  # 1 confirmed, 2 waiting
        await asyncio.gather(
            _cancel(session_factory, base, event.id),
            _cancel(session_factory, base + 1, event.id),
            _register(session_factory, base + 3, event.id),
        )
        rows = {r.user_id: r.status for r in await _rows(session_factory, event.id)}
        assert rows == {
            base: "cancelled",
            base + 1: "cancelled",
            base + 2: "confirmed",
            base + 3: "waitlisted",
        }


async def test_a_stale_press_after_the_deadline_changes_nothing(session, session_factory):
    event = await make_event(session, capacity=10)
    async with session_factory() as s:
        stored = await s.get(Event, event.id)
        stored.registration_deadline = datetime.now(UTC) - timedelta(minutes=1)
        await s.commit()
    await _users(session, 50_000, 20)
    results = await asyncio.gather(
        *(_register(session_factory, 50_000 + i, event.id) for i in range(20)), return_exceptions=True
    )
    assert all(isinstance(r, ValidationFailed) and r.key == "reg-closed-deadline" for r in results)
    async with session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(Registration)) == 0


async def test_a_database_busy_past_its_timeout_gets_a_polite_answer(engine, session, session_factory):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's busy timeout; PostgreSQL waits on the row lock instead")
    event = await make_event(session, capacity=5)
    await make_user(session, 60_001)
    async with engine.connect() as holder:  # another writer holds the write lock and does not let go
        await holder.execute(text("UPDATE events SET title = title"))
        async with session_factory() as s:
            await s.execute(text("PRAGMA busy_timeout = 50"))
            with pytest.raises(ValidationFailed) as error:
                await RegistrationService(s).register(await s.get(User, 60_001), event.id)
            assert error.value.key == "reg-busy"
        await holder.rollback()
    result = await _register(session_factory, 60_001, event.id)  # once it is free, the same press works
    assert result.position is None and not result.already
