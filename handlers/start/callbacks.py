"""Onboarding's buttons: consent, language, role, organization."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class OnboardStep(StrEnum):
    CONSENT = "consent"
    DECLINE = "decline"
    LANG = "lang"
    ROLE = "role"
    ORG = "org"
    ORG_PAGE = "org_page"  # another page of the organizations (value: the page)
    A11Y = "a11y"  # the optional question about reading settings


class OnboardCb(CallbackData, prefix="ob"):
    step: OnboardStep
    value: str = ""
    inv: str = ""  # an invite code carried through consent
