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


class PlanImportCb(CallbackData, prefix="pi"):
    act: str  # start | save | warnings | preview | cancel
    tok: str = ""  # the pending import this button belongs to (a stale button no longer matches)


class RegCb(CallbackData, prefix="rg"):
    act: str  # join | cancel_ask | cancel | needs | need | other | name | mine | record | record_file
    id: int = 0  # event id
    v: str = ""  # a need code, a file format


class RegAdminCb(CallbackData, prefix="ra"):
    act: str  # list | roster | cap | cap_set | close | reopen | att | att_all | att_x | export
    id: int  # event id (0 for the list)
    v: str = ""  # a number of seats, a registration id, a file format


class ClubCb(CallbackData, prefix="cl"):
    act: str  # list | open | join | leave_ask | leave | skip | back | ask | questions | new | attach_menu | attach
    id: int = 0  # club id
    e: int = 0  # event id (a meeting)


class SurveyCb(CallbackData, prefix="sv"):
    act: str  # list | open | start | pick | tog | done | skip | back | noother | send | leave
    r: int = 0  # round id
    q: int = -1  # the question's place in the survey (a button of another question is refused)
    v: str = ""  # an answer value: option id, 1..5, yes/no, other


class SurveyAdminCb(CallbackData, prefix="sa"):
    act: str  # home | survey | rounds | aud | set_aud | opens_now | closes_in | round | results | charts | export
    # | close_ask | close_yes | seminar
    id: int = 0  # survey id or round id, as the action says
    v: str = ""


class BroadcastCb(CallbackData, prefix="bc"):
    act: str  # new | aud | ack | send | later | audience | discard | cancel | who
    v: str = ""  # audience name
    id: int = 0  # organization, event or club of the audience; or the broadcast


class AckCb(CallbackData, prefix="ack"):
    b: int  # the broadcast acknowledged
