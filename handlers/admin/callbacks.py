"""The administrator's screens: the registry of organizations, a card being edited, the registry import, the staff
and the invites."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.ids import CbInt


class AdminAct(StrEnum):
    HOME = "home"
    ORGS = "orgs"  # the registry, a page of it
    ORG = "org"  # a card for editing
    EDIT = "edit"  # ask a new value of field `f`
    CLEAR = "clear"  # empty the optional field `f`
    ROLE = "role"  # set the network role to `f`
    ARCHIVE = "arch"
    RESTORE = "rest"
    ADD = "add"
    IMPORT = "imp"
    TEMPLATE = "tpl"
    SAVE = "save"  # save the previewed import `f` (its token)


class AdminCb(CallbackData, prefix="ad"):
    act: AdminAct
    id: CbInt = 0
    p: CbInt = 0
    f: str = ""


class StaffAct(StrEnum):
    LIST = "list"
    PERSON = "person"
    ROLE = "role"  # make person `id` a coordinator or an admin (`v`)
    ORGS = "orgs"  # the organizations to bind person `id` to, page `p`
    BIND = "bind"  # bind person `id` to organization `v` (0: the whole network)
    REVOKE = "revoke"  # ask
    REVOKE_YES = "revoke_yes"
    INVITES = "invites"
    WITHDRAW = "withdraw"  # withdraw invite `v`
    NEW = "new"  # a new invite: the role `v`
    NEW_ORGS = "new_orgs"  # ... then the organization, page `p`
    NEW_MAKE = "new_make"  # ... made with role `v` and organization `id` (0: none)


class StaffCb(CallbackData, prefix="sf"):
    act: StaffAct
    id: CbInt = 0
    p: CbInt = 0
    v: str = ""
