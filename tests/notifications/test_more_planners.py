"""The planners for plan items, survey rounds and event feedback, against a real database with a clock the test
moves: who is told, when, once; quiet hours; late notices dropped and counted; the buttons they carry."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db.models import Notification, Plan, Registration, SurveyRound, User
from services.notices import run_planners
from services.notifications.planners import PLAN_HORIZON
from services.notifications.rules import QuietHours
from services.surveys.surveys import SurveyService
from tests.factories import make_event, make_org, make_user
from tests.notifications.conftest import sent_to
from tests.surveys.helpers import MONITORING_OK, load, open_round, parents, respond

MSK = ZoneInfo("Europe/Moscow")
QUIET = QuietHours(time(21), time(9), MSK)


def at_msk(days: int, hour: int, minute: int = 0) -> datetime:
    """A local time `days` from today, as a UTC instant."""
    today = datetime.now(MSK).date()
    return datetime.combine(today + timedelta(days=days), time(hour, minute), tzinfo=MSK).astimezone(UTC)


async def rows(session, **where) -> list[Notification]:
    query = select(Notification).order_by(Notification.user_id, Notification.kind, Notification.id)
    for key, value in where.items():
        query = query.where(getattr(Notification, key) == value)
    result = await session.scalars(query.execution_options(populate_existing=True))
    items = list(result.all())
    await session.commit()  # SQLite: let the sender write
    return items


def button_of(recording, chat_id: int) -> str:
    sent = [r for r in recording.requests if getattr(r, "chat_id", None) == chat_id and r.reply_markup]
    return sent[-1].reply_markup.inline_keyboard[0][0].callback_data


async def plan_items(session) -> tuple[int, int]:
    """Two plan items due at noon in ten days: one of a plan a coordinator imported (700), one of a plan imported
    from the command line into an organization with coordinators 701 and 702 (703 is another organization's)."""
    org, other = await make_org(session, "Школа № 1", "base"), await make_org(session, "Школа № 2", "base")
    await make_user(session, 700, "coordinator", organization_id=org.id)
    await make_user(session, 701, "coordinator", organization_id=org.id)
    await make_user(session, 702, "coordinator", organization_id=org.id, language="en")
    await make_user(session, 703, "coordinator", organization_id=other.id)
    await make_user(session, 704, "teacher", organization_id=org.id)
    mine = Plan(key="p1", source_name="plan.docx", organization_id=org.id, imported_by=700)
    cli = Plan(key="p2", source_name="plan2.docx", organization_id=org.id)
    session.add_all([mine, cli])
    await session.flush()
    due = at_msk(10, 12)
    first = await make_event(
        session, "Педсовет", starts_at=due - timedelta(days=30), ends_at=due, plan_id=mine.id
    )
    second = await make_event(
        session, "Отчёт", starts_at=due - timedelta(days=30), ends_at=due, plan_id=cli.id
    )
    await make_event(session, "Не из плана", starts_at=due - timedelta(days=30), ends_at=due)
    return first.id, second.id


async def test_plan_items_due_in_7_days_and_1_day_go_to_their_coordinator(
    session, outbox, sender, clock, recording
) -> None:
    first, second = await plan_items(session)
    due = at_msk(10, 12)
    clock.set(due - timedelta(days=7, minutes=10))
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["plan_items_due"].queued == 0
    clock.set(due - timedelta(days=7, minutes=2))
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["plan_items_due"].queued == 4
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["plan_items_due"].queued == 0
    queued = sorted((r.payload["event_id"], r.user_id, r.kind) for r in await rows(session))
    assert queued == [
        (first, 700, "plan_due_7d"),  # the importer only
        (second, 700, "plan_due_7d"),  # the organization's coordinators
        (second, 701, "plan_due_7d"),
        (second, 702, "plan_due_7d"),
    ]
    clock.set(due - timedelta(days=7))
    assert (await sender.drain()).sent == 4
    assert "Через неделю срок пункта плана:</b> Педсовет" in "".join(sent_to(recording, 700))
    assert f"до {due.astimezone(MSK):%d.%m.%Y}" in sent_to(recording, 700)[0]
    assert "Plan item due in a week" in sent_to(recording, 702)[0]
    assert sent_to(recording, 703) == [] and sent_to(recording, 704) == []

    clock.set(due - timedelta(days=1))
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["plan_items_due"].queued == 4
    await sender.drain()
    assert sum("Завтра срок пункта плана" in text for text in sent_to(recording, 700)) == 2


async def test_a_plan_notice_too_late_after_downtime_is_dropped_and_counted(session, clock) -> None:
    await plan_items(session)
    due = at_msk(10, 12)
    clock.set(due - timedelta(hours=20))  # down through both the 7-day and the 1-day moment
    report = (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["plan_items_due"]
    assert (report.queued, report.late) == (4, 4)  # the 1-day notices still go; the weekly ones are stale
    assert {r.kind for r in await rows(session, status="dropped")} == {"plan_due_7d"}


async def test_the_coordinator_who_imported_a_plan_and_left_is_replaced_by_the_organization(session, clock):
    first, _ = await plan_items(session)
    (await session.get(User, 700)).is_active = False
    await session.commit()
    clock.set(at_msk(10, 12) - timedelta(days=1))
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    told = {r.user_id for r in await rows(session, kind="plan_due_1d") if r.payload["event_id"] == first}
    assert told == {701, 702}


async def test_survey_invitations_when_a_round_opens_then_reminders_before_it_closes(
    session, outbox, sender, clock, recording
) -> None:
    survey = await load(session, "parent_monitoring")  # anonymous
    family = await parents(session, 7100, 3, language="ru")
    await make_user(session, 7110, "teacher")
    opens = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
    round_ = await open_round(session, survey, opens_at=opens, days=7)

    clock.set(opens - timedelta(minutes=30))
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["survey_invitations"].queued == 0
    clock.set(opens - timedelta(minutes=2))
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["survey_invitations"].queued == 3
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["survey_invitations"].queued == 0
    refreshed = await session.get(SurveyRound, round_.id, populate_existing=True)
    assert refreshed is not None and refreshed.invited_at is not None
    await session.commit()
    clock.set(QUIET.next_allowed(opens))
    assert (await sender.drain()).sent == 3
    assert f"Новый опрос:</b> {survey.title_ru}" in sent_to(recording, 7100)[0]
    assert button_of(recording, 7100) == f"sv:open:{round_.id}:-1:"
    assert sent_to(recording, 7110) == []

    # One parent answers (the round is anonymous: only the «has answered» mark is used).
    refreshed.opens_at = datetime.now(UTC) - timedelta(minutes=1)
    await session.commit()
    await respond(session, family[0], round_.id, MONITORING_OK)
    closes = refreshed.closes_at
    clock.set(closes - timedelta(days=3, minutes=1))
    report = await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    assert report["survey_closing"].queued == 2
    assert {r.user_id for r in await rows(session, kind="survey_closing_3d")} == {7101, 7102}
    clock.set(closes - timedelta(days=1))
    report = await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    assert report["survey_closing"].queued == 2
    await respond(session, family[1], round_.id, MONITORING_OK)  # answers before the reminder goes out
    clock.set(QUIET.next_allowed(closes - timedelta(days=1)))
    report = await sender.drain()
    texts = sent_to(recording, 7102)
    assert any("опрос закроется" in text for text in texts)
    assert not any("опрос закроется" in text for text in sent_to(recording, 7101))  # answered meanwhile
    assert report.dropped >= 1


async def test_a_round_closing_reminder_after_its_closing_is_late(session, clock) -> None:
    survey = await load(session, "parent_monitoring")
    await parents(session, 7200, 2)
    # Closing at 15:00 in Moscow the day after tomorrow, so the clock below stays out of quiet hours at any run time.
    round_ = await open_round(session, survey, days=3, opens_at=at_msk(-1, 15))
    clock.set(round_.closes_at - timedelta(hours=2))
    report = (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["survey_closing"]
    assert (report.queued, report.late) == (2, 2)  # the 3-day reminders are stale, the 1-day ones still go


async def ended_event(session, ends_at: datetime, **kw):
    for user_id in (7301, 7302, 7303, 7304):
        await make_user(session, user_id)
    event = await make_event(
        session, "Семинар", starts_at=ends_at - timedelta(hours=2), ends_at=ends_at, **kw
    )
    session.add_all(
        [
            Registration(event_id=event.id, user_id=7301, status="confirmed", seq=1),
            Registration(event_id=event.id, user_id=7302, status="confirmed", seq=2),
            Registration(event_id=event.id, user_id=7303, status="waitlisted", seq=3),
            Registration(event_id=event.id, user_id=7304, status="cancelled", seq=4),
        ]
    )
    await session.commit()
    return event


async def test_event_feedback_goes_to_registrants_once_after_the_end(
    session, outbox, sender, clock, recording
) -> None:
    await load(session, "event_feedback")
    # Yesterday afternoon: the feedback (an hour after the end) and its sending fall in the day, at any hour of the run.
    ends = at_msk(-1, 15)
    event = await ended_event(session, ends)
    clock.set(ends + timedelta(minutes=70))
    report = await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    assert report["event_feedback"].queued == 2
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["event_feedback"].queued == 0
    rounds = (await session.scalars(select(SurveyRound).where(SurveyRound.event_id == event.id))).all()
    assert len(rounds) == 1 and rounds[0].invited_at is not None
    round_id = rounds[0].id
    await session.commit()
    assert await SurveyService(session).target_ids(round_id) == [7301, 7302]
    assert (await sender.drain()).sent == 2
    assert "Как всё прошло?</b> Семинар" in sent_to(recording, 7301)[0]
    assert button_of(recording, 7301) == f"sv:open:{round_id}:-1:"
    assert sent_to(recording, 7303) == [] and sent_to(recording, 7304) == []


async def test_feedback_only_for_attendees_once_attendance_is_marked_and_never_at_night(session, clock):
    await load(session, "event_feedback")
    ends = at_msk(-1, 20, 30)  # feedback due 21:30: quiet hours, so the next morning
    event = await ended_event(session, ends)
    for registration in (await session.scalars(select(Registration))).all():
        if registration.user_id in (7301, 7302):
            registration.attended = registration.user_id == 7302
    await session.commit()
    clock.set(ends + timedelta(hours=1))
    report = await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    assert report["event_feedback"].queued == 1
    [row] = await rows(session, kind="event_feedback")
    assert row.user_id == 7302 and row.payload["event_id"] == event.id
    assert row.due_at == at_msk(0, 9)


async def test_no_feedback_for_a_cancelled_event_or_without_the_survey(session, clock):
    ends = datetime.now(UTC) - timedelta(hours=3)
    await ended_event(session, ends, status="cancelled")
    clock.set(datetime.now(UTC))
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["event_feedback"].queued == 0
    await load(session, "event_feedback")
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["event_feedback"].queued == 0
    assert (await session.scalars(select(SurveyRound))).all() == []


async def test_reminders_say_the_time_left_when_they_are_sent_not_when_they_were_planned(
    session, outbox, sender, clock, recording
) -> None:
    """A 2-hour reminder held until 4 minutes before the start says so; a week's notice sent six days before the
    due date says six days; the venue is named, and the line left out when there is none."""
    start = at_msk(3, 12)
    await make_user(session, 710)
    event = await make_event(session, "Встреча клуба", starts_at=start, venue="Актовый зал")
    bare = await make_event(session, "Онлайн-встреча", starts_at=start + timedelta(minutes=1))
    session.add_all(
        [
            Registration(event_id=event.id, user_id=710, status="confirmed", seq=1),
            Registration(event_id=bare.id, user_id=710, status="confirmed", seq=1),
        ]
    )
    await session.commit()
    clock.set(start - timedelta(hours=2, minutes=1))
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    clock.set(start - timedelta(minutes=4))  # the sender was held up
    assert (await sender.drain()).sent == 2
    texts = sent_to(recording, 710)
    club = next(text for text in texts if "Встреча клуба" in text)
    online = next(text for text in texts if "Онлайн-встреча" in text)
    assert club.startswith("🔔 <b>Через 4 минуты:</b> Встреча клуба") and "Где: Актовый зал" in club
    assert online.startswith("🔔 <b>Через 5 минут:</b> Онлайн-встреча") and "Где" not in online

    await plan_items(session)
    due = at_msk(10, 12)
    clock.set(due - timedelta(days=7, minutes=2))
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    clock.set(due - timedelta(days=6))
    await sender.drain()
    assert "Через 6 дней срок пункта плана:</b> Педсовет" in "".join(sent_to(recording, 700))
    assert "Plan item due in 6 days:</b>" in "".join(sent_to(recording, 702))


async def test_a_plan_items_week_notice_held_up_says_the_days_really_left(
    session, outbox, sender, clock, recording
) -> None:
    """The week's notice of a plan item, sent only when the sender got to it the day before the due date (the bot
    was down): it says «Завтра», not «Через неделю»."""
    await plan_items(session)
    due = at_msk(10, 12)
    clock.set(due - timedelta(days=7, minutes=2))
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["plan_items_due"].queued == 4
    clock.set(due - timedelta(hours=26))  # 10:00 the day before; the week's notice is still worth sending
    await sender.drain()
    texts = "".join(sent_to(recording, 700))
    assert "Педсовет" in texts and "Через неделю" not in texts
    assert "Завтра срок пункта плана:</b> Педсовет" in texts
    assert "Plan item due tomorrow" in sent_to(recording, 702)[0]
