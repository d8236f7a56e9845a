"""The network's sites: the list and a site's card."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.ids import CbInt


class OrgAct(StrEnum):
    LIST = "list"
    OPEN = "open"


class OrgCb(CallbackData, prefix="o"):
    act: OrgAct
    id: CbInt = 0
