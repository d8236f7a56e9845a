"""Buttons already sitting in people's chats keep working: the callback classes with enum actions pack to exactly
the strings the classes with plain string actions packed, and unpack those strings.

`Old*` below are the callback classes as they were before the actions became enums (fields, order, prefixes
copied verbatim); `ACTIONS` lists every action string the code used. Nothing here is derived from the new classes."""

from __future__ import annotations

from enum import StrEnum

import pytest
from aiogram.filters.callback_data import CallbackData

from handlers import callbacks as new


class OldOnboardCb(CallbackData, prefix="ob"):
    step: str
    value: str = ""
    inv: str = ""


class OldMenuCb(CallbackData, prefix="m"):
    to: str


class OldScheduleCb(CallbackData, prefix="s"):
    act: str
    a: str = ""
    k: str = ""
    o: int = 0
    m: int = 0
    p: int = 0


class OldEventCb(CallbackData, prefix="e"):
    act: str
    id: int
    a: str = ""
    k: str = ""
    o: int = 0
    m: int = 0
    p: int = 0


class OldOrgCb(CallbackData, prefix="o"):
    act: str
    id: int = 0


class OldSettingsCb(CallbackData, prefix="st"):
    act: str
    v: str = ""


class OldPrivacyCb(CallbackData, prefix="pd"):
    act: str


class OldEventAdminCb(CallbackData, prefix="ea"):
    act: str
    id: int = 0
    v: str = ""


class OldPlanImportCb(CallbackData, prefix="pi"):
    act: str
    tok: str = ""


class OldPlanCb(CallbackData, prefix="pl"):
    act: str
    id: int = 0
    p: int = 0
    a: int = 0


class OldRegCb(CallbackData, prefix="rg"):
    act: str
    id: int = 0
    v: str = ""


class OldRegAdminCb(CallbackData, prefix="ra"):
    act: str
    id: int
    v: str = ""


class OldClubCb(CallbackData, prefix="cl"):
    act: str
    id: int = 0
    e: int = 0


class OldSurveyCb(CallbackData, prefix="sv"):
    act: str
    r: int = 0
    q: int = -1
    v: str = ""


class OldSurveyAdminCb(CallbackData, prefix="sa"):
    act: str
    id: int = 0
    v: str = ""


class OldBroadcastCb(CallbackData, prefix="bc"):
    act: str
    v: str = ""
    id: int = 0


# (old class, new class, action field, new enum, every action string in use, the other fields of a full button;
# actions added later — the pages of long pickers — are listed with the old ones, packed the same way)
ACTIONS = [
    (OldOnboardCb, new.OnboardCb, "step", new.OnboardStep, "consent decline lang role org org_page a11y", {"value": "ru", "inv": "Ab3"}),
    (OldMenuCb, new.MenuCb, "to", new.MenuTo, "main help", {}),
    (OldScheduleCb, new.ScheduleCb, "act", new.ScheduleAct, "list aud kind org month", {"a": "parents", "k": "seminar", "o": 3, "m": 202611, "p": 2}),
    (OldEventCb, new.EventCb, "act", new.EventAct, "open ics share", {"id": 12, "a": "all", "k": "", "o": 3, "m": 0, "p": 1}),
    (OldOrgCb, new.OrgCb, "act", new.OrgAct, "list open", {"id": 4}),
    (OldSettingsCb, new.SettingsCb, "act", new.SettingsAct, "show lang role org set_lang set_role set_org toggle reading", {"v": "notify_2h"}),
    (OldPrivacyCb, new.PrivacyCb, "act", new.PrivacyAct, "show ask yes no", {}),
    (OldEventAdminCb, new.EventAdminCb, "act", new.EventAdminAct, "new edit choose org_page skip field save discard cancel_ask cancel_yes", {"id": 7, "v": "title"}),
    (OldPlanImportCb, new.PlanImportCb, "act", new.PlanImportAct, "start save warnings preview xlsx cancel", {"tok": "9f3a0c1d"}),
    (OldPlanCb, new.PlanCb, "act", new.PlanAct, "list open items arch rest del_ask del_yes", {"id": 3, "p": 1, "a": 1}),
    (OldRegCb, new.RegCb, "act", new.RegAct, "join needs need other name clear_other clear_name cancel_ask cancel mine record record_file", {"id": 5, "v": "ramp"}),
    (OldRegAdminCb, new.RegAdminCb, "act", new.RegAdminAct, "list roster cap cap_set close reopen att att_all att_x export", {"id": 5, "v": "15"}),
    (OldClubCb, new.ClubCb, "act", new.ClubAct, "list open join leave_ask leave skip back ask questions new new_skip attach_menu attach", {"id": 2, "e": 31}),
    (OldSurveyCb, new.SurveyCb, "act", new.SurveyAct, "list open start pick tog done skip back noother send leave share", {"r": 8, "q": 3, "v": "other"}),
    (OldSurveyAdminCb, new.SurveyAdminCb, "act", new.SurveyAdminAct, "home survey rounds aud set_aud opens_now closes_in round results charts export close_ask close_yes seminar share", {"id": 6, "v": "org14"}),
    (OldBroadcastCb, new.BroadcastCb, "act", new.BroadcastAct, "new aud targets ack send later audience discard cancel who voice novoice list report", {"v": "waitlist", "id": 9}),
]  # fmt: skip

