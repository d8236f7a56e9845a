"""Is this replica fit to serve (database and Redis answer), and the gauges read at scrape time."""

from __future__ import annotations

import asyncio
import logging

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories.health import OUTBOX_IN_PLAY, outbox_depth, ping
from services.runtime.metrics import Gauge

log = logging.getLogger(__name__)

CHECK_TIMEOUT = 3.0


class Health:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], redis: Redis | None = None) -> None:
        self.session_factory = session_factory
        self.redis = redis

    async def _database(self) -> None:
        async with self.session_factory() as session:
            await ping(session)

    async def _redis(self) -> None:
        assert self.redis is not None
        await self.redis.ping()

    async def check(self) -> tuple[bool, dict[str, str]]:
        checks = {"database": self._database}
        if self.redis is not None:
            checks["redis"] = self._redis
        report: dict[str, str] = {}
        for name, probe in checks.items():
            try:
                await asyncio.wait_for(probe(), CHECK_TIMEOUT)
                report[name] = "ok"
            except Exception as error:
                log.warning("health check failed", extra={"check": name, "error": type(error).__name__})
                report[name] = "unreachable"
        return all(v == "ok" for v in report.values()), report

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
        return [depth]
