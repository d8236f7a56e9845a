"""Results of a round: response rates, counts and shares per question, free texts, the previous round beside it,
charts (matplotlib, headless) and the XLSX export. Any group smaller than MIN_GROUP is not shown."""

from __future__ import annotations

import asyncio
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Survey, SurveyRound, User
from db.repositories.organizations import OrganizationRepo
from db.repositories.surveys import SurveyRepo
from services.core.domain import Kind
from services.core.errors import NotFound, ValidationFailed
from services.core.i18n import L
from services.events.events import EventDraft
from services.surveys.schema import OTHER, Question, SurveyDef
from services.surveys.surveys import MIN_GROUP, ROLES_FOR, SurveyService, definition


@dataclass(frozen=True, slots=True)
class Share:
    value: str
    count: int
    share: float  # of those who answered the question
    previous: float | None = None  # the same value's share in the previous round


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: Question
    answered: int
    shares: list[Share]
    texts: list[str]
    mean: float | None = None  # scale questions
    previous_mean: float | None = None

    @property
    def hidden(self) -> bool:
        """A question fewer than MIN_GROUP people answered (a follow-up, an optional one) is not shown either."""
        return self.answered < MIN_GROUP


@dataclass(frozen=True, slots=True)
class RateRow:
    key: str  # organization short name, or a role
    targets: int
    respondents: int

    @property
    def hidden(self) -> bool:
        return self.respondents < MIN_GROUP


@dataclass(slots=True)
class RoundResults:
    round: SurveyRound
    survey: Survey
    definition: SurveyDef
    responses: int
    targets: int
    respondents: int
    by_org: list[RateRow] = field(default_factory=list)
    by_role: list[RateRow] = field(default_factory=list)
    questions: list[QuestionResult] = field(default_factory=list)
    previous: SurveyRound | None = None
    previous_responses: int = 0
    raw: list[tuple[str, object, dict[str, list[tuple[str, str | None]]]]] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        """Answers are shown only when at least MIN_GROUP people sent them."""
        return self.responses >= MIN_GROUP

    @property
    def topics(self) -> list[Share]:
        """The training topics most asked for, most first (a needs survey's question marked `topics`)."""
        for result in self.questions:
            if result.question.topics:
                return sorted(
                    (s for s in result.shares if s.value != OTHER and s.count),
                    key=lambda s: (-s.count, s.value),
                )
        return []


def option_label(t: L, q: Question, value: str) -> str:
    if value == OTHER:
        return t("survey-other")
    if q.kind == "yesno":
        return t(f"survey-{value}")
    if q.kind == "scale":
        label = q.labels.get(int(value)) if value.isdigit() else None
        return f"{value} — {label.get(t.locale)}" if label else value
    option = q.option(value)
    return option.text.get(t.locale) if option else value


def _question_results(
    defn: SurveyDef, answers_by_response: dict[str, dict[str, list[tuple[str, str | None]]]]
) -> list[QuestionResult]:
    results = []
    for q in defn.questions:
        given = [resp[q.id] for resp in answers_by_response.values() if q.id in resp]
        answered = len(given)
        counts: Counter[str] = Counter(value for entry in given for value, _ in entry)
        texts = [text for entry in given for value, text in entry if text and value in ("text", OTHER)]
        shares = [
            Share(value, counts[value], counts[value] / answered if answered else 0.0)
            for value in q.values()
            if q.kind != "text"
        ]
        mean = None
        if q.kind == "scale" and answered:
            mean = sum(int(v) * c for v, c in counts.items() if v.isdigit()) / answered
        results.append(QuestionResult(q, answered, shares, texts, mean))
    return results


async def round_results(session: AsyncSession, round_: SurveyRound, survey: Survey) -> RoundResults:
    repo = SurveyRepo(session)
    defn = definition(survey)
    responses = await repo.responses(round_.id)
    by_response: dict[str, dict[str, list[tuple[str, str | None]]]] = {r.id: {} for r in responses}
    for answer in await repo.answers(round_.id):
        by_response.setdefault(answer.response_id, {}).setdefault(answer.question_id, []).append(
            (answer.value, answer.text)
        )
    targets = await repo.target_users(round_, ROLES_FOR.get(round_.audience, ()))
    respondents = await repo.respondents_with_users(round_.id)
    results = RoundResults(
        round=round_,
        survey=survey,
        definition=defn,
        responses=len(responses),
        targets=len({u.id for u in targets} | {u.id for u in respondents}),
        respondents=len(respondents),
    )
    results.by_org = await _rates(session, targets, respondents, lambda u: u.organization_id)
    results.by_role = await _rates(session, targets, respondents, lambda u: u.role)
    results.questions = _question_results(defn, by_response)
    users = {u.id: u for u in respondents}
    for response in responses:  # raw rows, sorted by the random id: no order of sending is kept
        who = users.get(response.user_id) if response.user_id is not None else None
        results.raw.append((response.submitted_on.isoformat(), who, by_response.get(response.id, {})))
    previous = await repo.previous_round(round_, survey.key)
    if previous is not None:
        prev_round, prev_survey = previous
        prev = await round_results_plain(session, prev_round, prev_survey)
        results.previous, results.previous_responses = prev_round, prev[0]
        if prev[0] >= MIN_GROUP:
            results.questions = _with_previous(results.questions, prev[1])
    return results