CASES = [
    pytest.param(old, cls, field, enum, action, fields, id=f"{old.__prefix__}:{action}")
    for old, cls, field, enum, actions, fields in ACTIONS
    for action in actions.split()
]


@pytest.mark.parametrize(("old", "cls", "field", "enum", "action", "fields"), CASES)
def test_old_buttons_unpack_and_new_buttons_pack_the_same(
    old: type[CallbackData],
    cls: type[CallbackData],
    field: str,
    enum: type[StrEnum],
    action: str,
    fields: dict,
) -> None:
    required = {name: value for name, value in fields.items() if old.model_fields[name].is_required()}
    for values in (fields, required):  # a button with every field set, and one with the defaults
        packed = old(**{field: action, **values}).pack()
        button = cls.unpack(packed)
        assert getattr(button, field) is enum(action)
        assert button.pack() == packed
        assert cls(**{field: enum(action), **values}).pack() == packed


@pytest.mark.parametrize(
    ("old", "cls", "field", "enum", "actions", "fields"), ACTIONS, ids=[a[0].__prefix__ for a in ACTIONS]
)
def test_the_enums_hold_exactly_the_old_actions_and_the_classes_keep_prefix_and_field_order(
    old: type[CallbackData],
    cls: type[CallbackData],
    field: str,
    enum: type[StrEnum],
    actions: str,
    fields: dict,
) -> None:
    assert sorted(member.value for member in enum) == sorted(actions.split())
    assert cls.__prefix__ == old.__prefix__
    assert cls.__separator__ == old.__separator__
    assert list(cls.model_fields) == list(old.model_fields)


def test_buttons_as_they_are_written_in_chats() -> None:
    assert new.RegCb.unpack("rg:join:5:") == new.RegCb(act=new.RegAct.JOIN, id=5)
    assert new.RegCb(act=new.RegAct.JOIN, id=5).pack() == "rg:join:5:"
    assert new.EventCb(act=new.EventAct.OPEN, id=12).pack() == "e:open:12:::0:0:0"
    assert new.ScheduleCb.unpack("s:list:parents:seminar:3:202611:2").k == "seminar"
    assert new.SurveyCb(act=new.SurveyAct.OPEN, r=8).pack() == "sv:open:8:-1:"
    assert new.MenuCb.unpack("m:main").to is new.MenuTo.MAIN
    assert new.AckCb(b=4).pack() == "ack:4"
    assert new.SettingsCb(act="set_org", v="none").pack() == "st:set_org:none"  # a plain string still packs


def test_an_action_nobody_sends_does_not_unpack() -> None:
    """A forged or retired action is refused by the filter, so the fallback answers «this menu is outdated»."""
    with pytest.raises(ValueError):
        new.RegCb.unpack("rg:drop_table:5:")


def test_every_number_a_button_carries_fits_the_database_id_range() -> None:
    """Each integer field of each class is bounded to the 32-bit id range: a number beyond it does not unpack."""
    classes = [c for c in vars(new).values() if isinstance(c, type) and issubclass(c, CallbackData)]
    numbers = [(c, name) for c in classes for name, f in c.model_fields.items() if "int" in str(f.annotation)]
    assert len(numbers) >= 19
    for cls, name in numbers:
        values = {key: (f.default if not f.is_required() else 1) for key, f in cls.model_fields.items()}
        values.update({key: next(iter(f.annotation)) for key, f in cls.model_fields.items() if key == "act"})
        values.update(
            {key: "1" for key, f in cls.model_fields.items() if f.annotation is str and f.is_required()}
        )
        for edge in (-(2**31), 2**31 - 1):
            assert cls.unpack(cls(**{**values, name: edge}).pack()).model_dump()[name] == edge
        packed = cls(**{**values, name: 1}).pack().split(":")
        index = list(cls.model_fields).index(name) + 1
        for beyond in ("2147483648", "-2147483649", "9223372036854775808", "1" * 40):
            packed[index] = beyond
            with pytest.raises(ValueError):
                cls.unpack(":".join(packed))
