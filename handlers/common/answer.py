"""A pressed button is answered once, by one piece of code.

Telegram takes one answer per callback query and refuses a second («query ID is invalid»). Handlers therefore
never call `CallbackQuery.answer` themselves: they set the toast or alert on the update's `CallbackReply`
(`ctx.reply.toast(...)`), and `AnswerOnce`, an outer middleware of the dispatcher's updates, answers after the handler
has returned. When the handler raises, nothing is answered there: the error handler, which sees the same
`CallbackReply`, answers with the polite message, unless the press was already answered (then it sends a message).
A test counts the answers per press over the main flows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, TelegramObject, Update

TOAST_MAX = 200  # Telegram's limit for a callback answer's text


class CallbackReply:
    """The one answer to one press: a toast (or an alert) set by the handler, sent once."""

    __slots__ = ("alert", "answered", "callback", "text")

    def __init__(self, callback: CallbackQuery) -> None:
        self.callback = callback
        self.text: str | None = None
        self.alert = False
        self.answered = False

    def toast(self, text: str, alert: bool = False) -> None:
        """What the answer says: a short toast, or an alert the person closes."""
        self.text, self.alert = text[:TOAST_MAX], alert

    async def send(self) -> bool:
        """Answer now (before a long task, say); False when it was answered already."""
        if self.answered:
            return False
        self.answered = True
        await self.callback.answer(self.text, show_alert=self.alert or None)
        return True


class AnswerOnce(BaseMiddleware):
    """Gives a pressed button's update its `CallbackReply` (as `reply`) and answers once the handler returns."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        callback = event.callback_query if isinstance(event, Update) else None
        if callback is None:
            return await handler(event, data)
        reply = data["reply"] = CallbackReply(callback)
        result = await handler(event, data)  # an error propagates unanswered: the error handler answers it
        await reply.send()
        return result
