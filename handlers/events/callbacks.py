"""The schedule, the event card and the coordinators' event form. Each button carries all it needs (page,
filters), so an old menu still works after a restart."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.ids import CbInt


class ScheduleAct(StrEnum):
    LIST = "list"
    AUD = "aud"  # the filters' menus
    KIND = "kind"
    ORG = "org"
    MONTH = "month"


FILTER_MENUS = (ScheduleAct.AUD, ScheduleAct.KIND, ScheduleAct.ORG, ScheduleAct.MONTH)


class ScheduleCb(CallbackData, prefix="s"):
    act: ScheduleAct
    a: str = ""  # audience filter: "" (the person's default), all, parents, teachers
    k: str = ""  # kind
    o: CbInt = 0  # organization id
    m: CbInt = 0  # month as YYYYMM
    p: CbInt = 0  # page


class EventAct(StrEnum):
    OPEN = "open"
    ICS = "ics"
    SHARE = "share"  # a link to the card for school chats and websites


class EventCb(CallbackData, prefix="e"):
    act: EventAct
    id: CbInt
    a: str = ""  # the schedule's filters and page, to go back to
    k: str = ""
    o: CbInt = 0
    m: CbInt = 0
    p: CbInt = 0


class EventAdminAct(StrEnum):
    NEW = "new"
    EDIT = "edit"
    CHOOSE = "choose"  # a value of a choice field
    ORG_PAGE = "org_page"  # another page of the organizations (v: the page)
    SKIP = "skip"
    FIELD = "field"  # change one field from the preview
    SAVE = "save"
    DISCARD = "discard"
    CANCEL_ASK = "cancel_ask"
    CANCEL_YES = "cancel_yes"


class EventAdminCb(CallbackData, prefix="ea"):
    act: EventAdminAct
    id: CbInt = 0
    v: str = ""
