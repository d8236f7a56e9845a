"""The sites grouped by role, and a site's card with its upcoming events."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from db.models import Event, Organization
from handlers.admin.callbacks import AdminAct, AdminCb
from handlers.common.context import HandlerSettings
from handlers.common.ui import button, fit, h, page_of, pager, short
from handlers.events.callbacks import EventAct, EventCb, ScheduleAct, ScheduleCb
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.organizations.callbacks import OrgAct, OrgCb
from handlers.views.when import listed_title, when_text
from services.core.i18n import L
from services.people.organizations import OrgGroup


def org_list_view(t: L, groups: list[OrgGroup], page: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    """The sites by role, a page at a time (a role's heading repeats on the page where its sites go on)."""
    lines = [t("orgs-title")]
    kb = InlineKeyboardBuilder()
    shown = page_of([(group.role, org) for group in groups for org in group.organizations], page)
    role = None
    for org_role, org in shown.items:
        if org_role != role:
            role = org_role
            lines += ["", f"<b>{t(f'network-role-{role}')}</b>"]
        lines.append(f"• {h(short(org.short_name, 100))}")
        kb.button(text=short(org.short_name), callback_data=OrgCb(act=OrgAct.OPEN, id=org.id).pack())
    if not groups:
        lines.append(t("orgs-empty"))
    if shown.count > 1:
        lines += ["", t("page-of", page=shown.number + 1, pages=shown.count)]
    kb.adjust(1)
    kb.row(*pager(t, shown, lambda p: OrgCb(act=OrgAct.LIST, id=p)))
    kb.row(button(t("btn-menu"), MenuCb(to=MenuTo.MAIN)))
    return fit("\n".join(lines)), kb.as_markup()


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
    lines += [f"• {h(short(listed_title(t, e), 200))} — {when_text(t, settings, e)}" for e in events]
    return fit("\n".join(lines))


def org_kb(t: L, org: Organization, events: list[Event], editable: bool = False) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event in events:
        kb.button(
            text=short(listed_title(t, event)),
            callback_data=EventCb(act=EventAct.OPEN, id=event.id, a="all", o=org.id).pack(),
        )
    kb.button(
        text=t("btn-org-schedule"), callback_data=ScheduleCb(act=ScheduleAct.LIST, a="all", o=org.id).pack()
    )
    if editable:
        kb.button(text=t("btn-org-edit-card"), callback_data=AdminCb(act=AdminAct.ORG, id=org.id).pack())
    kb.button(text=t("btn-back-orgs"), callback_data=OrgCb(act=OrgAct.LIST).pack())
    kb.adjust(1)
    return kb.as_markup()
