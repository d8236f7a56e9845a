"""Outer middleware on `dp.update`: an update_id that has already had its effect is skipped (see services/runtime/updates.py)."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update

from bot.middlewares import Handler
from services.runtime.metrics import Metrics
from services.runtime.updates import UpdateGuard

log = logging.getLogger(__name__)


class ProcessedUpdateMiddleware(BaseMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        guard = UpdateGuard(data["session"])
        if not await guard.claim(event.update_id):
            self.metrics.updates_duplicate.inc()
            log.info("update skipped: already handled", extra={"update_id": event.update_id})
            return UNHANDLED
        try:
            result = await handler(event, data)
        except BaseException:
            await guard.failed(event.update_id)
            raise
        await guard.done()
        return result
