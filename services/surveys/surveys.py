"""Questionnaires: loading them, opening rounds, answering one question at a time, and sending the answers.

While a person answers, their answers live in a small JSON-able `Progress` kept in the conversation state (memory
now, Redis later), not in the database: an anonymous response is written only when it is sent, as a row with a
random id and the day, beside a separate «has answered» mark with no time. Named responses can be changed until
the round closes; anonymous ones cannot be found again, so they are final once sent.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Event, Survey, SurveyAnswer, SurveyRespondent, SurveyResponse, SurveyRound, User
from db.repositories.surveys import SurveyRepo
from services.core import permissions
from services.core.domain import Role
from services.core.errors import NotFound, PermissionDenied, ServiceError, ValidationFailed
from services.core.organizations import pickable
from services.core.permissions import bound_organization, own_organization, require_staff
from services.surveys.schema import OTHER, Question, SurveyDef, parse_survey

MIN_GROUP = 5  # results of a group smaller than this are not shown
OTHER_MAX = 200
ROUND_MAX_DAYS = 366
FEEDBACK_KEY = "event-feedback"
FEEDBACK_DAYS = 7
#: `/start sv_<round id>`: a shared link to an open survey round.
SURVEY_LINK_PREFIX = "sv_"

ROLES_FOR: dict[str, tuple[str, ...]] = {
    "parents": (Role.PARENT,),
    "teachers": (Role.TEACHER, Role.SPECIALIST),
    "all": (Role.PARENT, Role.TEACHER, Role.SPECIALIST),
    "org": (Role.PARENT, Role.TEACHER, Role.SPECIALIST),
    "recipients": (),
}
ROUND_AUDIENCES = ("parents", "teachers", "all", "org")


class RoundClosed(ServiceError):
    key = "survey-round-closed"


class AlreadyAnswered(ServiceError):
    key = "survey-already-answered"


class StaleButton(ServiceError):
    """A button of a question the person is no longer on."""

    key = "survey-stale-button"


class ChoiceExpected(ServiceError):
    """Text typed where a button is expected: the question is shown again."""

    key = "survey-choose-button"


_definitions: dict[tuple[int, str], SurveyDef] = {}


def definition(survey: Survey) -> SurveyDef:
    cache_key = (survey.id, survey.digest)
    found = _definitions.get(cache_key)
    if found is None:
        found = _definitions[cache_key] = SurveyDef.model_validate(survey.definition)
    return found


def digest_of(survey: SurveyDef) -> str:
    canonical = json.dumps(survey.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def is_open(round_: SurveyRound, now: datetime) -> bool:
    return round_.opens_at <= now < round_.closes_at


# Answering: pure functions over a survey and a person's progress


@dataclass(slots=True)
class Progress:
    """Where a person is in a round: their answers so far and the question on screen (None: ready to send)."""

    round_id: int
    survey_id: int
    answers: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # question id -> {"v": [values], "t": text}
    current: str | None = None
    awaiting_other: bool = False
    editing: bool = False  # a named response already sent, being changed

    def to_state(self) -> dict[str, Any]:
        return {
            "r": self.round_id,
            "s": self.survey_id,
            "a": self.answers,
            "c": self.current,
            "o": self.awaiting_other,
            "e": self.editing,
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Progress:
        return cls(
            round_id=int(data["r"]),
            survey_id=int(data["s"]),
            answers={str(k): dict(v) for k, v in (data.get("a") or {}).items()},
            current=data.get("c"),
            awaiting_other=bool(data.get("o")),
            editing=bool(data.get("e")),
        )

    def values(self, question_id: str) -> list[str]:
        return list(self.answers.get(question_id, {}).get("v") or [])

    def text(self, question_id: str) -> str | None:
        return self.answers.get(question_id, {}).get("t")


def visible_questions(survey: SurveyDef, answers: dict[str, dict[str, Any]]) -> list[Question]:
    """The questions a person is asked, given their answers: a condition needs its question shown and answered so."""
    shown: list[Question] = []
    shown_ids: set[str] = set()
    for q in survey.questions:
        cond = q.show_if
        if cond is not None:
            if cond.question not in shown_ids:
                continue
            given = set(answers.get(cond.question, {}).get("v") or [])
            if not given & set(cond.values):
                continue
        shown.append(q)
        shown_ids.add(q.id)
    return shown


def position(survey: SurveyDef, progress: Progress) -> tuple[int, int]:
    """(number of the current question among those shown, how many are shown) for «вопрос 3 из 12»."""
    shown = visible_questions(survey, progress.answers)
    ids = [q.id for q in shown]
    number = ids.index(progress.current) + 1 if progress.current in ids else len(ids)
    return number, len(ids)


def current_question(survey: SurveyDef, progress: Progress) -> Question | None:
    return survey.question(progress.current) if progress.current else None


def _advance(survey: SurveyDef, progress: Progress) -> Progress:
    shown = [q.id for q in visible_questions(survey, progress.answers)]
    if progress.current in shown:
        index = shown.index(progress.current) + 1
    else:  # the current question was hidden by a changed answer: continue from its place in the survey
        order = [q.id for q in survey.questions]
        here = order.index(progress.current) if progress.current in order else -1
        index = next((i for i, qid in enumerate(shown) if order.index(qid) > here), len(shown))
    progress.current = shown[index] if index < len(shown) else None
    progress.awaiting_other = False
    return progress


def check_button(survey: SurveyDef, progress: Progress, question_index: int) -> Question:
    """The question a pressed button belongs to; it must be the one on screen."""
    question = current_question(survey, progress)
    if question is None or not 0 <= question_index < len(survey.questions):
        raise StaleButton()
    if survey.questions[question_index].id != question.id:
        raise StaleButton()
    return question


def choose(survey: SurveyDef, progress: Progress, question_index: int, value: str) -> Progress:
    """A button of a single choice, scale or yes/no question. «Other» waits for a text."""
    q = check_button(survey, progress, question_index)
    if q.kind not in ("single", "scale", "yesno") or value not in q.values():
        raise StaleButton()
    if value == OTHER:
        progress.awaiting_other = True
        return progress
    progress.answers[q.id] = {"v": [value], "t": None}
    return _advance(survey, progress)


def toggle(survey: SurveyDef, progress: Progress, question_index: int, value: str) -> Progress:
    q = check_button(survey, progress, question_index)
    if q.kind != "multiple" or value not in q.values():
        raise StaleButton()
    chosen = progress.values(q.id)
    if value in chosen:
        chosen.remove(value)
        text = None if value == OTHER else progress.text(q.id)
        progress.answers[q.id] = {"v": chosen, "t": text}
        progress.awaiting_other = False
        return progress
    if q.max is not None and len(chosen) >= q.max:
        raise ValidationFailed("survey-too-many", max=q.max)
    if value == OTHER:
        progress.awaiting_other = True
        return progress
    progress.answers[q.id] = {"v": [*chosen, value], "t": progress.text(q.id)}
    return progress


def finish_multiple(survey: SurveyDef, progress: Progress, question_index: int) -> Progress:
    q = check_button(survey, progress, question_index)
    if q.kind != "multiple":
        raise StaleButton()
    chosen = progress.values(q.id)
    low = max(q.min or 0, 1 if q.required else 0)
    if (chosen and len(chosen) < low) or (not chosen and q.required):
        raise ValidationFailed("survey-too-few", min=low)
    if not chosen:
        progress.answers.pop(q.id, None)
    return _advance(survey, progress)


def type_text(survey: SurveyDef, progress: Progress, text: str) -> Progress:
    """Text the person typed: a free-text answer, or the words of «other»."""
    q = current_question(survey, progress)
    if q is None:
        raise ChoiceExpected()
    value = " ".join(text.split())
    if progress.awaiting_other:
        if not value:
            raise ValidationFailed("survey-text-empty")
        if len(value) > OTHER_MAX:
            raise ValidationFailed("survey-text-too-long", limit=OTHER_MAX, length=len(value))
        if q.kind == "multiple":
            progress.answers[q.id] = {"v": [*progress.values(q.id), OTHER], "t": value}
            progress.awaiting_other = False
            return progress
        progress.answers[q.id] = {"v": [OTHER], "t": value}
        return _advance(survey, progress)
    if q.kind != "text":
        raise ChoiceExpected()
    if not value:
        raise ValidationFailed("survey-text-empty")
    if len(value) > q.max_length:
        raise ValidationFailed("survey-text-too-long", limit=q.max_length, length=len(value))
    progress.answers[q.id] = {"v": ["text"], "t": value}
    return _advance(survey, progress)


def skip(survey: SurveyDef, progress: Progress, question_index: int) -> Progress:
    """«Skip» on an optional question, or «next» keeping an answer already given."""
    q = check_button(survey, progress, question_index)
    if q.id not in progress.answers and q.required:
        raise ValidationFailed("survey-required")
    if q.kind == "multiple" and q.id in progress.answers:
        return finish_multiple(survey, progress, question_index)
    return _advance(survey, progress)


def back(survey: SurveyDef, progress: Progress) -> Progress:
    shown = [q.id for q in visible_questions(survey, progress.answers)]
    if not shown:
        return progress
    if progress.current is None:
        progress.current = shown[-1]
    elif progress.current in shown:
        progress.current = shown[max(shown.index(progress.current) - 1, 0)]
    progress.awaiting_other = False
    return progress


def missing_required(survey: SurveyDef, progress: Progress) -> list[Question]:
    return [
        q for q in visible_questions(survey, progress.answers) if q.required and q.id not in progress.answers
    ]


def answer_rows(survey: SurveyDef, progress: Progress, response_id: str) -> list[SurveyAnswer]:
    """The rows to store: answers of the questions shown (answers to questions a later change hid are dropped)."""
    rows = []
    for q in visible_questions(survey, progress.answers):
        entry = progress.answers.get(q.id)
        if not entry:
            continue
        allowed = set(q.values()) | ({"text"} if q.kind == "text" else set())
        for value in dict.fromkeys(entry.get("v") or []):
            if value not in allowed:
                continue
            text = entry.get("t") if value in (OTHER, "text") else None
            rows.append(SurveyAnswer(response_id=response_id, question_id=q.id, value=value, text=text))
    return rows


# The service


@dataclass(frozen=True, slots=True)
class LoadResult:
    survey: Survey
    status: str  # added | new_version | unchanged


@dataclass(frozen=True, slots=True)
class RoundItem:
    round: SurveyRound
    survey: Survey
    answered: bool


def can_manage(user: User | None, round_: SurveyRound) -> bool:
    return permissions.can_manage(user, round_)


class SurveyService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = SurveyRepo(session)

    # Surveys

    async def load(self, user: User | None, data: str | bytes, *, trusted: bool = False) -> LoadResult:
        """Check a YAML file and store it (a new version when its content changed). `trusted`: the command line."""
        created_by = None
        if not trusted:
            created_by = require_staff(user).id
        survey = parse_survey(data)
        digest = digest_of(survey)
        latest = await self.repo.latest(survey.key)
        if latest is not None and latest.digest == digest:
            return LoadResult(latest, "unchanged")
        row = Survey(
            key=survey.key,
            version=(latest.version + 1) if latest else 1,
            kind=survey.kind,
            audience=survey.audience,
            anonymous=survey.anonymous,
            title_ru=survey.title.ru,
            title_en=survey.title.en,
            definition=survey.model_dump(mode="json"),
            digest=digest,
            created_by=created_by,
        )
        await self.repo.add(row)
        await self.session.commit()
        return LoadResult(row, "new_version" if latest else "added")

    async def surveys(self, user: User | None) -> list[Survey]:
        require_staff(user)
        return await self.repo.latest_all()

    async def survey(self, user: User | None, survey_id: int) -> Survey:
        require_staff(user)
        survey = await self.repo.get(survey_id)
        if survey is None:
            raise NotFound()
        return survey

    # Rounds

    async def open_round(
        self,
        user: User | None,
        survey_id: int,
        audience: str,
        opens_at: datetime,
        closes_at: datetime,
        organization_id: int | None = None,
        now: datetime | None = None,
    ) -> SurveyRound:
        staff = require_staff(user)
        survey = await self.survey(staff, survey_id)
        organization_id = own_organization(staff, organization_id)  # a bound coordinator asks only its people
        if audience not in ROUND_AUDIENCES or (audience == "org" and organization_id is None):
            raise ValidationFailed("survey-bad-audience")
        if organization_id is not None:
            await pickable(self.session, organization_id)
        now = now or utcnow()
        if closes_at <= opens_at or closes_at <= now:
            raise ValidationFailed("survey-close-before-open")
        if closes_at - opens_at > timedelta(days=ROUND_MAX_DAYS):
            raise ValidationFailed("survey-round-too-long", days=ROUND_MAX_DAYS)
        round_ = SurveyRound(
            survey_id=survey.id,
            audience=audience,
            organization_id=organization_id,
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=staff.id,
        )
        await self.repo.add(round_)
        await self.session.commit()
        return round_

    async def open_feedback_round(
        self,
        event_id: int,
        recipients: Iterable[int],
        closes_at: datetime | None = None,
        now: datetime | None = None,
        survey_key: str = FEEDBACK_KEY,
    ) -> SurveyRound:
        """The feedback survey for an event, for the given people (its registrants, or attendees once known).

        Called by the system after an event, not by a person; `recipients` are Telegram ids of people with consent.
        """
        round_ = await self.add_feedback_round(event_id, recipients, closes_at, now, survey_key)
        await self.session.commit()
        return round_

    async def add_feedback_round(
        self,
        event_id: int,
        recipients: Iterable[int],
        closes_at: datetime | None = None,
        now: datetime | None = None,
        survey_key: str = FEEDBACK_KEY,
    ) -> SurveyRound:
        """`open_feedback_round` in the caller's transaction (the event feedback planner's): no commit."""
        survey = await self.repo.latest(survey_key)
        if survey is None:
            raise NotFound("survey-not-loaded", name=survey_key)
        event = await self.session.get(Event, event_id)
        if event is None:
            raise NotFound()
        now = now or utcnow()
        round_ = SurveyRound(
            survey_id=survey.id,
            audience="recipients",
            organization_id=event.organization_id,
            event_id=event.id,
            opens_at=now,
            closes_at=closes_at or now + timedelta(days=FEEDBACK_DAYS),
        )
        await self.repo.add(round_)
        known = await self.repo.existing_user_ids(set(recipients))  # people who left (/forget) are not asked
        await self.repo.add_recipients(round_.id, sorted(known))
        return round_

    async def managed_round(self, user: User | None, round_id: int) -> tuple[SurveyRound, Survey]:
        staff = require_staff(user)
        round_ = await self.repo.get_round(round_id)
        if round_ is None:
            raise NotFound()
        if not can_manage(staff, round_):
            raise PermissionDenied("survey-not-your-org")
        survey = await self.repo.get(round_.survey_id)
        assert survey is not None
        return round_, survey

    async def rounds_to_manage(self, user: User | None) -> list[tuple[SurveyRound, Survey]]:
        staff = require_staff(user)
        return await self.repo.rounds(bound_organization(staff))

    async def close_round(self, user: User | None, round_id: int, now: datetime | None = None) -> SurveyRound:
        round_, _ = await self.managed_round(user, round_id)
        now = now or utcnow()
        if round_.closes_at > now:
            round_.closes_at = now
            await self.session.commit()
        return round_

    async def shared_round(
        self, user: User | None, round_id: int, now: datetime | None = None
    ) -> tuple[SurveyRound, Survey]:
        """«Поделиться» on a coordinator's round: only an open round (RoundClosed otherwise) of theirs, with its
        survey."""
        round_, survey = await self.managed_round(user, round_id)
        if not is_open(round_, now or utcnow()):
            raise RoundClosed()
        return round_, survey

    async def open_to_share(self, round_id: int, now: datetime | None = None) -> tuple[SurveyRound, Survey]:
        """«Поделиться» under a round's first screen: anyone may pass on a link to an open round (whoever opens it
        is checked then); a closed or missing one raises."""
        round_ = await self.repo.get_round(round_id)
        if round_ is None:
            raise NotFound()
        if not is_open(round_, now or utcnow()):
            raise RoundClosed()
        survey = await self.repo.get(round_.survey_id)
        assert survey is not None
        return round_, survey

    async def is_target(self, round_: SurveyRound, user: User) -> bool:
        if round_.audience == "recipients":
            return await self.repo.is_recipient(round_.id, user.id)
        if user.role not in ROLES_FOR.get(round_.audience, ()):
            return False
        if round_.organization_id is not None or round_.audience == "org":
            return user.organization_id == round_.organization_id
        return True

    async def get_round(self, round_id: int) -> SurveyRound | None:
        """A round as stored (for its dates on screen; `begin` checks it is the person's to answer)."""
        return await self.repo.get_round(round_id)

    async def open_for(self, user: User, now: datetime | None = None) -> list[RoundItem]:
        """Open rounds this person is asked to answer, with whether they already did."""
        items = []
        for round_, survey in await self.repo.open_rounds(now or utcnow()):
            if await self.is_target(round_, user):
                items.append(RoundItem(round_, survey, await self.repo.has_answered(round_.id, user.id)))
        return items

    async def target_ids(self, round_id: int) -> list[int]:
        """Everyone a round is for (for invitations)."""
        round_ = await self.repo.get_round(round_id)
        if round_ is None:
            raise NotFound()
        return [u.id for u in await self.repo.target_users(round_, ROLES_FOR.get(round_.audience, ()))]

    async def non_respondents(self, round_id: int) -> list[int]:
        """Who has not answered yet (for reminders); anonymous rounds too, through the «has answered» marks."""
        return await self.repo.non_respondent_ids(round_id, ROLES_FOR)

    # Answering

    async def _round_for(self, user: User, round_id: int, now: datetime) -> tuple[SurveyRound, Survey]:
        round_ = await self.repo.get_round(round_id)
        if round_ is None:
            raise NotFound()
        if not is_open(round_, now):
            raise RoundClosed()
        if not await self.is_target(round_, user):
            raise PermissionDenied("survey-not-for-you")
        survey = await self.repo.get(round_.survey_id)
        assert survey is not None
        return round_, survey

    async def begin(
        self, user: User, round_id: int, saved: dict[str, Any] | None = None, now: datetime | None = None
    ) -> tuple[Progress, Survey]:
        """Start or resume: saved progress first, then a named response already sent (to change it)."""
        round_, survey = await self._round_for(user, round_id, now or utcnow())
        defn = definition(survey)
        if survey.anonymous and await self.repo.has_answered(round_.id, user.id):
            raise AlreadyAnswered()
        if saved:
            progress = Progress.from_state(saved)
            if progress.round_id == round_.id and progress.survey_id == survey.id:
                return progress, survey
        progress = Progress(round_id=round_.id, survey_id=survey.id)
        if not survey.anonymous:
            response = await self.repo.named_response(round_.id, user.id)
            if response is not None:
                for answer in await self.repo.answers_of(response.id):
                    entry = progress.answers.setdefault(answer.question_id, {"v": [], "t": None})
                    entry["v"].append(answer.value)
                    if answer.text is not None:
                        entry["t"] = answer.text
                progress.editing = True
        shown = visible_questions(defn, progress.answers)
        progress.current = shown[0].id if shown else None
        return progress, survey

    async def check_open(self, user: User, progress: Progress, now: datetime | None = None) -> Survey:
        """Before each step: the round is still open and still the same survey version."""
        round_, survey = await self._round_for(user, progress.round_id, now or utcnow())
        if survey.id != progress.survey_id:
            raise StaleButton()
        if survey.anonymous and await self.repo.has_answered(round_.id, user.id):
            raise AlreadyAnswered()
        return survey

    async def submit(self, user: User, progress: Progress, now: datetime | None = None) -> Progress:
        """Store the answers. Raises ValidationFailed (and moves to the first unanswered question) when some are due."""
        now = now or utcnow()
        round_, survey = await self._round_for(user, progress.round_id, now)
        if survey.id != progress.survey_id:
            raise StaleButton()
        defn = definition(survey)
        missing = missing_required(defn, progress)
        if missing:
            progress.current = missing[0].id
            raise ValidationFailed("survey-answer-missing", count=len(missing))
        if survey.anonymous:
            if await self.repo.has_answered(round_.id, user.id):
                raise AlreadyAnswered()
            response = SurveyResponse(
                id=secrets.token_hex(16), round_id=round_.id, user_id=None, submitted_on=now.date()
            )
        else:
            response = await self.repo.named_response(round_.id, user.id)
            if response is None:
                response = SurveyResponse(
                    id=secrets.token_hex(16), round_id=round_.id, user_id=user.id, submitted_on=now.date()
                )
            else:
                response.submitted_on = now.date()
        try:
            if response not in self.session:
                await self.repo.add(response)
            await self.repo.replace_answers(response.id, answer_rows(defn, progress, response.id))
            if not await self.repo.has_answered(round_.id, user.id):
                await self.repo.add(SurveyRespondent(round_id=round_.id, user_id=user.id))
            await self.session.commit()
        except IntegrityError:  # the same person sent twice at once
            await self.session.rollback()
            raise AlreadyAnswered() from None
        return replace(progress, current=None)

    # A person's own data

    async def my_data(self, user_id: int) -> tuple[int, int]:
        """(named responses, «has answered» marks); /forget deletes both with the person (foreign keys cascade)."""
        return await self.repo.count_for_user(user_id)
