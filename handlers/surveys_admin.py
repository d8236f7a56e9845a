"""Coordinators: load a survey (a YAML file sent to the bot), open and close rounds, read results, charts and the
XLSX export, and turn a most requested topic into a seminar."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.base import utcnow
from db.models import Survey, SurveyRound, User
from handlers.callbacks import SurveyAdminCb, SurveyCb
from handlers.common import Staff, button, error_text, h, keyboard, short, show
from handlers.events_admin import start_prefilled
from handlers.surveys import local, title_of
from services.core.errors import Outdated, ValidationFailed
from services.core.i18n import L
from services.core.notifier import Notifier
from services.core.when import parse_user_datetime
from services.people.organizations import OrganizationService
from services.surveys.notices import open_round_and_invite
from services.surveys.results import RoundResults, SurveyResultsService, option_label
from services.surveys.schema import FILE_MAX_BYTES, OTHER, SurveyFileInvalid
from services.surveys.surveys import MIN_GROUP, ROUND_AUDIENCES, SurveyService, is_open

YAML_SUFFIXES = (".yaml", ".yml")
CLOSE_IN_DAYS = (7, 14, 30)
MESSAGE_LIMIT = 3800
TOPICS_OFFERED = 3
ERRORS_SHOWN = 20


class RoundForm(StatesGroup):
    opens = State()
    closes = State()


def is_yaml(message: Message) -> bool:
    name = (message.document.file_name or "").lower() if message.document else ""
    return name.endswith(YAML_SUFFIXES)


def file_errors_text(t: L, error: SurveyFileInvalid) -> str:
    lines = [t("survey-file-invalid", count=len(error.errors))]
    for item in error.errors[:ERRORS_SHOWN]:
        where = t("survey-err-line", line=item.line) if item.line else t("survey-err-file")
        path = f" <code>{h(item.path)}</code>" if item.path else ""
        params = {k: h(v) for k, v in item.params.items()}
        lines.append(f"• {where}{path}: {t(item.key, **params)}")
    if len(error.errors) > ERRORS_SHOWN:
        lines.append(t("survey-err-more", count=len(error.errors) - ERRORS_SHOWN))
    lines.append(t("survey-file-nothing-saved"))
    return "\n".join(lines)


async def load_file(message: Message, bot: Bot, user: User, session: AsyncSession, t: L) -> None:
    document = message.document
    assert document is not None
    if (document.file_size or 0) > FILE_MAX_BYTES:
        await message.answer(t("survey-err-too-big", kb=FILE_MAX_BYTES // 1024))
        return
    buffer = io.BytesIO()
    await bot.download(document, destination=buffer)
    try:
        result = await SurveyService(session).load(user, buffer.getvalue())
    except SurveyFileInvalid as error:
        await message.answer(file_errors_text(t, error))
        return
    survey = result.survey
    await message.answer(
        t(
            f"survey-loaded-{result.status}",
            title=h(title_of(survey, t)),
            version=survey.version,
            count=len(survey.definition.get("questions", [])),
        ),
        reply_markup=keyboard(
            [button(t("btn-survey-open-round"), SurveyAdminCb(act="aud", id=survey.id))],
            [button(t("btn-surveys-manage"), SurveyAdminCb(act="home"))],
        ),
    )


# Home, surveys, rounds


async def home(callback: CallbackQuery, user: User, session: AsyncSession, t: L, state: FSMContext) -> None:
    await state.clear()
    surveys = await SurveyService(session).surveys(user)
    rows = [[button(short("📋 " + title_of(s, t)), SurveyAdminCb(act="survey", id=s.id))] for s in surveys]
    rows.append([button(t("btn-survey-rounds"), SurveyAdminCb(act="rounds"))])
    rows.append([button(t("btn-surveys-list"), SurveyCb(act="list"))])
    lines = [t("survey-admin-title"), ""]
    if not surveys:
        lines.append(t("survey-admin-none"))
    lines.append(t("survey-admin-load-hint"))
    text = "\n".join(lines)
    await show(callback, text, keyboard(*rows))


async def survey_card(
    callback: CallbackQuery, callback_data: SurveyAdminCb, user: User, session: AsyncSession, t: L
) -> None:
    survey = await SurveyService(session).survey(user, callback_data.id)
    text = t(
        "survey-admin-card",
        title=h(title_of(survey, t)),
        key=h(survey.key),
        version=survey.version,
        count=len(survey.definition.get("questions", [])),
        anonymous=t("survey-yes") if survey.anonymous else t("survey-no"),
        audience=t(f"survey-audience-{survey.audience}"),
    )
    await show(
        callback,
        text,
        keyboard(
            [button(t("btn-survey-open-round"), SurveyAdminCb(act="aud", id=survey.id))],
            [button(t("btn-back"), SurveyAdminCb(act="home"))],
        ),
    )


def round_status(t: L, round_: SurveyRound) -> str:
    now = utcnow()
    if now < round_.opens_at:
        return t("survey-round-planned")
    return t("survey-round-open") if is_open(round_, now) else t("survey-round-closed-mark")


def round_line(t: L, settings: Settings, round_: SurveyRound, survey: Survey) -> str:
    status = round_status(t, round_)
    return f"{title_of(survey, t)} · {round_.opens_at.astimezone(settings.tz):%d.%m}–{round_.closes_at.astimezone(settings.tz):%d.%m.%Y} · {status}"


async def rounds(
    callback: CallbackQuery, user: User, session: AsyncSession, settings: Settings, t: L
) -> None:
    items = await SurveyService(session).rounds_to_manage(user)
    rows = [
        [button(short(round_line(t, settings, r, s)), SurveyAdminCb(act="round", id=r.id))] for r, s in items
    ]
    rows.append([button(t("btn-back"), SurveyAdminCb(act="home"))])
    await show(callback, t("survey-rounds-title") if items else t("survey-rounds-none"), keyboard(*rows))


# Opening a round: audience, opening, closing


async def choose_audience(
    callback: CallbackQuery,
    callback_data: SurveyAdminCb,
    user: User,
    session: AsyncSession,
    t: L,
    state: FSMContext,
) -> None:
    survey = await SurveyService(session).survey(user, callback_data.id)
    await state.clear()
    bound = user.role == "coordinator" and user.organization_id is not None
    rows = [
        [button(t(f"survey-audience-{a}"), SurveyAdminCb(act="set_aud", id=survey.id, v=a))]
        for a in ROUND_AUDIENCES
        if a != "org"
    ]
    if bound:
        rows.append([button(t("survey-audience-org"), SurveyAdminCb(act="set_aud", id=survey.id, v="org"))])
    else:
        for org in await OrganizationService(session).all():
            rows.append(
                [
                    button(
                        short(t("survey-audience-org-named", org=org.short_name)),
                        SurveyAdminCb(act="set_aud", id=survey.id, v=f"org{org.id}"),
                    )
                ]
            )
    rows.append([button(t("btn-back"), SurveyAdminCb(act="survey", id=survey.id))])
    note = t("survey-round-own-org") if bound else ""
    await show(
        callback,
        t("survey-ask-audience", title=h(title_of(survey, t))) + ("\n" + note if note else ""),
        keyboard(*rows),
    )


async def set_audience(
    callback: CallbackQuery,
    callback_data: SurveyAdminCb,
    user: User,
    session: AsyncSession,
    t: L,
    state: FSMContext,
) -> None:
    await SurveyService(session).survey(user, callback_data.id)
    value = callback_data.v
    org_id = None
    if value.startswith("org") and value[3:].isdigit():
        value, org_id = "org", int(value[3:])
    if value not in ROUND_AUDIENCES:
        raise Outdated()
    await state.set_state(RoundForm.opens)
    await state.set_data({"survey_id": callback_data.id, "audience": value, "org": org_id})
    await show(
        callback,
        t("survey-ask-opens"),
        keyboard(
            [button(t("btn-survey-open-now"), SurveyAdminCb(act="opens_now", id=callback_data.id))],
            [button(t("btn-form-cancel"), SurveyAdminCb(act="home"))],
        ),
    )


def closes_kb(t: L, survey_id: int) -> InlineKeyboardMarkup:
    rows = [
        [
            button(
                t("btn-survey-close-in", days=days), SurveyAdminCb(act="closes_in", id=survey_id, v=str(days))
            )
        ]
        for days in CLOSE_IN_DAYS
    ]
    rows.append([button(t("btn-form-cancel"), SurveyAdminCb(act="home"))])
    return keyboard(*rows)


async def _ask_closes(event: Message | CallbackQuery, state: FSMContext, t: L, opens_at: datetime) -> None:
    data = await state.get_data()
    await state.set_state(RoundForm.closes)
    await state.update_data(opens_at=opens_at.isoformat())
    await show(event, t("survey-ask-closes"), closes_kb(t, int(data["survey_id"])))


async def opens_now(callback: CallbackQuery, state: FSMContext, t: L) -> None:
    await _ask_closes(callback, state, t, utcnow())


async def opens_typed(message: Message, state: FSMContext, t: L, settings: Settings) -> None:
    try:
        instant, _ = parse_user_datetime(message.text or "", settings.tz)
    except ValidationFailed as error:
        await message.answer(error_text(t, error) + "\n\n" + t("survey-ask-opens"))
        return
    await _ask_closes(message, state, t, instant)


async def _create_round(
    event: Message | CallbackQuery,
    closes_at: datetime,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
    notifier: Notifier,
) -> None:
    data = await state.get_data()
    opens_at = datetime.fromisoformat(data["opens_at"])
    try:
        round_ = await open_round_and_invite(
            session,
            user,
            int(data["survey_id"]),
            data["audience"],
            opens_at,
            closes_at,
            data.get("org"),
            notifier,
        )
    except ValidationFailed as error:
        await show(
            event,
            error_text(t, error) + "\n\n" + t("survey-ask-closes"),
            closes_kb(t, int(data["survey_id"])),
        )
        return
    await state.clear()
    await render_round(event, round_.id, user, session, settings, t, t("survey-round-opened"))


async def closes_in(
    callback: CallbackQuery,
    callback_data: SurveyAdminCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
    notifier: Notifier,
) -> None:
    if not callback_data.v.isdigit() or int(callback_data.v) not in CLOSE_IN_DAYS:
        raise Outdated()
    opens_at = datetime.fromisoformat((await state.get_data())["opens_at"])
    closes_at = max(opens_at, utcnow()) + timedelta(days=int(callback_data.v))
    await _create_round(callback, closes_at, user, session, settings, t, state, notifier)


async def closes_typed(
    message: Message,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
    notifier: Notifier,
) -> None:
    try:
        instant, has_time = parse_user_datetime(message.text or "", settings.tz)
    except ValidationFailed as error:
        await message.answer(error_text(t, error) + "\n\n" + t("survey-ask-closes"))
        return
    if not has_time:  # a date alone: the round stays open all that day
        instant = instant + timedelta(days=1)
    await _create_round(message, instant, user, session, settings, t, state, notifier)


# A round: figures, results, charts, export, closing


async def render_round(
    event: Message | CallbackQuery,
    round_id: int,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    note: str = "",
) -> None:
    results = await SurveyResultsService(session).results(user, round_id)
    round_ = results.round
    lines = [note, ""] if note else []
    lines += [
        f"<b>{h(results.definition.title.get(t.locale))}</b>",
        t(
            "survey-round-period",
            opens=local(settings, round_.opens_at),
            closes=local(settings, round_.closes_at),
        ),
        t("survey-round-audience", audience=t(f"survey-audience-{round_.audience}")),
        round_status(t, round_),
        t(
            "survey-rate",
            respondents=results.respondents,
            targets=results.targets,
            percent=_percent(results.respondents, results.targets),
        ),
    ]
    rows = [
        [button(t("btn-survey-results"), SurveyAdminCb(act="results", id=round_id))],
        [button(t("btn-survey-charts"), SurveyAdminCb(act="charts", id=round_id))],
        [button(t("btn-survey-export"), SurveyAdminCb(act="export", id=round_id))],
    ]
    if round_.closes_at > utcnow():
        rows.append([button(t("btn-survey-close-round"), SurveyAdminCb(act="close_ask", id=round_id))])
    rows.append([button(t("btn-back"), SurveyAdminCb(act="rounds"))])
    await show(event, "\n".join(lines), keyboard(*rows))


async def round_card(
    callback: CallbackQuery,
    callback_data: SurveyAdminCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
) -> None:
    await render_round(callback, callback_data.id, user, session, settings, t)


def _percent(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def results_text(t: L, results: RoundResults) -> list[str]:
    """The results as message parts, each under Telegram's length limit."""
    defn = results.definition
    lines = [
        t("survey-results-title", title=h(defn.title.get(t.locale))),
        t(
            "survey-rate",
            respondents=results.respondents,
            targets=results.targets,
            percent=_percent(results.respondents, results.targets),
        ),
    ]
    for title_key, rows, kind in (
        ("survey-rate-by-org", results.by_org, "org"),
        ("survey-rate-by-role", results.by_role, "role"),
    ):
        if not rows:
            continue
        lines += ["", t(title_key)]
        for row in rows:
            if not row.key:
                name = t("survey-no-org") if kind == "org" else t("survey-no-role")
            else:
                name = t(f"role-{row.key}") if kind == "role" else h(row.key)
            if row.hidden:
                lines.append(t("survey-rate-row-hidden", name=name, min=MIN_GROUP))
            else:
                lines.append(
                    t(
                        "survey-rate-row",
                        name=name,
                        respondents=row.respondents,
                        targets=row.targets,
                        percent=_percent(row.respondents, row.targets),
                    )
                )
    if results.previous is not None:
        lines += [
            "",
            t(
                "survey-previous",
                date=f"{results.previous.opens_at:%d.%m.%Y}",
                count=results.previous_responses,
            ),
        ]
        if results.previous_responses < MIN_GROUP:
            lines.append(t("survey-previous-too-few", min=MIN_GROUP))
    if not results.shown:
        lines += ["", t("survey-results-too-few", min=MIN_GROUP)]
        return _chunks(lines)
    topics = results.topics
    if topics:
        lines += ["", t("survey-topics-title")]
        question = next(r.question for r in results.questions if r.question.topics)
        for place, share in enumerate(topics, start=1):
            lines.append(
                f"{place}. {h(option_label(t, question, share.value))} — {share.count} ({round(share.share * 100)}%)"
            )
    for number, result in enumerate(results.questions, start=1):
        q = result.question
        lines += [
            "",
            f"<b>{number}. {h(q.text.get(t.locale))}</b>",
            t("survey-answered", count=result.answered),
        ]
        if result.hidden:
            if result.answered:
                lines.append(t("survey-question-too-few", min=MIN_GROUP))
            continue
        for share in result.shares:
            line = f"• {h(option_label(t, q, share.value))}: {share.count} ({round(share.share * 100)}%)"
            if share.previous is not None:
                line += " " + t("survey-was", percent=round(share.previous * 100))
            lines.append(line)
        if result.mean is not None:
            line = t("survey-mean", mean=f"{result.mean:.1f}")
            if result.previous_mean is not None:
                line += " " + t("survey-was-mean", mean=f"{result.previous_mean:.1f}")
            lines.append(line)
        for text in result.texts:
            lines.append(f"  — «{h(text)}»")
    return _chunks(lines)


