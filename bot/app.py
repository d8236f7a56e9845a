"""The running bot: engine, Redis, bot and dispatcher; long polling or a webhook server; everything closed on the
way out."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiohttp import web
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.factory import create_bot, create_dispatcher, create_redis
from bot.max.client import MaxApiError, MaxNetworkError
from bot.max.factory import create_max_bot_from_settings
from bot.max.polling import UPDATE_TYPES, MaxPoller
from bot.max.session import MaxSession
from bot.settings import Settings
from bot.web import create_metrics_app, create_webhook_app
from db.engine import create_engine, create_session_factory
from services.runtime.health import Health
from services.runtime.lease import RedisLease, create_lease
from services.runtime.metrics import Metrics

log = logging.getLogger(__name__)
POLL_STOP_SECONDS = 5.0  # for the batch in hand to be handled


@dataclass
class Runtime:
    engine: AsyncEngine
    redis: Redis | None
    bot: Bot
    dp: Dispatcher
    metrics: Metrics
    health: Health
    max_bot: Bot | None = None  # MAX, when MAX_BOT_TOKEN is set: the same dispatcher serves it


@contextlib.asynccontextmanager
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    engine = create_engine(settings.database_url)
    redis = create_redis(settings)
    metrics = Metrics()
    session_factory = create_session_factory(engine)
    bot = create_bot(settings, metrics=metrics)
    dp = create_dispatcher(settings, session_factory, redis=redis, metrics=metrics)
    max_bot = create_max_bot_from_settings(settings)
    dp["max_bot"] = max_bot  # the scheduler's sender reaches MAX people through it

    def last_tick() -> datetime | None:
        notifications = dp.workflow_data.get("notifications")  # set while the scheduler runs in this process
        return notifications.last_tick if notifications is not None else None

    health = Health(session_factory, redis, last_tick=last_tick if settings.scheduler_enabled else None)
    try:
        yield Runtime(engine, redis, bot, dp, metrics, health, max_bot)
    finally:
        await bot.session.close()
        if max_bot is not None:
            await max_bot.session.close()
        if redis is not None:
            await redis.aclose()
        await engine.dispose()


@contextlib.asynccontextmanager
async def serving(app: web.Application, host: str, port: int) -> AsyncIterator[web.AppRunner]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        log.info("listening", extra={"address": f"{host}:{port}"})
        yield runner
    finally:
        await runner.cleanup()


async def run_polling(settings: Settings) -> None:
    async with runtime(settings) as rt, contextlib.AsyncExitStack() as stack:
        if settings.metrics_port:
            app = create_metrics_app(rt.health, rt.metrics)
            try:
                await stack.enter_async_context(serving(app, settings.metrics_host, settings.metrics_port))
            except OSError as error:  # the port is taken: the bot itself matters more than its health page
                log.warning(
                    "health page not served",
                    extra={
                        "address": f"{settings.metrics_host}:{settings.metrics_port}",
                        "error": str(error),
                    },
                )
        if rt.max_bot is not None:
            await stack.enter_async_context(max_polling(rt.dp, rt.max_bot))
        await rt.bot.delete_webhook(drop_pending_updates=False)
        await rt.dp.start_polling(rt.bot, allowed_updates=rt.dp.resolve_used_update_types())


@contextlib.asynccontextmanager
async def max_polling(dp: Dispatcher, max_bot: Bot) -> AsyncIterator[MaxPoller]:
    """MAX's long polling beside Telegram's, into the same dispatcher; stopped when Telegram's polling ends."""
    session = max_bot.session
    assert isinstance(session, MaxSession)
    try:
        # A webhook subscription left from a webhook deployment would take the updates instead of /updates.
        for subscription in await session.client.list_subscriptions():
            await session.client.unsubscribe(subscription["url"])
    except (MaxApiError, MaxNetworkError) as error:
        log.warning("MAX subscriptions not checked", extra={"error": type(error).__name__})
    poller = MaxPoller(dp, max_bot, session.client)
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop), name="max-polling")
    log.info("MAX long polling started")
    try:
        yield poller
    finally:
        stop.set()
        if not poller.feeding:  # waiting on MAX: nothing is lost by cancelling (the marker was not passed)
            task.cancel()
        done, _ = await asyncio.wait({task}, timeout=POLL_STOP_SECONDS)
        if not done:
            task.cancel()
            await asyncio.wait({task})
        log.info("MAX long polling stopped")


async def register_webhook(settings: Settings, rt: Runtime) -> None:
    """One replica sets the webhook: the one that wins a short lease. It always sends the current URL and secret
    (Telegram does not tell which secret it has, and setting the same webhook again is harmless). With Redis the
    lease is left to expire, so replicas starting within a minute of each other register once."""
    assert settings.webhook_url and settings.webhook_secret
    secret = settings.webhook_secret.get_secret_value()
    # A changed URL or secret is a different lease: a restart with new settings registers them at once.
    name = "webhook-setup:" + hashlib.sha256(f"{settings.webhook_url}\n{secret}".encode()).hexdigest()[:16]
    lease = (
        RedisLease(rt.redis, name, ttl=60)
        if rt.redis is not None
        else create_lease(name, engine=rt.engine, ttl=60)
    )
    if not await lease.acquire():
        log.info("webhook registration left to another replica")
        return
    try:
        await rt.bot.set_webhook(
            settings.webhook_url,
            secret_token=secret,
            allowed_updates=rt.dp.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        log.info("webhook registered")
    except TelegramAPIError as error:  # keep serving; the next replica to start tries again
        log.warning("could not register the webhook", extra={"error": type(error).__name__})
        await lease.release()
    else:
        if rt.redis is None:
            await lease.release()


async def register_max_webhook(settings: Settings, rt: Runtime) -> None:
    """Subscribe MAX's webhook (its secret comes back in X-Max-Bot-Api-Secret); MAX keeps one subscription per
    url, so every replica may send it."""
    assert rt.max_bot is not None and settings.max_webhook_url
    session = rt.max_bot.session
    assert isinstance(session, MaxSession)
    secret = settings.max_webhook_secret.get_secret_value() if settings.max_webhook_secret else None
    try:
        await session.client.subscribe(settings.max_webhook_url, secret, UPDATE_TYPES)
        log.info("MAX webhook subscribed")
    except (MaxApiError, MaxNetworkError) as error:
        log.warning("could not subscribe the MAX webhook", extra={"error": type(error).__name__})


async def run_webhook(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with runtime(settings) as rt:
        app = create_webhook_app(settings, rt.dp, rt.bot, rt.health, rt.metrics, max_bot=rt.max_bot)
        async with serving(app, settings.webhook_host, settings.webhook_port):
            if settings.webhook_url:
                await register_webhook(settings, rt)
            if rt.max_bot is not None and settings.max_webhook_url:
                await register_max_webhook(settings, rt)
            await stop.wait()
            log.info("stopping")
