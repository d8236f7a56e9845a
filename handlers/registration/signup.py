"""Signing up from the event card, what a person needs to take part, «My registrations» and the training record."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from db.models import Event
from handlers.common.context import Ctx, feature_router
from handlers.common.filters import Registered
from handlers.common.ui import error_text, show
from handlers.registration.callbacks import CLEAR, EXPORT_FORMATS, RegAct, RegCb
from handlers.registration.signup_views import (
    ask_text_view,
    cancel_confirm_view,
    cancelled_view,
    mine_kb,
    mine_text,
    needs_kb,
    needs_text,
    record_view,
    signup_header,
)
from services.core.errors import Outdated, ValidationFailed
from services.events.events import EventService
from services.registration.exports import record_table, to_csv, to_xlsx
from services.registration.registrations import NEEDS, RegistrationService


class RegForm(StatesGroup):
    other = State()  # «something else» needed, as a short text
    name = State()  # the name for the host's list


async def _event(ctx: Ctx, event_id: int) -> Event:
    return (await EventService(ctx.session, ctx.settings.tz, ctx.cache).card(event_id, None)).event


async def _show_needs(
    target: Message | CallbackQuery, ctx: Ctx, event_id: int, header: str | None = None
) -> None:
    event = await _event(ctx, event_id)
    place = await RegistrationService(ctx.session).place(event, ctx.user.id)
    if not place.active:
        raise ValidationFailed("reg-not-registered")
    await show(target, needs_text(ctx.t, event, place, header), needs_kb(ctx.t, event, place))


async def join(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    result = await RegistrationService(ctx.session).register(ctx.user, callback_data.id)
    if result.already:
        ctx.toast(ctx.t("reg-already"), alert=True)
    await _show_needs(callback, ctx, callback_data.id, signup_header(ctx.t, result))


async def needs_screen(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    await ctx.state.clear()
    await _show_needs(callback, ctx, callback_data.id)


async def toggle_need(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    if callback_data.v not in NEEDS:
        raise Outdated()
    await RegistrationService(ctx.session).toggle_need(ctx.user, callback_data.id, callback_data.v)
    await _show_needs(callback, ctx, callback_data.id)


async def ask_text(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    field = callback_data.act
    # Only someone registered is asked: the answer is kept on their registration.
    await RegistrationService(ctx.session).check_registered(ctx.user, callback_data.id)
    await ctx.state.set_state(RegForm.other if field == RegAct.OTHER else RegForm.name)
    await ctx.state.update_data(event_id=callback_data.id)
    await show(callback, *ask_text_view(ctx.t, field, callback_data.id))


async def text_answer(message: Message, ctx: Ctx) -> None:
    current = await ctx.state.get_state()
    event_id = int((await ctx.state.get_data()).get("event_id", 0))
    service = RegistrationService(ctx.session)
    try:
        if current == RegForm.other.state:
            await service.set_other_need(ctx.user, event_id, message.text)
        else:
            await service.set_display_name(ctx.user, event_id, message.text)
    except ValidationFailed as error:
        if error.key == "reg-not-registered":
            await ctx.state.clear()
            raise
        await message.answer(error_text(ctx.t, error))
        return
    await ctx.state.clear()
    await _show_needs(message, ctx, event_id, ctx.t("reg-saved"))


async def clear_text(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    await ctx.state.clear()
    service = RegistrationService(ctx.session)
    if callback_data.act == RegAct.CLEAR_OTHER:
        await service.set_other_need(ctx.user, callback_data.id, None)
    else:
        await service.set_display_name(ctx.user, callback_data.id, None)
    await _show_needs(callback, ctx, callback_data.id)


async def not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("form-text-expected"))


async def cancel_ask(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    event = await _event(ctx, callback_data.id)
    await show(callback, *cancel_confirm_view(ctx.t, event))


async def cancel(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    await RegistrationService(ctx.session, notifier=ctx.notifier).cancel(ctx.user, callback_data.id)
    await show(callback, *cancelled_view(ctx.t, callback_data.id))


async def my_registrations(event: Message | CallbackQuery, ctx: Ctx) -> None:
    mine = await RegistrationService(ctx.session).mine(ctx.user)
    await show(event, mine_text(ctx.t, ctx.settings, mine), mine_kb(ctx.t, ctx.user, mine))


async def mine_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.clear()
    await my_registrations(callback, ctx)


async def record_screen(callback: CallbackQuery, ctx: Ctx) -> None:
    record = await RegistrationService(ctx.session).record(ctx.user)
    await show(callback, *record_view(ctx.t, ctx.settings, record))


async def record_file(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    if callback_data.v not in EXPORT_FORMATS:
        raise Outdated()
    t = ctx.t
    record = await RegistrationService(ctx.session).record(ctx.user)
    table = record_table(t, ctx.settings.tz, record)
    data = to_xlsx(table, t("record-sheet")) if callback_data.v == "xlsx" else to_csv(table)
    await callback.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(data, filename=f"vmeste-training-{ctx.user.id}.{callback_data.v}"),
        caption=t("record-file-caption"),
    )


def setup() -> Router:
    router = feature_router(__name__, Registered())
    router.callback_query.register(join, RegCb.filter(F.act == RegAct.JOIN))
    router.callback_query.register(needs_screen, RegCb.filter(F.act == RegAct.NEEDS))
    router.callback_query.register(toggle_need, RegCb.filter(F.act == RegAct.NEED))
    router.callback_query.register(ask_text, RegCb.filter(F.act.in_(CLEAR)))
    router.callback_query.register(clear_text, RegCb.filter(F.act.in_(set(CLEAR.values()))))
    router.message.register(text_answer, RegForm.other, F.text)
    router.message.register(text_answer, RegForm.name, F.text)
    router.message.register(not_text, RegForm.other)
    router.message.register(not_text, RegForm.name)
    router.callback_query.register(cancel_ask, RegCb.filter(F.act == RegAct.CANCEL_ASK))
    router.callback_query.register(cancel, RegCb.filter(F.act == RegAct.CANCEL))
    router.callback_query.register(mine_button, RegCb.filter(F.act == RegAct.MINE))
    router.message.register(my_registrations, Command("my"))
    router.callback_query.register(record_screen, RegCb.filter(F.act == RegAct.RECORD))
    router.callback_query.register(record_file, RegCb.filter(F.act == RegAct.RECORD_FILE))
    return router
