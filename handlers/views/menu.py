"""The main menu, shown by /menu, after onboarding, after /forget's «keep» and to people who typed something odd."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from db.models import User
from handlers.admin.callbacks import AdminAct, AdminCb
from handlers.broadcast.callbacks import BroadcastAct, BroadcastCb
from handlers.clubs.callbacks import ClubAct, ClubCb
from handlers.events.callbacks import EventAdminAct, EventAdminCb, ScheduleAct, ScheduleCb
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.organizations.callbacks import OrgAct, OrgCb
from handlers.plan_import.callbacks import PlanAct, PlanCb, PlanImportAct, PlanImportCb
from handlers.privacy.callbacks import PrivacyAct, PrivacyCb
from handlers.registration.callbacks import RegAct, RegAdminAct, RegAdminCb, RegCb
from handlers.settings.callbacks import SettingsAct, SettingsCb
from handlers.surveys.callbacks import SurveyAct, SurveyCb
from services.core.domain import Role
from services.core.i18n import L
from services.core.permissions import is_staff


def main_menu_kb(t: L, user: User | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-schedule"), callback_data=ScheduleCb(act=ScheduleAct.LIST).pack())
    kb.button(text=t("btn-my-registrations"), callback_data=RegCb(act=RegAct.MINE).pack())
    kb.button(text=t("btn-surveys"), callback_data=SurveyCb(act=SurveyAct.LIST).pack())
    kb.button(text=t("btn-clubs"), callback_data=ClubCb(act=ClubAct.LIST).pack())
    kb.button(text=t("btn-organizations"), callback_data=OrgCb(act=OrgAct.LIST).pack())
    kb.button(text=t("btn-settings"), callback_data=SettingsCb(act=SettingsAct.SHOW).pack())
    kb.button(text=t("btn-help"), callback_data=MenuCb(to=MenuTo.HELP).pack())
    kb.button(text=t("btn-mydata"), callback_data=PrivacyCb(act=PrivacyAct.SHOW).pack())
    if is_staff(user):
        kb.button(text=t("btn-new-event"), callback_data=EventAdminCb(act=EventAdminAct.NEW).pack())
        kb.button(text=t("btn-import-plan"), callback_data=PlanImportCb(act=PlanImportAct.START).pack())
        kb.button(text=t("btn-plans"), callback_data=PlanCb(act=PlanAct.LIST).pack())
        kb.button(
            text=t("btn-registrations-overview"), callback_data=RegAdminCb(act=RegAdminAct.LIST, id=0).pack()
        )
        kb.button(text=t("btn-broadcast"), callback_data=BroadcastCb(act=BroadcastAct.NEW).pack())
    if user is not None and user.role == Role.ADMIN:
        kb.button(text=t("btn-admin"), callback_data=AdminCb(act=AdminAct.HOME).pack())
    kb.adjust(1, 2, 2, 2, 2, 2, 2)
    return kb.as_markup()


def back_to_menu_kb(t: L) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-menu"), callback_data=MenuCb(to=MenuTo.MAIN).pack())
    return kb.as_markup()
