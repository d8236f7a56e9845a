"""The settings screen and its choices."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from db.models import Organization, User
from handlers.common.ui import button, h, page_of, pager, short
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.registration.callbacks import RegAct, RegCb
from handlers.settings.callbacks import SET, SettingsAct, SettingsCb
from handlers.views.languages import LANGUAGES
from services.core.domain import SELF_SERVICE_ROLES
from services.core.i18n import L
from services.core.permissions import is_staff
from services.registration.registrations import RECORD_ROLES


def settings_text(t: L, user: User, org: Organization | None) -> str:
    on, off = t("on"), t("off")
    text = t(
        "settings-text",
        language=t(f"language-{user.language}"),
        role=t(f"role-{user.role}") if user.role else "—",
        org=h(org.short_name) if org else "—",
        n24=on if user.notify_24h else off,
        n2=on if user.notify_2h else off,
    )
    reading = t(
        "a11y-settings-lines",
        screen_reader=on if user.screen_reader else off,
        plain_language=on if user.plain_language else off,
    )
    return text + "\n" + reading


#: A reading setting's switch label, by its users column.
READING_BUTTONS = {"screen_reader": "btn-a11y-screen-reader", "plain_language": "btn-a11y-plain-language"}


def settings_kb(t: L, user: User) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-language"), callback_data=SettingsCb(act=SettingsAct.LANG).pack())
    if not is_staff(user):
        kb.button(text=t("btn-role"), callback_data=SettingsCb(act=SettingsAct.ROLE).pack())
        kb.button(text=t("btn-org"), callback_data=SettingsCb(act=SettingsAct.ORG).pack())
    for field, key in (
        ("notify_24h", "btn-notify-24h"),
        ("notify_2h", "btn-notify-2h"),
        ("notify_deadlines", "btn-notify-deadlines"),
    ):
        kb.button(
            text=t(key, state=t("on") if getattr(user, field) else t("off")),
            callback_data=SettingsCb(act=SettingsAct.TOGGLE, v=field).pack(),
        )
    for field, key in READING_BUTTONS.items():
        kb.button(
            text=t(key, state=t("on") if getattr(user, field) else t("off")),
            callback_data=SettingsCb(act=SettingsAct.READING, v=field).pack(),
        )
    if user.role in RECORD_ROLES:
        kb.button(text=t("btn-record"), callback_data=RegCb(act=RegAct.RECORD).pack())
    kb.button(text=t("btn-menu"), callback_data=MenuCb(to=MenuTo.MAIN).pack())
    kb.adjust(1)
    return kb.as_markup()


def choices_kb(
    t: L, act: SettingsAct, organizations: list[Organization], page: int = 0
) -> InlineKeyboardMarkup:
    """The values of one setting (`act` is lang, role or org; organizations a page at a time)."""
    shown = page_of(organizations, page)
    if act == SettingsAct.LANG:
        options = list(LANGUAGES)
    elif act == SettingsAct.ROLE:
        options = [(t(f"role-{role}-button"), role.value) for role in SELF_SERVICE_ROLES]
    else:
        options = [(short(o.short_name), str(o.id)) for o in shown.items] + [(t("btn-no-org"), "none")]
    kb = InlineKeyboardBuilder()
    for label, value in options:
        kb.button(text=label, callback_data=SettingsCb(act=SET[act], v=value).pack())
    kb.adjust(1)
    if act == SettingsAct.ORG:
        kb.row(*pager(t, shown, lambda p: SettingsCb(act=SettingsAct.ORG, v=str(p))))
    kb.row(button(t("btn-back"), SettingsCb(act=SettingsAct.SHOW)))
    return kb.as_markup()
