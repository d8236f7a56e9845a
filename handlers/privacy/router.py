"""/mydata shows everything kept about a person; /forget deletes it after a confirmation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from handlers.common.commands import clear_staff_commands
from handlers.common.context import Ctx, feature_router
from handlers.common.drafts import survey_drafts
from handlers.common.filters import Registered
from handlers.common.ui import show
from handlers.privacy.callbacks import MyDataPageCb, PrivacyAct, PrivacyCb
from handlers.privacy.views import forget_kb, mydata_kb, mydata_text
from handlers.views.menu import main_menu_kb
from services.core.permissions import is_staff


async def mydata_command(message: Message, ctx: Ctx) -> None:
    data = await ctx.users.stored_data(ctx.user)
    await message.answer(mydata_text(ctx.t, data), reply_markup=mydata_kb(ctx.t, data))


async def mydata_button(callback: CallbackQuery, ctx: Ctx) -> None:
    data = await ctx.users.stored_data(ctx.user)
    await show(callback, mydata_text(ctx.t, data), mydata_kb(ctx.t, data))


async def mydata_page(callback: CallbackQuery, callback_data: MyDataPageCb, ctx: Ctx) -> None:
    data = await ctx.users.stored_data(ctx.user)
    page = callback_data.p
    await show(callback, mydata_text(ctx.t, data, page), mydata_kb(ctx.t, data, page))


async def forget_command(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("forget-confirm"), reply_markup=forget_kb(ctx.t))


async def forget_ask(callback: CallbackQuery, ctx: Ctx) -> None:
    await show(callback, ctx.t("forget-confirm"), forget_kb(ctx.t))


async def forget_no(callback: CallbackQuery, ctx: Ctx) -> None:
    await show(callback, ctx.t("forget-kept"), main_menu_kb(ctx.t, ctx.user))


async def forget_yes(callback: CallbackQuery, ctx: Ctx) -> None:
    staff = is_staff(ctx.user)
    await ctx.users.forget(ctx.user.id)
    if staff:  # no role is kept, so neither are the staff commands in their chat
        await clear_staff_commands(ctx.bot, callback.from_user.id)
    await ctx.state.clear()
    await survey_drafts(ctx.state).clear()  # unsent survey answers wait in the conversation storage
    await show(callback, ctx.t("forget-done"))


def setup() -> Router:
    router = feature_router(__name__, Registered())
    router.message.register(mydata_command, Command("mydata"))
    router.callback_query.register(mydata_button, PrivacyCb.filter(F.act == PrivacyAct.SHOW))
    router.callback_query.register(mydata_page, MyDataPageCb.filter())
    router.message.register(forget_command, Command("forget"))
    router.callback_query.register(forget_ask, PrivacyCb.filter(F.act == PrivacyAct.ASK))
    router.callback_query.register(forget_no, PrivacyCb.filter(F.act == PrivacyAct.NO))
    router.callback_query.register(forget_yes, PrivacyCb.filter(F.act == PrivacyAct.YES))
    return router
