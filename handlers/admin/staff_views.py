"""The staff list, a staff member's card, the organization picker, the open invites and a new invite's link."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from db.models import Organization
from handlers.admin.callbacks import AdminAct, AdminCb, StaffAct, StaffCb
from handlers.common.links import person_link
from handlers.common.ui import button, column, h, keyboard, short
from services.core.i18n import L
from services.people.staff import STAFF_ROLES, OpenInvite, StaffMember

STAFF_PAGE = 20
PICKER_PAGE = 10
INVITES_SHOWN = 20


def _who(member: StaffMember) -> str:
    return person_link(member.id)


def _nav(t: L, page: int, pages: int, make) -> list[InlineKeyboardButton]:  # type: ignore[no-untyped-def]
    row = []
    if page > 0:
        row.append(button(t("btn-prev"), make(page - 1)))
    if page + 1 < pages:
        row.append(button(t("btn-next"), make(page + 1)))
    return row


def _org_name(t: L, name: str | None) -> str:
    return h(name) if name else t("staff-whole-network")


def staff_view(t: L, members: list[StaffMember], page: int) -> tuple[str, InlineKeyboardMarkup]:
    pages = max((len(members) + STAFF_PAGE - 1) // STAFF_PAGE, 1)
    page = min(max(page, 0), pages - 1)
    shown = members[page * STAFF_PAGE : (page + 1) * STAFF_PAGE]
    lines = [t("staff-title"), t("toast-page", page=page + 1, pages=pages), ""]
    rows: list[list[InlineKeyboardButton]] = []
    for member in shown:
        lines.append(f"• {_who(member)} — {t(f'role-{member.role}')} · {_org_name(t, member.organization)}")
        label = t(f"btn-staff-person-{member.role}", id=str(member.id), org=member.organization or "")
        rows.append([button(short(label), StaffCb(act=StaffAct.PERSON, id=member.id))])
    if not members:
        lines.append(t("staff-empty"))
    rows.append(_nav(t, page, pages, lambda p: StaffCb(act=StaffAct.LIST, p=p)))
    rows.append([button(t("btn-admin-invites"), StaffCb(act=StaffAct.INVITES))])
    rows.append([button(t("btn-staff-new-invite"), StaffCb(act=StaffAct.NEW))])
    rows.append([button(t("btn-back"), AdminCb(act=AdminAct.HOME))])
    return "\n".join(lines), keyboard(*rows)


def member_view(t: L, member: StaffMember) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "staff-member",
        who=_who(member),
        role=t(f"role-{member.role}"),
        org=_org_name(t, member.organization),
    )
    other = next(role for role in STAFF_ROLES if role != member.role)
    return text, column(
        button(t(f"btn-staff-make-{other}"), StaffCb(act=StaffAct.ROLE, id=member.id, v=other)),
        button(t("btn-staff-org"), StaffCb(act=StaffAct.ORGS, id=member.id)),
        button(t("btn-staff-revoke"), StaffCb(act=StaffAct.REVOKE, id=member.id)),
        button(t("btn-back"), StaffCb(act=StaffAct.LIST)),
    )


def revoke_confirm_view(t: L, member: StaffMember) -> tuple[str, InlineKeyboardMarkup]:
    return t("staff-revoke-confirm", who=_who(member), role=t(f"role-{member.role}")), column(
        button(t("btn-staff-revoke-yes"), StaffCb(act=StaffAct.REVOKE_YES, id=member.id)),
        button(t("btn-back"), StaffCb(act=StaffAct.PERSON, id=member.id)),
    )


def revoked_view(t: L, user_id: int) -> tuple[str, InlineKeyboardMarkup]:
    return t("staff-revoked", id=user_id), column(button(t("btn-back-staff"), StaffCb(act=StaffAct.LIST)))


def org_picker_view(
    t: L, orgs: list[Organization], page: int, title: str, pick, page_of, none_label: str, back: StaffCb
) -> tuple[str, InlineKeyboardMarkup]:  # type: ignore[no-untyped-def]
    """A paged list of organizations (the registry may hold 150 and more; a keyboard holds 100 buttons)."""
    pages = max((len(orgs) + PICKER_PAGE - 1) // PICKER_PAGE, 1)
    page = min(max(page, 0), pages - 1)
    rows = [
        [button(short(o.short_name), pick(o.id))] for o in orgs[page * PICKER_PAGE : (page + 1) * PICKER_PAGE]
    ]
    rows.append(_nav(t, page, pages, page_of))
    rows.append([button(none_label, pick(0))])
    rows.append([button(t("btn-back"), back)])
    return title + "\n" + t("toast-page", page=page + 1, pages=pages), keyboard(*rows)


def invites_view(t: L, invites: list[OpenInvite], tz: ZoneInfo) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("staff-invites-title"), ""]
    rows: list[list[InlineKeyboardButton]] = []
    for invite in invites[:INVITES_SHOWN]:
        until = invite.expires_at.astimezone(tz).strftime("%d.%m.%Y %H:%M")
        lines.append(
            t(
                "staff-invite-line",
                code=invite.code,
                role=t(f"role-{invite.role}"),
                org=_org_name(t, invite.organization),
                until=until,
            )
        )
        rows.append(
            [button(t("btn-staff-withdraw", code=invite.code), StaffCb(act=StaffAct.WITHDRAW, v=invite.code))]
        )
    if not invites:
        lines.append(t("staff-invites-empty"))
    elif len(invites) > INVITES_SHOWN:
        lines.append(t("staff-invites-more", count=len(invites) - INVITES_SHOWN))
    rows.append([button(t("btn-staff-new-invite"), StaffCb(act=StaffAct.NEW))])
    rows.append([button(t("btn-back"), StaffCb(act=StaffAct.LIST))])
    return "\n".join(lines), keyboard(*rows)


def new_invite_role_view(t: L) -> tuple[str, InlineKeyboardMarkup]:
    return t("staff-invite-ask-role"), column(
        button(t("btn-staff-invite-coordinator"), StaffCb(act=StaffAct.NEW_ORGS, v="coordinator")),
        button(t("btn-staff-invite-admin"), StaffCb(act=StaffAct.NEW_MAKE, v="admin")),
        button(t("btn-back"), StaffCb(act=StaffAct.INVITES)),
    )


def invite_made_view(
    t: L, link: str, role: str, org: str | None, until: str
) -> tuple[str, InlineKeyboardMarkup]:
    text = t("staff-invite-made", link=h(link), role=t(f"role-{role}"), org=_org_name(t, org), until=until)
    return text, column(
        button(t("btn-admin-invites"), StaffCb(act=StaffAct.INVITES)),
        button(t("btn-back-staff"), StaffCb(act=StaffAct.LIST)),
    )
