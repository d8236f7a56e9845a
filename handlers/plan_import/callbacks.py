"""Plan import buttons."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


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
