"""Everything the bot is made of is built here, from settings, by the entry point and by the tests alike."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.http import JsonAiohttpSession
from bot.lifespan import setup_lifespan
from bot.middlewares import DbSessionMiddleware, UserMiddleware
from bot.settings import Settings
from handlers import setup_routers
from services.i18n import Translator
from services.schedule_cache import ScheduleCache
from services.user_cache import UserCache


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None:
        session = JsonAiohttpSession(
            api=TelegramAPIServer.from_base(settings.telegram_api_base)
            if settings.telegram_api_base
            else TelegramAPIServer.from_base("https://api.telegram.org")
        )
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_dispatcher(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    *,
    translator: Translator | None = None,
    storage: BaseStorage | None = None,
) -> Dispatcher:
    translator = translator or Translator(default=settings.default_locale)
    dp = Dispatcher(
        storage=storage or MemoryStorage(),
        settings=settings,
        translator=translator,
        session_factory=session_factory,
        schedule_cache=ScheduleCache(settings.schedule_cache_seconds),
    )
    dp.update.outer_middleware(DbSessionMiddleware(session_factory))
    user_cache = UserCache(settings.user_cache_ttl)
    dp.update.outer_middleware(
        UserMiddleware(translator, settings.admin_ids, settings.default_locale, user_cache)
    )
    dp.include_router(setup_routers())
    setup_lifespan(dp)
    return dp
