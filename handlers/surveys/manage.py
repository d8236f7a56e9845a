"""Coordinators: load a survey (a YAML file sent to the bot), open and close rounds, read results, charts and the
XLSX export. (A most requested topic becomes a seminar in the event form, handlers/events/form.py.)"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from aiogram import F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender

from handlers.common.context import Ctx, feature_router
from handlers.common.files import send_album
from handlers.common.filters import Staff
from handlers.common.ids import id_from
from handlers.common.links import start_link
from handlers.common.ui import error_text, show
from handlers.surveys.callbacks import SurveyAdminAct, SurveyAdminCb
from handlers.surveys.manage_views import (
    CLOSE_IN_DAYS,
    audience_view,
    back_to_round_kb,
    close_confirm_view,
    closes_kb,
    file_errors_text,
    home_view,
    loaded_view,
    opens_kb,
    results_kb,
    results_text,
    round_view,
    rounds_view,
    share_view,
    survey_card_view,
)
from services.core.clock import utcnow
from services.core.errors import Outdated, ValidationFailed
from services.core.when import parse_user_datetime
from services.surveys.schema import FILE_MAX_BYTES, SurveyFileInvalid
from services.surveys.surveys import ROUND_AUDIENCES, SURVEY_LINK_PREFIX, definition

YAML_SUFFIXES = (".yaml", ".yml")


class RoundForm(StatesGroup):
    opens = State()
    closes = State()


def is_yaml(message: Message) -> bool:
    name = (message.document.file_name or "").lower() if message.document else ""
    return name.endswith(YAML_SUFFIXES)


async def load_file(message: Message, ctx: Ctx) -> None:
    document = message.document
    assert document is not None
    if (document.file_size or 0) > FILE_MAX_BYTES:
        await message.answer(ctx.t("survey-err-too-big", kb=FILE_MAX_BYTES // 1024))
        return
    buffer = io.BytesIO()
    await ctx.bot.download(document, destination=buffer)
    try:
        result = await ctx.surveys.load(ctx.user, buffer.getvalue())
    except SurveyFileInvalid as error:
        await message.answer(file_errors_text(ctx.t, error))
        return
    text, markup = loaded_view(ctx.t, result)
    await message.answer(text, reply_markup=markup)


# Home, surveys, rounds


def _page(callback_data: SurveyAdminCb) -> int:
    return id_from(callback_data.v) or 0


async def home(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    await ctx.state.clear()
    surveys = await ctx.surveys.surveys(ctx.user)
    await show(callback, *home_view(ctx.t, surveys, _page(callback_data)))


async def survey_card(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    survey = await ctx.surveys.survey(ctx.user, callback_data.id)
    await show(callback, *survey_card_view(ctx.t, survey))


async def rounds(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    items = await ctx.surveys.rounds_to_manage(ctx.user)
    await show(callback, *rounds_view(ctx.t, ctx.settings, items, _page(callback_data)))


# Opening a round: audience, opening, closing


async def choose_audience(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    user = ctx.user
    survey = await ctx.surveys.survey(user, callback_data.id)
    await ctx.state.clear()
    bound = user.role == "coordinator" and user.organization_id is not None
    organizations = [] if bound else await ctx.organizations.all()
    await show(callback, *audience_view(ctx.t, survey, bound, organizations, _page(callback_data)))


async def set_audience(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    await ctx.surveys.survey(ctx.user, callback_data.id)
    value = callback_data.v
    org_id = None
    if value.startswith("org") and id_from(value[3:]) is not None:
        value, org_id = "org", id_from(value[3:])
    if value not in ROUND_AUDIENCES:
        raise Outdated()
    await ctx.state.set_state(RoundForm.opens)
    await ctx.state.set_data({"survey_id": callback_data.id, "audience": value, "org": org_id})
    await show(callback, ctx.t("survey-ask-opens"), opens_kb(ctx.t, callback_data.id))


async def _ask_closes(event: Message | CallbackQuery, ctx: Ctx, opens_at: datetime) -> None:
    data = await ctx.state.get_data()
    await ctx.state.set_state(RoundForm.closes)
    await ctx.state.update_data(opens_at=opens_at.isoformat())
    await show(event, ctx.t("survey-ask-closes"), closes_kb(ctx.t, int(data["survey_id"])))


async def opens_now(callback: CallbackQuery, ctx: Ctx) -> None:
    await _ask_closes(callback, ctx, utcnow())


async def opens_typed(message: Message, ctx: Ctx) -> None:
    try:
        instant, _ = parse_user_datetime(message.text or "", ctx.settings.tz)
    except ValidationFailed as error:
        await message.answer(error_text(ctx.t, error) + "\n\n" + ctx.t("survey-ask-opens"))
        return
    await _ask_closes(message, ctx, instant)


async def _create_round(event: Message | CallbackQuery, ctx: Ctx, closes_at: datetime) -> None:
    t = ctx.t
    data = await ctx.state.get_data()
    opens_at = datetime.fromisoformat(data["opens_at"])
    try:
        round_ = await ctx.open_round(
            ctx.user, int(data["survey_id"]), data["audience"], opens_at, closes_at, data.get("org")
        )
    except ValidationFailed as error:
        text = error_text(t, error) + "\n\n" + t("survey-ask-closes")
        await show(event, text, closes_kb(t, int(data["survey_id"])))
        return
    await ctx.state.clear()
    await render_round(event, ctx, round_.id, t("survey-round-opened"))


async def closes_in(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    if id_from(callback_data.v) not in CLOSE_IN_DAYS:
        raise Outdated()
    opens_at = datetime.fromisoformat((await ctx.state.get_data())["opens_at"])
    closes_at = max(opens_at, utcnow()) + timedelta(days=int(callback_data.v))
    await _create_round(callback, ctx, closes_at)


async def closes_typed(message: Message, ctx: Ctx) -> None:
    try:
        instant, has_time = parse_user_datetime(message.text or "", ctx.settings.tz)
    except ValidationFailed as error:
        await message.answer(error_text(ctx.t, error) + "\n\n" + ctx.t("survey-ask-closes"))
        return
    if not has_time:  # a date alone: the round stays open all that day
        instant = instant + timedelta(days=1)
    await _create_round(message, ctx, instant)


# A round: figures, results, charts, export, closing


async def render_round(event: Message | CallbackQuery, ctx: Ctx, round_id: int, note: str = "") -> None:
    results = await ctx.survey_results.results(ctx.user, round_id)
    await show(event, *round_view(ctx.t, ctx.settings, results, note))


async def round_card(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    await render_round(callback, ctx, callback_data.id)


async def results(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    data = await ctx.survey_results.results(ctx.user, callback_data.id)
    parts = results_text(ctx.t, data)
    for part in parts[:-1]:
        await callback.bot.send_message(callback.from_user.id, part)
    await callback.bot.send_message(callback.from_user.id, parts[-1], reply_markup=results_kb(ctx.t, data))
    await callback.answer()


async def charts(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    """The charts as one album (split by ten), drawn in a worker thread while the chat shows «отправляет фото»."""
    chat_id = callback.from_user.id
    async with ChatActionSender.upload_photo(bot=ctx.bot, chat_id=chat_id):
        images = await ctx.survey_results.charts(ctx.user, callback_data.id, ctx.t)
        await send_album(ctx.bot, chat_id, images, f"round-{callback_data.id}-q")
    await callback.bot.send_message(
        callback.from_user.id,
        ctx.t("survey-charts-sent", count=len(images)),
        reply_markup=back_to_round_kb(ctx.t, callback_data.id),
    )
    await callback.answer()


async def export(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    chat_id = callback.from_user.id
    async with ChatActionSender.upload_document(bot=ctx.bot, chat_id=chat_id):  # built in a worker thread
        data = await ctx.survey_results.export(ctx.user, callback_data.id, ctx.t, ctx.settings.tz)
        await callback.bot.send_document(
            chat_id,
            BufferedInputFile(data, filename=f"survey-round-{callback_data.id}.xlsx"),
            caption=ctx.t("survey-export-caption"),
        )
    await callback.answer()


async def close_ask(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    await ctx.surveys.managed_round(ctx.user, callback_data.id)
    await show(callback, *close_confirm_view(ctx.t, callback_data.id))


async def close_yes(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    await ctx.surveys.close_round(ctx.user, callback_data.id)
    await render_round(callback, ctx, callback_data.id, ctx.t("survey-round-closed-done"))


async def share(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    """«Поделиться»: a `t.me/<bot>?start=sv_<round>` link; whoever opens it lands on the round's first screen
    (through consent first when they are new)."""
    round_, survey = await ctx.surveys.shared_round(ctx.user, callback_data.id)
    link = await start_link(ctx.bot, f"{SURVEY_LINK_PREFIX}{round_.id}")
    await show(callback, *share_view(ctx.t, definition(survey).title.get(ctx.t.locale), round_.id, link))


def setup() -> Router:
    router = feature_router(__name__, Staff())
    router.message.register(load_file, F.document, is_yaml)
    for act, handler in (
        (SurveyAdminAct.HOME, home),
        (SurveyAdminAct.SURVEY, survey_card),
        (SurveyAdminAct.ROUNDS, rounds),
        (SurveyAdminAct.AUD, choose_audience),
        (SurveyAdminAct.SET_AUD, set_audience),
    ):
        router.callback_query.register(handler, SurveyAdminCb.filter(F.act == act))
    router.callback_query.register(
        opens_now, RoundForm.opens, SurveyAdminCb.filter(F.act == SurveyAdminAct.OPENS_NOW)
    )
    router.message.register(opens_typed, RoundForm.opens, F.text)
    router.callback_query.register(
        closes_in, RoundForm.closes, SurveyAdminCb.filter(F.act == SurveyAdminAct.CLOSES_IN)
    )
    router.message.register(closes_typed, RoundForm.closes, F.text)
    for act, handler in (
        (SurveyAdminAct.ROUND, round_card),
        (SurveyAdminAct.RESULTS, results),
        (SurveyAdminAct.CHARTS, charts),
        (SurveyAdminAct.EXPORT, export),
        (SurveyAdminAct.CLOSE_ASK, close_ask),
        (SurveyAdminAct.CLOSE_YES, close_yes),
        (SurveyAdminAct.SHARE, share),
    ):
        router.callback_query.register(handler, SurveyAdminCb.filter(F.act == act))
    return router
