"""Coordinators' side of registration: who is coming, the waitlist, needs counted, seats, closing sign-up,
attendance and the export. Filtered to staff here; every action is checked again in the service."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery

from handlers.common.context import Ctx, feature_router
from handlers.common.files import send_document
from handlers.common.filters import Staff
from handlers.common.ids import id_from
from handlers.common.ui import h, short, show
from handlers.registration.callbacks import EXPORT_FORMATS, RegAdminAct, RegAdminCb
from handlers.registration.roster_views import (
    attendance_kb,
    attendance_text,
    capacity_view,
    overview_view,
    roster_kb,
    roster_text,
)
from services.core.errors import Outdated
from services.registration.exports import registrations_table, to_csv, to_xlsx

ATTENDANCE = {RegAdminAct.ATT, RegAdminAct.ATT_ALL, RegAdminAct.ATT_X}


async def overview_screen(callback: CallbackQuery, ctx: Ctx) -> None:
    items = await ctx.registrations.overview(ctx.user)
    await show(callback, *overview_view(ctx.t, ctx.settings, items))


async def roster_screen(callback: CallbackQuery, callback_data: RegAdminCb, ctx: Ctx) -> None:
    roster = await ctx.registrations.roster(ctx.user, callback_data.id)
    await show(callback, roster_text(ctx.t, roster), roster_kb(ctx.t, roster))


async def capacity_menu(callback: CallbackQuery, callback_data: RegAdminCb, ctx: Ctx) -> None:
    roster = await ctx.registrations.roster(ctx.user, callback_data.id)
    await show(callback, *capacity_view(ctx.t, roster))


async def capacity_set(callback: CallbackQuery, callback_data: RegAdminCb, ctx: Ctx) -> None:
    seats = id_from(callback_data.v)
    if seats is None:
        raise Outdated()
    t, value = ctx.t, seats or None
    roster = await ctx.registrations.set_capacity(ctx.user, callback_data.id, value)
    header = t("roster-capacity-done", promoted=len(roster.promoted))
    if roster.event.capacity is not None and roster.seats.confirmed > roster.event.capacity:
        header += "\n" + t("roster-over-capacity")
    await show(callback, roster_text(t, roster, header), roster_kb(t, roster))


async def close_or_reopen(callback: CallbackQuery, callback_data: RegAdminCb, ctx: Ctx) -> None:
    t, closed = ctx.t, callback_data.act == RegAdminAct.CLOSE
    roster = await ctx.registrations.set_closed(ctx.user, callback_data.id, closed)
    header = t("roster-closed-done") if closed else t("roster-reopened-done")
    await show(callback, roster_text(t, roster, header), roster_kb(t, roster))


async def attendance_screen(callback: CallbackQuery, callback_data: RegAdminCb, ctx: Ctx) -> None:
    service = ctx.registrations
    if callback_data.act == RegAdminAct.ATT_ALL:
        roster = await service.mark_all_present(ctx.user, callback_data.id)
    elif callback_data.act == RegAdminAct.ATT_X:
        registration_id = id_from(callback_data.v)
        if registration_id is None:
            raise Outdated()
        roster = await service.toggle_attended(ctx.user, callback_data.id, registration_id)
    else:
        roster = await service.attendance(ctx.user, callback_data.id)
    await show(callback, attendance_text(ctx.t, roster), attendance_kb(ctx.t, roster))


async def export(callback: CallbackQuery, callback_data: RegAdminCb, ctx: Ctx) -> None:
    if callback_data.v not in EXPORT_FORMATS:
        raise Outdated()
    t = ctx.t
    roster = await ctx.registrations.roster(ctx.user, callback_data.id)
    fmt = callback_data.v

    def build() -> bytes:
        table = registrations_table(t, ctx.settings.tz, roster)
        return to_xlsx(table, t("export-sheet")) if fmt == "xlsx" else to_csv(table)

    await send_document(
        ctx.bot,
        callback.from_user.id,
        build,
        f"registrations-event-{roster.event.id}.{fmt}",
        t("export-caption", title=h(short(roster.event.title, 200))),
    )
    await callback.answer()


def setup() -> Router:
    router = feature_router(__name__, Staff())
    router.callback_query.register(overview_screen, RegAdminCb.filter(F.act == RegAdminAct.LIST))
    router.callback_query.register(roster_screen, RegAdminCb.filter(F.act == RegAdminAct.ROSTER))
    router.callback_query.register(capacity_menu, RegAdminCb.filter(F.act == RegAdminAct.CAP))
    router.callback_query.register(capacity_set, RegAdminCb.filter(F.act == RegAdminAct.CAP_SET))
    router.callback_query.register(
        close_or_reopen, RegAdminCb.filter(F.act.in_({RegAdminAct.CLOSE, RegAdminAct.REOPEN}))
    )
    router.callback_query.register(attendance_screen, RegAdminCb.filter(F.act.in_(ATTENDANCE)))
    router.callback_query.register(export, RegAdminCb.filter(F.act == RegAdminAct.EXPORT))
    return router
