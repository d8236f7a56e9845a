"""Periodic work every replica does on its own: prune old processed update ids (harmless when two do it)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from aiogram import Dispatcher
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from services.runtime.updates import prune_processed_updates

log = logging.getLogger(__name__)

PRUNE_EVERY = 15 * 60.0


async def _prune_forever(session_factory: async_sessionmaker[AsyncSession], keep: timedelta) -> None:
    while True:
        try:
            removed = await prune_processed_updates(session_factory, keep)
            if removed:
                log.info("processed updates pruned", extra={"removed": removed})
        except Exception:
            log.warning("could not prune processed updates", exc_info=True)
        await asyncio.sleep(PRUNE_EVERY)


def setup_housekeeping(dp: Dispatcher) -> None:
    tasks: list[asyncio.Task[None]] = []

    async def on_startup(settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> None:
        if settings.dedup_enabled:
            keep = timedelta(hours=settings.processed_updates_keep_hours)
            tasks.append(asyncio.create_task(_prune_forever(session_factory, keep), name="prune-updates"))

    async def on_shutdown() -> None:
        while tasks:
            task = tasks.pop()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
