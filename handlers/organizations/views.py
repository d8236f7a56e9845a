"""The sites grouped by role, and a site's card with its upcoming events."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from db.models import Event, Organization
from handlers.common.context import HandlerSettings
from handlers.common.ui import h, short
from handlers.events.callbacks import EventAct, EventCb, ScheduleAct, ScheduleCb
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.organizations.callbacks import OrgAct, OrgCb
from handlers.views.when import listed_title, when_text
from services.core.i18n import L
from services.people.organizations import OrgGroup


def org_list_view(t: L, groups: list[OrgGroup]) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("orgs-title")]
    kb = InlineKeyboardBuilder()
    for group in groups:
        lines.append("")
        lines.append(f"<b>{t(f'network-role-{group.role}')}</b>")
        for org in group.organizations:
            lines.append(f"• {h(org.short_name)}")
            kb.button(text=short(org.short_name), callback_data=OrgCb(act=OrgAct.OPEN, id=org.id).pack())
    if not groups:
        lines.append(t("orgs-empty"))
    kb.button(text=t("btn-menu"), callback_data=MenuCb(to=MenuTo.MAIN).pack())
    kb.adjust(1)
    return "\n".join(lines), kb.as_markup()


def org_text(t: L, settings: HandlerSettings, org: Organization, events: list[Event]) -> str:
    lines = [f"<b>{h(org.name)}</b>", t(f"network-role-{org.network_role}")]
    for key, value in (
        ("org-address", org.address),
        ("org-contacts", org.contacts),
        ("org-offers", org.offers),
        ("org-accessibility", org.accessibility),
    ):
        if value:
            lines.append(t(key, text=h(value)))
    lines.append("")
    lines.append(t("org-upcoming") if events else t("org-no-upcoming"))
    lines += [f"• {h(listed_title(t, e))} — {when_text(t, settings, e)}" for e in events]
    return "\n".join(lines)


def org_kb(t: L, org: Organization, events: list[Event]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event in events:
        kb.button(
            text=short(listed_title(t, event)),
            callback_data=EventCb(act=EventAct.OPEN, id=event.id, a="all", o=org.id).pack(),
        )
    kb.button(
        text=t("btn-org-schedule"), callback_data=ScheduleCb(act=ScheduleAct.LIST, a="all", o=org.id).pack()
    )
    kb.button(text=t("btn-back-orgs"), callback_data=OrgCb(act=OrgAct.LIST).pack())
    kb.adjust(1)
    return kb.as_markup()
