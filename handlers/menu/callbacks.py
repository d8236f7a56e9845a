"""The main menu's buttons."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class MenuTo(StrEnum):
    MAIN = "main"
    HELP = "help"


class MenuCb(CallbackData, prefix="m"):
    to: MenuTo
