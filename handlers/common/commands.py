"""The bot's profile in Telegram: the command menu in each language, the description and short description, and
the staff commands (/new_event, /broadcast) set for staff chats only (`BotCommandScopeChat`), set when a role is
granted and removed when it is taken away.

None of this may stop the bot: a call Telegram refuses (or a network hiccup) is logged in one line and the bot
goes on; the next start-up sets everything again."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Iterable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat
from aiohttp import ClientError

from db.models import TELEGRAM, messenger_of
from services.core.i18n import Translator

log = logging.getLogger(__name__)

PUBLIC_COMMANDS = ("start", "menu", "schedule", "my", "surveys", "settings", "mydata", "forget", "help")
#: Commands only staff can use: they appear in a coordinator's or an administrator's own chat.
STAFF_COMMANDS = ("new_event", "broadcast")
DESCRIPTION_MAX = 512  # Telegram's limits
SHORT_DESCRIPTION_MAX = 120


async def _tolerated(call: Awaitable[object], what: str) -> bool:
    """Make one profile call; a refusal is logged, not raised."""
    try:
        await call
    except (TelegramAPIError, ClientError, TimeoutError, OSError) as error:
        log.warning("could not set %s: %s", what, type(error).__name__)
        return False
    return True


def commands(translator: Translator, locale: str, staff: bool = False) -> list[BotCommand]:
    names = PUBLIC_COMMANDS + (STAFF_COMMANDS if staff else ())
    return [BotCommand(command=name, description=translator.get(locale, f"cmd-{name}")) for name in names]


async def set_public_commands(bot: Bot, translator: Translator) -> None:
    """The command menu in each language, and the default one (the default language) for the rest."""
    for locale in translator.locales:
        await _tolerated(
            bot.set_my_commands(commands(translator, locale), language_code=locale), f"commands ({locale})"
        )
    await _tolerated(bot.set_my_commands(commands(translator, translator.default)), "commands")


async def set_descriptions(bot: Bot, translator: Translator) -> None:
    """What Telegram shows before the first /start (description) and on the bot's profile and in shares (short
    description), in each language; the default language's for everyone else."""
    for locale in (*translator.locales, None):
        language = locale or translator.default
        description = translator.get(language, "bot-description")[:DESCRIPTION_MAX]
        short = translator.get(language, "bot-short-description")[:SHORT_DESCRIPTION_MAX]
        await _tolerated(bot.set_my_description(description, language_code=locale), f"description ({locale})")
        await _tolerated(
            bot.set_my_short_description(short, language_code=locale), f"short description ({locale})"
        )


async def set_staff_commands(bot: Bot, translator: Translator, chat_id: int, locale: str | None) -> bool:
    """The public commands and the staff ones, in the person's language, for their chat only (Telegram: MAX has
    no menu per chat, its one list is set at start)."""
    if not _telegram_chat(bot, chat_id):
        return False
    language = locale if locale in translator.locales else translator.default
    return await _tolerated(
        bot.set_my_commands(
            commands(translator, language, staff=True), scope=BotCommandScopeChat(chat_id=chat_id)
        ),
        "staff commands",
    )


async def clear_staff_commands(bot: Bot, chat_id: int) -> bool:
    """Back to the public command menu in that chat (a role taken away)."""
    if not _telegram_chat(bot, chat_id):
        return False
    return await _tolerated(
        bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=chat_id)), "staff commands"
    )


async def set_all_staff_commands(
    bot: Bot, translator: Translator, staff: Iterable[tuple[int, str | None]]
) -> int:
    """At start-up: the staff commands in every current staff member's chat (id, language); how many were set."""
    done = 0
    for chat_id, locale in staff:
        done += await set_staff_commands(bot, translator, chat_id, locale)
    return done


def _telegram_chat(bot: Bot, chat_id: int) -> bool:
    """A Telegram person's chat on the Telegram bot: the only place a command menu per chat exists."""
    return messenger_of(bot.id) == TELEGRAM and messenger_of(chat_id) == TELEGRAM
