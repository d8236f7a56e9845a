"""Signing up from the event card, what a person needs to take part, «My registrations» and the training record."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from db.models import Event, messenger_of
from handlers.common.context import Ctx, feature_router
from handlers.common.files import send_document
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
from services.registration.exports import record_table, to_csv, to_xlsx
from services.registration.registrations import NEEDS, parse_needs


class RegForm(StatesGroup):
    other = State()  # «something else» needed, as a short text
    name = State()  # the name for the host's list


async def _event(ctx: Ctx, event_id: int) -> Event:
    return (await ctx.events.card(event_id, None)).event


async def _show_needs(
    target: Message | CallbackQuery,
    ctx: Ctx,
    event_id: int,
    header: str | None = None,
    *,
    toast: str | None = None,
    alert: bool = False,
    new: bool = False,
) -> None:
    event = await _event(ctx, event_id)
    place = await ctx.registrations.place(event, ctx.user.id)
    if not place.active:
        raise ValidationFailed("reg-not-registered")
    await show(
        target,
        needs_text(ctx.t, event, place, header),
        needs_kb(ctx.t, event, place),
        toast=toast,
        alert=alert,
        new=new,
    )


async def join(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    t = ctx.t
    result = await ctx.registrations.register(ctx.user, callback_data.id)
    if result.already:
        toast = t("reg-already")
    elif result.position is None:
        toast = t("toast-registered") if t.screen_reader else None
    else:
        toast = t("toast-waitlisted", position=result.position) if t.screen_reader else None
    # The card became the registration's screen: for a screen reader, a new message.
    await _show_needs(
        callback,
        ctx,
        callback_data.id,
        signup_header(t, result),
        toast=toast,
        alert=result.already,
        new=t.screen_reader,
    )


async def needs_screen(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    await ctx.state.clear()
    await _show_needs(callback, ctx, callback_data.id)


async def toggle_need(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    if callback_data.v not in NEEDS:
        raise Outdated()
    registration = await ctx.registrations.toggle_need(ctx.user, callback_data.id, callback_data.v)
    t, toast = ctx.t, None
    if t.screen_reader:  # the checklist stays in place; the notice says what changed
        label = t(f"need-{callback_data.v}")
        chosen = callback_data.v in parse_needs(registration.needs)
        toast = t("toast-selected" if chosen else "toast-unselected", label=label)
    await _show_needs(callback, ctx, callback_data.id, toast=toast)


async def ask_text(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    field = callback_data.act
    # Only someone registered is asked: the answer is kept on their registration.
    await ctx.registrations.check_registered(ctx.user, callback_data.id)
    await ctx.state.set_state(RegForm.other if field == RegAct.OTHER else RegForm.name)
    await ctx.state.update_data(event_id=callback_data.id)
    await show(callback, *ask_text_view(ctx.t, field, callback_data.id, messenger_of(callback.from_user.id)))


async def text_answer(message: Message, ctx: Ctx) -> None:
    current = await ctx.state.get_state()
    event_id = int((await ctx.state.get_data()).get("event_id", 0))
    service = ctx.registrations
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
    service = ctx.registrations
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
    await ctx.registrations.cancel(ctx.user, callback_data.id)
    t = ctx.t
    await show(
        callback,
        *cancelled_view(t, callback_data.id),
        toast=t("toast-cancelled") if t.screen_reader else None,
        new=t.screen_reader,
    )


async def my_registrations(event: Message | CallbackQuery, ctx: Ctx) -> None:
    mine = await ctx.registrations.mine(ctx.user)
    await show(
        event, mine_text(ctx.t, ctx.settings, mine), mine_kb(ctx.t, ctx.user, mine), new=ctx.t.screen_reader
    )


async def mine_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.clear()
    await my_registrations(callback, ctx)


async def record_screen(callback: CallbackQuery, ctx: Ctx) -> None:
    record = await ctx.registrations.record(ctx.user)
    await show(callback, *record_view(ctx.t, ctx.settings, record))


async def record_file(callback: CallbackQuery, callback_data: RegCb, ctx: Ctx) -> None:
    if callback_data.v not in EXPORT_FORMATS:
        raise Outdated()
    t = ctx.t
    record = await ctx.registrations.record(ctx.user)
    fmt = callback_data.v

    def build() -> bytes:
        table = record_table(t, ctx.settings.tz, record)
        return to_xlsx(table, t("record-sheet")) if fmt == "xlsx" else to_csv(table)

    await send_document(
        ctx.bot,
        callback.from_user.id,
        build,
        f"vmeste-training-{ctx.user.id}.{fmt}",
        t("record-file-caption"),
    )
    await callback.answer()


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
