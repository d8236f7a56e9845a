"""The network's sites, grouped by role, each with what it offers and its upcoming events."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery

from handlers.common.context import Ctx, feature_router
from handlers.common.filters import Registered
from handlers.common.ui import show
from handlers.organizations.callbacks import OrgAct, OrgCb
from handlers.organizations.views import org_kb, org_list_view, org_text
from services.people.organizations import may_edit_card

ORG_EVENTS_SHOWN = 3


async def org_list(callback: CallbackQuery, callback_data: OrgCb, ctx: Ctx) -> None:
    groups = await ctx.organizations.grouped()
    await show(callback, *org_list_view(ctx.t, groups, callback_data.id))  # id: the page


async def org_card(callback: CallbackQuery, callback_data: OrgCb, ctx: Ctx) -> None:
    org = await ctx.organizations.get(callback_data.id)
    events = await ctx.events.upcoming_for_org(org.id, ORG_EVENTS_SHOWN)
    await show(
        callback,
        org_text(ctx.t, ctx.settings, org, events),
        org_kb(ctx.t, org, events, may_edit_card(ctx.user, org.id)),
    )


def setup() -> Router:
    router = feature_router(__name__, Registered())
    router.callback_query.register(org_list, OrgCb.filter(F.act == OrgAct.LIST))
    router.callback_query.register(org_card, OrgCb.filter(F.act == OrgAct.OPEN))
    return router
