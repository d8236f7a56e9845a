"""Signing up from the event card, what a person needs to take part, «My registrations» and the training record."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from babel.numbers import format_decimal
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.models import Event, User
from handlers.callbacks import EventCb, RegAdminCb, RegCb
from handlers.common import MenuCb, Registered, button, error_text, h, keyboard, short, show
from services.core.domain import EventStatus
from services.core.errors import Outdated, ValidationFailed
from services.core.i18n import L
from services.core.notifier import Notifier
from services.core.schedule_cache import ScheduleCache
from services.core.when import describe_when
from services.events.events import EventService
from services.registration.exports import record_table, to_csv, to_xlsx
from services.registration.registrations import (
    DISPLAY_NAME_MAX,
    NEEDS,
    NEEDS_OTHER_MAX,
    RECORD_ROLES,
    MyRegistrations,
    Place,
    RegistrationService,
    RegStatus,
    SignUp,
    parse_needs,
)

log = logging.getLogger(__name__)

EXPORT_FORMATS = ("xlsx", "csv")


class RegForm(StatesGroup):
    other = State()  # «something else» needed, as a short text
    name = State()  # the name for the host's list


def when_text(t: L, settings: Settings, event: Event) -> str:
    return describe_when(
        t, settings.tz, event.precision, event.starts_at, event.ends_at, event.recurrence, event.when_text
    )


def hours_text(t: L, hours: float) -> str:
    """1.5 → «1,5» in Russian, "1.5" in English; whole hours without a fraction."""
    return format_decimal(hours, format="#,##0.#", locale=t.locale)


# The event card's part (used by handlers/schedule.py)


def place_lines(t: L, settings: Settings, place: Place) -> list[str]:
    seats, lines = place.seats, []
    if seats.capacity is not None:
        if seats.left:
            lines.append(t("reg-seats-left", left=seats.left, capacity=seats.capacity))
        else:
            lines.append(t("reg-seats-none", waiting=seats.waitlisted))
    registration = place.registration
    if registration is not None and registration.status == RegStatus.CONFIRMED:
        lines.append(t("reg-you-confirmed"))
    elif registration is not None and registration.status == RegStatus.WAITLISTED:
        lines.append(t("reg-you-waiting", position=place.position or 0))
    elif place.closed_reason not in (None, "reg-closed-no-date", "reg-closed-cancelled"):
        lines.append(t(place.closed_reason))
    return lines


def place_buttons(t: L, event: Event, place: Place) -> list[list[InlineKeyboardButton]]:
    if event.status == EventStatus.CANCELLED:
        return []
    if place.active:
        return [
            [button(t("btn-reg-needs"), RegCb(act="needs", id=event.id))],
            [button(t("btn-reg-cancel"), RegCb(act="cancel_ask", id=event.id))],
        ]
    if place.closed_reason is None:
        full = place.seats.left == 0
        return [[button(t("btn-reg-wait" if full else "btn-reg-join"), RegCb(act="join", id=event.id))]]
    return []


def roster_button(t: L, event: Event) -> list[InlineKeyboardButton]:
    return [button(t("btn-reg-roster"), RegAdminCb(act="roster", id=event.id))]


# Signing up and the needs screen


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
                ("✅ " if need in chosen else "▫️ ") + t(f"need-{need}"),
                RegCb(act="need", id=event.id, v=need),
            )
        ]
        for need in NEEDS
    ]
    rows.append([button(t("btn-need-other"), RegCb(act="other", id=event.id))])
    rows.append([button(t("btn-reg-name"), RegCb(act="name", id=event.id))])
    rows.append([button(t("btn-reg-done"), EventCb(act="open", id=event.id))])
    return keyboard(*rows)


async def _event(session: AsyncSession, settings: Settings, cache: ScheduleCache, event_id: int) -> Event:
    return (await EventService(session, settings.tz, cache).card(event_id, None)).event


async def _show_needs(
    target: Message | CallbackQuery,
    session: AsyncSession,
    user: User,
    event: Event,
    t: L,
    header: str | None = None,
) -> None:
    place = await RegistrationService(session).place(event, user.id)
    if not place.active:
        raise ValidationFailed("reg-not-registered")
    await show(target, needs_text(t, event, place, header), needs_kb(t, event, place))


def signup_header(t: L, result: SignUp) -> str:
    if result.already:
        return t("reg-already")
    if result.position is None:
        return t("reg-done-confirmed")
    return t("reg-done-waiting", position=result.position)


async def join(
    callback: CallbackQuery,
    callback_data: RegCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    schedule_cache: ScheduleCache,
) -> None:
    result = await RegistrationService(session).register(user, callback_data.id)
    event = await _event(session, settings, schedule_cache, callback_data.id)
    if result.already:
        await callback.answer(t("reg-already"), show_alert=True)
    await _show_needs(callback, session, user, event, t, signup_header(t, result))


async def needs_screen(
    callback: CallbackQuery,
    callback_data: RegCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
    schedule_cache: ScheduleCache,
) -> None:
    await state.clear()
    event = await _event(session, settings, schedule_cache, callback_data.id)
    await _show_needs(callback, session, user, event, t)


async def toggle_need(
    callback: CallbackQuery,
    callback_data: RegCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    schedule_cache: ScheduleCache,
) -> None:
    if callback_data.v not in NEEDS:
        raise Outdated()
    await RegistrationService(session).toggle_need(user, callback_data.id, callback_data.v)
    event = await _event(session, settings, schedule_cache, callback_data.id)
    await _show_needs(callback, session, user, event, t)


async def ask_text(
    callback: CallbackQuery, callback_data: RegCb, user: User, session: AsyncSession, t: L, state: FSMContext
) -> None:
    field = callback_data.act
    # Only someone registered is asked: the answer is kept on their registration.
    await RegistrationService(session).check_registered(user, callback_data.id)
    await state.set_state(RegForm.other if field == "other" else RegForm.name)
    await state.update_data(event_id=callback_data.id)
    question = (
        t("reg-other-ask", limit=NEEDS_OTHER_MAX)
        if field == "other"
        else t("reg-name-ask", limit=DISPLAY_NAME_MAX)
    )
    rows = [
        [button(t("btn-reg-clear"), RegCb(act=f"clear_{field}", id=callback_data.id))],
        [button(t("btn-back"), RegCb(act="needs", id=callback_data.id))],
    ]
    await show(callback, question, keyboard(*rows))


async def text_answer(
    message: Message,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
    schedule_cache: ScheduleCache,
) -> None:
    current = await state.get_state()
    event_id = int((await state.get_data()).get("event_id", 0))
    service = RegistrationService(session)
    try:
        if current == RegForm.other.state:
            await service.set_other_need(user, event_id, message.text)
        else:
            await service.set_display_name(user, event_id, message.text)
    except ValidationFailed as error:
        if error.key == "reg-not-registered":
            await state.clear()
            raise
        await message.answer(error_text(t, error))
        return
    await state.clear()
    event = await _event(session, settings, schedule_cache, event_id)
    await _show_needs(message, session, user, event, t, t("reg-saved"))


async def clear_text(
    callback: CallbackQuery,
    callback_data: RegCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
    schedule_cache: ScheduleCache,
) -> None:
    await state.clear()
    service = RegistrationService(session)
    if callback_data.act == "clear_other":
        await service.set_other_need(user, callback_data.id, None)
    else:
        await service.set_display_name(user, callback_data.id, None)
    event = await _event(session, settings, schedule_cache, callback_data.id)
    await _show_needs(callback, session, user, event, t)


async def not_text(message: Message, t: L) -> None:
    await message.answer(t("form-text-expected"))


# Cancelling


async def cancel_ask(
    callback: CallbackQuery,
    callback_data: RegCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    schedule_cache: ScheduleCache,
) -> None:
    event = await _event(session, settings, schedule_cache, callback_data.id)
    rows = [
        [button(t("btn-reg-cancel-yes"), RegCb(act="cancel", id=event.id))],
        [button(t("btn-reg-cancel-no"), EventCb(act="open", id=event.id))],
    ]
    await show(callback, t("reg-cancel-confirm", title=h(event.title)), keyboard(*rows))


async def cancel(
    callback: CallbackQuery,
    callback_data: RegCb,
    user: User,
    session: AsyncSession,
    t: L,
    notifier: Notifier,
) -> None:
    await RegistrationService(session, notifier=notifier).cancel(user, callback_data.id)
    rows = [
        [button(t("btn-reg-open-event"), EventCb(act="open", id=callback_data.id))],
        [button(t("btn-my-registrations"), RegCb(act="mine"))],
    ]
    await show(callback, t("reg-cancelled"), keyboard(*rows))


# «My registrations» and the training record


def mine_text(t: L, settings: Settings, mine: MyRegistrations) -> str:
    lines = [t("mine-title")]
    if not mine.upcoming and not mine.past:
        lines += ["", t("mine-empty")]
    if mine.upcoming:
        lines += ["", t("mine-upcoming")]
        for item in mine.upcoming:
            state = (
                t("mine-confirmed")
                if item.registration.status == RegStatus.CONFIRMED
                else t("mine-waiting", position=item.position or 0)
            )
            lines.append(
                f"• <b>{h(item.event.title)}</b>\n   🗓 {when_text(t, settings, item.event)} · {state}"
            )
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
            lines.append(f"• {h(item.event.title)} · {when_text(t, settings, item.event)} · {mark}")
    return "\n".join(lines)


async def my_registrations(
    event: Message | CallbackQuery, user: User, session: AsyncSession, settings: Settings, t: L
) -> None:
    mine = await RegistrationService(session).mine(user)
    rows = [
        [button(short(f"{n}. {item.event.title}"), EventCb(act="open", id=item.event.id))]
        for n, item in enumerate(mine.upcoming[:10], start=1)
    ]
    if user.role in RECORD_ROLES:
        rows.append([button(t("btn-record"), RegCb(act="record"))])
    rows.append([button(t("btn-menu"), MenuCb(to="main"))])
    await show(event, mine_text(t, settings, mine), keyboard(*rows))


async def mine_button(
    callback: CallbackQuery, user: User, session: AsyncSession, settings: Settings, t: L, state: FSMContext
) -> None:
    await state.clear()
    await my_registrations(callback, user, session, settings, t)


async def mine_command(message: Message, user: User, session: AsyncSession, settings: Settings, t: L) -> None:
    await my_registrations(message, user, session, settings, t)


async def record_screen(
    callback: CallbackQuery, user: User, session: AsyncSession, settings: Settings, t: L
) -> None:
    record = await RegistrationService(session).record(user)
    lines = [t("record-title"), ""]
    if not record.items:
        lines.append(t("record-empty"))
    for item in record.items:
        lines.append(
            f"• {h(item.event.title)} · {when_text(t, settings, item.event)} · {t('record-hours', hours=hours_text(t, item.hours))}"
        )
    if record.items:
        lines += ["", t("record-total", count=len(record.items), hours=hours_text(t, record.total_hours))]
    rows = []
    if record.items:
        rows.append(
            [button(t(f"btn-export-{fmt}"), RegCb(act="record_file", v=fmt)) for fmt in EXPORT_FORMATS]
        )
    rows.append([button(t("btn-back"), RegCb(act="mine"))])
    await show(callback, "\n".join(lines), keyboard(*rows))


async def record_file(
    callback: CallbackQuery, callback_data: RegCb, user: User, session: AsyncSession, settings: Settings, t: L
) -> None:
    if callback_data.v not in EXPORT_FORMATS:
        raise Outdated()
    record = await RegistrationService(session).record(user)
    table = record_table(t, settings.tz, record)
    data = to_xlsx(table, t("record-sheet")) if callback_data.v == "xlsx" else to_csv(table)
    await callback.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(data, filename=f"vmeste-training-{user.id}.{callback_data.v}"),
        caption=t("record-file-caption"),
    )
    await callback.answer()


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.callback_query.register(join, RegCb.filter(F.act == "join"))
    router.callback_query.register(needs_screen, RegCb.filter(F.act == "needs"))
    router.callback_query.register(toggle_need, RegCb.filter(F.act == "need"))
    router.callback_query.register(ask_text, RegCb.filter(F.act.in_({"other", "name"})))
    router.callback_query.register(clear_text, RegCb.filter(F.act.in_({"clear_other", "clear_name"})))
    router.message.register(text_answer, RegForm.other, F.text)
    router.message.register(text_answer, RegForm.name, F.text)
    router.message.register(not_text, RegForm.other)
    router.message.register(not_text, RegForm.name)
    router.callback_query.register(cancel_ask, RegCb.filter(F.act == "cancel_ask"))
    router.callback_query.register(cancel, RegCb.filter(F.act == "cancel"))
    router.callback_query.register(mine_button, RegCb.filter(F.act == "mine"))
    router.message.register(mine_command, Command("my"))
    router.callback_query.register(record_screen, RegCb.filter(F.act == "record"))
    router.callback_query.register(record_file, RegCb.filter(F.act == "record_file"))
    return router
