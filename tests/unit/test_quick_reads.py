"""Quick reads on SQLite: the same values the session gives, never past what the session itself has written or holds
unflushed, a fall back to the session when SQLite is busy, and none at all on PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.engine import create_engine, create_session_factory
from db.models import Registration, User
from db.quick_reads import READS_KEY, QuickReads, Unavailable, holds_connection, quick_reads, read_quickly
from db.repositories.registrations import RegistrationRepo
from db.repositories.users import UserRepo
from tests.factories import make_event, make_user


@pytest.fixture
async def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[AsyncEngine]:
    path = tmp_path / "quick.sqlite3"
    shutil.copy(sqlite_template, path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    yield engine
    await engine.dispose()


@pytest.fixture
def factory(sqlite_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(sqlite_engine)


def _reads(factory: async_sessionmaker[AsyncSession]) -> QuickReads:
    reads = factory.kw["info"][READS_KEY]
    assert isinstance(reads, QuickReads)
    return reads


async def test_a_person_read_quickly_is_the_row_the_session_reads(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    async with factory() as session:
        await make_user(session, 7, role="teacher", notify_2h=False)
    async with factory() as session:
        quick = await UserRepo(session).get(7)
        assert quick is not None and not holds_connection(session)  # no connection was taken for it
        assert await UserRepo(session).get(8) is None
    async with factory() as session:
        stored = await session.get(User, 7)
        assert stored is not None
        columns = [c.key for c in User.__table__.columns]
        assert {k: getattr(quick, k) for k in columns} == {k: getattr(stored, k) for k in columns}
        assert quick.consent_at is not None and quick.consent_at.tzinfo is not None  # aware UTC, as stored
        assert quick.notify_2h is False and quick.is_active is True  # booleans, not SQLite's 0 and 1


async def test_a_person_read_quickly_can_be_changed_and_committed(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    async with factory() as session:
        await make_user(session, 7)
    async with factory() as session:
        user = await UserRepo(session).get(7)
        assert user is not None
        assert await UserRepo(session).get(7) is user  # one copy per session
        user.language = "en"
        await session.commit()
    async with factory() as session:
        assert await session.scalar(select(User.language).where(User.id == 7)) == "en"


async def test_a_session_sees_its_own_writes_and_unflushed_rows(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    async with factory() as session:
        await make_user(session, 7)
        await make_user(session, 8)
        event = await make_event(session, capacity=10)
    async with factory() as session:
        repo = RegistrationRepo(session)
        counts, own = await repo.counts_and_own(event.id, 7)
        assert (counts.confirmed, own) == (0, None)
        session.add(Registration(event_id=event.id, user_id=7, status="confirmed", seq=1))
        assert quick_reads(session) is None  # unflushed: an autoflush must write it before the count
        counts, own = await repo.counts_and_own(event.id, 7)
        assert counts.confirmed == 1 and own is not None
        assert holds_connection(session) and quick_reads(session) is None  # written, not committed
        session.add(Registration(event_id=event.id, user_id=8, status="waitlisted", seq=2))
        await session.flush()
        counts, _ = await repo.counts_and_own(event.id, 8)
        assert (counts.confirmed, counts.waitlisted) == (1, 1)
        await session.commit()
        assert quick_reads(session) is not None  # the commit gave the connection back
        counts, own = await repo.counts_and_own(event.id, 8)
        assert (counts.confirmed, counts.waitlisted) == (1, 1) and own is not None
    async with factory() as session:  # another session, after the commit: read quickly, the same counts
        assert quick_reads(session) is not None
        counts, own = await RegistrationRepo(session).counts_and_own(event.id, 7)
        assert (counts.confirmed, counts.waitlisted) == (1, 1) and own is not None


class _Busy:
    """A connection to which SQLite answers busy, as a reader may while the log is checkpointed."""

    def execute(self, *_args: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    def close(self) -> None:
        pass


async def test_a_busy_database_is_read_through_the_session(factory: async_sessionmaker[AsyncSession]) -> None:
    async with factory() as session:
        await make_user(session, 7)
        event = await make_event(session, capacity=10)
        session.add(Registration(event_id=event.id, user_id=7, status="confirmed", seq=1))
        await session.commit()
    reads = _reads(factory)
    statement = select(User.__table__.c.id).where(User.__table__.c.id == 7)
    assert reads.rows(statement, {}) == [(7,)]
    reads._connection = _Busy()  # type: ignore[assignment]
    with pytest.raises(Unavailable):
        reads.rows(statement, {})
    async with factory() as session:
        assert read_quickly(session, statement, {}) is None
        user = await UserRepo(session).get(7)
        assert user is not None and user.id == 7 and holds_connection(session)  # read through the session
    async with factory() as session:
        counts, own = await RegistrationRepo(session).counts_and_own(event.id, 7)
        assert counts.confirmed == 1 and own is not None and holds_connection(session)


async def test_the_reader_closes_with_the_engine_and_comes_back(
    factory: async_sessionmaker[AsyncSession], sqlite_engine: AsyncEngine
) -> None:
    async with factory() as session:
        await make_user(session, 7)
        assert await UserRepo(session).get(7) is not None
    reads = _reads(factory)
    statement = select(User.__table__.c.id)
    assert reads.rows(statement, {}) == [(7,)]
    await sqlite_engine.dispose()
    assert reads._connection is None
    assert reads.rows(statement, {}) == [(7,)]


def test_no_quick_reads_on_postgresql_or_in_memory() -> None:
    assert QuickReads.for_engine(create_engine("postgresql+asyncpg://u@127.0.0.1/db")) is None
    assert QuickReads.for_engine(create_engine("sqlite+aiosqlite:///:memory:")) is None
    assert create_session_factory(create_engine("postgresql+asyncpg://u@127.0.0.1/db")).kw.get("info") is None
