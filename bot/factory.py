"""Everything the bot is made of is built here, from settings, by the entry point and by the tests alike."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts import AlertMiddleware, Alerts
from bot.fsm_storage import DatabaseStorage, fsm_key_builder
from bot.http import JsonAiohttpSession
from bot.lifespan import setup_lifespan
from bot.middlewares import DbSessionMiddleware, UpdatesInHand, UserMiddleware
from bot.observe import ObserveMiddleware, RequestMetricsMiddleware
from bot.processed import ProcessedUpdateMiddleware
from bot.replies import Replying, RetryShortWait
from bot.settings import Settings
from bot.throttle import ThrottleMiddleware
from db.engine import is_sqlite
from handlers import setup_routers
from services.core.i18n import Translator
from services.core.notifier import NO_SENDER
from services.core.schedule_cache import ScheduleCache
from services.runtime.metrics import Metrics
from services.runtime.throttle import MemoryThrottle, RedisThrottle


def create_bot(settings: Settings, session: BaseSession | None = None, metrics: Metrics | None = None) -> Bot:
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None:
        session = JsonAiohttpSession(
            api=TelegramAPIServer.from_base(settings.telegram_api_base)
            if settings.telegram_api_base
            else TelegramAPIServer.from_base("https://api.telegram.org")
        )
    # A reply to a person held back by a short 429 is sent again after the wait (bot/replies.py); the metrics,
    # registered after it, count every attempt.
    session.middleware(RetryShortWait())
    if metrics is not None:
        session.middleware(RequestMetricsMiddleware(metrics))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_redis(settings: Settings) -> Redis | None:
    return Redis.from_url(settings.redis_url) if settings.redis_url else None


def create_fsm(
    settings: Settings,
    redis: Redis | None,
    session_factory: async_sessionmaker[AsyncSession] | None = None,
) -> tuple[BaseStorage, BaseEventIsolation]:
    """FSM storage and events isolation: in Redis (shared by replicas, with TTLs), else in the bot's own database
    (the embedded mode: forms survive a restart, with the same TTLs), else in memory (no database given).
    Either way one person's updates are handled one at a time, in the order they came.

    The key builder includes the destiny, which keeps the unsent survey answers (destiny "surveys") apart from
    the form a person is filling in."""
    if redis is None:
        if session_factory is None:
            return MemoryStorage(), SimpleEventIsolation()
        storage = DatabaseStorage(
            session_factory,
            state_ttl=settings.fsm_state_ttl,
            data_ttl=settings.fsm_data_ttl,
            # One bot process owns the rows: a SQLite file, or long polling (which cannot run twice).
            one_process=is_sqlite(settings.database_url) or not settings.webhook,
        )
        return storage, SimpleEventIsolation()
    storage = RedisStorage(
        redis,
        key_builder=fsm_key_builder(),
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
        storage, default_isolation = create_fsm(settings, redis, session_factory)
        events_isolation = events_isolation or default_isolation
    events_isolation = events_isolation or SimpleEventIsolation()
    alerts = Alerts(translator, settings.admin_ids, settings.default_locale, redis)
    dp = Dispatcher(
        storage=storage,
        events_isolation=events_isolation,
        settings=settings,
        translator=translator,
        session_factory=session_factory,
        schedule_cache=ScheduleCache(settings.schedule_cache_seconds),
        notifier=NO_SENDER,  # the sender, once the lifespan has started it (bot/lifespan.py)
        metrics=metrics,
        redis=redis,
        alerts=alerts,
    )
    # Order matters: count the updates in hand (a graceful stop waits for them), mark what is sent as replies
    # (a short 429 is waited out), observe everything, tell the administrators of errors, turn floods away before
    # any database work, then one session per update, skip an update that has had its effect, load the person.
    # aiogram's own FSM middleware runs before all of them and holds one person's updates one at a time.
    in_hand = dp["updates_in_hand"] = UpdatesInHand()
    dp.update.outer_middleware(in_hand)
    dp.update.outer_middleware(Replying())
    dp.update.outer_middleware(ObserveMiddleware(metrics))
    dp.update.outer_middleware(AlertMiddleware(alerts))
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
    dp.update.outer_middleware(UserMiddleware(translator, settings.admin_ids, settings.default_locale))
    dp.include_routers(*setup_routers())
    setup_lifespan(dp, in_hand)
    return dp
