"""The staff screen (an administrator's, not in a coordinator's menu): administrators and coordinators with their
organization, changing a role or an organization, revoking; the open invites, withdrawing one, and a new invite as
a ready `t.me/<bot>?start=inv_…` link. The service checks the administrator on every press."""

from __future__ import annotations

from datetime import timedelta

from aiogram import F, Router
from aiogram.types import CallbackQuery

from handlers.admin.callbacks import StaffAct, StaffCb
from handlers.admin.staff_views import (
    invite_made_view,
    invites_view,
    member_view,
    new_invite_role_view,
    org_picker_view,
    revoke_confirm_view,
    revoked_view,
    staff_view,
)
from handlers.common.commands import clear_staff_commands, set_staff_commands
from handlers.common.context import Ctx, feature_router
from handlers.common.filters import Staff
from handlers.common.ids import id_from
from handlers.common.links import start_link
from handlers.common.ui import show
from services.core.errors import Outdated
from services.people.organizations import require_admin
from services.people.staff import STAFF_ROLES
from services.people.users import INVITE_PREFIX


async def staff_list(callback: CallbackQuery, callback_data: StaffCb, ctx: Ctx) -> None:
    await ctx.state.clear()
    members = await ctx.staff.members(ctx.user)
    await show(callback, *staff_view(ctx.t, members, callback_data.p))


async def person(callback: CallbackQuery, callback_data: StaffCb, ctx: Ctx) -> None:
    member = await ctx.staff.member(ctx.user, callback_data.id)
    await show(callback, *member_view(ctx.t, member))


async def set_role(callback: CallbackQuery, callback_data: StaffCb, ctx: Ctx) -> None:
    service = ctx.staff
    member = await service.set_role(ctx.user, callback_data.id, callback_data.v)
    await set_staff_commands(ctx.bot, ctx.translator, member.id, await service.language_of(member.id))
    await show(callback, *member_view(ctx.t, member))


async def pick_org(callback: CallbackQuery, callback_data: StaffCb, ctx: Ctx) -> None:
    member = await ctx.staff.member(ctx.user, callback_data.id)
    orgs = await ctx.organizations.all()
    await show(
        callback,
        *org_picker_view(
            ctx.t,
            orgs,
            callback_data.p,
            ctx.t("staff-ask-org"),
            lambda org_id: StaffCb(act=StaffAct.BIND, id=member.id, v=str(org_id)),
            lambda p: StaffCb(act=StaffAct.ORGS, id=member.id, p=p),
            ctx.t("staff-whole-network"),
            StaffCb(act=StaffAct.PERSON, id=member.id),
        ),
    )


def _org_id(value: str) -> int | None:
    org_id = id_from(value)
    if org_id is None:
        raise Outdated()
    return org_id or None


async def bind(callback: CallbackQuery, callback_data: StaffCb, ctx: Ctx) -> None:
    member = await ctx.staff.bind(ctx.user, callback_data.id, _org_id(callback_data.v))
    await show(callback, *member_view(ctx.t, member))


async def revoke_ask(callback: CallbackQuery, callback_data: StaffCb, ctx: Ctx) -> None:
    member = await ctx.staff.member(ctx.user, callback_data.id)
    await show(callback, *revoke_confirm_view(ctx.t, member))


async def revoke(callback: CallbackQuery, callback_data: StaffCb, ctx: Ctx) -> None:
    user = await ctx.staff.revoke(ctx.user, callback_data.id)
    await clear_staff_commands(ctx.bot, user.id)  # their chat's menu loses /new_event and /broadcast
    await show(callback, *revoked_view(ctx.t, user.id))


async def invites(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.clear()
    found = await ctx.staff.open_invites(ctx.user)
    await show(callback, *invites_view(ctx.t, found, ctx.settings.tz))


async def withdraw(callback: CallbackQuery, callback_data: StaffCb, ctx: Ctx) -> None:
    service = ctx.staff
    await service.withdraw(ctx.user, callback_data.v)
    await show(callback, *invites_view(ctx.t, await service.open_invites(ctx.user), ctx.settings.tz))


async def new_invite(callback: CallbackQuery, ctx: Ctx) -> None:
    require_admin(ctx.user)
    await show(callback, *new_invite_role_view(ctx.t))


async def new_invite_org(callback: CallbackQuery, callback_data: StaffCb, ctx: Ctx) -> None:
    require_admin(ctx.user)
    orgs = await ctx.organizations.all()
    await show(
        callback,
        *org_picker_view(
            ctx.t,
            orgs,
            callback_data.p,
            ctx.t("staff-invite-ask-org"),
            lambda org_id: StaffCb(act=StaffAct.NEW_MAKE, id=org_id, v="coordinator"),
            lambda p: StaffCb(act=StaffAct.NEW_ORGS, p=p, v="coordinator"),
            ctx.t("staff-whole-network"),
            StaffCb(act=StaffAct.NEW),
        ),
    )


async def make_invite(callback: CallbackQuery, callback_data: StaffCb, ctx: Ctx) -> None:
    if callback_data.v not in STAFF_ROLES:
        raise Outdated()
    org_id = callback_data.id or None
    ttl = timedelta(days=ctx.settings.invite_ttl_days)
    invite = await ctx.staff.invite(ctx.user, callback_data.v, org_id, ttl)
    link = await start_link(ctx.bot, f"{INVITE_PREFIX}{invite.code}")
    org = await ctx.organizations.get(org_id) if org_id else None
    until = invite.expires_at.astimezone(ctx.settings.tz).strftime("%d.%m.%Y %H:%M")
    await show(callback, *invite_made_view(ctx.t, link, invite.role, org.short_name if org else None, until))


def setup() -> Router:
    router = feature_router(__name__, Staff())
    cb = router.callback_query
    cb.register(staff_list, StaffCb.filter(F.act == StaffAct.LIST))
    cb.register(person, StaffCb.filter(F.act == StaffAct.PERSON))
    cb.register(set_role, StaffCb.filter(F.act == StaffAct.ROLE))
    cb.register(pick_org, StaffCb.filter(F.act == StaffAct.ORGS))
    cb.register(bind, StaffCb.filter(F.act == StaffAct.BIND))
    cb.register(revoke_ask, StaffCb.filter(F.act == StaffAct.REVOKE))
    cb.register(revoke, StaffCb.filter(F.act == StaffAct.REVOKE_YES))
    cb.register(invites, StaffCb.filter(F.act == StaffAct.INVITES))
    cb.register(withdraw, StaffCb.filter(F.act == StaffAct.WITHDRAW))
    cb.register(new_invite, StaffCb.filter(F.act == StaffAct.NEW))
    cb.register(new_invite_org, StaffCb.filter(F.act == StaffAct.NEW_ORGS))
    cb.register(make_invite, StaffCb.filter(F.act == StaffAct.NEW_MAKE))
    return router
