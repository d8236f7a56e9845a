"""Signing up, needs, «My registrations», the training record; the coordinators' roster."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.ids import CbInt

EXPORT_FORMATS = ("xlsx", "csv")  # the file formats a button may ask for


class RegAct(StrEnum):
    JOIN = "join"
    NEEDS = "needs"
    NEED = "need"  # toggle one need
    OTHER = "other"  # type «something else» needed
    NAME = "name"  # type the name for the host's list
    CLEAR_OTHER = "clear_other"
    CLEAR_NAME = "clear_name"
    CANCEL_ASK = "cancel_ask"
    CANCEL = "cancel"
    MINE = "mine"
    RECORD = "record"
    RECORD_FILE = "record_file"


#: The typed answers and the buttons that clear them.
CLEAR = {RegAct.OTHER: RegAct.CLEAR_OTHER, RegAct.NAME: RegAct.CLEAR_NAME}


class RegCb(CallbackData, prefix="rg"):
    act: RegAct
    id: CbInt = 0  # event id
    v: str = ""  # a need code, a file format


class RegAdminAct(StrEnum):
    LIST = "list"
    ROSTER = "roster"
    CAP = "cap"
    CAP_SET = "cap_set"
    CLOSE = "close"
    REOPEN = "reopen"
    ATT = "att"
    ATT_ALL = "att_all"
    ATT_X = "att_x"  # one person's attendance
    EXPORT = "export"


class RegAdminCb(CallbackData, prefix="ra"):
    act: RegAdminAct
    id: CbInt  # event id (0 for the list)
    v: str = ""  # a number of seats, a registration id, a file format
