"""Two schedulers, as two replicas run them, on one PostgreSQL (and Redis): only the holder of the planners lease
plans, starts broadcasts and reports progress; everyone sends. When the holder stops, or dies and stops renewing,
the other takes over."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

import bot.scheduler as scheduler_module
from bot.factory import create_bot
from bot.scheduler import (
    Notifications,
    create_scheduler,
    planners_lease,
    start_notifications,
    stop_notifications,
)
from bot.settings import Settings, load_settings
from db.engine import create_engine
from services.core.i18n import Translator
from services.runtime.lease import LocalLease, PostgresLease, RedisLease
from tests.conftest import TEST_TOKEN
from tests.recording import RecordingSession

TTL = 1.0


@pytest.fixture
async def pg(postgres_migrated: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_migrated)
    yield engine
    await engine.dispose()


def replica_settings(url: str) -> Settings:
    return load_settings(
        _env_file=None,
        bot_token=TEST_TOKEN,
        database_url=url,
        timezone="Europe/Moscow",
        planner_lease_seconds=TTL,
    )


async def eventually(check, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.05)
    return False


async def run_jobs(notifications: Notifications) -> None:
    """What the interval jobs would do next, now."""
    for job_id in ("plan-notifications", "broadcasts-start", "broadcasts-progress"):
        job = notifications.scheduler.get_job(job_id)
        await job.func(**job.kwargs)


@pytest.mark.postgres
async def test_one_replica_plans_and_the_other_takes_over_with_postgres(
    pg: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await one_plans_then_the_other(pg, None, monkeypatch)


@pytest.mark.postgres
@pytest.mark.redis
async def test_one_replica_plans_and_the_other_takes_over_with_redis(
    pg: AsyncEngine, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    await one_plans_then_the_other(pg, redis, monkeypatch)


async def one_plans_then_the_other(
    pg: AsyncEngine, redis: Redis | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = replica_settings(pg.url.render_as_string(hide_password=False))
    planned: list[str] = []
    started: list[str] = []

    async def run_planners(session, now, quiet, horizon):
        planned.append(session.info["replica"])
        return {}

    class Broadcasts:
        def __init__(self, session) -> None:
            self.session = session

        async def start_due(self):
            started.append(self.session.info["replica"])
            return []

        async def active_progress(self):
            return []

        async def acknowledged_since(self, since):
            return []

    monkeypatch.setattr(scheduler_module, "run_planners", run_planners)
    monkeypatch.setattr(scheduler_module, "BroadcastService", Broadcasts)
    translator = Translator()
    replicas: dict[str, Notifications] = {}
    bots = []
    try:
        for name in ("a", "b"):
            bot = create_bot(settings, session=RecordingSession())
            bots.append(bot)
            factory = async_sessionmaker(pg, expire_on_commit=False, info={"replica": name})
            replicas[name] = create_scheduler(bot, factory, settings, translator, redis=redis)
            lease = replicas[name].planners.lease
            assert isinstance(lease, RedisLease if redis is not None else PostgresLease)
            await start_notifications(replicas[name], settings)
        a, b = replicas["a"], replicas["b"]
        # Both send; only the first one up holds the lease, and it planned on startup.
        assert a.scheduler.get_job("outbox-send") and b.scheduler.get_job("outbox-send")
        assert a.planners.held and not b.planners.held
        assert planned == ["a"]

        for _ in range(3):
            await run_jobs(a)
            await run_jobs(b)
            await asyncio.sleep(TTL / 2)  # renewals keep it with the holder
        assert set(planned) == {"a"} and set(started) == {"a"}
        assert a.planners.held and not b.planners.held

        # The holder stops: the other replica takes over (its keeper tries every third of the TTL).
        await stop_notifications(replicas.pop("a"))
        assert await eventually(lambda: b.planners.held, seconds=TTL * 3)
        planned.clear()
        started.clear()
        await run_jobs(b)
        assert planned == ["b"] and started == ["b"]
    finally:
        for notifications in replicas.values():
            await stop_notifications(notifications)
        for bot in bots:
            await bot.session.close()


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_holder_that_stops_renewing_loses_the_lease(pg: AsyncEngine, redis: Redis) -> None:
    """A hung replica (its keeper no longer runs) loses the lease after the TTL; a live one takes it."""
    settings = replica_settings(pg.url.render_as_string(hide_password=False))
    hung = planners_lease(settings, pg, redis)
    live = planners_lease(settings, pg, redis)
    assert await hung.acquire() and not await live.acquire()
    assert await eventually(lambda: False, seconds=TTL * 1.2) is False  # hung: nobody renews
    assert await live.acquire()
    assert not await hung.renew()
    await live.release()


def test_the_planners_lease_by_what_is_configured() -> None:
    settings = replica_settings("sqlite+aiosqlite:///:memory:")
    assert isinstance(planners_lease(settings), LocalLease)
    assert planners_lease(settings).ttl == TTL
