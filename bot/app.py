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
from bot.settings import Settings
from bot.web import create_metrics_app, create_webhook_app
from db.engine import create_engine, create_session_factory
from services.runtime.health import Health
from services.runtime.lease import RedisLease, create_lease
from services.runtime.metrics import Metrics

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    engine: AsyncEngine
    redis: Redis | None
    bot: Bot
    dp: Dispatcher
    metrics: Metrics
    health: Health


@contextlib.asynccontextmanager
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    engine = create_engine(settings.database_url)
    redis = create_redis(settings)
    metrics = Metrics()
    session_factory = create_session_factory(engine)
    bot = create_bot(settings, metrics=metrics)
    dp = create_dispatcher(settings, session_factory, redis=redis, metrics=metrics)

    def last_tick() -> datetime | None:
        notifications = dp.workflow_data.get("notifications")  # set while the scheduler runs in this process
        return notifications.last_tick if notifications is not None else None

    health = Health(session_factory, redis, last_tick=last_tick if settings.scheduler_enabled else None)
    try:
        yield Runtime(engine, redis, bot, dp, metrics, health)
    finally:
        await bot.session.close()
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
        await rt.bot.delete_webhook(drop_pending_updates=False)
        await rt.dp.start_polling(rt.bot, allowed_updates=rt.dp.resolve_used_update_types())


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


async def run_webhook(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with runtime(settings) as rt:
        app = create_webhook_app(settings, rt.dp, rt.bot, rt.health, rt.metrics)
        async with serving(app, settings.webhook_host, settings.webhook_port):
            if settings.webhook_url:
                await register_webhook(settings, rt)
            await stop.wait()
            log.info("stopping")
