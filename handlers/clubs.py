"""Parent clubs: the list, a club's page with its next meetings, joining and leaving, skipping one meeting,
an anonymous question to the host, the host's list of questions; coordinators create clubs and attach meetings."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.models import User
from handlers.callbacks import ClubCb, EventCb, RegAdminCb
from handlers.common import MenuCb, Registered, button, error_text, h, keyboard, short, show
from handlers.registration import when_text
from services.clubs.clubs import QUESTION_MAX, ClubService, ClubView
from services.core.errors import PermissionDenied, ValidationFailed
from services.core.i18n import L
from services.core.notifier import Notifier
from services.core.permissions import is_staff
from services.core.schedule_cache import ScheduleCache
from services.registration.registrations import RegistrationService, RegStatus


class ClubForm(StatesGroup):
    question = State()
    title = State()
    description = State()


async def clubs_list(
    callback: CallbackQuery, user: User, session: AsyncSession, t: L, state: FSMContext
) -> None:
    await state.clear()
    items = await ClubService(session).all(user)
    lines = [t("clubs-title"), ""]
    if not items:
        lines.append(t("clubs-empty"))
    rows = [
        [
            button(
                short(("✅ " if item.is_member else "") + item.club.title + f" · 👥 {item.members}"),
                ClubCb(act="open", id=item.club.id),
            )
        ]
        for item in items
    ]
    if is_staff(user):
        rows.append([button(t("btn-club-new"), ClubCb(act="new"))])
    rows.append([button(t("btn-menu"), MenuCb(to="main"))])
    await show(callback, "\n".join([*lines, t("clubs-hint")] if items else lines), keyboard(*rows))


def club_text(t: L, settings: Settings, view: ClubView, header: str | None = None) -> str:
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
            if meeting.going:
                rows.append(
                    [
                        button(
                            t("btn-club-skip", title=day), ClubCb(act="skip", id=club_id, e=meeting.event.id)
                        )
                    ]
                )
            else:
                rows.append(
                    [
                        button(
                            t("btn-club-back", title=day), ClubCb(act="back", id=club_id, e=meeting.event.id)
                        )
                    ]
                )
        rows.append([button(t("btn-club-ask"), ClubCb(act="ask", id=club_id))])
        rows.append([button(t("btn-club-leave"), ClubCb(act="leave_ask", id=club_id))])
    else:
        rows.append([button(t("btn-club-join"), ClubCb(act="join", id=club_id))])
    if view.is_host:
        rows.append([button(t("btn-club-questions"), ClubCb(act="questions", id=club_id))])
    for meeting in view.meetings[:1]:
        rows.append([button(t("btn-reg-open-event"), EventCb(act="open", id=meeting.event.id))])
    rows.append([button(t("btn-clubs-back"), ClubCb(act="list"))])
    return keyboard(*rows)


async def _show_club(
    target: Message | CallbackQuery,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    club_id: int,
    header: str | None = None,
) -> None:
    view = await ClubService(session).view(user, club_id)
    await show(target, club_text(t, settings, view, header), club_kb(t, view))


async def club_open(
    callback: CallbackQuery,
    callback_data: ClubCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
) -> None:
    await state.clear()
    await _show_club(callback, user, session, settings, t, callback_data.id)


async def club_join(
    callback: CallbackQuery,
    callback_data: ClubCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
) -> None:
    placed = await ClubService(session).join(user, callback_data.id)
    header = t("club-joined", count=len(placed))
    await _show_club(callback, user, session, settings, t, callback_data.id, header)


async def club_leave_ask(callback: CallbackQuery, callback_data: ClubCb, t: L) -> None:
    rows = [
        [button(t("btn-club-leave-yes"), ClubCb(act="leave", id=callback_data.id))],
        [button(t("btn-back"), ClubCb(act="open", id=callback_data.id))],
    ]
    await show(callback, t("club-leave-confirm"), keyboard(*rows))


async def club_leave(
    callback: CallbackQuery,
    callback_data: ClubCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    notifier: Notifier,
) -> None:
    await ClubService(session, notifier=notifier).leave(user, callback_data.id)
    await _show_club(callback, user, session, settings, t, callback_data.id, t("club-left"))


async def meeting_skip_or_back(
    callback: CallbackQuery,
    callback_data: ClubCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    notifier: Notifier,
) -> None:
    service = RegistrationService(session, notifier=notifier)
    if callback_data.act == "skip":
        await service.cancel(user, callback_data.e)
        header = t("club-skipped")
    else:
        result = await service.register(user, callback_data.e)
        header = (
            t("reg-done-confirmed")
            if result.position is None
            else t("reg-done-waiting", position=result.position)
        )
    await _show_club(callback, user, session, settings, t, callback_data.id, header)


async def ask_question(
    callback: CallbackQuery, callback_data: ClubCb, user: User, session: AsyncSession, t: L, state: FSMContext
) -> None:
    view = await ClubService(session).view(user, callback_data.id)
    if not view.is_member:
        raise ValidationFailed("club-members-only")
    await state.set_state(ClubForm.question)
    await state.update_data(club_id=callback_data.id)
    rows = [[button(t("btn-back"), ClubCb(act="open", id=callback_data.id))]]
    await show(callback, t("club-ask-prompt", limit=QUESTION_MAX), keyboard(*rows))


async def question_text(
    message: Message, user: User, session: AsyncSession, settings: Settings, t: L, state: FSMContext
) -> None:
    club_id = int((await state.get_data()).get("club_id", 0))
    try:
        await ClubService(session).ask(user, club_id, message.text)
    except ValidationFailed as error:
        await message.answer(error_text(t, error))
        return
    await state.clear()
    await _show_club(message, user, session, settings, t, club_id, t("club-asked"))


async def questions_list(
    callback: CallbackQuery,
    callback_data: ClubCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
) -> None:
    items = await ClubService(session).questions(user, callback_data.id)
    lines = [t("club-questions-title"), ""]
    if not items:
        lines.append(t("club-questions-empty"))
    for question, event in items:
        meeting = when_text(t, settings, event) if event is not None else t("club-question-no-meeting")
        lines.append(f"• {h(question.text)}\n   <i>{meeting}</i>")
    rows = [[button(t("btn-back"), ClubCb(act="open", id=callback_data.id))]]
    await show(callback, "\n".join(lines), keyboard(*rows))


async def not_text(message: Message, t: L) -> None:
    await message.answer(t("form-text-expected"))


# Coordinators: a new club, and attaching an event as a club meeting


async def new_club(callback: CallbackQuery, user: User, t: L, state: FSMContext) -> None:
    if not is_staff(user):
        raise PermissionDenied()
    await state.set_state(ClubForm.title)
    await show(callback, t("club-new-title"), keyboard([button(t("btn-form-cancel"), ClubCb(act="list"))]))


async def new_club_title(message: Message, t: L, state: FSMContext) -> None:
    await state.update_data(title=message.text)
    await state.set_state(ClubForm.description)
    rows = [
        [button(t("btn-skip"), ClubCb(act="new_skip"))],
        [button(t("btn-form-cancel"), ClubCb(act="list"))],
    ]
    await message.answer(t("club-new-description"), reply_markup=keyboard(*rows))


async def _create_club(
    target: Message | CallbackQuery,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
    description: str | None,
) -> None:
    data = await state.get_data()
    try:
        club = await ClubService(session).create(user, str(data.get("title", "")), description)
    except ValidationFailed as error:
        await state.set_state(ClubForm.title)
        text = error_text(t, error) + "\n\n" + t("club-new-title")
        await show(target, text, keyboard([button(t("btn-form-cancel"), ClubCb(act="list"))]))
        return
    await state.clear()
    await _show_club(target, user, session, settings, t, club.id, t("club-created"))


async def new_club_description(
    message: Message, user: User, session: AsyncSession, settings: Settings, t: L, state: FSMContext
) -> None:
    await _create_club(message, user, session, settings, t, state, message.text)


async def new_club_skip(
    callback: CallbackQuery, user: User, session: AsyncSession, settings: Settings, t: L, state: FSMContext
) -> None:
    await _create_club(callback, user, session, settings, t, state, None)


async def attach_menu(
    callback: CallbackQuery, callback_data: ClubCb, user: User, session: AsyncSession, t: L
) -> None:
    clubs = await ClubService(session).clubs_for_event(user, callback_data.e)
    rows = [[button(short(c.title), ClubCb(act="attach", id=c.id, e=callback_data.e))] for c in clubs]
    rows.append([button(t("btn-back"), RegAdminCb(act="roster", id=callback_data.e))])
    await show(callback, t("club-attach-title") if clubs else t("clubs-empty"), keyboard(*rows))


async def attach(
    callback: CallbackQuery,
    callback_data: ClubCb,
    user: User,
    session: AsyncSession,
    t: L,
    schedule_cache: ScheduleCache,
) -> None:
    count = await ClubService(session, schedule_cache).attach_meeting(user, callback_data.e, callback_data.id)
    rows = [[button(t("btn-reg-roster"), RegAdminCb(act="roster", id=callback_data.e))]]
    await show(callback, t("club-attached", count=count), keyboard(*rows))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.callback_query.register(clubs_list, ClubCb.filter(F.act == "list"))
    router.callback_query.register(club_open, ClubCb.filter(F.act == "open"))
    router.callback_query.register(club_join, ClubCb.filter(F.act == "join"))
    router.callback_query.register(club_leave_ask, ClubCb.filter(F.act == "leave_ask"))
    router.callback_query.register(club_leave, ClubCb.filter(F.act == "leave"))
    router.callback_query.register(meeting_skip_or_back, ClubCb.filter(F.act.in_({"skip", "back"})))
    router.callback_query.register(ask_question, ClubCb.filter(F.act == "ask"))
    router.message.register(question_text, ClubForm.question, F.text)
    router.callback_query.register(questions_list, ClubCb.filter(F.act == "questions"))
    router.callback_query.register(new_club, ClubCb.filter(F.act == "new"))
    router.message.register(new_club_title, ClubForm.title, F.text)
    router.message.register(new_club_description, ClubForm.description, F.text)
    router.callback_query.register(new_club_skip, ClubForm.description, ClubCb.filter(F.act == "new_skip"))
    router.message.register(not_text, ClubForm.question)
    router.message.register(not_text, ClubForm.title)
    router.message.register(not_text, ClubForm.description)
    router.callback_query.register(attach_menu, ClubCb.filter(F.act == "attach_menu"))
    router.callback_query.register(attach, ClubCb.filter(F.act == "attach"))
    return router
