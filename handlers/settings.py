"""Settings: language, role, organization, reminders."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.models import User
from handlers.callbacks import RegCb, SettingsCb
from handlers.common import MenuCb, Registered, h, short, show
from services.core.domain import SELF_SERVICE_ROLES
from services.core.errors import Outdated
from services.core.i18n import L, Translator
from services.core.permissions import is_staff
from services.people.organizations import OrganizationService
from services.people.users import NOTIFICATION_FIELDS, UserService
from services.registration.registrations import RECORD_ROLES


async def settings_text(t: L, user: User, session: AsyncSession) -> str:
    org = await OrganizationService(session).get(user.organization_id) if user.organization_id else None
    on, off = t("on"), t("off")
    return t(
        "settings-text",
        language=t(f"language-{user.language}"),
        role=t(f"role-{user.role}") if user.role else "—",
        org=h(org.short_name) if org else "—",
        n24=on if user.notify_24h else off,
        n2=on if user.notify_2h else off,
    )


def settings_kb(t: L, user: User) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-language"), callback_data=SettingsCb(act="lang").pack())
    if not is_staff(user):
        kb.button(text=t("btn-role"), callback_data=SettingsCb(act="role").pack())
        kb.button(text=t("btn-org"), callback_data=SettingsCb(act="org").pack())
    kb.button(
        text=t("btn-notify-24h", state=t("on") if user.notify_24h else t("off")),
        callback_data=SettingsCb(act="toggle", v="notify_24h").pack(),
    )
    kb.button(
        text=t("btn-notify-2h", state=t("on") if user.notify_2h else t("off")),
        callback_data=SettingsCb(act="toggle", v="notify_2h").pack(),
    )
    kb.button(
        text=t("btn-notify-deadlines", state=t("on") if user.notify_deadlines else t("off")),
        callback_data=SettingsCb(act="toggle", v="notify_deadlines").pack(),
    )
    if user.role in RECORD_ROLES:
        kb.button(text=t("btn-record"), callback_data=RegCb(act="record").pack())
    kb.button(text=t("btn-menu"), callback_data=MenuCb(to="main").pack())
    kb.adjust(1)
    return kb.as_markup()


async def settings_command(message: Message, user: User, session: AsyncSession, t: L) -> None:
    await message.answer(await settings_text(t, user, session), reply_markup=settings_kb(t, user))


async def _show_settings(callback: CallbackQuery, user: User, session: AsyncSession, t: L) -> None:
    await show(callback, await settings_text(t, user, session), settings_kb(t, user))


async def settings_button(callback: CallbackQuery, user: User, session: AsyncSession, t: L) -> None:
    await _show_settings(callback, user, session, t)


async def settings_choices(
    callback: CallbackQuery, callback_data: SettingsCb, session: AsyncSession, t: L
) -> None:
    kb = InlineKeyboardBuilder()
    if callback_data.act == "lang":
        options = [("🇷🇺 Русский", "ru"), ("🇬🇧 English", "en")]
    elif callback_data.act == "role":
        options = [(t(f"role-{role}-button"), role.value) for role in SELF_SERVICE_ROLES]
    else:
        orgs = await OrganizationService(session).all()
        options = [(short(o.short_name), str(o.id)) for o in orgs] + [(t("btn-no-org"), "none")]
    for label, value in options:
        kb.button(text=label, callback_data=SettingsCb(act=f"set_{callback_data.act}", v=value).pack())
    kb.button(text=t("btn-back"), callback_data=SettingsCb(act="show").pack())
    kb.adjust(1)
    await show(callback, t(f"settings-choose-{callback_data.act}"), kb.as_markup())


async def settings_change(
    callback: CallbackQuery,
    callback_data: SettingsCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    translator: Translator,
) -> None:
    service = UserService(session, settings.admin_ids)
    value = callback_data.v
    if callback_data.act == "set_lang":
        user = await service.set_language(user, value)
    elif callback_data.act == "set_role":
        user = await service.set_role(user, value)
    elif callback_data.act == "set_org":
        if value != "none" and not value.isdigit():
            raise Outdated()
        user = await service.set_organization(user, None if value == "none" else int(value))
    else:
        if value not in NOTIFICATION_FIELDS:
            raise Outdated()
        user = await service.toggle_notification(user, value)
    await _show_settings(callback, user, session, translator.bind(user.language))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(settings_command, Command("settings"))
    router.callback_query.register(settings_button, SettingsCb.filter(F.act == "show"))
    router.callback_query.register(settings_choices, SettingsCb.filter(F.act.in_({"lang", "role", "org"})))
    router.callback_query.register(
        settings_change, SettingsCb.filter(F.act.in_({"set_lang", "set_role", "set_org", "toggle"}))
    )
    return router
