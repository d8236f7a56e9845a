"""A 429 on a reply in the person's own chat is waited out, in one place for every handler.

Telegram answers "retry after N s" when the bot sends a chat more than about one message a second (the broadcast
preview sends three in a row). While an update is being handled, a request refused with a short `retry_after`
(at most `SHORT_WAIT` seconds) waits that long and is sent once more; a longer wait, or a second refusal, is
raised as before. Requests made outside an update's handling (the outbox sender, the scheduler's progress edits)
are never retried here: the sender has its own handling of 429 (it pauses all sending and requeues the row), and
a second attempt here would only delay it.

Both parts use aiogram's public means: an outer update middleware marks the handling of an update in a context
variable, and a request middleware on the bot's session (`bot.session.middleware(...)`) reads it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject

from bot.middlewares import Handler

log = logging.getLogger(__name__)

SHORT_WAIT = 5  # seconds: a person waits this long at most for a reply held back by Telegram

_replying: ContextVar[bool] = ContextVar("replying", default=False)


class Replying(BaseMiddleware):
    """Outer update middleware: everything sent while this update is handled is a reply to a person."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        token = _replying.set(True)
        try:
            return await handler(event, data)
        finally:
            _replying.reset(token)


@contextmanager
def not_replying() -> Iterator[None]:
    """What runs inside is not a reply (the sender's drain, even when a handler woke it: its tasks copy the
    handler's context)."""
    token = _replying.set(False)
    try:
        yield
    finally:
        _replying.reset(token)


class RetryShortWait(BaseRequestMiddleware):
    """Bot session middleware: a reply refused with a short `retry_after` waits it and is sent once more."""

    def __init__(self, max_wait: float = SHORT_WAIT) -> None:
        self.max_wait = max_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramRetryAfter as error:
            if not _replying.get() or error.retry_after > self.max_wait:
                raise
            log.info("%s held back by Telegram: sent again in %s s", method.__api_method__, error.retry_after)
            await asyncio.sleep(error.retry_after)
        return await make_request(bot, method)
