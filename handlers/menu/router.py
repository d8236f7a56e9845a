"""The main menu and help."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from handlers.common.context import Ctx, feature_router
from handlers.common.filters import Registered
from handlers.common.ui import h, show
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.views.menu import back_to_menu_kb, main_menu_kb


async def menu_command(message: Message, ctx: Ctx) -> None:
    t = ctx.t
    cancelled = await ctx.state.get_state() is not None
    await ctx.state.clear()
    text = t("menu-title", name=h(message.from_user.first_name))
    if cancelled:
        text = t("form-cancelled") + "\n\n" + text
    await message.answer(text, reply_markup=main_menu_kb(t, ctx.user))


async def menu_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.clear()
    t = ctx.t
    await show(
        callback,
        t("menu-title", name=h(callback.from_user.first_name)),
        main_menu_kb(t, ctx.user),
        new=t.screen_reader,
    )


async def help_command(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("help-text"), reply_markup=back_to_menu_kb(ctx.t))


async def help_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await show(callback, ctx.t("help-text"), back_to_menu_kb(ctx.t))


def setup() -> Router:
    router = feature_router(__name__, Registered())
    router.message.register(menu_command, Command("menu", "cancel"))
    router.callback_query.register(menu_button, MenuCb.filter(F.to == MenuTo.MAIN))
    router.message.register(help_command, Command("help"))
    router.callback_query.register(help_button, MenuCb.filter(F.to == MenuTo.HELP))
    return router
