"""The survey service against a real database: loading, rounds, permissions, anonymity, results, exports."""

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from db.base import utcnow
from db.models import Survey, SurveyAnswer, SurveyRespondent, SurveyResponse, SurveyRound
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.core.i18n import Translator
from services.people.privacy import stored_data
from services.people.users import UserService
from services.surveys.results import SurveyResultsService, export_round
from services.surveys.surveys import AlreadyAnswered, RoundClosed, SurveyService
from tests.factories import make_event, make_org, make_user
from tests.surveys.helpers import MONITORING_OK, NEEDS_OK, SURVEYS, admin, load, open_round, parents, respond


@pytest.fixture
def t():
    return Translator().bind("ru")


async def test_loading_again_is_unchanged_and_a_change_adds_a_version(session):
    service = SurveyService(session)
    text = (SURVEYS / "event_feedback.yaml").read_text()
    first = await service.load(None, text, trusted=True)
    again = await service.load(None, text, trusted=True)
    changed = await service.load(
        None, text.replace("Отзыв о мероприятии", "Как прошла встреча"), trusted=True
    )
    assert (first.status, again.status, changed.status) == ("added", "unchanged", "new_version")
    assert (first.survey.version, changed.survey.version) == (1, 2)
    assert [s.title_ru for s in await service.surveys(await admin(session))] == ["Как прошла встреча"]


async def test_only_staff_load_surveys_and_a_bad_file_saves_nothing(session):
    parent = await make_user(session, 7101, "parent")
    with pytest.raises(PermissionDenied):
        await SurveyService(session).load(parent, (SURVEYS / "event_feedback.yaml").read_bytes())
    with pytest.raises(ValidationFailed):
        await SurveyService(session).load(await admin(session), b"key: x\nquestions: []\n")
    assert (await session.scalars(select(Survey))).all() == []


async def test_a_parent_forging_coordinator_actions_is_refused_by_the_service(session):
    survey = await load(session, "parent_monitoring")
    round_ = await open_round(session, survey)
    parent = await make_user(session, 7102, "parent")
    service, results = SurveyService(session), SurveyResultsService(session)
    now = utcnow()
    for call in (
        service.open_round(parent, survey.id, "parents", now, now + timedelta(days=3)),
        service.close_round(parent, round_.id),
        results.results(parent, round_.id),
        results.export(parent, round_.id, Translator().bind("ru"), None),
    ):
        with pytest.raises(PermissionDenied):
            await call
    assert (await session.get(SurveyRound, round_.id)).closes_at > now


async def test_a_bound_coordinator_asks_only_their_organization_and_manages_only_its_rounds(session):
    mine, other = await make_org(session, "Школа № 34"), await make_org(session, "Школа № 627")
    coordinator = await make_user(session, 7103, "coordinator", organization_id=mine.id)
    survey = await load(session, "parent_monitoring")
    now = utcnow()
    own = await SurveyService(session).open_round(
        coordinator, survey.id, "parents", now, now + timedelta(days=7), organization_id=other.id
    )
    assert own.organization_id == mine.id  # forced to their own organization
    foreign = await open_round(session, survey, organization_id=other.id)
    with pytest.raises(PermissionDenied):
        await SurveyService(session).close_round(coordinator, foreign.id)
    mine_parent = await make_user(session, 7104, "parent", organization_id=mine.id)
    other_parent = await make_user(session, 7105, "parent", organization_id=other.id)
    assert [i.round.id for i in await SurveyService(session).open_for(mine_parent)] == [own.id]
    assert [i.round.id for i in await SurveyService(session).open_for(other_parent)] == [foreign.id]


async def test_round_times_are_checked(session):
    survey = await load(session, "parent_monitoring")
    now = utcnow()
    service = SurveyService(session)
    with pytest.raises(ValidationFailed) as before:
        await service.open_round(await admin(session), survey.id, "parents", now, now - timedelta(hours=1))
    assert before.value.key == "survey-close-before-open"
    with pytest.raises(ValidationFailed):
        await service.open_round(await admin(session), survey.id, "org", now, now + timedelta(days=1))


