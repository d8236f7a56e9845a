"""The coordinators' survey screens: load report, surveys and rounds, opening a round, a round's figures and its
results."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from db.models import Organization, Survey, SurveyRound
from handlers.common.context import HandlerSettings
from handlers.common.ui import button, h, keyboard, page_of, pager, short
from handlers.surveys.answering_views import title_of
from handlers.surveys.callbacks import SurveyAct, SurveyAdminAct, SurveyAdminCb, SurveyCb
from handlers.views.survey_intro import local, share_text
from services.core.clock import utcnow
from services.core.i18n import L
from services.surveys.results import RoundResults, option_label
from services.surveys.schema import SurveyFileInvalid
from services.surveys.surveys import MIN_GROUP, ROUND_AUDIENCES, LoadResult, is_open

CLOSE_IN_DAYS = (7, 14, 30)
MESSAGE_LIMIT = 3800
TOPICS_OFFERED = 3
ERRORS_SHOWN = 20
#: How much of one typed answer the results show (the export has them whole).
ANSWER_SHOWN = 500


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


def loaded_view(t: L, result: LoadResult) -> tuple[str, InlineKeyboardMarkup]:
    survey = result.survey
    text = t(
        f"survey-loaded-{result.status}",
        title=h(title_of(survey, t)),
        version=survey.version,
        count=len(survey.definition.get("questions", [])),
    )
    return text, keyboard(
        [button(t("btn-survey-open-round"), SurveyAdminCb(act=SurveyAdminAct.AUD, id=survey.id))],
        [button(t("btn-surveys-manage"), SurveyAdminCb(act=SurveyAdminAct.HOME))],
    )


def home_view(t: L, surveys: list[Survey], page: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    """The loaded surveys a page at a time, and the way to the rounds."""
    shown = page_of(surveys, page)
    rows = [
        [button(short(t.shown("📋 ") + title_of(s, t)), SurveyAdminCb(act=SurveyAdminAct.SURVEY, id=s.id))]
        for s in shown.items
    ]
    rows.append(pager(t, shown, lambda p: SurveyAdminCb(act=SurveyAdminAct.HOME, v=str(p))))
    rows.append([button(t("btn-survey-rounds"), SurveyAdminCb(act=SurveyAdminAct.ROUNDS))])
    rows.append([button(t("btn-surveys-list"), SurveyCb(act=SurveyAct.LIST))])
    lines = [t("survey-admin-title"), ""]
    if not surveys:
        lines.append(t("survey-admin-none"))
    lines.append(t("survey-admin-load-hint"))
    return "\n".join(lines), keyboard(*rows)


def survey_card_view(t: L, survey: Survey) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "survey-admin-card",
        title=h(title_of(survey, t)),
        key=h(survey.key),
        version=survey.version,
        count=len(survey.definition.get("questions", [])),
        anonymous=t("survey-yes") if survey.anonymous else t("survey-no"),
        audience=t(f"survey-audience-{survey.audience}"),
    )
    return text, keyboard(
        [button(t("btn-survey-open-round"), SurveyAdminCb(act=SurveyAdminAct.AUD, id=survey.id))],
        [button(t("btn-back"), SurveyAdminCb(act=SurveyAdminAct.HOME))],
    )


def round_status(t: L, round_: SurveyRound) -> str:
    now = utcnow()
    if now < round_.opens_at:
        return t("survey-round-planned")
    return t("survey-round-open") if is_open(round_, now) else t("survey-round-closed-mark")


def round_line(t: L, settings: HandlerSettings, round_: SurveyRound, survey: Survey) -> str:
    status = round_status(t, round_)
    return f"{title_of(survey, t)} · {round_.opens_at.astimezone(settings.tz):%d.%m}–{round_.closes_at.astimezone(settings.tz):%d.%m.%Y} · {status}"


def rounds_view(
    t: L, settings: HandlerSettings, items: list[tuple[SurveyRound, Survey]], page: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    """The rounds a page at a time."""
    shown = page_of(items, page)
    rows = [
        [button(short(round_line(t, settings, r, s)), SurveyAdminCb(act=SurveyAdminAct.ROUND, id=r.id))]
        for r, s in shown.items
    ]
    rows.append(pager(t, shown, lambda p: SurveyAdminCb(act=SurveyAdminAct.ROUNDS, v=str(p))))
    rows.append([button(t("btn-back"), SurveyAdminCb(act=SurveyAdminAct.HOME))])
    return (t("survey-rounds-title") if items else t("survey-rounds-none")), keyboard(*rows)


def audience_view(
    t: L, survey: Survey, bound: bool, organizations: list[Organization], page: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    """Who a new round is for; a coordinator bound to an organization offers only their own as «org»; other
    organizations come a page at a time."""
    rows = [
        [button(t(f"survey-audience-{a}"), SurveyAdminCb(act=SurveyAdminAct.SET_AUD, id=survey.id, v=a))]
        for a in ROUND_AUDIENCES
        if a != "org"
    ]
    if bound:
        rows.append(
            [
                button(
                    t("survey-audience-org"), SurveyAdminCb(act=SurveyAdminAct.SET_AUD, id=survey.id, v="org")
                )
            ]
        )
    else:
        shown = page_of(organizations, page)
        for org in shown.items:
            rows.append(
                [
                    button(
                        short(t("survey-audience-org-named", org=org.short_name)),
                        SurveyAdminCb(act=SurveyAdminAct.SET_AUD, id=survey.id, v=f"org{org.id}"),
                    )
                ]
            )
        rows.append(pager(t, shown, lambda p: SurveyAdminCb(act=SurveyAdminAct.AUD, id=survey.id, v=str(p))))
    rows.append([button(t("btn-back"), SurveyAdminCb(act=SurveyAdminAct.SURVEY, id=survey.id))])
    note = t("survey-round-own-org") if bound else ""
    text = t("survey-ask-audience", title=h(title_of(survey, t))) + ("\n" + note if note else "")
    return text, keyboard(*rows)


def opens_kb(t: L, survey_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        [button(t("btn-survey-open-now"), SurveyAdminCb(act=SurveyAdminAct.OPENS_NOW, id=survey_id))],
        [button(t("btn-form-cancel"), SurveyAdminCb(act=SurveyAdminAct.HOME))],
    )


def closes_kb(t: L, survey_id: int) -> InlineKeyboardMarkup:
    rows = [
        [
            button(
                t("btn-survey-close-in", days=days),
                SurveyAdminCb(act=SurveyAdminAct.CLOSES_IN, id=survey_id, v=str(days)),
            )
        ]
        for days in CLOSE_IN_DAYS
    ]
    rows.append([button(t("btn-form-cancel"), SurveyAdminCb(act=SurveyAdminAct.HOME))])
    return keyboard(*rows)


def round_view(
    t: L, settings: HandlerSettings, results: RoundResults, note: str = ""
) -> tuple[str, InlineKeyboardMarkup]:
    """A round's figures and what can be done with it."""
    round_ = results.round
    round_id = round_.id
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
        rate_line(t, results),
    ]
    rows = [
        [button(t("btn-survey-results"), SurveyAdminCb(act=SurveyAdminAct.RESULTS, id=round_id))],
        [button(t("btn-survey-charts"), SurveyAdminCb(act=SurveyAdminAct.CHARTS, id=round_id))],
        [button(t("btn-survey-export"), SurveyAdminCb(act=SurveyAdminAct.EXPORT, id=round_id))],
    ]
    now = utcnow()
    if round_.opens_at <= now < round_.closes_at:
        rows.append([button(t("btn-share"), SurveyAdminCb(act=SurveyAdminAct.SHARE, id=round_id))])
    if round_.closes_at > now:
        rows.append(
            [button(t("btn-survey-close-round"), SurveyAdminCb(act=SurveyAdminAct.CLOSE_ASK, id=round_id))]
        )
    rows.append([button(t("btn-back"), SurveyAdminCb(act=SurveyAdminAct.ROUNDS))])
    return "\n".join(lines), keyboard(*rows)


