"""The coordinators' roster screens: who is coming, seats, attendance."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from db.models import Event, Registration
from handlers.clubs.callbacks import ClubAct, ClubCb
from handlers.common.context import HandlerSettings
from handlers.common.ui import button, h, keyboard, short
from handlers.events.callbacks import EventAct, EventCb
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.registration.callbacks import EXPORT_FORMATS, RegAdminAct, RegAdminCb
from handlers.views.when import when_text
from services.core.domain import Kind
from services.core.i18n import L
from services.events.events import CAPACITY_MAX
from services.registration.registrations import Roster, Seats

LIST_LIMIT = 30


def person(t: L, registration: Registration) -> str:
    name = h(registration.display_name) if registration.display_name else t("roster-no-name")
    return t("roster-person", name=name, id=str(registration.user_id))


def roster_text(t: L, roster: Roster, header: str | None = None) -> str:
    event, seats = roster.event, roster.seats
    lines = [header, ""] if header else []
    lines.append(t("roster-title", title=h(event.title)))
    if seats.capacity is None:
        lines.append(t("roster-seats-unlimited", confirmed=seats.confirmed, waiting=seats.waitlisted))
    else:
        lines.append(
            t("roster-seats", confirmed=seats.confirmed, capacity=seats.capacity, waiting=seats.waitlisted)
        )
    lines.append(t(roster.closed_reason) if roster.closed_reason else t("roster-open"))
    counted = [(need, n) for need, n in roster.needs.items() if n]
    if counted or roster.other_needs:
        lines += ["", t("roster-needs-title")]
        lines += [f"• {t(f'need-{need}')}: {n}" for need, n in counted]
        lines += [f"• {t('need-other')}: {h(text)}" for text in roster.other_needs]
    else:
        lines += ["", t("roster-needs-none")]
    if roster.confirmed:
        lines += ["", t("roster-confirmed-title")]
        lines += [
            f"{n}. {person(t, r)}{_attendance_mark(r)}"
            for n, r in enumerate(roster.confirmed[:LIST_LIMIT], start=1)
        ]
        if len(roster.confirmed) > LIST_LIMIT:
            lines.append(t("roster-more", count=len(roster.confirmed) - LIST_LIMIT))
    if roster.waitlist:
        lines += ["", t("roster-waitlist-title")]
        lines += [f"{n}. {person(t, r)}" for n, r in enumerate(roster.waitlist[:LIST_LIMIT], start=1)]
        if len(roster.waitlist) > LIST_LIMIT:
            lines.append(t("roster-more", count=len(roster.waitlist) - LIST_LIMIT))
    if not roster.confirmed and not roster.waitlist:
        lines += ["", t("roster-empty")]
    return "\n".join(lines)


def _attendance_mark(registration: Registration) -> str:
    return {True: " ✅", False: " ❌", None: ""}[registration.attended]


def roster_kb(t: L, roster: Roster) -> InlineKeyboardMarkup:
    event = roster.event
    toggle = (
        button(t("btn-roster-reopen"), RegAdminCb(act=RegAdminAct.REOPEN, id=event.id))
        if event.registration_closed
        else button(t("btn-roster-close"), RegAdminCb(act=RegAdminAct.CLOSE, id=event.id))
    )
    rows = [
        [button(t("btn-roster-capacity"), RegAdminCb(act=RegAdminAct.CAP, id=event.id)), toggle],
        [button(t("btn-roster-attendance"), RegAdminCb(act=RegAdminAct.ATT, id=event.id))]
        if roster.started
        else [],
        [
            button(t(f"btn-export-{fmt}"), RegAdminCb(act=RegAdminAct.EXPORT, id=event.id, v=fmt))
            for fmt in EXPORT_FORMATS
        ],
    ]
    if event.kind == Kind.CLUB and event.club_id is None:
        rows.append([button(t("btn-club-attach"), ClubCb(act=ClubAct.ATTACH_MENU, e=event.id))])
    rows.append([button(t("btn-reg-open-event"), EventCb(act=EventAct.OPEN, id=event.id))])
    return keyboard(*rows)


def seats_short(t: L, seats: Seats) -> str:
    taken = f"{seats.confirmed}/{seats.capacity}" if seats.capacity is not None else str(seats.confirmed)
    return t("overview-seats", taken=taken, waiting=seats.waitlisted)


def overview_view(
    t: L, settings: HandlerSettings, items: list[tuple[Event, Seats]]
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("overview-title"), ""]
    if not items:
        lines.append(t("overview-empty"))
    for event, seats in items:
        lines.append(
            f"• <b>{h(event.title)}</b>\n   🗓 {when_text(t, settings, event)} · {seats_short(t, seats)}"
        )
    rows = [
        [
            button(
                short(f"{event.title} · {seats_short(t, seats)}"),
                RegAdminCb(act=RegAdminAct.ROSTER, id=event.id),
            )
        ]
        for event, seats in items
    ]
    rows.append([button(t("btn-menu"), MenuCb(to=MenuTo.MAIN))])
    return "\n".join(lines), keyboard(*rows)


def capacity_choices(current: int | None, confirmed: int) -> list[int]:
    base = current or max(confirmed, 10)
    values = {base - 5, base - 1, base + 1, base + 5, base + 10}
    return sorted(v for v in values if 1 <= v <= CAPACITY_MAX and v != current)


def capacity_view(t: L, roster: Roster) -> tuple[str, InlineKeyboardMarkup]:
    seats, event_id = roster.seats, roster.event.id
    choices = capacity_choices(seats.capacity, seats.confirmed)
    rows = [
        [
            button(t("btn-roster-seats", n=v), RegAdminCb(act=RegAdminAct.CAP_SET, id=event_id, v=str(v)))
            for v in choices
        ],
        [button(t("btn-roster-unlimited"), RegAdminCb(act=RegAdminAct.CAP_SET, id=event_id, v="0"))],
        [button(t("btn-back"), RegAdminCb(act=RegAdminAct.ROSTER, id=event_id))],
    ]
    text = t(
        "roster-capacity-ask",
        capacity=seats.capacity if seats.capacity is not None else "—",
        confirmed=seats.confirmed,
        waiting=seats.waitlisted,
    )
    return text, keyboard(*rows)


def attendance_text(t: L, roster: Roster) -> str:
    lines = [t("attendance-title", title=h(roster.event.title)), ""]
    if not roster.confirmed:
        lines.append(t("roster-empty"))
    elif all(r.attended is None for r in roster.confirmed):
        lines.append(t("attendance-start"))
    else:
        lines.append(t("attendance-exceptions", attended=roster.attended, absent=roster.absent))
    return "\n".join(lines)


def attendance_kb(t: L, roster: Roster) -> InlineKeyboardMarkup:
    event_id = roster.event.id
    rows = []
    if roster.confirmed and all(r.attended is None for r in roster.confirmed):
        rows.append([button(t("btn-attendance-all"), RegAdminCb(act=RegAdminAct.ATT_ALL, id=event_id))])
    else:
        for r in roster.confirmed[:LIST_LIMIT]:
            mark = "✅" if r.attended else "❌" if r.attended is False else "▫️"
            label = short(f"{mark} {r.display_name or t('roster-no-name')} · {r.user_id}")
            rows.append([button(label, RegAdminCb(act=RegAdminAct.ATT_X, id=event_id, v=str(r.id)))])
    rows.append([button(t("btn-back"), RegAdminCb(act=RegAdminAct.ROSTER, id=event_id))])
    return keyboard(*rows)
