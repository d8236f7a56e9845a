"""Leases: one holder at a time across replicas (planners, webhook registration), handed over when the holder dies
or stops renewing.

- `PostgresLease`: a transaction-level advisory lock on a dedicated connection. The transaction sets
  `idle_in_transaction_session_timeout` to the TTL, so a holder that stops renewing (each renewal is a statement)
  is disconnected by PostgreSQL and the lock is free; a crashed holder's connection closes and frees it at once.
- `RedisLease`: `SET key token NX PX ttl`, renewed and released only by the token's owner (atomic scripts).
- `LocalLease`: always held; one process on SQLite has nobody to share with.

Use `acquire()/renew()/release()` directly, `async with hold(lease)` to wait for it and keep it renewed, or a
`LeaseKeeper` that keeps trying in the background while work checks `keeper.held`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from typing import Protocol

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.repositories.advisory import advisory_key, touch, try_lock

log = logging.getLogger(__name__)


class Lease(Protocol):
    name: str
    ttl: float

    @property
    def held(self) -> bool: ...

    async def acquire(self) -> bool: ...

    async def renew(self) -> bool: ...

    async def release(self) -> None: ...


class LocalLease:
    def __init__(self, name: str, ttl: float = 30.0) -> None:
        self.name, self.ttl = name, ttl
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    async def acquire(self) -> bool:
        self._held = True
        return True

    async def renew(self) -> bool:
        return self._held

    async def release(self) -> None:
        self._held = False


_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RedisLease:
    def __init__(self, redis: Redis, name: str, ttl: float = 30.0, prefix: str = "vmeste:lease") -> None:
        self.redis, self.name, self.ttl = redis, name, ttl
        self.key = f"{prefix}:{name}"
        self.token = secrets.token_hex(16)
        self._held = False
        self._renew = redis.register_script(_RENEW)
        self._release = redis.register_script(_RELEASE)

    @property
    def held(self) -> bool:
        return self._held

    @property
    def _ttl_ms(self) -> int:
        return max(1, int(self.ttl * 1000))

    async def acquire(self) -> bool:
        if self._held:
            return await self.renew()
        self._held = bool(await self.redis.set(self.key, self.token, nx=True, px=self._ttl_ms))
        return self._held

    async def renew(self) -> bool:
        if not self._held:
            return False
        try:
            self._held = bool(await self._renew(keys=[self.key], args=[self.token, self._ttl_ms]))
        except Exception:
            log.warning("lease %s: renewal failed", self.name, exc_info=True)
            self._held = False
        return self._held

    async def release(self) -> None:
        was_held, self._held = self._held, False
        if was_held:
            with contextlib.suppress(Exception):
                await self._release(keys=[self.key], args=[self.token])


class PostgresLease:
    def __init__(self, engine: AsyncEngine, name: str, ttl: float = 30.0) -> None:
        self.engine, self.name, self.ttl = engine, name, ttl
        self.key = advisory_key(name)
        self._conn: AsyncConnection | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None

    async def acquire(self) -> bool:
        if self._conn is not None:
            return await self.renew()
        conn = await self.engine.connect()
        try:
            got = await try_lock(conn, self.key, int(self.ttl * 1000))
        except BaseException:
            await self._drop(conn)
            raise
        if not got:
            await self._drop(conn)
            return False
        self._conn = conn
        return True

    async def renew(self) -> bool:
        if self._conn is None:
            return False
        try:
            await touch(self._conn)
        except Exception:
            log.warning("lease %s: lost (the connection ended)", self.name)
            conn, self._conn = self._conn, None
            await self._drop(conn, invalidate=True)
            return False
        return True

    async def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await self._drop(conn)

    @staticmethod
    async def _drop(conn: AsyncConnection, invalidate: bool = False) -> None:
        with contextlib.suppress(Exception):
            if invalidate:
                await conn.invalidate()
            else:
                await conn.rollback()  # ends the transaction and with it the advisory lock
        with contextlib.suppress(Exception):
            await conn.close()


def create_lease(
    name: str, *, engine: AsyncEngine | None = None, redis: Redis | None = None, ttl: float = 30.0
) -> Lease:
    """PostgreSQL advisory lock when the database is PostgreSQL, else a Redis lock, else always held."""
    if engine is not None and engine.dialect.name == "postgresql":
        return PostgresLease(engine, name, ttl)
    if redis is not None:
        return RedisLease(redis, name, ttl)
    return LocalLease(name, ttl)


@contextlib.asynccontextmanager
async def hold(lease: Lease, poll: float | None = None) -> AsyncIterator[Lease]:
    """Wait until the lease is ours, keep renewing it (every third of the TTL) inside the block, release on exit.
    If a renewal fails the lease's `held` turns False: long work should check it between steps."""
    poll = poll if poll is not None else max(0.05, lease.ttl / 3)
    while True:
        if await lease.acquire():
            break
        await asyncio.sleep(poll)
    keeper = asyncio.create_task(_renew_while_held(lease, lease.ttl / 3))
    try:
        yield lease
    finally:
        keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeper
        await lease.release()


async def _renew_while_held(lease: Lease, every: float) -> None:
    while lease.held:
        await asyncio.sleep(every)
        await lease.renew()


class LeaseKeeper:
    """Keeps trying to hold a lease in the background; work scheduled on every replica runs only where `held`."""

    def __init__(self, lease: Lease, every: float | None = None) -> None:
        self.lease = lease
        self.every = every if every is not None else max(0.05, lease.ttl / 3)
        self._task: asyncio.Task[None] | None = None

    @property
    def held(self) -> bool:
        return self.lease.held

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"lease-{self.lease.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.lease.release()

    async def _run(self) -> None:
        while True:
            try:
                if self.lease.held:
                    if not await self.lease.renew():
                        log.info("lease %s lost", self.lease.name)
                elif await self.lease.acquire():
                    log.info("lease %s taken", self.lease.name)
            except Exception:
                log.warning("lease %s: could not reach the lock", self.lease.name, exc_info=True)
            await asyncio.sleep(self.every)
