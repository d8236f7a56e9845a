"""Is this replica fit to serve (database and Redis answer, the scheduler ticks), how late the outbox is, and the
gauges read at scrape time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.base import utcnow
from db.repositories.health import OUTBOX_IN_PLAY, oldest_due, outbox_depth, ping
from services.runtime.metrics import Gauge

log = logging.getLogger(__name__)

CHECK_TIMEOUT = 3.0
# The send job runs every second: a scheduler silent for this long has stopped (or the event loop is stuck).
SCHEDULER_STALLED_AFTER = 120.0


class Health:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        redis: Redis | None = None,
        last_tick: Callable[[], datetime | None] | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        """`last_tick` tells when this process's scheduler last ran a job (None: not running here)."""
        self.session_factory = session_factory
        self.redis = redis
        self.last_tick = last_tick
        self.clock = clock

    async def outbox_lag(self) -> float:
        """Seconds since the oldest notification still waiting fell due (0 when none waits)."""
        now = self.clock()
        async with self.session_factory() as session:
            due = await asyncio.wait_for(oldest_due(session, now), CHECK_TIMEOUT)
        return 0.0 if due is None else round(max(0.0, (now - due).total_seconds()), 1)

    async def _database(self) -> None:
        async with self.session_factory() as session:
            await ping(session)

    async def _redis(self) -> None:
        assert self.redis is not None
        await self.redis.ping()

    async def check(self) -> tuple[bool, dict[str, object]]:
        checks = {"database": self._database}
        if self.redis is not None:
            checks["redis"] = self._redis
        report: dict[str, object] = {}
        for name, probe in checks.items():
            try:
                await asyncio.wait_for(probe(), CHECK_TIMEOUT)
                report[name] = "ok"
            except Exception as error:
                log.warning("health check failed", extra={"check": name, "error": type(error).__name__})
                report[name] = "unreachable"
        ok = all(v == "ok" for v in report.values())
        if self.last_tick is not None:
            tick = self.last_tick()
            ago = None if tick is None else round(max(0.0, (self.clock() - tick).total_seconds()), 1)
            stalled = ago is not None and ago > SCHEDULER_STALLED_AFTER
            report["scheduler"] = "off" if ago is None else "stalled" if stalled else "ok"
            report["scheduler_last_tick_seconds_ago"] = ago
            ok = ok and not stalled
        try:
            report["outbox_oldest_due_seconds"] = (
                await self.outbox_lag() if report["database"] == "ok" else None
            )
        except Exception as error:
            log.warning("outbox lag unavailable", extra={"error": type(error).__name__})
            report["outbox_oldest_due_seconds"] = None
        return ok, report

    async def gauges(self) -> list[Gauge]:
        """Read at scrape time from the database every replica shares (so each replica reports the same depth)."""
        depth = Gauge(
            "vmeste_outbox_depth",
            "Notifications in the outbox by status: pending (waiting to be sent) and sending (claimed now).",
        )
        try:
            async with self.session_factory() as session:
                counts = await asyncio.wait_for(outbox_depth(session), CHECK_TIMEOUT)
        except Exception as error:
            log.warning("outbox depth unavailable", extra={"error": type(error).__name__})
            return [depth]  # no samples: "unknown" rather than a false 0
        for status in OUTBOX_IN_PLAY:
            depth.set(counts[status], status=status)
        lag = Gauge(
            "vmeste_outbox_oldest_due_seconds",
            "Seconds since the oldest notification still waiting to be sent fell due (0: none waits).",
        )
        try:
            lag.set(await self.outbox_lag())
        except Exception as error:
            log.warning("outbox lag unavailable", extra={"error": type(error).__name__})
        return [depth, lag]
