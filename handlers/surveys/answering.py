"""Answering surveys: open rounds in «📝 Опросы», one question per screen, back, leave and resume, send.

Progress is kept in a separate slot of the conversation storage (destiny "surveys"), so /menu, which clears the
form state, does not lose it; only JSON values are stored there, ready for Redis.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from db.models import Survey, SurveyRound
from handlers.common.context import Ctx, feature_router
from handlers.common.drafts import survey_drafts
from handlers.common.filters import Registered
from handlers.common.links import start_link
from handlers.common.ui import button, error_text, keyboard, short, show
from handlers.surveys.answering_views import (
    list_view,
    question_kb,
    question_text,
    review_kb,
    review_text,
    to_list_kb,
)
from handlers.surveys.callbacks import STEPS, SurveyAct, SurveyCb
from handlers.views.survey_intro import local, round_intro_view, share_text
from services.core.errors import ValidationFailed
from services.surveys.results import option_label
from services.surveys.surveys import (
    SURVEY_LINK_PREFIX,
    AlreadyAnswered,
    ChoiceExpected,
    Progress,
    RoundClosed,
    StaleButton,
    back,
    choose,
    current_question,
    definition,
    finish_multiple,
    skip,
    toggle,
    type_text,
)


class SurveyForm(StatesGroup):
    answering = State()  # typed text goes to the survey on screen


async def saved_progress(state: FSMContext, round_id: int) -> dict | None:
    return (await survey_drafts(state).get_data()).get(str(round_id))


async def keep_progress(state: FSMContext, progress: Progress) -> None:
    await survey_drafts(state).update_data({str(progress.round_id): progress.to_state()})


async def drop_progress(state: FSMContext, round_id: int) -> None:
    slot = survey_drafts(state)
    data = await slot.get_data()
    data.pop(str(round_id), None)
    await slot.set_data(data)


async def resume(ctx: Ctx, round_id: int) -> tuple[Progress, Survey]:
    """The person's progress in a round (checked: open, meant for them, not answered yet). When the round has
    closed or was answered meanwhile, the unsent answers and the form are dropped before the error is shown."""
    saved = await saved_progress(ctx.state, round_id)
    try:
        return await ctx.surveys.begin(ctx.user, round_id, saved)
    except (RoundClosed, AlreadyAnswered):
        await drop_progress(ctx.state, round_id)
        await ctx.state.clear()
        raise


# The list of open rounds


async def render_list(event: Message | CallbackQuery, ctx: Ctx) -> None:
    items = await ctx.surveys.open_for(ctx.user)
    await show(event, *list_view(ctx.t, ctx.settings, ctx.user, items), new=ctx.t.screen_reader)


# A round's first screen


async def open_round(callback: CallbackQuery, callback_data: SurveyCb, ctx: Ctx) -> None:
    saved = await saved_progress(ctx.state, callback_data.r)
    try:
        progress, survey = await resume(ctx, callback_data.r)
    except AlreadyAnswered as error:  # an anonymous survey already sent: a screen, not only a pop-up
        await show(callback, error_text(ctx.t, error), to_list_kb(ctx.t))
        return
    round_ = await ctx.surveys.get_round(callback_data.r)
    assert round_ is not None
    await show(
        callback,
        *round_intro_view(ctx.t, ctx.settings, definition(survey), round_, progress, bool(saved)),
        new=ctx.t.screen_reader,
    )


# One question per screen


async def render_step(
    event: Message | CallbackQuery,
    ctx: Ctx,
    survey: Survey,
    progress: Progress,
    note: str = "",
    *,
    toast: str | None = None,
    new: bool = False,
) -> None:
    t, defn = ctx.t, definition(survey)
    await keep_progress(ctx.state, progress)
    await ctx.state.set_state(SurveyForm.answering)
    await ctx.state.update_data(survey_round=progress.round_id)
    q = current_question(defn, progress)
    if q is None:
        text, markup = review_text(t, defn, progress), review_kb(t, progress)
    else:
        text, markup = question_text(t, defn, progress, q), question_kb(t, defn, progress, q)
    await show(event, (note + "\n\n" if note else "") + text, markup, toast=toast, new=new)


async def step(callback: CallbackQuery, callback_data: SurveyCb, ctx: Ctx) -> None:
    progress, survey = await resume(ctx, callback_data.r)
    defn = definition(survey)
    act, qi, value = callback_data.act, callback_data.q, callback_data.v
    try:
        if act == SurveyAct.PICK:
            progress = choose(defn, progress, qi, value)
        elif act == SurveyAct.TOG:
            progress = toggle(defn, progress, qi, value)
        elif act == SurveyAct.DONE:
            progress = finish_multiple(defn, progress, qi)
        elif act == SurveyAct.SKIP:
            progress = skip(defn, progress, qi)
        elif act == SurveyAct.NOOTHER:
            progress.awaiting_other = False
        elif act == SurveyAct.BACK:
            if progress.awaiting_other:
                progress.awaiting_other = False
            else:
                progress = back(defn, progress)
    except StaleButton:
        await render_step(callback, ctx, survey, progress, ctx.t("survey-stale-button"))
        return
    except ValidationFailed as error:
        await callback.answer(error_text(ctx.t, error), show_alert=True)
        return
    t, toast, new = ctx.t, None, False
    if t.screen_reader:
        if act in (SurveyAct.PICK, SurveyAct.TOG) and 0 <= qi < len(defn.questions):
            q = defn.questions[qi]
            label = short(option_label(t, q, value), 100)
            picked = act == SurveyAct.PICK or value in progress.values(q.id)
            toast = t("toast-selected" if picked else "toast-unselected", label=label)
        # A toggle keeps the checklist in place; any other press brings another question: a new message.
        new = act != SurveyAct.TOG
    await render_step(callback, ctx, survey, progress, toast=toast, new=new)


async def start(callback: CallbackQuery, callback_data: SurveyCb, ctx: Ctx) -> None:
    progress, survey = await resume(ctx, callback_data.r)
    await render_step(callback, ctx, survey, progress, new=ctx.t.screen_reader)


async def typed(message: Message, ctx: Ctx) -> None:
    t = ctx.t
    round_id = (await ctx.state.get_data()).get("survey_round")
    saved = await saved_progress(ctx.state, int(round_id or 0))
    if not round_id or not saved:
        await ctx.state.clear()
        await message.answer(t("use-buttons"))
        return
    progress, survey = await resume(ctx, int(round_id))
    try:
        progress = type_text(definition(survey), progress, message.text or "")
    except ChoiceExpected:
        await render_step(message, ctx, survey, progress, t("survey-choose-button"))
        return
    except ValidationFailed as error:
        await render_step(message, ctx, survey, progress, t.shown("⚠️ ") + error_text(t, error))
        return
    await render_step(message, ctx, survey, progress)


async def not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("survey-text-only"))


async def send(callback: CallbackQuery, callback_data: SurveyCb, ctx: Ctx) -> None:
    t = ctx.t
    service = ctx.surveys
    if not await saved_progress(ctx.state, callback_data.r):
        raise StaleButton()
    progress, survey = await resume(ctx, callback_data.r)
    try:
        await service.submit(ctx.user, progress)
    except ValidationFailed as error:
        await render_step(callback, ctx, survey, progress, t.shown("⚠️ ") + error_text(t, error))
        return
    await drop_progress(ctx.state, callback_data.r)
    await ctx.state.clear()
    round_: SurveyRound | None = await service.get_round(callback_data.r)
    text = t("survey-sent")
    if not survey.anonymous and round_ is not None:
        text += "\n" + t("survey-sent-named", when=local(ctx.settings, round_.closes_at))
    await show(
        callback,
        text,
        to_list_kb(t, with_menu=True),
        toast=t("toast-sent") if t.screen_reader else None,
        new=t.screen_reader,
    )


async def leave(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.clear()  # the answers stay in their own slot
    await show(callback, ctx.t("survey-left"), to_list_kb(ctx.t, with_menu=True))


async def share(callback: CallbackQuery, callback_data: SurveyCb, ctx: Ctx) -> None:
    """«Поделиться»: a `t.me/<bot>?start=sv_<round>` link to pass on; back to the round's first screen."""
    _, survey = await ctx.surveys.open_to_share(callback_data.r)
    link = await start_link(ctx.bot, f"{SURVEY_LINK_PREFIX}{callback_data.r}")
    back = keyboard([button(ctx.t("btn-back-round"), SurveyCb(act=SurveyAct.OPEN, r=callback_data.r))])
    await show(callback, share_text(ctx.t, definition(survey).title.get(ctx.t.locale), link), back)


def setup() -> Router:
    router = feature_router(__name__, Registered())
    router.message.register(render_list, Command("surveys"))
    router.callback_query.register(render_list, SurveyCb.filter(F.act == SurveyAct.LIST))
    router.callback_query.register(open_round, SurveyCb.filter(F.act == SurveyAct.OPEN))
    router.callback_query.register(start, SurveyCb.filter(F.act == SurveyAct.START))
    router.callback_query.register(step, SurveyCb.filter(F.act.in_(STEPS)))
    router.callback_query.register(send, SurveyCb.filter(F.act == SurveyAct.SEND))
    router.callback_query.register(leave, SurveyCb.filter(F.act == SurveyAct.LEAVE))
    router.callback_query.register(share, SurveyCb.filter(F.act == SurveyAct.SHARE))
    router.message.register(typed, SurveyForm.answering, F.text, ~F.text.startswith("/"))
    router.message.register(not_text, SurveyForm.answering, ~F.text, ~F.document)
    return router
