"""Told when something breaks: an update that fails with an error nobody handled (not a refusal the person is
told about, not a blocked chat) sends the administrators in ADMIN_IDS one short message: the error's class and
the handler it came from, nothing a person wrote or is. At most one per kind (class and handler) every ten
minutes: across replicas through Redis (SET NX with a TTL), else in this process.

The alert goes through the bot directly rather than through the outbox: the outbox needs the administrator's row
in the database, and the error may be that the database is down. It is sent before the error is handed on, with a
short timeout, so the person waits a moment once in ten minutes at most; an alert that cannot be sent is logged."""

from __future__ import annotations

import asyncio
import html
import logging
import time
import traceback
from collections.abc import Callable, Iterable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import TelegramObject
from redis.asyncio import Redis

from bot.middlewares import Handler
from bot.settings import PROJECT_ROOT
from db.models.user import messenger_of
from services.core.errors import ServiceError
from services.core.i18n import Translator

log = logging.getLogger(__name__)

ALERT_EVERY = 600.0  # seconds between two alerts of the same kind
SEND_TIMEOUT = 5.0
HANDLERS = PROJECT_ROOT / "handlers"


def where(error: BaseException) -> str:
    """The handler an error came from: the innermost frame in handlers/ (else in the project), as module.function."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f.filename.startswith(str(HANDLERS))] or [
        f for f in frames if f.filename.startswith(str(PROJECT_ROOT)) and "/.venv/" not in f.filename
    ]
    if not ours:
        return "?"
    frame = ours[-1]
    module = frame.filename[len(str(PROJECT_ROOT)) + 1 :].removesuffix(".py").replace("/", ".")
    return f"{module}.{frame.name}"


class Alerts:
    def __init__(
        self,
        translator: Translator,
        admin_ids: Iterable[int],
        locale: str,
        redis: Redis | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.translator = translator
        self.admin_ids = sorted(admin_ids)
        self.locale = locale
        self.redis = redis
        self.clock = clock
        self._last: dict[str, float] = {}
        self.bots: dict[str, Bot] = {}  # a bot per messenger, once the bots are running (`attach`)

    def attach(self, *bots: Bot | None) -> None:
        """The running bots: an administrator is told on their own messenger, whichever bot met the error."""
        self.bots = {messenger_of(b.id): b for b in bots if b is not None}

    async def _first_in_window(self, kind: str) -> bool:
        if self.redis is not None:
            try:
                return bool(await self.redis.set(f"vmeste:alert:{kind}", 1, nx=True, ex=int(ALERT_EVERY)))
            except Exception:  # Redis down: fall back to this process's memory
                log.warning("alert window: Redis unreachable")
        now = self.clock()
        last = self._last.get(kind)
        if last is not None and now - last < ALERT_EVERY:
            return False
        self._last[kind] = now
        return True

    async def error(self, bot: Bot, error: BaseException, handler: str) -> bool:
        """Tell the administrators, unless this kind was told within ten minutes. True when an alert went out."""
        if not self.admin_ids:
            return False
        name = type(error).__name__
        if not await self._first_in_window(f"{name}:{handler}"):
            return False
        text = self.translator.get(
            self.locale, "alert-error", error=html.escape(name), handler=html.escape(handler), minutes=10
        )
        sent = False
        for admin_id in self.admin_ids:
            messenger = messenger_of(admin_id)
            via = self.bots.get(messenger) or (bot if messenger_of(bot.id) == messenger else None)
            if via is None:  # a MAX administrator while MAX is off
                log.warning("alert not sent", extra={"admin_id": admin_id, "error": "MessengerOff"})
                continue
            try:
                await asyncio.wait_for(via.send_message(admin_id, text), SEND_TIMEOUT)
                sent = True
            except (TelegramAPIError, TimeoutError, OSError) as failure:
                log.warning("alert not sent", extra={"admin_id": admin_id, "error": type(failure).__name__})
        log.info("alert", extra={"error": name, "handler": handler, "sent": sent})
        return sent


class AlertMiddleware(BaseMiddleware):
    """Outer middleware on updates: sees an update's error before the error handlers answer the person."""

    def __init__(self, alerts: Alerts) -> None:
        self.alerts = alerts

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        try:
            return await handler(event, data)
        except (ServiceError, TelegramForbiddenError):
            raise
        except Exception as error:
            try:
                await self.alerts.error(data["bot"], error, where(error))
            except Exception:  # an alert never hides the error itself
                log.warning("alert failed", exc_info=True)
            raise