async def test_anonymous_answers_have_no_link_to_the_person(session, session_factory):
    survey = await load(session, "parent_monitoring")
    round_ = await open_round(session, survey)
    parent = await make_user(session, 7110, "parent")
    await respond(
        session, parent, round_.id, {**MONITORING_OK, "comment": {"v": ["text"], "t": "Больше пандусов"}}
    )
    async with session_factory() as s:
        columns = await s.run_sync(
            lambda sync: {
                table: [c["name"] for c in sa_inspect(sync.connection()).get_columns(table)]
                for table in ("survey_responses", "survey_answers", "survey_respondents")
            }
        )
        response = (await s.scalars(select(SurveyResponse))).one()
        answers = (await s.scalars(select(SurveyAnswer))).all()
        marks = (await s.scalars(select(SurveyRespondent))).all()
    assert columns["survey_answers"] == ["response_id", "question_id", "value", "text"]
    assert columns["survey_respondents"] == ["round_id", "user_id"]  # «has answered»: no time, no response
    assert response.user_id is None and response.submitted_on == utcnow().date()
    # The response's id is random, and no column of the response or its answers holds the person's id (compared
    # value by value: a random hex id may well contain the digits 7110 by chance, which links nothing).
    assert re.fullmatch(r"[0-9a-f]{32}", response.id)
    rows = [response, *answers]
    stored = [getattr(row, attr.key) for row in rows for attr in sa_inspect(type(row)).column_attrs]
    assert parent.id not in stored and str(parent.id) not in stored
    assert {a.question_id for a in answers} == set(MONITORING_OK) | {"comment"}
    assert [(m.round_id, m.user_id) for m in marks] == [(round_.id, parent.id)]
    with pytest.raises(AlreadyAnswered):  # one response per person per round
        await SurveyService(session).begin(parent, round_.id)
    # /forget removes the mark; the anonymous answers stay, linked to nobody
    await UserService(session).forget(parent.id)
    async with session_factory() as s:
        assert (await s.scalars(select(SurveyRespondent))).all() == []
        assert len((await s.scalars(select(SurveyAnswer))).all()) == len(answers)


async def test_named_response_can_be_changed_until_the_round_closes_and_forget_deletes_it(
    session, session_factory
):
    survey = await load(session, "event_feedback")
    event = await make_event(session, "Клуб для родителей")
    parent = await make_user(session, 7120, "parent")
    stranger = await make_user(session, 7121, "parent")
    round_ = await SurveyService(session).open_feedback_round(event.id, [parent.id, 999_999])
    assert round_.event_id == event.id and round_.survey_id == survey.id
    assert await SurveyService(session).target_ids(round_.id) == [parent.id]  # unknown ids are dropped
    with pytest.raises(PermissionDenied):
        await SurveyService(session).begin(stranger, round_.id)
    await respond(session, parent, round_.id, {"overall": "4", "useful": "no", "accessible": "mostly"})
    progress, _ = await SurveyService(session).begin(parent, round_.id)
    assert progress.editing and progress.answers["overall"] == {"v": ["4"], "t": None}
    progress.answers["overall"] = {"v": ["5"], "t": None}
    await SurveyService(session).submit(parent, progress)
    async with session_factory() as s:
        response = (await s.scalars(select(SurveyResponse))).one()
        values = {(a.question_id, a.value) for a in await s.scalars(select(SurveyAnswer))}
    assert response.user_id == parent.id
    assert values == {("overall", "5"), ("useful", "no"), ("accessible", "mostly")}
    rows = dict((await stored_data(session, parent)).rows)
    assert (rows["mydata-survey-responses"], rows["mydata-survey-marks"]) == ("1", "1")
    await SurveyService(session).close_round(await admin(session), round_.id)
    with pytest.raises(RoundClosed):
        await SurveyService(session).begin(parent, round_.id)
    await UserService(session).forget(parent.id)
    async with session_factory() as s:
        assert (await s.scalars(select(SurveyResponse))).all() == []
        assert (await s.scalars(select(SurveyAnswer))).all() == []


async def test_feedback_round_needs_the_survey_loaded(session):
    event = await make_event(session)
    with pytest.raises(NotFound):
        await SurveyService(session).open_feedback_round(event.id, [])


async def test_targets_and_non_respondents_for_reminders(session):
    survey = await load(session, "parent_monitoring")
    round_ = await open_round(session, survey)
    family = await parents(session, 7130, 3)
    await make_user(session, 7140, "teacher")
    await respond(session, family[0], round_.id, MONITORING_OK)
    service = SurveyService(session)
    assert await service.target_ids(round_.id) == [u.id for u in family]
    assert await service.non_respondents(round_.id) == [family[1].id, family[2].id]


async def test_results_are_hidden_below_five_and_shown_from_five(session, t):
    org = await make_org(session, "ЦППМСП")
    survey = await load(session, "parent_monitoring")
    round_ = await open_round(session, survey)
    family = await parents(session, 7200, 6, organization_id=org.id)
    for user in family[:4]:
        await respond(session, user, round_.id, MONITORING_OK)
    results = await SurveyResultsService(session).results(await admin(session), round_.id)
    assert (results.responses, results.targets, results.shown) == (4, 6, False)
    assert [r.hidden for r in results.by_org] == [True]
    with pytest.raises(ValidationFailed):
        await SurveyResultsService(session).charts(await admin(session), round_.id, t)
    book = load_workbook(io.BytesIO(await export_round(session, round_.id, t, None or _tz())))
    assert book.sheetnames == ["Сводка"]  # no raw answers for a group this small
    await respond(session, family[4], round_.id, {**MONITORING_OK, "recommend": "no"})
    results = await SurveyResultsService(session).results(await admin(session), round_.id)
    assert results.shown and [(r.key, r.respondents, r.targets, r.hidden) for r in results.by_org] == [
        ("ЦППМСП", 5, 6, False)
    ]
    recommend = next(r for r in results.questions if r.question.id == "recommend")
    assert [(s.value, s.count, s.share) for s in recommend.shares] == [("yes", 4, 0.8), ("no", 1, 0.2)]
    likes = next(r for r in results.questions if r.question.id == "likes_going")
    assert likes.mean == 4.0


