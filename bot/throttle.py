"""Outer middleware on `dp.update`: a person flooding the bot gets one polite «slow down» and is then ignored for a
short while (services/runtime/throttle.py decides; shared through Redis across replicas). Other people are unaffected."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middlewares import Handler
from services.core.i18n import Translator, pick_locale
from services.people.users import UserService
from services.runtime.metrics import Metrics
from services.runtime.throttle import Throttle, Verdict

log = logging.getLogger(__name__)


class ThrottleMiddleware(BaseMiddleware):
    def __init__(
        self,
        throttle: Throttle,
        translator: Translator,
        session_factory: async_sessionmaker[AsyncSession],
        default_locale: str,
        metrics: Metrics,
    ) -> None:
        self.throttle = throttle
        self.translator = translator
        self.session_factory = session_factory
        self.default_locale = default_locale
        self.metrics = metrics

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None or tg_user.is_bot:
            return await handler(event, data)
        verdict = await self.throttle.hit(tg_user.id)
        if verdict is Verdict.PASS:
            return await handler(event, data)
        self.metrics.updates_throttled.inc()
        if verdict is Verdict.NOTICE:
            log.info("person throttled")
            assert isinstance(event, Update)
            await self._notify(event, data["bot"], tg_user)
        return UNHANDLED

    async def _notify(self, update: Update, bot: Bot, tg_user: TgUser) -> None:
        async with self.session_factory() as session:
            user = await UserService(session).get(tg_user.id)
        locale = user.language if user else pick_locale(tg_user.language_code, self.default_locale)
        text = self.translator.get(locale, "throttle-slow-down")
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(text, show_alert=True)
            else:
                await bot.send_message(tg_user.id, text)
        except TelegramAPIError:
            log.info("could not tell a throttled person to slow down")
