"""Outer middlewares on `dp.update`: the updates in hand (for a graceful stop), one database session per update,
then the user and their language."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.i18n import Translator, pick_locale
from services.people.users import UserService

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdatesInHand(BaseMiddleware):
    """Counts the updates being handled right now, so that stopping can wait for them (`wait_idle`). The outermost
    middleware: an update counts from the moment the dispatcher takes it until its handler has answered."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self.count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.count -= 1
            if self.count == 0:
                self._idle.set()

    async def wait_idle(self, timeout: float) -> int:
        """Wait until no update is in hand, for at most `timeout` seconds; how many are still in hand then.

        A person's next update, held back by events isolation until their previous one is done, is taken up on the
        loop's next turn; so it is idle only when nothing is in hand after one more turn."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return self.count
            try:
                await asyncio.wait_for(self._idle.wait(), remaining)
            except TimeoutError:
                return self.count
            await asyncio.sleep(0)
            if self.count == 0:
                return 0


class DbSessionMiddleware(BaseMiddleware):
    """One session per update, closed when the update is done (also when it fails or is cancelled)."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.session_factory() as session:
            data["session"] = session
            return await handler(event, data)


class UserMiddleware(BaseMiddleware):
    """Loads the stored user (None before consent) and binds the translator to their language."""

    def __init__(self, translator: Translator, admin_ids: frozenset[int], default_locale: str) -> None:
        self.translator = translator
        self.admin_ids = admin_ids
        self.default_locale = default_locale

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None:
            data["user"] = None
            data["t"] = self.translator.bind(self.default_locale)
            return await handler(event, data)
        users = UserService(data["session"], self.admin_ids)
        user = await users.get(tg_user.id)
        if user is not None and not user.is_active:  # they write to us: the bot reaches them again
            user = await users.reactivate(user)
        locale = user.language if user else pick_locale(tg_user.language_code, self.default_locale)
        data["user"] = user
        data["t"] = self.translator.for_person(user, locale)
        return await handler(event, data)