def _chunks(lines: list[str]) -> list[str]:
    parts, current = [], ""
    for line in lines:
        if current and len(current) + len(line) + 1 > MESSAGE_LIMIT:
            parts.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line[:MESSAGE_LIMIT]
    parts.append(current)
    return parts


async def results(
    callback: CallbackQuery, callback_data: SurveyAdminCb, user: User, session: AsyncSession, t: L
) -> None:
    data = await SurveyResultsService(session).results(user, callback_data.id)
    parts = results_text(t, data)
    rows: list[list[InlineKeyboardButton]] = []
    if data.shown:
        question = next((r.question for r in data.questions if r.question.topics), None)
        for share in data.topics[:TOPICS_OFFERED]:
            assert question is not None
            label = t("btn-survey-seminar", topic=option_label(t, question, share.value))
            rows.append(
                [button(short(label), SurveyAdminCb(act="seminar", id=callback_data.id, v=share.value))]
            )
    rows.append([button(t("btn-back"), SurveyAdminCb(act="round", id=callback_data.id))])
    for part in parts[:-1]:
        await callback.bot.send_message(callback.from_user.id, part)
    await callback.bot.send_message(callback.from_user.id, parts[-1], reply_markup=keyboard(*rows))
    await callback.answer()


async def charts(
    callback: CallbackQuery, callback_data: SurveyAdminCb, user: User, session: AsyncSession, t: L
) -> None:
    images = await SurveyResultsService(session).charts(user, callback_data.id, t)
    for number, (caption, png) in enumerate(images, start=1):
        await callback.bot.send_photo(
            callback.from_user.id,
            BufferedInputFile(png, filename=f"round-{callback_data.id}-q{number}.png"),
            caption=h(caption[:1000]),
        )
    await callback.bot.send_message(
        callback.from_user.id,
        t("survey-charts-sent", count=len(images)),
        reply_markup=keyboard([button(t("btn-back"), SurveyAdminCb(act="round", id=callback_data.id))]),
    )
    await callback.answer()


