"""Settings: language, role, organization, reminders."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from db.models import User
from handlers.common.commands import set_staff_commands
from handlers.common.context import Ctx, feature_router
from handlers.common.filters import Registered
from handlers.common.ids import id_from
from handlers.common.ui import show
from handlers.settings.callbacks import SET, SettingsAct, SettingsCb
from handlers.settings.views import choices_kb, settings_kb, settings_text
from services.core.errors import Outdated
from services.core.i18n import L
from services.core.permissions import is_staff
from services.people.users import NOTIFICATION_FIELDS, READING_FIELDS


async def _screen(ctx: Ctx, user: User, t: L) -> tuple[str, InlineKeyboardMarkup]:
    org = await ctx.organizations.get(user.organization_id) if user.organization_id else None
    return settings_text(t, user, org), settings_kb(t, user)


async def settings_command(message: Message, ctx: Ctx) -> None:
    text, markup = await _screen(ctx, ctx.user, ctx.t)
    await message.answer(text, reply_markup=markup)


async def settings_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await show(callback, *await _screen(ctx, ctx.user, ctx.t), new=ctx.t.screen_reader)


async def settings_choices(callback: CallbackQuery, callback_data: SettingsCb, ctx: Ctx) -> None:
    act = callback_data.act
    organizations = await ctx.organizations.all() if act == SettingsAct.ORG else []
    page = id_from(callback_data.v) or 0  # the organizations' page
    await show(
        callback,
        ctx.t(f"settings-choose-{act}"),
        choices_kb(ctx.t, act, organizations, page),
        new=ctx.t.screen_reader,
    )


async def settings_change(callback: CallbackQuery, callback_data: SettingsCb, ctx: Ctx) -> None:
    service = ctx.users
    user, value = ctx.user, callback_data.v
    toast = None
    if callback_data.act == SettingsAct.READING:
        if value not in READING_FIELDS:
            raise Outdated()
        user = await service.toggle_reading(user, value)
        t = ctx.translator.for_person(user)
        saved = "a11y-saved-screen-reader" if value == "screen_reader" else "a11y-saved-plain-language"
        toast = t(saved, state=t("on") if getattr(user, value) else t("off"))
    elif callback_data.act == SettingsAct.SET_LANG:
        user = await service.set_language(user, value)
        if is_staff(user):  # the staff commands in their chat follow their language
            await set_staff_commands(ctx.bot, ctx.translator, user.id, user.language)
    elif callback_data.act == SettingsAct.SET_ROLE:
        user = await service.set_role(user, value)
    elif callback_data.act == SettingsAct.SET_ORG:
        org_id = None if value == "none" else id_from(value)
        if value != "none" and org_id is None:
            raise Outdated()
        user = await service.set_organization(user, org_id)
    else:
        if value not in NOTIFICATION_FIELDS:
            raise Outdated()
        user = await service.toggle_notification(user, value)
        t = ctx.translator.for_person(user)
        # The switch's own label with its new state: «Напоминание за сутки: выключено».
        toast = t(
            f"btn-notify-{value.removeprefix('notify_')}", state=t("on") if getattr(user, value) else t("off")
        )
    t = ctx.translator.for_person(user)
    if toast is None and t.screen_reader:
        toast = t("toast-saved")
    await show(callback, *await _screen(ctx, user, t), toast=toast)


def setup() -> Router:
    router = feature_router(__name__, Registered())
    router.message.register(settings_command, Command("settings"))
    router.callback_query.register(settings_button, SettingsCb.filter(F.act == SettingsAct.SHOW))
    router.callback_query.register(settings_choices, SettingsCb.filter(F.act.in_(SET)))
    router.callback_query.register(
        settings_change,
        SettingsCb.filter(F.act.in_({*SET.values(), SettingsAct.TOGGLE, SettingsAct.READING})),
    )
    return router
