"""The list of imported plans, a plan's card, its items, and deleting it."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from db.models import Plan
from handlers.common.context import HandlerSettings
from handlers.common.links import person_link
from handlers.common.ui import Page, button, fit, h, keyboard, pager, short
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.plan_import.callbacks import PlanAct, PlanCb, PlanImportAct, PlanImportCb
from handlers.views.when import listed_title, when_text
from services.core.domain import EventStatus, Precision
from services.core.i18n import L
from services.core.when import day_bounds, describe_when
from services.plans.manage import Deleted, ItemsPage, PlanCard, PlanPage


def _menu(t: L) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t("btn-menu"), callback_data=MenuCb(to=MenuTo.MAIN).pack())


def plan_title(plan: Plan) -> str:
    return plan.title or plan.source_name


def plan_period(t: L, settings: HandlerSettings, plan: Plan) -> str:
    first, last = plan.starts_on, plan.ends_on
    if first is None or last is None:
        return t("plans-period-unknown")
    if (first.month, first.day, last.month, last.day) == (9, 1, 8, 31) and last.year == first.year + 1:
        precision = Precision.ACADEMIC_YEAR
    elif (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        precision = Precision.YEAR
    else:
        precision = Precision.DAYS
    tz = settings.tz
    return describe_when(t, tz, precision, day_bounds(first, tz)[0], day_bounds(last, tz)[1])


def _who(t: L, plan: Plan) -> str:
    if plan.imported_by is None:
        return t("plans-by-system")
    return person_link(plan.imported_by)


def _when(settings: HandlerSettings, plan: Plan) -> str:
    return plan.imported_at.astimezone(settings.tz).strftime("%d.%m.%Y %H:%M")


def _org(t: L, name: str | None) -> str:
    return h(name) if name else t("plans-whole-network")


def plans_view(
    t: L, settings: HandlerSettings, listing: PlanPage, archived: bool
) -> tuple[str, InlineKeyboardMarkup]:
    a = int(archived)
    lines = [t("plans-archived-title" if archived else "plans-title")]
    if listing.pages > 1:
        lines.append(t("toast-page", page=listing.page + 1, pages=listing.pages))
    lines.append("")
    rows: list[list[InlineKeyboardButton]] = []
    for plan in listing.plans:
        org = listing.organizations.get(plan.organization_id) if plan.organization_id else None
        lines.append(f"<b>{h(short(plan_title(plan), 150))}</b>")
        lines.append(
            t(
                "plans-row",
                period=h(plan_period(t, settings, plan)),
                org=_org(t, short(org.short_name, 60) if org else None),
                entries=plan.events_count,
                rows=plan.rows_count,
                skipped=plan.skipped_count,
                who=_who(t, plan),
                when=_when(settings, plan),
            )
        )
        lines.append("")
        rows.append(
            [button(short(plan_title(plan)), PlanCb(act=PlanAct.OPEN, id=plan.id, p=listing.page, a=a))]
        )
    if not listing.plans:
        lines.append(t("plans-archived-empty" if archived else "plans-empty"))
    page = Page([], listing.page, listing.pages)
    rows.append(pager(t, page, lambda p: PlanCb(act=PlanAct.LIST, p=p, a=a)))
    if archived:
        rows.append([button(t("btn-plans-current"), PlanCb(act=PlanAct.LIST))])
    else:
        rows.append([button(t("btn-plans-archived"), PlanCb(act=PlanAct.LIST, a=1))])
        rows.append([button(t("btn-import-plan"), PlanImportCb(act=PlanImportAct.START))])
    rows.append([_menu(t)])
    return fit("\n".join(lines).rstrip()), keyboard(*rows)


def card_view(
    t: L, settings: HandlerSettings, card: PlanCard, page: int, archived_list: bool
) -> tuple[str, InlineKeyboardMarkup]:
    plan = card.plan
    a = int(archived_list)
    statuses = card.statuses
    lines = [
        t("plans-card-title", title=h(short(plan_title(plan), 300))),
        "",
        t("plans-card-file", name=h(short(plan.source_name, 120))),
        t("plans-card-period", period=h(plan_period(t, settings, plan))),
        t("plans-card-org", org=_org(t, card.organization.short_name if card.organization else None)),
        t("plans-card-imported", who=_who(t, plan), when=_when(settings, plan)),
        t("plans-card-rows", rows=plan.rows_count, skipped=plan.skipped_count, warnings=plan.warnings_count),
        t(
            "plans-card-entries",
            total=sum(statuses.values()),
            published=statuses.get(EventStatus.PUBLISHED, 0),
            cancelled=statuses.get(EventStatus.CANCELLED, 0),
        ),
    ]
    if plan.archived:
        lines += ["", t("plans-card-archived")]
    back = PlanCb(act=PlanAct.LIST, p=page, a=a)
    rows = [
        [button(t("btn-plan-items"), PlanCb(act=PlanAct.ITEMS, id=plan.id, a=a))],
        [
            button(t("btn-plan-restore"), PlanCb(act=PlanAct.RESTORE, id=plan.id, p=page, a=a))
            if plan.archived
            else button(t("btn-plan-archive"), PlanCb(act=PlanAct.ARCHIVE, id=plan.id, p=page, a=a))
        ],
        [button(t("btn-plan-delete"), PlanCb(act=PlanAct.DELETE_ASK, id=plan.id, p=page, a=a))],
        [button(t("btn-back-plans"), back)],
    ]
    return "\n".join(lines), keyboard(*rows)


def items_view(
    t: L, settings: HandlerSettings, items: ItemsPage, archived_list: bool
) -> tuple[str, InlineKeyboardMarkup]:
    plan = items.plan
    a = int(archived_list)
    lines = [t("plans-items-title", title=h(short(plan_title(plan), 200)))]
    if items.pages > 1:
        lines.append(t("toast-page", page=items.page + 1, pages=items.pages))
    lines.append("")
    for event in items.items:
        lines.append(
            t(
                "plans-item",
                title=h(short(listed_title(t, event), 150)),
                when=h(short(when_text(t, settings, event), 120)),
            )
        )
    if not items.items:
        lines.append(t("plans-items-empty"))
    page = Page([], items.page, items.pages)
    return "\n".join(lines), keyboard(
        pager(t, page, lambda p: PlanCb(act=PlanAct.ITEMS, id=plan.id, p=p, a=a)),
        [button(t("btn-back-plan"), PlanCb(act=PlanAct.OPEN, id=plan.id, a=a))],
        [button(t("btn-back-plans"), PlanCb(act=PlanAct.LIST, a=a))],
    )


def delete_ask_view(t: L, card: PlanCard, page: int, archived_list: bool) -> tuple[str, InlineKeyboardMarkup]:
    plan = card.plan
    a = int(archived_list)
    text = t("plans-delete-ask", title=h(short(plan_title(plan), 300)))
    return text, keyboard(
        [button(t("btn-plan-delete-yes"), PlanCb(act=PlanAct.DELETE_YES, id=plan.id, p=page, a=a))],
        [button(t("btn-plan-delete-no"), PlanCb(act=PlanAct.OPEN, id=plan.id, p=page, a=a))],
    )


def deleted_view(t: L, deleted: Deleted, page: int, archived_list: bool) -> tuple[str, InlineKeyboardMarkup]:
    text = t("plans-deleted", title=h(short(deleted.title, 300)), cancelled=deleted.cancelled)
    return text, keyboard(
        [button(t("btn-back-plans"), PlanCb(act=PlanAct.LIST, p=page, a=int(archived_list)))], [_menu(t)]
    )


def after_import_kb(t: L, plan_id: int) -> InlineKeyboardMarkup:
    """Under «План сохранён»: the saved plan, the list of plans, the menu."""
    return keyboard(
        [button(t("btn-plan-open-saved"), PlanCb(act=PlanAct.OPEN, id=plan_id))],
        [button(t("btn-back-plans"), PlanCb(act=PlanAct.LIST))],
        [_menu(t)],
    )
