"""Coordinators' side of registration: who is coming, the waitlist, needs counted, seats, closing sign-up,
attendance and the export. Filtered to staff here; every action is checked again in the service."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.models import Registration, User
from handlers.callbacks import ClubCb, EventCb, RegAdminCb
from handlers.common import MenuCb, Staff, button, h, keyboard, short, show
from handlers.registration import EXPORT_FORMATS, when_text
from services.core.domain import Kind
from services.core.errors import Outdated
from services.core.i18n import L
from services.core.notifier import Notifier
from services.core.schedule_cache import ScheduleCache
from services.events.events import CAPACITY_MAX
from services.registration.exports import registrations_table, to_csv, to_xlsx
from services.registration.registrations import RegistrationService, Roster, Seats

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
        button(t("btn-roster-reopen"), RegAdminCb(act="reopen", id=event.id))
        if event.registration_closed
        else button(t("btn-roster-close"), RegAdminCb(act="close", id=event.id))
    )
    rows = [
        [button(t("btn-roster-capacity"), RegAdminCb(act="cap", id=event.id)), toggle],
        [button(t("btn-roster-attendance"), RegAdminCb(act="att", id=event.id))],
        [
            button(t(f"btn-export-{fmt}"), RegAdminCb(act="export", id=event.id, v=fmt))
            for fmt in EXPORT_FORMATS
        ],
    ]
    if event.kind == Kind.CLUB and event.club_id is None:
        rows.append([button(t("btn-club-attach"), ClubCb(act="attach_menu", e=event.id))])
    rows.append([button(t("btn-reg-open-event"), EventCb(act="open", id=event.id))])
    return keyboard(*rows)


def seats_short(t: L, seats: Seats) -> str:
    taken = f"{seats.confirmed}/{seats.capacity}" if seats.capacity is not None else str(seats.confirmed)
    return t("overview-seats", taken=taken, waiting=seats.waitlisted)


async def overview_screen(
    callback: CallbackQuery, user: User, session: AsyncSession, settings: Settings, t: L
) -> None:
    items = await RegistrationService(session).overview(user)
    lines = [t("overview-title"), ""]
    if not items:
        lines.append(t("overview-empty"))
    for event, seats in items:
        lines.append(
            f"• <b>{h(event.title)}</b>\n   🗓 {when_text(t, settings, event)} · {seats_short(t, seats)}"
        )
    rows = [
        [button(short(f"{event.title} · {seats_short(t, seats)}"), RegAdminCb(act="roster", id=event.id))]
        for event, seats in items
    ]
    rows.append([button(t("btn-menu"), MenuCb(to="main"))])
    await show(callback, "\n".join(lines), keyboard(*rows))


async def roster_screen(
    callback: CallbackQuery, callback_data: RegAdminCb, user: User, session: AsyncSession, t: L
) -> None:
    roster = await RegistrationService(session).roster(user, callback_data.id)
    await show(callback, roster_text(t, roster), roster_kb(t, roster))


def capacity_choices(current: int | None, confirmed: int) -> list[int]:
    base = current or max(confirmed, 10)
    values = {base - 5, base - 1, base + 1, base + 5, base + 10}
    return sorted(v for v in values if 1 <= v <= CAPACITY_MAX and v != current)


async def capacity_menu(
    callback: CallbackQuery, callback_data: RegAdminCb, user: User, session: AsyncSession, t: L
) -> None:
    roster = await RegistrationService(session).roster(user, callback_data.id)
    seats = roster.seats
    choices = capacity_choices(seats.capacity, seats.confirmed)
    rows = [
        [
            button(t("btn-roster-seats", n=v), RegAdminCb(act="cap_set", id=callback_data.id, v=str(v)))
            for v in choices
        ],
        [button(t("btn-roster-unlimited"), RegAdminCb(act="cap_set", id=callback_data.id, v="0"))],
        [button(t("btn-back"), RegAdminCb(act="roster", id=callback_data.id))],
    ]
    text = t(
        "roster-capacity-ask",
        capacity=seats.capacity if seats.capacity is not None else "—",
        confirmed=seats.confirmed,
        waiting=seats.waitlisted,
    )
    await show(callback, text, keyboard(*rows))


async def capacity_set(
    callback: CallbackQuery,
    callback_data: RegAdminCb,
    user: User,
    session: AsyncSession,
    t: L,
    schedule_cache: ScheduleCache,
    notifier: Notifier,
) -> None:
    if not callback_data.v.isdigit():
        raise Outdated()
    value = int(callback_data.v) or None
    roster = await RegistrationService(session, schedule_cache, notifier).set_capacity(
        user, callback_data.id, value
    )
    header = t("roster-capacity-done", promoted=len(roster.promoted))
    if roster.event.capacity is not None and roster.seats.confirmed > roster.event.capacity:
        header += "\n" + t("roster-over-capacity")
    await show(callback, roster_text(t, roster, header), roster_kb(t, roster))


async def close_or_reopen(
    callback: CallbackQuery,
    callback_data: RegAdminCb,
    user: User,
    session: AsyncSession,
    t: L,
    schedule_cache: ScheduleCache,
) -> None:
    closed = callback_data.act == "close"
    roster = await RegistrationService(session, schedule_cache).set_closed(user, callback_data.id, closed)
    header = t("roster-closed-done") if closed else t("roster-reopened-done")
    await show(callback, roster_text(t, roster, header), roster_kb(t, roster))


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
        rows.append([button(t("btn-attendance-all"), RegAdminCb(act="att_all", id=event_id))])
    else:
        for r in roster.confirmed[:LIST_LIMIT]:
            mark = "✅" if r.attended else "❌" if r.attended is False else "▫️"
            label = short(f"{mark} {r.display_name or t('roster-no-name')} · {r.user_id}")
            rows.append([button(label, RegAdminCb(act="att_x", id=event_id, v=str(r.id)))])
    rows.append([button(t("btn-back"), RegAdminCb(act="roster", id=event_id))])
    return keyboard(*rows)


async def attendance_screen(
    callback: CallbackQuery, callback_data: RegAdminCb, user: User, session: AsyncSession, t: L
) -> None:
    service = RegistrationService(session)
    if callback_data.act == "att_all":
        roster = await service.mark_all_present(user, callback_data.id)
    elif callback_data.act == "att_x":
        if not callback_data.v.isdigit():
            raise Outdated()
        roster = await service.toggle_attended(user, callback_data.id, int(callback_data.v))
    else:
        roster = await service.roster(user, callback_data.id)
    await show(callback, attendance_text(t, roster), attendance_kb(t, roster))


async def export(
    callback: CallbackQuery,
    callback_data: RegAdminCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
) -> None:
    if callback_data.v not in EXPORT_FORMATS:
        raise Outdated()
    roster = await RegistrationService(session).roster(user, callback_data.id)
    table = registrations_table(t, settings.tz, roster)
    data = to_xlsx(table, t("export-sheet")) if callback_data.v == "xlsx" else to_csv(table)
    await callback.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(data, filename=f"registrations-event-{roster.event.id}.{callback_data.v}"),
        caption=t("export-caption", title=h(roster.event.title)),
    )
    await callback.answer()


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(Staff())
    router.callback_query.register(overview_screen, RegAdminCb.filter(F.act == "list"))
    router.callback_query.register(roster_screen, RegAdminCb.filter(F.act == "roster"))
    router.callback_query.register(capacity_menu, RegAdminCb.filter(F.act == "cap"))
    router.callback_query.register(capacity_set, RegAdminCb.filter(F.act == "cap_set"))
    router.callback_query.register(close_or_reopen, RegAdminCb.filter(F.act.in_({"close", "reopen"})))
    router.callback_query.register(
        attendance_screen, RegAdminCb.filter(F.act.in_({"att", "att_all", "att_x"}))
    )
    router.callback_query.register(export, RegAdminCb.filter(F.act == "export"))
    return router
