"""The schedule's pages and filter menus."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.common.context import HandlerSettings
from handlers.common.ui import button, fit, h, keyboard, short
from handlers.events.callbacks import FILTER_MENUS, EventAct, EventCb, ScheduleAct, ScheduleCb
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.organizations.callbacks import OrgAct, OrgCb
from handlers.views.when import listed_title, when_text
from services.core.i18n import L
from services.events.events import ScheduleFilter, SchedulePage

AUDIENCE_CHOICES = ("all", "parents", "teachers")


def filter_state(f: ScheduleFilter, page: int) -> dict[str, object]:
    """The filter and page as the fields every schedule button carries."""
    return {
        "a": f.audience,
        "k": f.kind or "",
        "o": f.organization_id or 0,
        "m": f.month.year * 100 + f.month.month if f.month else 0,
        "p": page,
    }


def describe_month(t: L, month: date) -> str:
    from babel.dates import format_date

    return format_date(month, "LLLL y", locale=t.locale)


def _filters_line(t: L, f: ScheduleFilter, org_name: str | None) -> str:
    parts = [t(f"audience-filter-{f.audience}")]
    if f.kind:
        parts.append(t(f"kind-{f.kind}-plural"))
    if org_name:
        parts.append(h(org_name))
    if f.month:
        parts.append(describe_month(t, f.month))
    return " · ".join(parts)


#: How much of a title a list shows (the card shows it whole).
TITLE_SHOWN = 200


def schedule_text(
    t: L, settings: HandlerSettings, page: SchedulePage, f: ScheduleFilter, org_name: str | None
) -> str:
    lines = [t("schedule-title"), t("schedule-filters", filters=_filters_line(t, f, org_name)), ""]
    if not page.items:
        lines.append(t("schedule-empty"))
    for number, event in enumerate(page.items, start=page.page * settings.page_size + 1):
        lines.append(
            f"{number}. <b>{h(short(listed_title(t, event), TITLE_SHOWN))}</b>\n    {t.shown('🗓 ')}{when_text(t, settings, event)}"
        )
    if page.total:
        lines += ["", t("schedule-page", page=page.page + 1, pages=page.pages, total=page.total)]
    return fit("\n".join(lines))


def schedule_kb(
    t: L, settings: HandlerSettings, page: SchedulePage, f: ScheduleFilter
) -> InlineKeyboardMarkup:
    state = filter_state(f, page.page)
    first = page.page * settings.page_size + 1
    rows = [
        [
            button(
                short(f"{number}. {listed_title(t, event)}"), EventCb(act=EventAct.OPEN, id=event.id, **state)
            )
        ]
        for number, event in enumerate(page.items, start=first)
    ]
    nav = []
    if page.page > 0:
        nav.append(button(t("btn-prev"), ScheduleCb(act=ScheduleAct.LIST, **{**state, "p": page.page - 1})))
    if page.page + 1 < page.pages:
        nav.append(button(t("btn-next"), ScheduleCb(act=ScheduleAct.LIST, **{**state, "p": page.page + 1})))
    filters = [button(t(f"btn-filter-{act}"), ScheduleCb(act=act, **state)) for act in FILTER_MENUS]
    # An organization's schedule leads back to the organization it was opened from.
    org = (
        [button(t("btn-org-card"), OrgCb(act=OrgAct.OPEN, id=f.organization_id))] if f.organization_id else []
    )
    return keyboard(
        *rows, nav, filters[:2], filters[2:], org, [button(t("btn-menu"), MenuCb(to=MenuTo.MAIN))]
    )


def choice_kb(
    t: L, options: list[tuple[str, dict[str, object]]], state: dict[str, object]
) -> InlineKeyboardMarkup:
    """A filter's values; each goes back to the first page with that value set."""
    kb = InlineKeyboardBuilder()
    for label, change in options:
        kb.button(
            text=short(label),
            callback_data=ScheduleCb(act=ScheduleAct.LIST, **{**state, **change, "p": 0}).pack(),
        )
    kb.button(text=t("btn-back"), callback_data=ScheduleCb(act=ScheduleAct.LIST, **state).pack())
    kb.adjust(1)
    return kb.as_markup()
