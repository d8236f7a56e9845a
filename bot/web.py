"""The aiohttp app of a replica: the webhook (secret checked on every request, the update handled before the
answer so that Telegram redelivers it if we crash), /healthz and /metrics."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.max.polling import webhook_handler
from bot.settings import Settings
from services.runtime.health import Health
from services.runtime.metrics import Metrics

log = logging.getLogger(__name__)

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


def add_health_routes(app: web.Application, health: Health, metrics: Metrics) -> None:
    async def healthz(_: web.Request) -> web.Response:
        ok, report = await health.check()
        return web.json_response(
            {"status": "ok" if ok else "unavailable", **report}, status=200 if ok else 503
        )

    async def metrics_view(_: web.Request) -> web.Response:
        body = metrics.render(await health.gauges())
        return web.Response(body=body.encode(), headers={"Content-Type": PROMETHEUS_TEXT})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_view)


def create_webhook_app(
    settings: Settings,
    dp: Dispatcher,
    bot: Bot,
    health: Health,
    metrics: Metrics,
    max_bot: Bot | None = None,
) -> web.Application:
    if settings.webhook_secret is None:
        raise ValueError("WEBHOOK_SECRET is required in webhook mode")
    app = web.Application()
    SimpleRequestHandler(
        dispatcher=dp,
        bot=bot,
        handle_in_background=False,
        secret_token=settings.webhook_secret.get_secret_value(),
    ).register(app, path=settings.webhook_path)
    if max_bot is not None:
        # MAX posts its updates here with MAX_WEBHOOK_SECRET in X-Max-Bot-Api-Secret (bot/max/polling.py).
        if settings.max_webhook_secret is None:
            raise ValueError("MAX_WEBHOOK_SECRET is required in webhook mode when MAX is on")
        handle = webhook_handler(dp, max_bot, settings.max_webhook_secret.get_secret_value())
        app.router.add_post(settings.max_webhook_path, handle)
    add_health_routes(app, health, metrics)
    setup_application(app, dp, bot=bot)
    return app


def create_metrics_app(health: Health, metrics: Metrics) -> web.Application:
    app = web.Application()
    add_health_routes(app, health, metrics)
    return app
