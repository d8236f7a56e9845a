"""Parent clubs' buttons."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.ids import CbInt


class ClubAct(StrEnum):
    LIST = "list"
    OPEN = "open"
    JOIN = "join"
    LEAVE_ASK = "leave_ask"
    LEAVE = "leave"
    SKIP = "skip"  # one meeting
    BACK = "back"  # going to a skipped meeting after all
    ASK = "ask"  # an anonymous question to the host
    QUESTIONS = "questions"
    NEW = "new"
    NEW_SKIP = "new_skip"  # a new club without a description
    ATTACH_MENU = "attach_menu"
    ATTACH = "attach"


class ClubCb(CallbackData, prefix="cl"):
    act: ClubAct
    id: CbInt = 0  # club id
    e: CbInt = 0  # event id (a meeting)
