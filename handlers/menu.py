"""The main menu and help."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from db.models import User
from handlers.common import MenuCb, Registered, back_to_menu_kb, h, main_menu_kb, show
from services.core.i18n import L


async def menu_command(message: Message, user: User, t: L, state: FSMContext) -> None:
    cancelled = await state.get_state() is not None
    await state.clear()
    text = t("menu-title", name=h(message.from_user.first_name))
    if cancelled:
        text = t("form-cancelled") + "\n\n" + text
    await message.answer(text, reply_markup=main_menu_kb(t, user))


async def menu_button(callback: CallbackQuery, user: User, t: L, state: FSMContext) -> None:
    await state.clear()
    await show(callback, t("menu-title", name=h(callback.from_user.first_name)), main_menu_kb(t, user))


async def help_command(message: Message, t: L) -> None:
    await message.answer(t("help-text"), reply_markup=back_to_menu_kb(t))


async def help_button(callback: CallbackQuery, t: L) -> None:
    await show(callback, t("help-text"), back_to_menu_kb(t))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(menu_command, Command("menu", "cancel"))
    router.callback_query.register(menu_button, MenuCb.filter(F.to == "main"))
    router.message.register(help_command, Command("help"))
    router.callback_query.register(help_button, MenuCb.filter(F.to == "help"))
    return router
