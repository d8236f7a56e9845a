"""Parent clubs: the list, a club's page with its next meetings, joining and leaving, skipping one meeting,
an anonymous question to the host, the host's list of questions; coordinators create clubs and attach meetings."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from handlers.clubs.callbacks import ClubAct, ClubCb
from handlers.clubs.views import (
    attach_view,
    attached_view,
    back_to_club_kb,
    cancel_new_kb,
    club_kb,
    club_text,
    clubs_view,
    description_kb,
    leave_confirm_view,
    questions_text,
)
from handlers.common.context import Ctx, feature_router
from handlers.common.filters import Registered
from handlers.common.ui import error_text, show
from services.clubs.clubs import QUESTION_MAX
from services.core.errors import ValidationFailed


class ClubForm(StatesGroup):
    question = State()
    title = State()
    description = State()


async def _show_club(
    target: Message | CallbackQuery, ctx: Ctx, club_id: int, header: str | None = None
) -> None:
    view = await ctx.clubs.view(ctx.user, club_id)
    await show(target, club_text(ctx.t, ctx.settings, view, header), club_kb(ctx.t, view))


async def clubs_list(callback: CallbackQuery, callback_data: ClubCb, ctx: Ctx) -> None:
    await ctx.state.clear()
    items = await ctx.clubs.all(ctx.user)
    await show(callback, *clubs_view(ctx.t, ctx.user, items, callback_data.id))  # id: the page


async def club_open(callback: CallbackQuery, callback_data: ClubCb, ctx: Ctx) -> None:
    await ctx.state.clear()
    await _show_club(callback, ctx, callback_data.id)


async def club_join(callback: CallbackQuery, callback_data: ClubCb, ctx: Ctx) -> None:
    placed = await ctx.clubs.join(ctx.user, callback_data.id)
    await _show_club(callback, ctx, callback_data.id, ctx.t("club-joined", count=len(placed)))


async def club_leave_ask(callback: CallbackQuery, callback_data: ClubCb, ctx: Ctx) -> None:
    await show(callback, *leave_confirm_view(ctx.t, callback_data.id))


async def club_leave(callback: CallbackQuery, callback_data: ClubCb, ctx: Ctx) -> None:
    await ctx.clubs.leave(ctx.user, callback_data.id)
    await _show_club(callback, ctx, callback_data.id, ctx.t("club-left"))


async def meeting_skip_or_back(callback: CallbackQuery, callback_data: ClubCb, ctx: Ctx) -> None:
    t, service = ctx.t, ctx.registrations
    if callback_data.act == ClubAct.SKIP:
        await service.cancel(ctx.user, callback_data.e)
        header = t("club-skipped")
    else:
        result = await service.register(ctx.user, callback_data.e)
        header = (
            t("reg-done-confirmed")
            if result.position is None
            else t("reg-done-waiting", position=result.position)
        )
    await _show_club(callback, ctx, callback_data.id, header)


async def ask_question(callback: CallbackQuery, callback_data: ClubCb, ctx: Ctx) -> None:
    await ctx.clubs.check_member(ctx.user, callback_data.id)
    await ctx.state.set_state(ClubForm.question)
    await ctx.state.update_data(club_id=callback_data.id)
    await show(
        callback, ctx.t("club-ask-prompt", limit=QUESTION_MAX), back_to_club_kb(ctx.t, callback_data.id)
    )


async def question_text(message: Message, ctx: Ctx) -> None:
    club_id = int((await ctx.state.get_data()).get("club_id", 0))
    try:
        await ctx.clubs.ask(ctx.user, club_id, message.text)
    except ValidationFailed as error:
        await message.answer(error_text(ctx.t, error))
        return
    await ctx.state.clear()
    await _show_club(message, ctx, club_id, ctx.t("club-asked"))


async def questions_list(callback: CallbackQuery, callback_data: ClubCb, ctx: Ctx) -> None:
    items = await ctx.clubs.questions(ctx.user, callback_data.id)
    await show(callback, questions_text(ctx.t, ctx.settings, items), back_to_club_kb(ctx.t, callback_data.id))


async def not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("form-text-expected"))


# Coordinators: a new club, and attaching an event as a club meeting


async def new_club(callback: CallbackQuery, ctx: Ctx) -> None:
    ctx.clubs.check_may_create(ctx.user)
    await ctx.state.set_state(ClubForm.title)
    await show(callback, ctx.t("club-new-title"), cancel_new_kb(ctx.t))


async def new_club_title(message: Message, ctx: Ctx) -> None:
    await ctx.state.update_data(title=message.text)
    await ctx.state.set_state(ClubForm.description)
    await message.answer(ctx.t("club-new-description"), reply_markup=description_kb(ctx.t))


async def _create_club(target: Message | CallbackQuery, ctx: Ctx, description: str | None) -> None:
    t = ctx.t
    data = await ctx.state.get_data()
    try:
        club = await ctx.clubs.create(ctx.user, str(data.get("title", "")), description)
    except ValidationFailed as error:
        await ctx.state.set_state(ClubForm.title)
        await show(target, error_text(t, error) + "\n\n" + t("club-new-title"), cancel_new_kb(t))
        return
    await ctx.state.clear()
    await _show_club(target, ctx, club.id, t("club-created"))


async def new_club_description(message: Message, ctx: Ctx) -> None:
    await _create_club(message, ctx, message.text)


async def new_club_skip(callback: CallbackQuery, ctx: Ctx) -> None:
    await _create_club(callback, ctx, None)


async def attach_menu(callback: CallbackQuery, callback_data: ClubCb, ctx: Ctx) -> None:
    clubs = await ctx.clubs.clubs_for_event(ctx.user, callback_data.e)
    await show(callback, *attach_view(ctx.t, clubs, callback_data.e))


async def attach(callback: CallbackQuery, callback_data: ClubCb, ctx: Ctx) -> None:
    count = await ctx.clubs.attach_meeting(ctx.user, callback_data.e, callback_data.id)
    await show(callback, *attached_view(ctx.t, count, callback_data.e))


def setup() -> Router:
    router = feature_router(__name__, Registered())
    router.callback_query.register(clubs_list, ClubCb.filter(F.act == ClubAct.LIST))
    router.callback_query.register(club_open, ClubCb.filter(F.act == ClubAct.OPEN))
    router.callback_query.register(club_join, ClubCb.filter(F.act == ClubAct.JOIN))
    router.callback_query.register(club_leave_ask, ClubCb.filter(F.act == ClubAct.LEAVE_ASK))
    router.callback_query.register(club_leave, ClubCb.filter(F.act == ClubAct.LEAVE))
    router.callback_query.register(
        meeting_skip_or_back, ClubCb.filter(F.act.in_({ClubAct.SKIP, ClubAct.BACK}))
    )
    router.callback_query.register(ask_question, ClubCb.filter(F.act == ClubAct.ASK))
    router.message.register(question_text, ClubForm.question, F.text)
    router.callback_query.register(questions_list, ClubCb.filter(F.act == ClubAct.QUESTIONS))
    router.callback_query.register(new_club, ClubCb.filter(F.act == ClubAct.NEW))
    router.message.register(new_club_title, ClubForm.title, F.text)
    router.message.register(new_club_description, ClubForm.description, F.text)
    router.callback_query.register(
        new_club_skip, ClubForm.description, ClubCb.filter(F.act == ClubAct.NEW_SKIP)
    )
    router.message.register(not_text, ClubForm.question)
    router.message.register(not_text, ClubForm.title)
    router.message.register(not_text, ClubForm.description)
    router.callback_query.register(attach_menu, ClubCb.filter(F.act == ClubAct.ATTACH_MENU))
    router.callback_query.register(attach, ClubCb.filter(F.act == ClubAct.ATTACH))
    return router
