"""Callback data of every inline button. Each button carries all it needs (page, filters), so an old menu
still works after a restart, and anything that does not unpack is answered as an outdated menu."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class OnboardCb(CallbackData, prefix="ob"):
    step: str  # consent | decline | lang | role | org
    value: str = ""
    inv: str = ""  # an invite code carried through consent


class ScheduleCb(CallbackData, prefix="s"):
    act: str  # list | aud | kind | org | month
    a: str = ""  # audience filter: "" (the person's default), all, parents, teachers
    k: str = ""  # kind
    o: int = 0  # organization id
    m: int = 0  # month as YYYYMM
    p: int = 0  # page


class EventCb(CallbackData, prefix="e"):
    act: str  # open | ics
    id: int
    a: str = ""
    k: str = ""
    o: int = 0
    m: int = 0
    p: int = 0


class OrgCb(CallbackData, prefix="o"):
    act: str  # list | open
    id: int = 0


class SettingsCb(CallbackData, prefix="st"):
    act: str  # show | lang | role | org | notify | set_lang | set_role | set_org | toggle
    v: str = ""


class PrivacyCb(CallbackData, prefix="pd"):
    act: str  # show | ask | yes | no


class EventAdminCb(CallbackData, prefix="ea"):
    act: str  # new | edit | field | cancel_ask | cancel_yes | save | discard | skip | kind | aud | org
    id: int = 0
    v: str = ""


class BroadcastCb(CallbackData, prefix="bc"):
    act: str  # new | aud | ack | send | later | audience | discard | cancel | who
    v: str = ""  # audience name
    id: int = 0  # organization, event or club of the audience; or the broadcast


class AckCb(CallbackData, prefix="ack"):
    b: int  # the broadcast acknowledged