async def round_results_plain(
    session: AsyncSession, round_: SurveyRound, survey: Survey
) -> tuple[int, list[QuestionResult]]:
    repo = SurveyRepo(session)
    responses = await repo.responses(round_.id)
    by_response: dict[str, dict[str, list[tuple[str, str | None]]]] = {r.id: {} for r in responses}
    for answer in await repo.answers(round_.id):
        by_response.setdefault(answer.response_id, {}).setdefault(answer.question_id, []).append(
            (answer.value, answer.text)
        )
    return len(responses), _question_results(definition(survey), by_response)


def _with_previous(current: list[QuestionResult], previous: list[QuestionResult]) -> list[QuestionResult]:
    before = {r.question.id: r for r in previous}
    out = []
    for result in current:
        old = before.get(result.question.id)
        if old is None or old.question.kind != result.question.kind:
            out.append(result)
            continue
        old_shares = {s.value: s.share for s in old.shares}
        shares = [Share(s.value, s.count, s.share, old_shares.get(s.value)) for s in result.shares]
        out.append(
            QuestionResult(result.question, result.answered, shares, result.texts, result.mean, old.mean)
        )
    return out


async def _rates(session: AsyncSession, targets: list[User], respondents: list[User], key) -> list[RateRow]:  # type: ignore[no-untyped-def]
    asked: dict[object, set[int]] = defaultdict(set)
    answered: dict[object, set[int]] = defaultdict(set)
    for user in targets:
        asked[key(user)].add(user.id)
    for user in respondents:
        asked[key(user)].add(user.id)
        answered[key(user)].add(user.id)
    names: dict[object, str] = {}
    orgs = OrganizationRepo(session)
    for group in asked:
        if isinstance(group, int):
            org = await orgs.get(group)
            names[group] = org.short_name if org else ""
        else:
            names[group] = str(group) if group else ""
    rows = [RateRow(names[g], len(asked[g]), len(answered[g])) for g in asked]
    return sorted(rows, key=lambda r: (-r.targets, r.key))


