"""Onboarding's keyboards."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from db.models import Organization
from handlers.common.ui import button, keyboard, page_of, pager, short
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.start.callbacks import OnboardCb, OnboardStep
from handlers.surveys.callbacks import SurveyAct, SurveyCb
from handlers.views.languages import LANGUAGES
from services.core.domain import SELF_SERVICE_ROLES
from services.core.i18n import L


def consent_kb(t: L, invite: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-consent-yes"), callback_data=OnboardCb(step=OnboardStep.CONSENT, inv=invite).pack())
    kb.button(text=t("btn-consent-no"), callback_data=OnboardCb(step=OnboardStep.DECLINE).pack())
    kb.adjust(1)
    return kb.as_markup()


def language_kb() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for label, code in LANGUAGES:
        kb.button(text=label, callback_data=OnboardCb(step=OnboardStep.LANG, value=code).pack())
    return kb.as_markup()


def role_kb(t: L) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for role in SELF_SERVICE_ROLES:
        kb.button(
            text=t(f"role-{role}-button"), callback_data=OnboardCb(step=OnboardStep.ROLE, value=role).pack()
        )
    kb.adjust(1)
    return kb.as_markup()


def org_kb(t: L, organizations: list[Organization], page: int = 0) -> InlineKeyboardMarkup:
    shown = page_of(organizations, page)
    kb = InlineKeyboardBuilder()
    for org in shown.items:
        kb.button(
            text=short(org.short_name),
            callback_data=OnboardCb(step=OnboardStep.ORG, value=str(org.id)).pack(),
        )
    kb.adjust(1)
    kb.row(*pager(t, shown, lambda p: OnboardCb(step=OnboardStep.ORG_PAGE, value=str(p))))
    kb.row(button(t("btn-skip"), OnboardCb(step=OnboardStep.ORG, value="skip")))
    return kb.as_markup()


#: The answers to «how do you like to read?»: value → (screen reader, plain language).
A11Y_ANSWERS = {
    "sr": (True, False),
    "plain": (False, True),
    "both": (True, True),
    "none": (False, False),
}
_A11Y_LABELS = {
    "sr": "btn-a11y-ask-screen-reader",
    "plain": "btn-a11y-ask-plain-language",
    "both": "btn-a11y-ask-both",
    "none": "btn-a11y-ask-none",
}


def a11y_kb(t: L) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for value, label in _A11Y_LABELS.items():
        kb.button(text=t(label), callback_data=OnboardCb(step=OnboardStep.A11Y, value=value).pack())
    kb.adjust(1)
    return kb.as_markup()


def surveys_kb(t: L) -> InlineKeyboardMarkup:
    """Under the answer to a shared survey link that cannot be opened: the open surveys, the menu."""
    return keyboard(
        [button(t("btn-surveys-list"), SurveyCb(act=SurveyAct.LIST))],
        [button(t("btn-menu"), MenuCb(to=MenuTo.MAIN))],
    )
