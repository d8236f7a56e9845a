"""Work done when polling starts and stops: the command menu in each language, and the scheduler that plans and
sends notifications (started with the dispatcher, stopped with it)."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middlewares import UpdatesInHand
from bot.scheduler import Notifications, create_scheduler, start_notifications, stop_notifications
from bot.settings import Settings
from services.core.i18n import Translator
from services.core.notifier import NO_SENDER

log = logging.getLogger(__name__)

UPDATES_GRACE_SECONDS = 10.0
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


async def finish_updates_in_hand(in_hand: UpdatesInHand, timeout: float = UPDATES_GRACE_SECONDS) -> int:
    """Long polling handles each update in a task of its own and aiogram closes the bot's HTTP session right after
    the shutdown hooks, without waiting for those tasks: a reply still on its way would fail half-way (the
    person's button spins, the update is logged as failed). Let them finish first, for a bounded time; how many
    are left then."""
    if in_hand.count:
        log.info("waiting for %d updates in hand", in_hand.count)
    left = await in_hand.wait_idle(timeout)
    if left:
        log.warning("%d updates still in hand after %s s; stopping anyway", left, timeout)
    return left


def setup_lifespan(dp: Dispatcher, in_hand: UpdatesInHand) -> None:
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
        max_bot: Bot | None = dispatcher.workflow_data.get("max_bot")
        if max_bot is not None:
            try:
                await set_commands(max_bot, translator)  # MAX keeps one list: the default language's
            except TelegramAPIError as error:
                log.warning("MAX commands not set", extra={"error": type(error).__name__})
        if settings.scheduler_enabled:
            notifications = create_scheduler(
                bot,
                session_factory,
                settings,
                translator,
                redis=dispatcher.workflow_data.get("redis"),
                storage=dispatcher.storage,
                alerts=dispatcher.workflow_data.get("alerts"),
                max_bot=max_bot,
            )
            dispatcher["notifications"] = notifications
            dispatcher["notifier"] = notifications.sender  # handlers and services wake it through `Notifier`
            await start_notifications(notifications, settings)

    async def on_shutdown(dispatcher: Dispatcher) -> None:
        await finish_updates_in_hand(in_hand)
        notifications: Notifications | None = dispatcher.workflow_data.pop("notifications", None)
        dispatcher["notifier"] = NO_SENDER
        if notifications is not None:
            await stop_notifications(notifications)

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