def share_view(t: L, title: str, round_id: int, link: str) -> tuple[str, InlineKeyboardMarkup]:
    """«Поделиться»: the link to post in school chats and on websites, and the way back to the round."""
    return share_text(t, title, link), keyboard(
        [button(t("btn-back-round"), SurveyAdminCb(act=SurveyAdminAct.ROUND, id=round_id))]
    )


def rate_line(t: L, results: RoundResults) -> str:
    """How many of those asked answered."""
    percent = _percent(results.respondents, results.targets)
    return t("survey-rate", respondents=results.respondents, targets=results.targets, percent=percent)


def _percent(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def results_text(t: L, results: RoundResults) -> list[str]:
    """The results as message parts, each under Telegram's length limit."""
    defn = results.definition
    lines = [
        t("survey-results-title", title=h(defn.title.get(t.locale))),
        rate_line(t, results),
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
            lines.append(f"  — «{h(short(text, ANSWER_SHOWN))}»")
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


def results_kb(t: L, results: RoundResults) -> InlineKeyboardMarkup:
    """Under the results: a most requested topic as a seminar, and back."""
    round_id = results.round.id
    rows: list[list[InlineKeyboardButton]] = []
    if results.shown:
        question = next((r.question for r in results.questions if r.question.topics), None)
        for share in results.topics[:TOPICS_OFFERED]:
            assert question is not None
            label = t("btn-survey-seminar", topic=option_label(t, question, share.value))
            rows.append(
                [button(short(label), SurveyAdminCb(act=SurveyAdminAct.SEMINAR, id=round_id, v=share.value))]
            )
    rows.append([button(t("btn-back"), SurveyAdminCb(act=SurveyAdminAct.ROUND, id=round_id))])
    return keyboard(*rows)


def back_to_round_kb(t: L, round_id: int) -> InlineKeyboardMarkup:
    return keyboard([button(t("btn-back"), SurveyAdminCb(act=SurveyAdminAct.ROUND, id=round_id))])


def close_confirm_view(t: L, round_id: int) -> tuple[str, InlineKeyboardMarkup]:
    return t("survey-close-confirm"), keyboard(
        [button(t("btn-survey-close-yes"), SurveyAdminCb(act=SurveyAdminAct.CLOSE_YES, id=round_id))],
        [button(t("btn-back"), SurveyAdminCb(act=SurveyAdminAct.ROUND, id=round_id))],
    )