def _tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Moscow")


async def test_monitoring_round_is_compared_with_the_previous_one(session):
    survey = await load(session, "parent_monitoring")
    family = await parents(session, 7300, 5)
    autumn = await open_round(session, survey)
    for user in family:
        await respond(session, user, autumn.id, {**MONITORING_OK, "recommend": "no"})
    autumn.opens_at, autumn.closes_at = utcnow() - timedelta(days=180), utcnow() - timedelta(days=166)
    await session.commit()
    spring = await open_round(session, survey)
    for user in family:
        await respond(session, user, spring.id, MONITORING_OK)
    results = await SurveyResultsService(session).results(await admin(session), spring.id)
    assert results.previous.id == autumn.id and results.previous_responses == 5
    recommend = next(r for r in results.questions if r.question.id == "recommend")
    assert [(s.value, s.share, s.previous) for s in recommend.shares] == [("yes", 1.0, 0.0), ("no", 0.0, 1.0)]
    images = await SurveyResultsService(session).charts(
        await admin(session), spring.id, Translator().bind("ru")
    )
    assert len(images) == 7 and all(
        png.startswith(b"\x89PNG") for _, png in images
    )  # both rounds side by side


async def test_teacher_needs_rank_topics_and_prefill_a_seminar(session, t):
    survey = await load(session, "teacher_needs")
    round_ = await open_round(session, survey, audience="teachers")
    teachers = [await make_user(session, 7400 + i, "teacher") for i in range(5)]
    picks = [["aoop", "pmpk"], ["pmpk"], ["pmpk", "behaviour"], ["aoop"], ["assistive"]]
    for user, topics in zip(teachers, picks, strict=True):
        await respond(session, user, round_.id, {**NEEDS_OK, "topics": topics})
    results = await SurveyResultsService(session).results(await admin(session), round_.id)
    assert [(s.value, s.count) for s in results.topics] == [
        ("pmpk", 3),
        ("aoop", 2),
        ("assistive", 1),
        ("behaviour", 1),
    ]
    draft = await SurveyResultsService(session).seminar_draft(await admin(session), round_.id, "pmpk", t)
    assert (draft.title, draft.kind, draft.audience) == (
        "Как выполнять рекомендации ПМПК",
        "seminar",
        "teachers",
    )
    assert "3 из 5" in draft.description


async def test_export_opens_back_with_raw_answers_and_a_summary(session, t):
    survey = await load(session, "teacher_needs")
    round_ = await open_round(session, survey, audience="teachers")
    for i in range(5):
        user = await make_user(session, 7500 + i, "teacher")
        extra = {"wish": {"v": ["text"], "t": f"Пожелание {i}"}} if i == 0 else {}
        await respond(session, user, round_.id, {**NEEDS_OK, **extra})
    book = load_workbook(io.BytesIO(await export_round(session, round_.id, t, _tz())))
    assert book.sheetnames == ["Сводка", "Ответы"]
    raw = list(book["Ответы"].iter_rows(values_only=True))
    assert raw[0][:3] == ("№", "Дата", "position")  # anonymous: no person columns
    assert len(raw) == 2 + 5
    assert any("Пожелание 0" in (cell or "") for row in raw[2:] for cell in row if isinstance(cell, str))
    summary = list(book["Сводка"].iter_rows(values_only=True))
    assert ("Ответов", 5) in [row[:2] for row in summary]
    topics = [row for row in summary if row[1] == "Адаптированные программы (АООП)"]
    assert topics and topics[0][2:] == (5, 1)


async def test_named_export_has_person_columns(session, t):
    await load(session, "event_feedback")
    event = await make_event(session)
    people = [await make_user(session, 7600 + i, "parent") for i in range(5)]
    round_ = await SurveyService(session).open_feedback_round(event.id, [u.id for u in people])
    for user in people:
        await respond(session, user, round_.id, {"overall": "5", "useful": "yes", "accessible": "yes_all"})
    raw = list(load_workbook(io.BytesIO(await export_round(session, round_.id, t, _tz())))["Ответы"].values)
    assert raw[0][:5] == ("№", "Дата", "ID в Telegram", "Роль", "Организация")
    assert sorted(row[2] for row in raw[2:]) == [u.id for u in people]


async def test_charts_are_png_images_one_per_choice_question(session, t):
    await load(session, "event_feedback")
    event = await make_event(session)
    people = [await make_user(session, 7700 + i, "parent") for i in range(5)]
    round_ = await SurveyService(session).open_feedback_round(event.id, [u.id for u in people])
    for user in people:
        await respond(session, user, round_.id, {"overall": "4", "useful": "no", "accessible": "hard"})
    images = await SurveyResultsService(session).charts(await admin(session), round_.id, t)
    assert [caption.split(".")[0] for caption, _ in images] == ["1", "2", "4"]
    assert all(png.startswith(b"\x89PNG") for _, png in images)
