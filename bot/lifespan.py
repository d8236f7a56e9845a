"""Work done when polling starts and stops: the command menu in each language, and the scheduler that plans and
sends notifications (started with the dispatcher, stopped with it)."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.scheduler import Notifications, create_scheduler, start_notifications, stop_notifications
from bot.settings import Settings
from services.i18n import Translator

log = logging.getLogger(__name__)

PUBLIC_COMMANDS = ("start", "menu", "schedule", "my", "surveys", "settings", "mydata", "forget", "help")


async def set_commands(bot: Bot, translator: Translator) -> None:
    for locale in translator.locales:
        commands = [
            BotCommand(command=c, description=translator.get(locale, f"cmd-{c}")) for c in PUBLIC_COMMANDS
        ]
        await bot.set_my_commands(commands, language_code=locale)
    default = [
        BotCommand(command=c, description=translator.get(translator.default, f"cmd-{c}"))
        for c in PUBLIC_COMMANDS
    ]
    await bot.set_my_commands(default)


def setup_lifespan(dp: Dispatcher) -> None:
    async def on_startup(
        bot: Bot,
        dispatcher: Dispatcher,
        translator: Translator,
        settings: Settings,
        session_factory: async_sessionmaker[AsyncSession],
    ) -> None:
        await set_commands(bot, translator)
        me = await bot.get_me()
        log.info("bot @%s started", me.username)
        if settings.scheduler_enabled:
            notifications = create_scheduler(
                bot, session_factory, settings, translator, redis=dispatcher.workflow_data.get("redis")
            )
            dispatcher["notifications"] = notifications
            await start_notifications(notifications, settings)

    async def on_shutdown(dispatcher: Dispatcher) -> None:
        notifications: Notifications | None = dispatcher.workflow_data.pop("notifications", None)
        if notifications is not None:
            await stop_notifications(notifications)

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
