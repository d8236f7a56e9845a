"""Work done when polling starts and stops: the command menu in each language."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand

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
    async def on_startup(bot: Bot, translator: Translator) -> None:
        await set_commands(bot, translator)
        me = await bot.get_me()
        log.info("bot @%s started", me.username)

    dp.startup.register(on_startup)
