"""Staff commands are a Telegram command menu per chat: a MAX person's chat (and the MAX bot, which keeps one list)
gets no such request, while a Telegram staff member's chat does."""

from __future__ import annotations

from aiogram import Bot
from aiogram.methods import DeleteMyCommands, SetMyCommands

from db.models.user import MAX_PERSON_BASE
from handlers.common.commands import clear_staff_commands, set_staff_commands
from services.core.i18n import Translator
from tests.recording import RecordingSession


async def test_only_telegram_chats_get_a_menu_of_their_own() -> None:
    translator = Translator()
    telegram = Bot(token="123456:TEST", session=RecordingSession())
    max_bot = Bot(token=f"{MAX_PERSON_BASE + 1}:max", session=RecordingSession())
    max_person = MAX_PERSON_BASE + 42

    assert await set_staff_commands(telegram, translator, 42, "ru")
    assert await clear_staff_commands(telegram, 42)
    assert not await set_staff_commands(telegram, translator, max_person, "ru")
    assert not await clear_staff_commands(telegram, max_person)
    assert not await set_staff_commands(max_bot, translator, max_person, "ru")

    scoped = [
        m.scope.chat_id for m in telegram.session.requests if isinstance(m, SetMyCommands | DeleteMyCommands)
    ]
    assert scoped == [42, 42]
    assert max_bot.session.requests == []
