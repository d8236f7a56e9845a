"""Answering surveys: open rounds in «📝 Опросы», one question per screen, back, leave and resume, send.

Progress is kept in a separate slot of the conversation storage (destiny "surveys"), so /menu, which clears the
form state, does not lose it; only JSON values are stored there, ready for Redis.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.models import Survey, SurveyRound, User
from handlers.callbacks import SurveyAdminCb, SurveyCb
from handlers.common import MenuCb, Registered, button, error_text, h, keyboard, short, show
from services.core.errors import ValidationFailed
from services.core.i18n import L
from services.core.permissions import is_staff
from services.surveys.results import option_label
from services.surveys.schema import OTHER, Question, SurveyDef
from services.surveys.surveys import (
    OTHER_MAX,
    AlreadyAnswered,
    ChoiceExpected,
    Progress,
    RoundClosed,
    StaleButton,
    SurveyService,
    back,
    choose,
    current_question,
    definition,
    finish_multiple,
    position,
    skip,
    toggle,
    type_text,
    visible_questions,
)

DRAFTS = "surveys"


class SurveyForm(StatesGroup):
    answering = State()  # typed text goes to the survey on screen


def drafts(state: FSMContext) -> FSMContext:
    """The slot where unfinished answers wait, apart from the form state that /menu clears."""
    return FSMContext(storage=state.storage, key=replace(state.key, destiny=DRAFTS))


async def saved_progress(state: FSMContext, round_id: int) -> dict | None:
    return (await drafts(state).get_data()).get(str(round_id))


async def keep_progress(state: FSMContext, progress: Progress) -> None:
    await drafts(state).update_data({str(progress.round_id): progress.to_state()})


async def drop_progress(state: FSMContext, round_id: int) -> None:
    slot = drafts(state)
    data = await slot.get_data()
    data.pop(str(round_id), None)
    await slot.set_data(data)


async def resume(
    state: FSMContext, user: User, session: AsyncSession, round_id: int
) -> tuple[Progress, Survey]:
    """The person's progress in a round (checked: open, meant for them, not answered yet). When the round has
    closed or was answered meanwhile, the unsent answers and the form are dropped before the error is shown."""
    saved = await saved_progress(state, round_id)
    try:
        return await SurveyService(session).begin(user, round_id, saved)
    except (RoundClosed, AlreadyAnswered):
        await drop_progress(state, round_id)
        await state.clear()
        raise


def local(settings: Settings, instant: datetime) -> str:
    return f"{instant.astimezone(settings.tz):%d.%m.%Y %H:%M}"


def title_of(survey: Survey, t: L) -> str:
    return survey.title_en if t.locale == "en" else survey.title_ru


# The list of open rounds


async def render_list(
    event: Message | CallbackQuery, user: User, session: AsyncSession, settings: Settings, t: L
) -> None:
    items = await SurveyService(session).open_for(user)
    lines = [t("surveys-title"), ""]
    rows = []
    if not items:
        lines.append(t("surveys-none"))
    for item in items:
        mark = "✅ " if item.answered else "📝 "
        label = f"{mark}{title_of(item.survey, t)}"
        lines.append(
            f"{mark}<b>{h(title_of(item.survey, t))}</b> — {t('surveys-until', when=local(settings, item.round.closes_at))}"
        )
        rows.append([button(short(label), SurveyCb(act="open", r=item.round.id))])
    if is_staff(user):
        rows.append([button(t("btn-surveys-manage"), SurveyAdminCb(act="home"))])
    rows.append([button(t("btn-menu"), MenuCb(to="main"))])
    await show(event, "\n".join(lines), keyboard(*rows))


async def surveys_command(
    message: Message, user: User, session: AsyncSession, settings: Settings, t: L
) -> None:
    await render_list(message, user, session, settings, t)


async def surveys_button(
    callback: CallbackQuery, user: User, session: AsyncSession, settings: Settings, t: L
) -> None:
    await render_list(callback, user, session, settings, t)


# A round's first screen


async def open_round(
    callback: CallbackQuery,
    callback_data: SurveyCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
) -> None:
    saved = await saved_progress(state, callback_data.r)
    try:
        progress, survey = await resume(state, user, session, callback_data.r)
    except AlreadyAnswered as error:  # an anonymous survey already sent: a screen, not only a pop-up
        back_kb = keyboard([button(t("btn-surveys-list"), SurveyCb(act="list"))])
        await show(callback, error_text(t, error), back_kb)
        return
    defn = definition(survey)
    round_ = await SurveyService(session).repo.get_round(callback_data.r)
    assert round_ is not None
    lines = [
        f"<b>{h(defn.title.get(t.locale))}</b>",
        h(defn.description.get(t.locale)),
        "",
        t("survey-anonymous-note") if defn.anonymous else t("survey-named-note"),
        t("surveys-until", when=local(settings, round_.closes_at)),
        t("survey-question-count", count=len(visible_questions(defn, progress.answers))),
    ]
    if saved:
        number, total = position(defn, progress)
        start = t("btn-survey-resume", number=number, total=total)
    elif progress.editing:
        lines.append(t("survey-already-sent-named"))
        start = t("btn-survey-change")
    else:
        start = t("btn-survey-start")
    rows = [
        [button(start, SurveyCb(act="start", r=round_.id))],
        [button(t("btn-surveys-list"), SurveyCb(act="list"))],
    ]
    await show(callback, "\n".join(lines), keyboard(*rows))


# One question per screen


def question_text(t: L, defn: SurveyDef, progress: Progress, q: Question) -> str:
    number, total = position(defn, progress)
    lines = [
        f"<b>{h(defn.title.get(t.locale))}</b>",
        t("survey-progress", number=number, total=total),
        "",
        f"<b>{h(q.text.get(t.locale))}</b>",
    ]
    if q.hint:
        lines.append(h(q.hint.get(t.locale)))
    if progress.awaiting_other:
        lines += ["", t("survey-type-other", limit=OTHER_MAX)]
        return "\n".join(lines)
    if q.kind == "multiple":
        low = max(q.min or 0, 1 if q.required else 0)
        if q.max is not None:
            lines.append(t("survey-pick-between", min=low, max=q.max))
        else:
            lines.append(t("survey-pick-many"))
    elif q.kind == "text":
        lines.append(t("survey-type-answer", limit=q.max_length))
        given = progress.text(q.id)
        if given:
            lines += ["", t("survey-your-answer", text=h(given))]
    elif q.kind == "scale" and q.labels:
        lines.append(t("survey-scale-hint"))
    if not q.required:
        lines.append(t("survey-optional"))
    return "\n".join(lines)


def question_kb(t: L, defn: SurveyDef, progress: Progress, q: Question) -> InlineKeyboardMarkup:
    r, qi = progress.round_id, defn.index(q.id)
    rows: list[list[InlineKeyboardButton]] = []
    chosen = progress.values(q.id)
    if progress.awaiting_other:
        rows.append([button(t("btn-survey-other-cancel"), SurveyCb(act="noother", r=r, q=qi))])
        rows.append([button(t("btn-survey-leave"), SurveyCb(act="leave", r=r))])
        return keyboard(*rows)
    if q.kind in ("single", "scale", "yesno", "multiple"):
        act = "tog" if q.kind == "multiple" else "pick"
        for value in q.values():
            label = option_label(t, q, value)
            if q.kind == "scale" and int(value) not in q.labels:
                label = t("survey-scale-point", point=value)  # «2 из 5»: a button read aloud says what it is
            if value == OTHER:
                other_text = progress.text(q.id) if OTHER in chosen else None
                label = t("survey-other-given", text=other_text) if other_text else t("btn-survey-other")
            if q.kind == "multiple":
                label = ("☑️ " if value in chosen else "⬜ ") + label
            elif value in chosen:
                label = "✅ " + label
            rows.append([button(short(label), SurveyCb(act=act, r=r, q=qi, v=value))])
    if q.kind == "multiple":
        rows.append([button(t("btn-survey-done"), SurveyCb(act="done", r=r, q=qi))])
    nav = []
    number, _ = position(defn, progress)
    if number > 1:
        nav.append(button(t("btn-back"), SurveyCb(act="back", r=r, q=qi)))
    if q.id in progress.answers and q.kind != "multiple":
        nav.append(button(t("btn-survey-next"), SurveyCb(act="skip", r=r, q=qi)))
    elif not q.required and q.id not in progress.answers:
        nav.append(button(t("btn-skip"), SurveyCb(act="skip", r=r, q=qi)))
    rows.append(nav)
    rows.append([button(t("btn-survey-leave"), SurveyCb(act="leave", r=r))])
    return keyboard(*rows)


def review_text(t: L, defn: SurveyDef, progress: Progress) -> str:
    lines = [f"<b>{h(defn.title.get(t.locale))}</b>", t("survey-review"), ""]
    for number, q in enumerate(visible_questions(defn, progress.answers), start=1):
        values = progress.values(q.id)
        if not values:
            answer = t("survey-no-answer")
        elif q.kind == "text":
            answer = h(progress.text(q.id) or "")
        else:
            parts = []
            for value in values:
                label = option_label(t, q, value)
                if value == OTHER and progress.text(q.id):
                    label = f"{label}: {progress.text(q.id)}"
                parts.append(h(label))
            answer = ", ".join(parts)
        lines.append(f"{number}. {h(short(q.text.get(t.locale), 80))}\n    → {answer}")
    lines += ["", t("survey-send-anonymous") if defn.anonymous else t("survey-send-named")]
    return "\n".join(lines)


def review_kb(t: L, progress: Progress) -> InlineKeyboardMarkup:
    r = progress.round_id
    return keyboard(
        [button(t("btn-survey-send"), SurveyCb(act="send", r=r))],
        [button(t("btn-back"), SurveyCb(act="back", r=r, q=-1))],
        [button(t("btn-survey-leave"), SurveyCb(act="leave", r=r))],
    )


async def render_step(
    event: Message | CallbackQuery,
    t: L,
    survey: Survey,
    progress: Progress,
    state: FSMContext,
    note: str = "",
) -> None:
    defn = definition(survey)
    await keep_progress(state, progress)
    await state.set_state(SurveyForm.answering)
    await state.update_data(survey_round=progress.round_id)
    q = current_question(defn, progress)
    if q is None:
        text, markup = review_text(t, defn, progress), review_kb(t, progress)
    else:
        text, markup = question_text(t, defn, progress, q), question_kb(t, defn, progress, q)
    await show(event, (note + "\n\n" if note else "") + text, markup)


async def step(
    callback: CallbackQuery,
    callback_data: SurveyCb,
    user: User,
    session: AsyncSession,
    t: L,
    state: FSMContext,
) -> None:
    progress, survey = await resume(state, user, session, callback_data.r)
    defn = definition(survey)
    act, qi, value = callback_data.act, callback_data.q, callback_data.v
    try:
        if act == "pick":
            progress = choose(defn, progress, qi, value)
        elif act == "tog":
            progress = toggle(defn, progress, qi, value)
        elif act == "done":
            progress = finish_multiple(defn, progress, qi)
        elif act == "skip":
            progress = skip(defn, progress, qi)
        elif act == "noother":
            progress.awaiting_other = False
        elif act == "back":
            if progress.awaiting_other:
                progress.awaiting_other = False
            else:
                progress = back(defn, progress)
    except StaleButton:
        await render_step(callback, t, survey, progress, state, t("survey-stale-button"))
        return
    except ValidationFailed as error:
        await callback.answer(error_text(t, error), show_alert=True)
        return
    await render_step(callback, t, survey, progress, state)


async def start(
    callback: CallbackQuery,
    callback_data: SurveyCb,
    user: User,
    session: AsyncSession,
    t: L,
    state: FSMContext,
) -> None:
    progress, survey = await resume(state, user, session, callback_data.r)
    await render_step(callback, t, survey, progress, state)


async def typed(message: Message, user: User, session: AsyncSession, t: L, state: FSMContext) -> None:
    round_id = (await state.get_data()).get("survey_round")
    saved = await saved_progress(state, int(round_id or 0))
    if not round_id or not saved:
        await state.clear()
        await message.answer(t("use-buttons"))
        return
    progress, survey = await resume(state, user, session, int(round_id))
    defn = definition(survey)
    try:
        progress = type_text(defn, progress, message.text or "")
    except ChoiceExpected:
        await render_step(message, t, survey, progress, state, t("survey-choose-button"))
        return
    except ValidationFailed as error:
        await render_step(message, t, survey, progress, state, "⚠️ " + error_text(t, error))
        return
    await render_step(message, t, survey, progress, state)


async def not_text(message: Message, t: L) -> None:
    await message.answer(t("survey-text-only"))


async def send(
    callback: CallbackQuery,
    callback_data: SurveyCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
) -> None:
    service = SurveyService(session)
    if not await saved_progress(state, callback_data.r):
        raise StaleButton()
    progress, survey = await resume(state, user, session, callback_data.r)
    try:
        await service.submit(user, progress)
    except ValidationFailed as error:
        await render_step(callback, t, survey, progress, state, "⚠️ " + error_text(t, error))
        return
    await drop_progress(state, callback_data.r)
    await state.clear()
    round_: SurveyRound | None = await service.repo.get_round(callback_data.r)
    text = t("survey-sent")
    if not survey.anonymous and round_ is not None:
        text += "\n" + t("survey-sent-named", when=local(settings, round_.closes_at))
    await show(
        callback,
        text,
        keyboard(
            [button(t("btn-surveys-list"), SurveyCb(act="list"))], [button(t("btn-menu"), MenuCb(to="main"))]
        ),
    )


async def leave(callback: CallbackQuery, callback_data: SurveyCb, t: L, state: FSMContext) -> None:
    await state.clear()  # the answers stay in their own slot
    await show(
        callback,
        t("survey-left"),
        keyboard(
            [button(t("btn-surveys-list"), SurveyCb(act="list"))], [button(t("btn-menu"), MenuCb(to="main"))]
        ),
    )


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(surveys_command, Command("surveys"))
    router.callback_query.register(surveys_button, SurveyCb.filter(F.act == "list"))
    router.callback_query.register(open_round, SurveyCb.filter(F.act == "open"))
    router.callback_query.register(start, SurveyCb.filter(F.act == "start"))
    router.callback_query.register(
        step, SurveyCb.filter(F.act.in_({"pick", "tog", "done", "skip", "back", "noother"}))
    )
    router.callback_query.register(send, SurveyCb.filter(F.act == "send"))
    router.callback_query.register(leave, SurveyCb.filter(F.act == "leave"))
    router.message.register(typed, SurveyForm.answering, F.text, ~F.text.startswith("/"))
    router.message.register(not_text, SurveyForm.answering, ~F.text, ~F.document)
    return router
