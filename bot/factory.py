"""Everything the bot is made of is built here, from settings, by the entry point and by the tests alike."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.housekeeping import setup_housekeeping
from bot.http import JsonAiohttpSession
from bot.lifespan import setup_lifespan
from bot.middlewares import DbSessionMiddleware, UserMiddleware
from bot.observe import ObserveMiddleware, RequestMetricsMiddleware
from bot.processed import ProcessedUpdateMiddleware
from bot.settings import Settings
from bot.throttle import ThrottleMiddleware
from handlers import setup_routers
from services.i18n import Translator
from services.metrics import Metrics
from services.schedule_cache import ScheduleCache
from services.throttle import MemoryThrottle, RedisThrottle
from services.user_cache import UserCache


def create_bot(settings: Settings, session: BaseSession | None = None, metrics: Metrics | None = None) -> Bot:
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None:
        session = JsonAiohttpSession(
            api=TelegramAPIServer.from_base(settings.telegram_api_base)
            if settings.telegram_api_base
            else TelegramAPIServer.from_base("https://api.telegram.org")
        )
    if metrics is not None:
        session.middleware(RequestMetricsMiddleware(metrics))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_redis(settings: Settings) -> Redis | None:
    return Redis.from_url(settings.redis_url) if settings.redis_url else None


def create_fsm(settings: Settings, redis: Redis | None) -> tuple[BaseStorage, BaseEventIsolation | None]:
    """FSM storage and events isolation: in Redis (shared by replicas, with TTLs) or in memory (one process).

    The key builder includes the destiny, which keeps the unsent survey answers (destiny "surveys") apart from
    the form a person is filling in."""
    if redis is None:
        return MemoryStorage(), None
    storage = RedisStorage(
        redis,
        key_builder=DefaultKeyBuilder(prefix="vmeste:fsm", with_destiny=True),
        state_ttl=settings.fsm_state_ttl,
        data_ttl=settings.fsm_data_ttl,
    )
    return storage, RedisEventIsolation(redis, key_builder=storage.key_builder)


def create_dispatcher(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    *,
    translator: Translator | None = None,
    storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
    redis: Redis | None = None,
    metrics: Metrics | None = None,
) -> Dispatcher:
    translator = translator or Translator(default=settings.default_locale, variables=settings.text_variables)
    metrics = metrics or Metrics()
    if storage is None:
        storage, default_isolation = create_fsm(settings, redis)
        events_isolation = events_isolation or default_isolation
    dp = Dispatcher(
        storage=storage,
        events_isolation=events_isolation,
        settings=settings,
        translator=translator,
        session_factory=session_factory,
        schedule_cache=ScheduleCache(settings.schedule_cache_seconds),
        metrics=metrics,
        redis=redis,
    )
    # Order matters: observe everything, turn floods away before any database work, then one session per
    # update, skip an update that has had its effect, load the person.
    dp.update.outer_middleware(ObserveMiddleware(metrics))
    if settings.throttle_rate > 0:
        throttle = (
            RedisThrottle(redis, settings.throttle_rate, settings.throttle_window, settings.throttle_cooldown)
            if redis is not None
            else MemoryThrottle(settings.throttle_rate, settings.throttle_window, settings.throttle_cooldown)
        )
        dp.update.outer_middleware(
            ThrottleMiddleware(throttle, translator, session_factory, settings.default_locale, metrics)
        )
    dp.update.outer_middleware(DbSessionMiddleware(session_factory))
    if settings.dedup_enabled:
        dp.update.outer_middleware(ProcessedUpdateMiddleware(metrics))
    user_cache = UserCache(settings.user_cache_ttl)
    dp.update.outer_middleware(
        UserMiddleware(translator, settings.admin_ids, settings.default_locale, user_cache)
    )
    dp.include_routers(*setup_routers())
    setup_lifespan(dp)
    setup_housekeeping(dp)
    return dp
