"""The clubs list, a club's page, the host's questions and the coordinators' attach screens."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from db.models import Club, ClubQuestion, Event, User
from handlers.clubs.callbacks import ClubAct, ClubCb
from handlers.common.context import HandlerSettings
from handlers.common.ui import button, h, keyboard, page_of, pager, short
from handlers.events.callbacks import EventAct, EventCb
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.registration.callbacks import RegAdminAct, RegAdminCb
from handlers.views.when import when_text
from services.clubs.clubs import ClubItem, ClubView
from services.core.i18n import L
from services.core.permissions import is_staff
from services.registration.registrations import RegStatus


def clubs_view(t: L, user: User, items: list[ClubItem], page: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    """The clubs, a page at a time."""
    shown = page_of(items, page)
    lines = [t("clubs-title"), ""]
    if not items:
        lines.append(t("clubs-empty"))
    rows = [
        [
            button(
                short(
                    t(
                        "clubs-item-member" if item.is_member else "clubs-item",
                        title=short(item.club.title, 40),
                        count=item.members,
                    )
                ),
                ClubCb(act=ClubAct.OPEN, id=item.club.id),
            )
        ]
        for item in shown.items
    ]
    rows.append(pager(t, shown, lambda p: ClubCb(act=ClubAct.LIST, id=p)))
    if is_staff(user):
        rows.append([button(t("btn-club-new"), ClubCb(act=ClubAct.NEW))])
    rows.append([button(t("btn-menu"), MenuCb(to=MenuTo.MAIN))])
    return "\n".join([*lines, t("clubs-hint")] if items else lines), keyboard(*rows)


def club_text(t: L, settings: HandlerSettings, view: ClubView, header: str | None = None) -> str:
    club = view.club
    lines = [header, ""] if header else []
    lines.append(f"<b>{h(club.title)}</b>")
    if view.organization:
        lines.append(t("event-where", where=h(view.organization.short_name)))
    if club.description:
        lines.append(h(club.description))
    lines.append(t("club-members", count=view.members))
    lines.append(t("club-you-member") if view.is_member else t("club-you-not-member"))
    lines += ["", t("club-meetings")]
    if not view.meetings:
        lines.append(t("club-no-meetings"))
    for meeting in view.meetings:
        line = f"• {h(meeting.event.title)} · {when_text(t, settings, meeting.event)}"
        if view.is_member:
            registration = meeting.registration
            if registration is not None and registration.status == RegStatus.CONFIRMED:
                line += " · " + t("club-going")
            elif registration is not None and registration.status == RegStatus.WAITLISTED:
                line += " · " + t("mine-waiting", position=meeting.position or 0)
            else:
                line += " · " + t("club-not-going")
        lines.append(line)
    return "\n".join(lines)


def club_kb(t: L, view: ClubView) -> InlineKeyboardMarkup:
    club_id = view.club.id
    rows = []
    if view.is_member:
        for meeting in view.meetings:
            day = short(meeting.event.title, 30)
            key, act = ("btn-club-skip", ClubAct.SKIP) if meeting.going else ("btn-club-back", ClubAct.BACK)
            rows.append([button(t(key, title=day), ClubCb(act=act, id=club_id, e=meeting.event.id))])
        rows.append([button(t("btn-club-ask"), ClubCb(act=ClubAct.ASK, id=club_id))])
        rows.append([button(t("btn-club-leave"), ClubCb(act=ClubAct.LEAVE_ASK, id=club_id))])
    else:
        rows.append([button(t("btn-club-join"), ClubCb(act=ClubAct.JOIN, id=club_id))])
    if view.is_host:
        rows.append([button(t("btn-club-questions"), ClubCb(act=ClubAct.QUESTIONS, id=club_id))])
    for meeting in view.meetings[:1]:
        rows.append([button(t("btn-reg-open-event"), EventCb(act=EventAct.OPEN, id=meeting.event.id))])
    rows.append([button(t("btn-clubs-back"), ClubCb(act=ClubAct.LIST))])
    return keyboard(*rows)


def back_to_club_kb(t: L, club_id: int) -> InlineKeyboardMarkup:
    return keyboard([button(t("btn-back"), ClubCb(act=ClubAct.OPEN, id=club_id))])


def leave_confirm_view(t: L, club_id: int) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [button(t("btn-club-leave-yes"), ClubCb(act=ClubAct.LEAVE, id=club_id))],
        [button(t("btn-back"), ClubCb(act=ClubAct.OPEN, id=club_id))],
    ]
    return t("club-leave-confirm"), keyboard(*rows)


def questions_text(t: L, settings: HandlerSettings, items: list[tuple[ClubQuestion, Event | None]]) -> str:
    lines = [t("club-questions-title"), ""]
    if not items:
        lines.append(t("club-questions-empty"))
    for question, event in items:
        meeting = when_text(t, settings, event) if event is not None else t("club-question-no-meeting")
        lines.append(f"• {h(question.text)}\n   <i>{meeting}</i>")
    return "\n".join(lines)


def cancel_new_kb(t: L) -> InlineKeyboardMarkup:
    return keyboard([button(t("btn-form-cancel"), ClubCb(act=ClubAct.LIST))])


def description_kb(t: L) -> InlineKeyboardMarkup:
    return keyboard(
        [button(t("btn-skip"), ClubCb(act=ClubAct.NEW_SKIP))],
        [button(t("btn-form-cancel"), ClubCb(act=ClubAct.LIST))],
    )


def attach_view(t: L, clubs: list[Club], event_id: int) -> tuple[str, InlineKeyboardMarkup]:
    rows = [[button(short(c.title), ClubCb(act=ClubAct.ATTACH, id=c.id, e=event_id))] for c in clubs]
    rows.append([button(t("btn-back"), RegAdminCb(act=RegAdminAct.ROSTER, id=event_id))])
    return (t("club-attach-title") if clubs else t("clubs-empty")), keyboard(*rows)


def attached_view(t: L, count: int, event_id: int) -> tuple[str, InlineKeyboardMarkup]:
    rows = [[button(t("btn-reg-roster"), RegAdminCb(act=RegAdminAct.ROSTER, id=event_id))]]
    return t("club-attached", count=count), keyboard(*rows)
