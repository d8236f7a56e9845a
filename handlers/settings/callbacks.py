"""The settings screen's buttons."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class SettingsAct(StrEnum):
    SHOW = "show"
    LANG = "lang"  # the choices of a setting ...
    ROLE = "role"
    ORG = "org"
    SET_LANG = "set_lang"  # ... and the choice made
    SET_ROLE = "set_role"
    SET_ORG = "set_org"
    TOGGLE = "toggle"  # a reminder on or off
    READING = "reading"  # a reading setting on or off: screen reader, plain language


class SettingsCb(CallbackData, prefix="st"):
    act: SettingsAct
    v: str = ""


#: The button that sets what a choices screen offers.
SET = {
    SettingsAct.LANG: SettingsAct.SET_LANG,
    SettingsAct.ROLE: SettingsAct.SET_ROLE,
    SettingsAct.ORG: SettingsAct.SET_ORG,
}
