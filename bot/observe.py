"""What the bot reports about itself: one log line and counters per update (outermost of our middlewares), and
counters of what Telegram answered to the bot's own requests (a bot session middleware)."""

from __future__ import annotations

import logging
import time
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject, Update

from bot.logs import update_context
from bot.middlewares import Handler
from services.core.errors import ServiceError
from services.runtime.metrics import Metrics

log = logging.getLogger("bot.updates")

SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendMediaGroup",
        "sendVideo",
        "sendAudio",
        "sendVoice",
        "sendAnimation",
        "sendLocation",
        "sendSticker",
        "copyMessage",
        "forwardMessage",
    }
)


def update_ids(update: Update) -> dict[str, object]:
    """The update's type and the ids in it; nothing a person wrote."""
    kind = update.event_type
    event = getattr(update, kind, None) if kind != "unknown" else None
    ids: dict[str, object] = {"update_id": update.update_id, "update_type": kind}
    user = getattr(event, "from_user", None)
    if user is not None:
        ids["user_id"] = user.id
    chat = getattr(event, "chat", None) or getattr(getattr(event, "message", None), "chat", None)
    if chat is not None:
        ids["chat_id"] = chat.id
    return ids


class ObserveMiddleware(BaseMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        ids = update_ids(event)
        token = update_context.set(ids)
        started = time.perf_counter()
        outcome, error = "handled", None
        try:
            return await handler(event, data)
        except ServiceError as exc:
            outcome, error = "refused", exc.key
            raise
        except Exception as exc:
            outcome, error = "error", type(exc).__name__
            self.metrics.handler_errors.inc(error=error)
            raise
        finally:
            self.metrics.updates_handled.inc(type=str(ids["update_type"]))
            duration = round((time.perf_counter() - started) * 1000, 2)
            extra: dict[str, object] = {"duration_ms": duration, "outcome": outcome}
            if error:
                extra["error"] = error
            log.info("update", extra=extra)
            update_context.reset(token)


class RequestMetricsMiddleware(BaseRequestMiddleware):
    """Counts messages sent, 429s and 403s (the person blocked the bot) for every request the bot makes."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            response = await make_request(bot, method)
        except TelegramRetryAfter:
            self.metrics.telegram_429.inc()
            raise
        except TelegramForbiddenError:
            self.metrics.blocked_users.inc()
            raise
        if method.__api_method__ in SENDING_METHODS:
            self.metrics.messages_sent.inc(method=method.__api_method__)
        return response
