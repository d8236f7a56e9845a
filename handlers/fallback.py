"""The last router: unknown commands, free text where a button is expected, outdated or forged buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from db.models import User
from handlers.common.ui import answer_press
from handlers.views.menu import main_menu_kb
from services.core.i18n import L


async def unknown_command(message: Message, user: User | None, t: L) -> None:
    if user is None:
        await message.answer(t("need-start"))
        return
    await message.answer(t("unknown-command"), reply_markup=main_menu_kb(t, user))


async def free_text(message: Message, user: User | None, t: L) -> None:
    if user is None:
        await message.answer(t("need-start"))
        return
    await message.answer(t("use-buttons"), reply_markup=main_menu_kb(t, user))


async def outdated_button(callback: CallbackQuery, user: User | None, t: L) -> None:
    await answer_press(callback, t("error-outdated"))
    if user is None:
        await callback.bot.send_message(callback.from_user.id, t("need-start"))
        return
    await callback.bot.send_message(
        callback.from_user.id, t("error-outdated"), reply_markup=main_menu_kb(t, user)
    )


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(free_text)
    router.callback_query.register(outdated_button)
    return router
