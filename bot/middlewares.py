"""Outer middlewares on `dp.update`: one database session per update, then the user and their language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import User
from db.quick_reads import holds_connection
from services.core.i18n import Translator, pick_locale
from services.people.users import UserService
from services.user_cache import UserCache

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    """One session per update. Many presses never reach the database (a cached screen, the person from the user
    cache, a quick read) or have committed: such a session holds no connection, and closing it is plain bookkeeping,
    done in place. A session that holds a connection is closed the asynchronous way, which gives the connection back
    even if the update is cancelled meanwhile."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        session = self.session_factory()
        data["session"] = session
        try:
            return await handler(event, data)
        finally:
            if holds_connection(session):
                async with session:
                    pass
            else:
                session.sync_session.close()


class UserMiddleware(BaseMiddleware):
    """Loads the stored user (None before consent) and binds the translator to their language."""

    def __init__(
        self, translator: Translator, admin_ids: frozenset[int], default_locale: str, cache: UserCache
    ) -> None:
        self.translator = translator
        self.admin_ids = admin_ids
        self.default_locale = default_locale
        self.cache = cache

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None:
            data["user"] = None
            data["t"] = self.translator.bind(self.default_locale)
            return await handler(event, data)
        session = data["session"]
        user = await self.cache.load(session, tg_user.id)
        if user is None or (tg_user.id in self.admin_ids and user.role != "admin"):
            user = await UserService(session, self.admin_ids).get(tg_user.id)
        if user is not None and not user.is_active:  # they write to us: the bot reaches them again
            user = await UserService(session, self.admin_ids).reactivate(user)
        locale = user.language if user else pick_locale(tg_user.language_code, self.default_locale)
        data["user"] = user
        data["t"] = self.translator.bind(locale)
        ok = False
        try:
            result = await handler(event, data)
            ok = True
            return result
        finally:
            # What the handler left: the person's row as now committed, or nothing if that is not certain.
            after = await session.get(User, tg_user.id) if user is None and ok else user
            self.cache.remember(session, after, tg_user.id, ok)
