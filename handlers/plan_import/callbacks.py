"""Plan import buttons."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.ids import CbInt


class PlanImportAct(StrEnum):
    START = "start"
    SAVE = "save"
    WARNINGS = "warnings"
    PREVIEW = "preview"
    XLSX = "xlsx"
    CANCEL = "cancel"


class PlanImportCb(CallbackData, prefix="pi"):
    act: PlanImportAct
    tok: str = ""  # the pending import this button belongs to (a stale button no longer matches)


class PlanAct(StrEnum):
    LIST = "list"  # the plans, page `p`; `a` 1: the archived ones
    OPEN = "open"  # plan `id`
    ITEMS = "items"  # its items, page `p`
    ARCHIVE = "arch"
    RESTORE = "rest"
    DELETE_ASK = "del_ask"
    DELETE_YES = "del_yes"


class PlanCb(CallbackData, prefix="pl"):
    act: PlanAct
    id: CbInt = 0
    p: CbInt = 0
    a: CbInt = 0  # 1: the list of archived plans is where the person came from
