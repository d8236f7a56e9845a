"""Leases on a real PostgreSQL and Redis: one holder at a time, taken over once the holder stops renewing."""

import asyncio
import time

import pytest

from services.runtime.lease import LeaseKeeper, LocalLease, PostgresLease, RedisLease, create_lease, hold


async def eventually(check, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return True
        await asyncio.sleep(0.1)
    return False


async def _one_holder_then_takeover(first, second) -> None:
    assert await first.acquire()
    assert first.held
    assert not await second.acquire()
    assert await first.renew()
    assert not await second.acquire()
    # The first holder stops renewing (a hung process): the second gets it once the TTL has passed.
    assert await eventually(second.acquire)
    assert second.held
    assert not await first.renew()
    assert not first.held
    await second.release()
    assert await first.acquire()  # free again after a release
    await first.release()


@pytest.mark.redis
async def test_redis_lease_one_holder_and_takeover(redis):
    await _one_holder_then_takeover(
        RedisLease(redis, "planners", ttl=0.5), RedisLease(redis, "planners", ttl=0.5)
    )


@pytest.mark.redis
async def test_redis_lease_release_only_by_owner(redis):
    first, second = RedisLease(redis, "x", ttl=30), RedisLease(redis, "x", ttl=30)
    assert await first.acquire()
    await second.release()  # not the owner: nothing happens
    assert not await second.acquire()
    await first.release()
    assert await second.acquire()
    await second.release()


@pytest.mark.postgres
async def test_postgres_lease_one_holder_and_takeover(pg_engine):
    await _one_holder_then_takeover(
        PostgresLease(pg_engine, "planners", ttl=1.0), PostgresLease(pg_engine, "planners", ttl=1.0)
    )


@pytest.mark.postgres
async def test_postgres_lease_freed_when_the_holder_closes(pg_engine):
    first, second = PostgresLease(pg_engine, "webhook", ttl=30), PostgresLease(pg_engine, "webhook", ttl=30)
    assert await first.acquire()
    assert not await second.acquire()
    await first.release()
    assert await second.acquire()
    await second.release()


@pytest.mark.redis
async def test_hold_keeps_it_renewed_and_keeper_takes_over(redis):
    lease = RedisLease(redis, "job", ttl=0.3)
    other = LeaseKeeper(RedisLease(redis, "job", ttl=0.3), every=0.05)
    async with hold(lease):
        other.start()
        await asyncio.sleep(1.0)  # three TTLs: still ours because it is renewed
        assert lease.held and not other.held
    assert await eventually(lambda: _true(other.held))
    await other.stop()
    assert not other.held


async def _true(value: bool) -> bool:
    return value


async def test_local_lease_without_postgres_or_redis():
    lease = create_lease("planners")
    assert isinstance(lease, LocalLease)
    assert await lease.acquire() and await lease.renew()
    await lease.release()
    assert not lease.held
