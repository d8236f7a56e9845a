"""Every screen keeps Telegram's limits whatever the data: views called directly with oversized data (150
organizations, 500-character titles, 300 sign-ups, 200 typed answers) give messages of at most 4096 characters,
keyboards of at most 100 buttons and callback data of at most 64 bytes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiogram.types import InlineKeyboardMarkup

from db.models import Club, Event, Organization, Registration, Survey, SurveyRound, User
from handlers.broadcast.views import targets_kb
from handlers.clubs.views import clubs_view
from handlers.common.ui import fit
from handlers.events.form_views import ask_kb
from handlers.events.schedule_views import schedule_kb, schedule_text
from handlers.organizations.views import org_kb, org_list_view, org_text
from handlers.privacy.views import REGISTRATIONS_PER_PAGE, mydata_kb, mydata_text
from handlers.registration.roster_views import attendance_kb, attendance_text, roster_kb, roster_text
from handlers.registration.signup_views import mine_kb, mine_text, record_view
from handlers.settings.callbacks import SettingsAct
from handlers.settings.views import choices_kb
from handlers.start.views import org_kb as onboarding_org_kb
from handlers.surveys.manage_views import audience_view, home_view, results_kb, results_text, rounds_view
from services.clubs.clubs import ClubItem
from services.core.domain import Audience, EventStatus, Kind, Precision
from services.events.events import ScheduleFilter, SchedulePage
from services.people.organizations import OrgGroup
from services.people.privacy import StoredData
from services.registration.registrations import (
    MyRegistration,
    MyRegistrations,
    RecordItem,
    Roster,
    TrainingRecord,
)
from services.surveys.results import QuestionResult, RoundResults, Share
from services.surveys.schema import parse_survey
from tests.recording import CALLBACK_DATA_MAX, KEYBOARD_MAX, MESSAGE_MAX

LONG = "Очень длинное название " * 22  # 506 characters
LOCALES = ("ru", "en")


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check(text: str | None = None, markup: InlineKeyboardMarkup | None = None) -> None:
    if text is not None:
        assert utf16(text) <= MESSAGE_MAX, f"a message of {utf16(text)} characters"
    if markup is not None:
        buttons = [b for row in markup.inline_keyboard for b in row]
        assert len(buttons) <= KEYBOARD_MAX, f"a keyboard of {len(buttons)} buttons"
        for b in buttons:
            assert b.callback_data is None or len(b.callback_data.encode()) <= CALLBACK_DATA_MAX, (
                b.callback_data
            )


def organizations(count: int = 150) -> list[Organization]:
    return [
        Organization(
            id=1000 + n, name=f"{LONG} {n}", short_name=f"{LONG} {n}", network_role="resource_center"
        )
        for n in range(count)
    ]


def event(n: int) -> Event:
    start = datetime(2027, 3, 1, 10, tzinfo=UTC) + timedelta(days=n)
    return Event(
        id=100000 + n,
        title=f"{LONG} {n}",
        kind=Kind.SEMINAR,
        audience=Audience.PARENTS,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        precision=Precision.EXACT,
        status=EventStatus.PUBLISHED,
    )


def pages(view, count: int) -> list:
    """Every page of a paged view, and one past the end (an old button after the list shrank)."""
    return [view(page) for page in range(count + 1)]


@pytest.fixture(params=LOCALES)
def t(request: pytest.FixtureRequest, translator):
    return translator.bind(request.param)


def test_organization_pickers_page_150_organizations(t, settings) -> None:
    orgs = organizations()
    for page in range(9):
        check(markup=ask_kb(t, "org", orgs, page))
        check(markup=choices_kb(t, SettingsAct.ORG, orgs, page))
        check(markup=onboarding_org_kb(t, orgs, page))
        check(markup=targets_kb(t, "org", [(o.id, o.short_name) for o in orgs], page))
        check(
            *audience_view(
                t,
                Survey(id=1, key="k", version=1, definition={}, title_ru=LONG, title_en=LONG),
                False,
                orgs,
                page,
            )
        )
        check(
            *org_list_view(t, [OrgGroup("resource_center", orgs[:80]), OrgGroup("school", orgs[80:])], page)
        )
    # every organization can be reached through the pages
    seen = set()
    for page in range(8):
        seen |= {b.callback_data for row in onboarding_org_kb(t, orgs, page).inline_keyboard for b in row}
    assert {f"ob:org:{o.id}:" for o in orgs} <= seen
    org = orgs[0]
    org.address = org.contacts = org.offers = org.accessibility = LONG * 3
    events = [event(n) for n in range(3)]
    check(org_text(t, settings, org, events), org_kb(t, org, events))


def test_mydata_pages_300_registrations(t) -> None:
    regs = [
        (
            Registration(
                id=n, status="confirmed", needs="ramp,sign_language", needs_other=LONG, display_name=LONG
            ),
            event(n),
        )
        for n in range(300)
    ]
    data = StoredData(rows=[("mydata-id", "1")], registrations=regs, clubs=[LONG] * 40)
    count = -(-300 // REGISTRATIONS_PER_PAGE)
    for page in range(count + 1):
        check(mydata_text(t, data, page), mydata_kb(t, data, page))
    assert t("page-of", page=count, pages=count) in mydata_text(t, data, count - 1)


def test_lists_of_events_cut_long_titles(t, settings) -> None:
    events = [event(n) for n in range(300)]
    page = SchedulePage(events[: settings.page_size], 0, 30, 300)
    check(
        schedule_text(t, settings, page, ScheduleFilter(), LONG),
        schedule_kb(t, settings, page, ScheduleFilter()),
    )
    mine = MyRegistrations(
        upcoming=[
            MyRegistration(Registration(id=n, status="confirmed"), e, None) for n, e in enumerate(events)
        ],
        past=[MyRegistration(Registration(id=n, status="confirmed"), e, None) for n, e in enumerate(events)],
    )
    user = User(id=5, role="teacher")
    check(mine_text(t, settings, mine), mine_kb(t, user, mine))
    check(*record_view(t, settings, TrainingRecord([RecordItem(e, 2.0) for e in events])))


def test_survey_results_with_200_typed_answers_are_split(t, settings) -> None:
    text = Path("surveys/event_feedback.yaml").read_text(encoding="utf-8")
    definition = parse_survey(text)
    questions = [
        QuestionResult(
            question=q,
            answered=200,
            shares=[Share(v, 100, 0.5) for v in q.values()],
            texts=[f"{LONG} ответ {n}" for n in range(200)] if q.kind == "text" else [],
        )
        for q in definition.questions
    ]
    assert any(q.texts for q in questions)
    now = datetime.now(UTC)
    round_ = SurveyRound(
        id=7, opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=3), audience="all"
    )
    results = RoundResults(
        round=round_,
        survey=Survey(id=1, key=definition.key, version=1, definition={}),
        definition=definition,
        responses=200,
        targets=300,
        respondents=200,
        questions=questions,
    )
    parts = results_text(t, results)
    assert len(parts) > 10
    for part in parts:
        check(part)
    check(markup=results_kb(t, results))
    survey = Survey(id=1, key="k", version=1, definition={}, title_ru=LONG, title_en=LONG)
    rounds = [(SurveyRound(id=n, opens_at=now, closes_at=now, audience="all"), survey) for n in range(150)]
    for page in range(9):
        check(*rounds_view(t, settings, rounds, page))
        check(*home_view(t, [survey] * 150, page))


def test_rosters_and_clubs_with_300_people(t) -> None:
    people = [
        Registration(
            id=n, user_id=10_000_000 + n, status="confirmed", display_name="И" * 64, attended=n % 2 == 0
        )
        for n in range(300)
    ]
    roster = Roster(
        event=event(1),
        confirmed=people,
        waitlist=people,
        needs={"ramp": 300, "sign_language": 300},
        other_needs=[LONG[:200]] * 300,
        attended=150,
        absent=150,
    )
    check(roster_text(t, roster), roster_kb(t, roster))
    check(attendance_text(t, roster), attendance_kb(t, roster))
    clubs = [ClubItem(Club(id=n, title=f"{LONG} {n}"), 300, n % 2 == 0) for n in range(150)]
    for page in range(9):
        check(*clubs_view(t, User(id=1, role="admin"), clubs, page))


def test_fit_cuts_at_a_line_break_and_a_single_long_line_loses_its_markup() -> None:
    text = "\n".join(f"<b>{n}</b> " + "я" * 90 for n in range(100))
    cut = fit(text)
    assert utf16(cut) <= MESSAGE_MAX and cut.endswith("\n…") and cut.count("<b>") == cut.count("</b>")
    one = fit("<b>" + "a &lt; b " * 2000 + "</b>")  # what people typed is escaped
    assert utf16(one) <= MESSAGE_MAX and "<b>" not in one and "&lt;" in one
    assert fit("коротко") == "коротко"
