"""/mydata and /forget buttons."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.ids import CbInt


class PrivacyAct(StrEnum):
    SHOW = "show"
    ASK = "ask"
    YES = "yes"
    NO = "no"


class PrivacyCb(CallbackData, prefix="pd"):
    act: PrivacyAct


class MyDataPageCb(CallbackData, prefix="pdp"):
    """A page of the sign-ups under /mydata."""

    p: CbInt
