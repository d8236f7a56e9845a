"""Fixtures: a fresh database built by Alembic for each test (SQLite always, PostgreSQL when TEST_DATABASE_URL is
set), the same dispatcher the bot runs, and a recording bot session."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.factory import create_bot, create_dispatcher
from bot.settings import Settings, load_settings
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import Base
from services.core.i18n import Translator
from tests.client import TgClient
from tests.recording import RecordingSession

TEST_TOKEN = "123456:TEST-TOKEN"
ADMIN_ID = 900001


def postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


async def sibling_database(suffix: str) -> str:
    """A PostgreSQL database beside TEST_DATABASE_URL's (its name + `suffix`), created when missing, emptied.

    For tests that need a database of their own (a copy target, bot processes that migrate it themselves).
    CREATE DATABASE cannot run inside a transaction, so the admin connection is in autocommit from the start."""
    base = postgres_url()
    if base is None:
        require_service("PostgreSQL", "set TEST_DATABASE_URL (the test command sets it when PostgreSQL runs)")
    assert base is not None
    url = make_url(base)
    name = f"{url.database}{suffix}"
    try:
        admin = create_engine(
            url.set(database="postgres").render_as_string(hide_password=False), isolation_level="AUTOCOMMIT"
        )
        try:
            async with admin.connect() as conn:
                if not await conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
                    await conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            await admin.dispose()
    except OSError as error:
        require_service("PostgreSQL", f"{base} is not reachable ({error})")
    target = url.set(database=name).render_as_string(hide_password=False)
    engine = create_engine(target)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()
    return target


def require_service(name: str, reason: str) -> None:
    """Skip with a clear reason on a developer's machine; in CI a missing service is a failure, not a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI: {reason}")
    pytest.skip(f"{name} not available: {reason}")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database built by `alembic upgrade head`, copied for each test (the copy is the same file Alembic made)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    url = postgres_url()
    if url is None:
        require_service("PostgreSQL", "set TEST_DATABASE_URL (the test command sets it when PostgreSQL runs)")
    assert url is not None
    import asyncio

    async def reset() -> None:
        engine = create_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    try:
        asyncio.run(reset())
    except OSError as error:
        require_service("PostgreSQL", f"{url} is not reachable ({error})")
    upgrade(url)
    return url


def _backends() -> list[object]:
    return ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=_backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "vmeste.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    return request.getfixturevalue("postgres_migrated")


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(db_url)
    if engine.dialect.name == "postgresql":
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
async def session(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with session_factory() as session:
        yield session


@pytest.fixture
def settings(db_url: str) -> Settings:
    return load_settings(
        _env_file=None,
        bot_token=TEST_TOKEN,
        database_url=db_url,
        admin_ids=frozenset({ADMIN_ID}),
        timezone="Europe/Moscow",
        default_locale="ru",
        throttle_rate=0,  # tests click faster than people can; tests/scale checks the throttle itself
    )


@pytest.fixture(scope="session")
def translator() -> Translator:
    return Translator(variables=load_settings(_env_file=None).text_variables)


@pytest.fixture
def recording() -> RecordingSession:
    return RecordingSession()


@pytest.fixture(autouse=True)
def telegram_limits(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test that talks to the recording bot session fails when a request broke Telegram's limits (a message
    over 4096 characters, a keyboard over 100 buttons, callback data over 64 bytes), even when the handler
    caught Telegram's refusal."""
    recording = request.getfixturevalue("recording") if "recording" in request.fixturenames else None
    yield
    if recording is not None and recording.limit_violations:
        pytest.fail("Telegram would refuse:\n" + "\n".join(recording.limit_violations), pytrace=False)


@pytest.fixture
async def bot(settings: Settings, recording: RecordingSession) -> AsyncIterator[Bot]:
    bot = create_bot(settings, session=recording)
    yield bot
    await bot.session.close()


@pytest.fixture
def deliver(
    bot: Bot, settings: Settings, session_factory: async_sessionmaker[AsyncSession], translator: Translator
) -> Callable[[], Awaitable[object]]:
    """Send what the outbox holds now through the recording bot session, as the bot's sender would (no rate
    limit, no pacing): `report = await deliver()` after the action that queued notices."""
    from bot.scheduler import create_outbox
    from bot.sender import ChatPacer, Sender
    from services.runtime.ratelimit import TokenBucket

    sender = Sender(
        bot,
        create_outbox(settings, session_factory, translator),
        TokenBucket(1000.0, burst=1000.0),
        concurrency=4,
        pacer=ChatPacer(0.0),
    )
    return sender.drain


@pytest.fixture
def dp(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession], translator: Translator
) -> Dispatcher:
    return create_dispatcher(settings, session_factory, translator=translator)


@pytest.fixture
def make_client(dp: Dispatcher, bot: Bot, recording: RecordingSession) -> Callable[..., TgClient]:
    def make(user_id: int = 1001, **kwargs: object) -> TgClient:
        return TgClient(dp, bot, recording, user_id, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("BOT_TOKEN", "DATABASE_URL", "ADMIN_IDS", "TELEGRAM_API_BASE"):
        monkeypatch.delenv(name, raising=False)
    yield