class SurveyResultsService:
    """Results for coordinators: every call checks the person may manage the round."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.surveys = SurveyService(session)

    async def results(self, user: User | None, round_id: int) -> RoundResults:
        round_, survey = await self.surveys.managed_round(user, round_id)
        return await round_results(self.session, round_, survey)

    async def charts(self, user: User | None, round_id: int, t: L) -> list[tuple[str, bytes]]:
        results = await self.results(user, round_id)
        if not results.shown:
            raise ValidationFailed("survey-results-too-few", min=MIN_GROUP)
        return await asyncio.to_thread(charts, results, t)  # drawing takes a while: the event loop goes on

    async def export(self, user: User | None, round_id: int, t: L, tz: ZoneInfo) -> bytes:
        results = await self.results(user, round_id)
        return await asyncio.to_thread(export_xlsx, results, t, tz)

    async def seminar_draft(self, user: User | None, round_id: int, option_id: str, t: L) -> EventDraft:
        """An event form pre-filled from one of the most requested topics."""
        results = await self.results(user, round_id)
        if not results.shown:
            raise ValidationFailed("survey-results-too-few", min=MIN_GROUP)
        share = next((s for s in results.topics if s.value == option_id), None)
        question = next((r.question for r in results.questions if r.question.topics), None)
        if share is None or question is None:
            raise NotFound()
        title = option_label(t, question, option_id)
        audience = "teachers" if results.survey.audience == "teachers" else "all"
        return EventDraft(
            title=title[:200],
            kind=Kind.SEMINAR,
            audience=audience,
            description=t(
                "survey-seminar-description",
                survey=results.definition.title.get(t.locale),
                count=share.count,
                total=results.responses,
            ),
            organization_id=user.organization_id if user else None,
        )


# Charts


def charts(results: RoundResults, t: L) -> list[tuple[str, bytes]]:
    """One PNG bar chart per question with choices: (caption, image)."""
    import matplotlib

    matplotlib.use("Agg")  # headless: no display, no GUI toolkit
    from matplotlib.figure import Figure  # figures built directly, without pyplot's global state

    out = []
    for number, result in enumerate(results.questions, start=1):
        if result.question.kind == "text" or result.hidden:
            continue
        labels = [_wrap(option_label(t, result.question, s.value), 38) for s in result.shares]
        values = [round(s.share * 100) for s in result.shares]
        height = 1.6 + 0.55 * len(labels) * (2 if _has_previous(result) else 1)
        figure = Figure(figsize=(8, height), dpi=100)
        ax = figure.add_subplot()
        positions = list(range(len(labels)))[::-1]
        if _has_previous(result):
            ax.barh(
                [p + 0.2 for p in positions],
                values,
                height=0.4,
                color="#2f6db5",
                label=t("survey-chart-this"),
            )
            old = [round((s.previous or 0) * 100) for s in result.shares]
            ax.barh(
                [p - 0.2 for p in positions],
                old,
                height=0.4,
                color="#b0b7c3",
                label=t("survey-chart-previous"),
            )
            ax.legend(loc="lower right", fontsize=8)
        else:
            ax.barh(positions, values, color="#2f6db5")
        ax.set_yticks(positions, labels, fontsize=9)
        ax.set_xlim(0, 100)
        ax.set_xlabel("%")
        for p, value, share in zip(positions, values, result.shares, strict=True):
            ax.text(
                value + 1,
                p + (0.2 if _has_previous(result) else 0),
                f"{value}% ({share.count})",
                va="center",
                fontsize=8,
            )
        ax.set_title(_wrap(result.question.text.get(t.locale), 70), fontsize=10)
        # fixed margins rather than tight_layout, which only warns when long labels do not fit
        figure.subplots_adjust(left=0.36, right=0.86, top=1 - 0.8 / height, bottom=0.6 / height)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        caption = t(
            "survey-chart-caption",
            number=number,
            question=result.question.text.get(t.locale),
            answered=result.answered,
        )
        out.append((caption, buffer.getvalue()))
    return out


def _has_previous(result: QuestionResult) -> bool:
    return any(s.previous is not None for s in result.shares)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


# XLSX


def export_xlsx(results: RoundResults, t: L, tz: ZoneInfo) -> bytes:
    """A summary sheet and a sheet of raw answers (no person columns when the survey is anonymous)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    defn = results.definition
    book = Workbook()
    summary = book.active
    summary.title = t("survey-xlsx-summary")[:31]
    bold = Font(bold=True)
    summary.append([defn.title.get(t.locale)])
    summary["A1"].font = bold
    summary.append(
        [
            t("survey-xlsx-period"),
            f"{_local(results.round.opens_at, tz)} — {_local(results.round.closes_at, tz)}",
        ]
    )
    summary.append([t("survey-xlsx-anonymous"), t("survey-yes") if defn.anonymous else t("survey-no")])
    summary.append([t("survey-xlsx-targets"), results.targets])
    summary.append([t("survey-xlsx-responses"), results.responses])
    summary.append([])
    if not results.shown:
        summary.append([t("survey-results-too-few", min=MIN_GROUP)])
    else:
        summary.append(
            [
                t("survey-xlsx-question"),
                t("survey-xlsx-answer"),
                t("survey-xlsx-count"),
                t("survey-xlsx-share"),
            ]
        )
        for cell in summary[summary.max_row]:
            cell.font = bold
        for result in results.questions:
            text = result.question.text.get(t.locale)
            if result.hidden:
                summary.append([text, t("survey-question-too-few", min=MIN_GROUP), result.answered, None])
                continue
            if result.question.kind == "text":
                summary.append([text, t("survey-xlsx-texts"), len(result.texts), None])
                continue
            for share in result.shares:
                summary.append(
                    [text, option_label(t, result.question, share.value), share.count, round(share.share, 4)]
                )
                summary.cell(summary.max_row, 4).number_format = "0%"
        raw = book.create_sheet(t("survey-xlsx-raw")[:31])
        person = (
            [] if defn.anonymous else [t("survey-xlsx-user"), t("survey-xlsx-role"), t("survey-xlsx-org")]
        )
        raw.append([t("survey-xlsx-number"), t("survey-xlsx-date"), *person, *(q.id for q in defn.questions)])
        raw.append([None, None, *([None] * len(person)), *(q.text.get(t.locale) for q in defn.questions)])
        for number, (day, who, answers) in enumerate(results.raw, start=1):
            row: list[object] = [number, day]
            if not defn.anonymous:
                user = who if isinstance(who, User) else None
                row += [
                    user.id if user else None,
                    user.role if user else None,
                    user.organization_id if user else None,
                ]
            for q in defn.questions:
                entry = answers.get(q.id, [])
                row.append("; ".join(_cell(t, q, value, text) for value, text in entry) or None)
            raw.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(t: L, q: Question, value: str, text: str | None) -> str:
    if value == "text":
        return text or ""
    label = option_label(t, q, value)
    return f"{label}: {text}" if value == OTHER and text else label


def _local(instant: datetime, tz: ZoneInfo) -> str:
    return f"{instant.astimezone(tz):%d.%m.%Y %H:%M}"


async def export_round(session: AsyncSession, round_id: int, t: L, tz: ZoneInfo) -> bytes:
    """The export for the command line (an operator on the server; no person to check)."""
    repo = SurveyRepo(session)
    round_ = await repo.get_round(round_id)
    if round_ is None:
        raise NotFound()
    survey = await repo.get(round_.survey_id)
    assert survey is not None
    return export_xlsx(await round_results(session, round_, survey), t, tz)
