"""The network's sites, grouped by role, each with what it offers and its upcoming events."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.models import Event, Organization
from handlers.callbacks import EventCb, OrgCb, ScheduleCb
from handlers.common import MenuCb, Registered, h, short, show
from handlers.schedule import when_short
from services.core.i18n import L
from services.events.events import EventService
from services.people.organizations import OrganizationService

ORG_EVENTS_SHOWN = 3


async def org_list(callback: CallbackQuery, session: AsyncSession, t: L) -> None:
    groups = await OrganizationService(session).grouped()
    lines = [t("orgs-title")]
    kb = InlineKeyboardBuilder()
    for group in groups:
        lines.append("")
        lines.append(f"<b>{t(f'network-role-{group.role}')}</b>")
        for org in group.organizations:
            lines.append(f"• {h(org.short_name)}")
            kb.button(text=short(org.short_name), callback_data=OrgCb(act="open", id=org.id).pack())
    if not groups:
        lines.append(t("orgs-empty"))
    kb.button(text=t("btn-menu"), callback_data=MenuCb(to="main").pack())
    kb.adjust(1)
    await show(callback, "\n".join(lines), kb.as_markup())


def org_text(t: L, settings: Settings, org: Organization, events: list[Event]) -> str:
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
    lines += [f"• {h(e.title)} — {when_short(t, settings, e)}" for e in events]
    return "\n".join(lines)


def org_kb(t: L, org: Organization, events: list[Event]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event in events:
        kb.button(
            text=short(event.title), callback_data=EventCb(act="open", id=event.id, a="all", o=org.id).pack()
        )
    kb.button(text=t("btn-org-schedule"), callback_data=ScheduleCb(act="list", a="all", o=org.id).pack())
    kb.button(text=t("btn-back-orgs"), callback_data=OrgCb(act="list").pack())
    kb.adjust(1)
    return kb.as_markup()


async def org_card(
    callback: CallbackQuery, callback_data: OrgCb, session: AsyncSession, settings: Settings, t: L
) -> None:
    org = await OrganizationService(session).get(callback_data.id)
    events = await EventService(session, settings.tz).upcoming_for_org(org.id, ORG_EVENTS_SHOWN)
    await show(callback, org_text(t, settings, org, events), org_kb(t, org, events))


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(Registered())
    router.callback_query.register(org_list, OrgCb.filter(F.act == "list"))
    router.callback_query.register(org_card, OrgCb.filter(F.act == "open"))
    return router
