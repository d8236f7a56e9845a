"""The needs screen, «My registrations» and the training record."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from babel.numbers import format_decimal

from db.models import TELEGRAM, Event, User
from handlers.common.context import HandlerSettings
from handlers.common.ui import button, fit, h, keyboard, short
from handlers.events.callbacks import EventAct, EventCb
from handlers.menu.callbacks import MenuCb, MenuTo
from handlers.registration.callbacks import CLEAR, EXPORT_FORMATS, RegAct, RegCb
from handlers.views.when import when_text
from services.core.i18n import L
from services.registration.registrations import (
    DISPLAY_NAME_MAX,
    NEEDS,
    NEEDS_OTHER_MAX,
    RECORD_ROLES,
    MyRegistrations,
    Place,
    RegStatus,
    SignUp,
    TrainingRecord,
    parse_needs,
)


def hours_text(t: L, hours: float) -> str:
    """1.5 → «1,5» in Russian, "1.5" in English; whole hours without a fraction."""
    return format_decimal(hours, format="#,##0.#", locale=t.locale)


def signup_header(t: L, result: SignUp) -> str:
    if result.already:
        return t("reg-already")
    if result.position is None:
        return t("reg-done-confirmed")
    return t("reg-done-waiting", position=result.position)


def needs_text(t: L, event: Event, place: Place, header: str | None = None) -> str:
    registration = place.registration
    assert registration is not None
    lines = [header] if header else []
    lines.append(f"<b>{h(event.title)}</b>")
    if registration.status == RegStatus.CONFIRMED:
        lines.append(t("reg-you-confirmed"))
    else:
        lines.append(t("reg-you-waiting", position=place.position or 0))
    lines += ["", t("reg-needs-ask")]
    chosen = parse_needs(registration.needs)
    if chosen or registration.needs_other:
        names = [t(f"need-{need}") for need in chosen]
        if registration.needs_other:
            names.append(h(registration.needs_other))
        lines.append(t("reg-needs-chosen", needs=", ".join(names)))
    if registration.display_name:
        lines.append(t("reg-name-shown", name=h(registration.display_name)))
    return "\n".join(lines)


def needs_kb(t: L, event: Event, place: Place) -> InlineKeyboardMarkup:
    registration = place.registration
    assert registration is not None
    chosen = set(parse_needs(registration.needs))
    rows = [
        [
            button(
                t("choice-on" if need in chosen else "choice-off", label=t(f"need-{need}")),
                RegCb(act=RegAct.NEED, id=event.id, v=need),
            )
        ]
        for need in NEEDS
    ]
    rows.append([button(t("btn-need-other"), RegCb(act=RegAct.OTHER, id=event.id))])
    rows.append([button(t("btn-reg-name"), RegCb(act=RegAct.NAME, id=event.id))])
    rows.append([button(t("btn-reg-done"), EventCb(act=EventAct.OPEN, id=event.id))])
    return keyboard(*rows)


def ask_text_view(
    t: L, field: RegAct, event_id: int, messenger: str = TELEGRAM
) -> tuple[str, InlineKeyboardMarkup]:
    """The question for a typed answer (`field` is other or name), with clear and back; without a name the list
    shows the person's id on their `messenger`."""
    question = (
        t("reg-other-ask", limit=NEEDS_OTHER_MAX)
        if field == RegAct.OTHER
        else t("reg-name-ask", limit=DISPLAY_NAME_MAX, messenger=messenger)
    )
    rows = [
        [button(t("btn-reg-clear"), RegCb(act=CLEAR[field], id=event_id))],
        [button(t("btn-back"), RegCb(act=RegAct.NEEDS, id=event_id))],
    ]
    return question, keyboard(*rows)


def cancel_confirm_view(t: L, event: Event) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [button(t("btn-reg-cancel-yes"), RegCb(act=RegAct.CANCEL, id=event.id))],
        [button(t("btn-reg-cancel-no"), EventCb(act=EventAct.OPEN, id=event.id))],
    ]
    return t("reg-cancel-confirm", title=h(event.title)), keyboard(*rows)


def cancelled_view(t: L, event_id: int) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [button(t("btn-reg-open-event"), EventCb(act=EventAct.OPEN, id=event_id))],
        [button(t("btn-my-registrations"), RegCb(act=RegAct.MINE))],
    ]
    return t("reg-cancelled"), keyboard(*rows)


#: Upcoming sign-ups listed under «Мои записи» (the rest are counted), and how much of a title a line shows.
MINE_SHOWN = 10
TITLE_SHOWN = 100


def mine_text(t: L, settings: HandlerSettings, mine: MyRegistrations) -> str:
    lines = [t("mine-title")]
    if not mine.upcoming and not mine.past:
        lines += ["", t("mine-empty")]
    if mine.upcoming:
        lines += ["", t("mine-upcoming")]
        for item in mine.upcoming[:MINE_SHOWN]:
            state = (
                t("mine-confirmed")
                if item.registration.status == RegStatus.CONFIRMED
                else t("mine-waiting", position=item.position or 0)
            )
            lines.append(
                f"• <b>{h(short(item.event.title, TITLE_SHOWN))}</b>\n   {t.shown('🗓 ')}{when_text(t, settings, item.event)} · {state}"
            )
        if len(mine.upcoming) > MINE_SHOWN:
            lines.append(t("list-more", count=len(mine.upcoming) - MINE_SHOWN))
    if mine.past:
        lines += ["", t("mine-past")]
        for item in mine.past[:10]:
            attended = item.registration.attended
            mark = (
                t("mine-attended")
                if attended
                else t("mine-missed")
                if attended is False
                else t("mine-unmarked")
            )
            lines.append(
                f"• {h(short(item.event.title, TITLE_SHOWN))} · {when_text(t, settings, item.event)} · {mark}"
            )
    return fit("\n".join(lines))


def mine_kb(t: L, user: User, mine: MyRegistrations) -> InlineKeyboardMarkup:
    rows = [
        [button(short(f"{n}. {item.event.title}"), EventCb(act=EventAct.OPEN, id=item.event.id))]
        for n, item in enumerate(mine.upcoming[:10], start=1)
    ]
    if user.role in RECORD_ROLES:
        rows.append([button(t("btn-record"), RegCb(act=RegAct.RECORD))])
    rows.append([button(t("btn-menu"), MenuCb(to=MenuTo.MAIN))])
    return keyboard(*rows)


def record_view(t: L, settings: HandlerSettings, record: TrainingRecord) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("record-title"), ""]
    if not record.items:
        lines.append(t("record-empty"))
    for item in record.items[:MINE_SHOWN]:  # the file lists them all
        hours = t("record-hours", hours=hours_text(t, item.hours))
        lines.append(
            f"• {h(short(item.event.title, TITLE_SHOWN))} · {when_text(t, settings, item.event)} · {hours}"
        )
    if len(record.items) > MINE_SHOWN:
        lines.append(t("list-more", count=len(record.items) - MINE_SHOWN))
    if record.items:
        lines += ["", t("record-total", count=len(record.items), hours=hours_text(t, record.total_hours))]
    rows = []
    if record.items:
        rows.append(
            [button(t(f"btn-export-{fmt}"), RegCb(act=RegAct.RECORD_FILE, v=fmt)) for fmt in EXPORT_FORMATS]
        )
    rows.append([button(t("btn-back"), RegCb(act=RegAct.MINE))])
    return "\n".join(lines), keyboard(*rows)
