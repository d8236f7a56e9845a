"""Coordinators' list of imported plans: open one, read its items, archive, restore or delete it. The service
checks who may see and change which plan."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery

from handlers.common.context import Ctx
from handlers.common.ui import show
from handlers.plan_import.callbacks import PlanAct, PlanCb
from handlers.plan_import.plans_views import (
    card_view,
    delete_ask_view,
    deleted_view,
    items_view,
    plans_view,
)


async def plans(callback: CallbackQuery, callback_data: PlanCb, ctx: Ctx) -> None:
    archived = bool(callback_data.a)
    listing = await ctx.imported_plans.page(ctx.user, callback_data.p, archived)
    await show(callback, *plans_view(ctx.t, ctx.settings, listing, archived))


async def open_plan(callback: CallbackQuery, callback_data: PlanCb, ctx: Ctx) -> None:
    card = await ctx.imported_plans.card(ctx.user, callback_data.id)
    await show(callback, *card_view(ctx.t, ctx.settings, card, callback_data.p, bool(callback_data.a)))


async def items(callback: CallbackQuery, callback_data: PlanCb, ctx: Ctx) -> None:
    found = await ctx.imported_plans.items(ctx.user, callback_data.id, callback_data.p)
    await show(callback, *items_view(ctx.t, ctx.settings, found, bool(callback_data.a)))


async def archive(callback: CallbackQuery, callback_data: PlanCb, ctx: Ctx) -> None:
    archived = callback_data.act == PlanAct.ARCHIVE
    service = ctx.imported_plans
    await service.set_archived(ctx.user, callback_data.id, archived)
    card = await service.card(ctx.user, callback_data.id)
    toast = ctx.t("plans-toast-archived" if archived else "plans-toast-restored")
    await show(
        callback, *card_view(ctx.t, ctx.settings, card, callback_data.p, bool(callback_data.a)), toast=toast
    )


async def delete_ask(callback: CallbackQuery, callback_data: PlanCb, ctx: Ctx) -> None:
    card = await ctx.imported_plans.card(ctx.user, callback_data.id)
    await show(callback, *delete_ask_view(ctx.t, card, callback_data.p, bool(callback_data.a)))


async def delete_yes(callback: CallbackQuery, callback_data: PlanCb, ctx: Ctx) -> None:
    deleted = await ctx.imported_plans.delete(ctx.user, callback_data.id)
    await show(
        callback,
        *deleted_view(ctx.t, deleted, callback_data.p, bool(callback_data.a)),
        toast=ctx.t("plans-toast-deleted"),
    )


def register(staff: Router) -> None:
    observe = staff.callback_query
    observe.register(plans, PlanCb.filter(F.act == PlanAct.LIST))
    observe.register(open_plan, PlanCb.filter(F.act == PlanAct.OPEN))
    observe.register(items, PlanCb.filter(F.act == PlanAct.ITEMS))
    observe.register(archive, PlanCb.filter(F.act.in_({PlanAct.ARCHIVE, PlanAct.RESTORE})))
    observe.register(delete_ask, PlanCb.filter(F.act == PlanAct.DELETE_ASK))
    observe.register(delete_yes, PlanCb.filter(F.act == PlanAct.DELETE_YES))
