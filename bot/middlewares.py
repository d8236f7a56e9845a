"""Outer middlewares on `dp.update`: one database session per update, then the user and their language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import User
from services.i18n import Translator, pick_locale
from services.user_cache import UserCache
from services.users import UserService

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.session_factory() as session:
            data["session"] = session
            return await handler(event, data)


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
