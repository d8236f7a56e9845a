"""The registry of organizations as an administrator sees it, a card being edited, and the registry import."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from db.models import Organization
from handlers.admin.callbacks import AdminAct, AdminCb, StaffAct, StaffCb
from handlers.common.ui import button, column, h, keyboard, short
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.organizations.callbacks import OrgAct, OrgCb
from services.core.domain import NetworkRole
from services.core.i18n import L
from services.people.org_registry import RegistryPreview

REGISTRY_PAGE = 10
PREVIEW_ERRORS_SHOWN = 25
EDIT_FIELDS = ("short_name", "name", "network_role", "address", "contacts", "offers", "accessibility")
OPTIONAL_FIELDS = ("address", "contacts", "offers", "accessibility")


def menu_button(t: L) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t("btn-menu"), callback_data=MenuCb(to=MenuTo.MAIN).pack())


def admin_home(t: L) -> tuple[str, InlineKeyboardMarkup]:
    return t("admin-title"), column(
        button(t("btn-admin-orgs"), AdminCb(act=AdminAct.ORGS)),
        button(t("btn-admin-staff"), StaffCb(act=StaffAct.LIST)),
        button(t("btn-admin-invites"), StaffCb(act=StaffAct.INVITES)),
        menu_button(t),
    )


def nav_row(t: L, page: int, pages: int, make) -> list[InlineKeyboardButton]:  # type: ignore[no-untyped-def]
    row = []
    if page > 0:
        row.append(button(t("btn-prev"), make(page - 1)))
    if page + 1 < pages:
        row.append(button(t("btn-next"), make(page + 1)))
    return row


def registry_view(t: L, orgs: list[Organization], page: int, pages: int) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("admin-orgs-title"), t("toast-page", page=page + 1, pages=pages), ""]
    rows: list[list[InlineKeyboardButton]] = []
    for org in orgs:
        mark = " " + t("org-archived-mark") if org.archived else ""
        lines.append(f"• <b>{h(org.short_name)}</b> — {t(f'org-role-{org.network_role}')}{mark}")
        rows.append([button(short(org.short_name + mark), AdminCb(act=AdminAct.ORG, id=org.id, p=page))])
    if not orgs:
        lines.append(t("orgs-empty"))
    rows.append(nav_row(t, page, pages, lambda p: AdminCb(act=AdminAct.ORGS, p=p)))
    rows.append([button(t("btn-org-add"), AdminCb(act=AdminAct.ADD))])
    rows.append(
        [
            button(t("btn-org-import"), AdminCb(act=AdminAct.IMPORT)),
            button(t("btn-org-template"), AdminCb(act=AdminAct.TEMPLATE)),
        ]
    )
    rows.append([button(t("btn-back"), AdminCb(act=AdminAct.HOME))])
    return "\n".join(lines), keyboard(*rows)


def card_view(t: L, org: Organization, admin: bool, page: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("admin-org-card-title")]
    for field in EDIT_FIELDS:
        value = getattr(org, field)
        if field == "network_role":
            value = t(f"org-role-{value}")
        lines.append(f"<b>{t(f'org-field-{field}')}:</b> {h(value) if value else '—'}")
    if org.archived:
        lines += ["", t("org-archived-note")]
    rows = [
        [button(t(f"btn-org-edit-{field}"), AdminCb(act=AdminAct.EDIT, id=org.id, f=field, p=page))]
        for field in EDIT_FIELDS
    ]
    if admin:
        act = AdminAct.RESTORE if org.archived else AdminAct.ARCHIVE
        label = "btn-org-restore" if org.archived else "btn-org-archive"
        rows.append([button(t(label), AdminCb(act=act, id=org.id, p=page))])
        rows.append([button(t("btn-back"), AdminCb(act=AdminAct.ORGS, p=page))])
    else:
        rows.append([button(t("btn-back"), OrgCb(act=OrgAct.OPEN, id=org.id))])
    return "\n".join(lines), keyboard(*rows)


def ask_value_view(t: L, org: Organization, field: str, page: int) -> tuple[str, InlineKeyboardMarkup]:
    if field == "network_role":
        rows = [
            [button(t(f"org-role-{role.value}"), AdminCb(act=AdminAct.ROLE, id=org.id, f=role.value, p=page))]
            for role in NetworkRole
        ]
        rows.append([button(t("btn-back"), AdminCb(act=AdminAct.ORG, id=org.id, p=page))])
        return t("org-ask-role"), keyboard(*rows)
    current = getattr(org, field)
    text = t("org-ask-value", field=t(f"org-field-{field}"), current=h(current) if current else "—")
    rows = []
    if field in OPTIONAL_FIELDS and current:
        rows.append([button(t("btn-org-clear"), AdminCb(act=AdminAct.CLEAR, id=org.id, f=field, p=page))])
    rows.append([button(t("btn-back"), AdminCb(act=AdminAct.ORG, id=org.id, p=page))])
    return text, keyboard(*rows)


def cancel_to_registry(t: L) -> InlineKeyboardMarkup:
    return column(button(t("btn-back"), AdminCb(act=AdminAct.ORGS)))


def new_role_view(t: L) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [button(t(f"org-role-{role.value}"), AdminCb(act=AdminAct.ADD, f=role.value))] for role in NetworkRole
    ]
    rows.append([button(t("btn-back"), AdminCb(act=AdminAct.ORGS))])
    return t("org-ask-role"), keyboard(*rows)


def preview_view(t: L, preview: RegistryPreview, token: str) -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        t("orgs-import-preview"),
        t(
            "orgs-import-counts",
            added=preview.count("add"),
            updated=preview.count("update"),
            same=preview.count("same"),
            errors=len({e.row for e in preview.errors}),
        ),
    ]
    if preview.errors:
        lines += ["", t("orgs-import-errors")]
        for error in preview.errors[:PREVIEW_ERRORS_SHOWN]:
            lines.append(t("orgs-import-error-line", row=error.row, text=t(error.key, value=h(error.value))))
        if len(preview.errors) > PREVIEW_ERRORS_SHOWN:
            lines.append(t("orgs-import-errors-more", count=len(preview.errors) - PREVIEW_ERRORS_SHOWN))
    rows = []
    if preview.count("add") or preview.count("update"):
        rows.append([button(t("btn-org-import-save"), AdminCb(act=AdminAct.SAVE, f=token))])
    rows.append([button(t("btn-org-import-cancel"), AdminCb(act=AdminAct.ORGS))])
    return "\n".join(lines)[:4000], keyboard(*rows)


def saved_view(t: L, preview: RegistryPreview) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "orgs-import-saved",
        added=preview.count("add"),
        updated=preview.count("update"),
        errors=len({e.row for e in preview.errors}),
    )
    return text, column(button(t("btn-back-registry"), AdminCb(act=AdminAct.ORGS)), menu_button(t))
