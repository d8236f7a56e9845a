"""Every callback data class, gathered from the feature packages for code outside handlers/ (the sender builds
«open» and «Ознакомлен» buttons) and for the test that keeps packed data byte-identical. Each button carries all
it needs (page, filters), so an old menu still works after a restart, and anything that does not unpack is
answered as an outdated menu."""

from handlers.broadcast.callbacks import AckCb, BroadcastAct, BroadcastCb
from handlers.clubs.callbacks import ClubAct, ClubCb
from handlers.events.callbacks import EventAct, EventAdminAct, EventAdminCb, EventCb, ScheduleAct, ScheduleCb
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.organizations.callbacks import OrgAct, OrgCb
from handlers.plan_import.callbacks import PlanAct, PlanCb, PlanImportAct, PlanImportCb
from handlers.privacy.callbacks import MyDataPageCb, PrivacyAct, PrivacyCb
from handlers.registration.callbacks import RegAct, RegAdminAct, RegAdminCb, RegCb
from handlers.settings.callbacks import SettingsAct, SettingsCb
from handlers.start.callbacks import OnboardCb, OnboardStep
from handlers.surveys.callbacks import SurveyAct, SurveyAdminAct, SurveyAdminCb, SurveyCb

__all__ = [
    "AckCb",
    "BroadcastAct",
    "BroadcastCb",
    "ClubAct",
    "ClubCb",
    "EventAct",
    "EventAdminAct",
    "EventAdminCb",
    "EventCb",
    "MenuCb",
    "MenuTo",
    "MyDataPageCb",
    "OnboardCb",
    "OnboardStep",
    "OrgAct",
    "OrgCb",
    "PlanAct",
    "PlanCb",
    "PlanImportAct",
    "PlanImportCb",
    "PrivacyAct",
    "PrivacyCb",
    "RegAct",
    "RegAdminAct",
    "RegAdminCb",
    "RegCb",
    "ScheduleAct",
    "ScheduleCb",
    "SettingsAct",
    "SettingsCb",
    "SurveyAct",
    "SurveyAdminAct",
    "SurveyAdminCb",
    "SurveyCb",
]