async def export(
    callback: CallbackQuery,
    callback_data: SurveyAdminCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
) -> None:
    data = await SurveyResultsService(session).export(user, callback_data.id, t, settings.tz)
    await callback.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(data, filename=f"survey-round-{callback_data.id}.xlsx"),
        caption=t("survey-export-caption"),
    )
    await callback.answer()


async def close_ask(
    callback: CallbackQuery, callback_data: SurveyAdminCb, user: User, session: AsyncSession, t: L
) -> None:
    await SurveyService(session).managed_round(user, callback_data.id)
    await show(
        callback,
        t("survey-close-confirm"),
        keyboard(
            [button(t("btn-survey-close-yes"), SurveyAdminCb(act="close_yes", id=callback_data.id))],
            [button(t("btn-back"), SurveyAdminCb(act="round", id=callback_data.id))],
        ),
    )


async def close_yes(
    callback: CallbackQuery,
    callback_data: SurveyAdminCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
) -> None:
    await SurveyService(session).close_round(user, callback_data.id)
    await render_round(callback, callback_data.id, user, session, settings, t, t("survey-round-closed-done"))


async def seminar(
    callback: CallbackQuery,
    callback_data: SurveyAdminCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
) -> None:
    if not callback_data.v or callback_data.v == OTHER:
        raise Outdated()
    draft = await SurveyResultsService(session).seminar_draft(user, callback_data.id, callback_data.v, t)
    await start_prefilled(callback, user, state, t, session, settings, draft)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(Staff())
    router.callback_query.filter(Staff())
    router.message.register(load_file, F.document, is_yaml)
    router.callback_query.register(home, SurveyAdminCb.filter(F.act == "home"))
    router.callback_query.register(survey_card, SurveyAdminCb.filter(F.act == "survey"))
    router.callback_query.register(rounds, SurveyAdminCb.filter(F.act == "rounds"))
    router.callback_query.register(choose_audience, SurveyAdminCb.filter(F.act == "aud"))
    router.callback_query.register(set_audience, SurveyAdminCb.filter(F.act == "set_aud"))
    router.callback_query.register(opens_now, RoundForm.opens, SurveyAdminCb.filter(F.act == "opens_now"))
    router.message.register(opens_typed, RoundForm.opens, F.text)
    router.callback_query.register(closes_in, RoundForm.closes, SurveyAdminCb.filter(F.act == "closes_in"))
    router.message.register(closes_typed, RoundForm.closes, F.text)
    router.callback_query.register(round_card, SurveyAdminCb.filter(F.act == "round"))
    router.callback_query.register(results, SurveyAdminCb.filter(F.act == "results"))
    router.callback_query.register(charts, SurveyAdminCb.filter(F.act == "charts"))
    router.callback_query.register(export, SurveyAdminCb.filter(F.act == "export"))
    router.callback_query.register(close_ask, SurveyAdminCb.filter(F.act == "close_ask"))
    router.callback_query.register(close_yes, SurveyAdminCb.filter(F.act == "close_yes"))
    router.callback_query.register(seminar, SurveyAdminCb.filter(F.act == "seminar"))
    return router
