"""Planners and the outbox against a real database, with a clock the test moves: who is reminded, when, once;
quiet hours, moved and cancelled events, downtime catch-up, opt-outs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db.models import ClubMember, Notification, Registration, User
from db.models.club import Club, ClubMeetingOptout
from services.events.events import EventDraft, EventService
from services.notices import run_planners
from services.notifications.planners import PLAN_HORIZON, waitlist_promoted
from services.notifications.rules import QuietHours
from tests.factories import make_event, make_user
from tests.notifications.conftest import sent_to

MSK = ZoneInfo("Europe/Moscow")
QUIET = QuietHours(time(21), time(9), MSK)
COORDINATOR = 700


def next_msk(hour: int) -> datetime:
    """The next time the clock in Moscow shows `hour`:00, as a UTC instant: a daytime "now" for the planners that is
    never behind the real time (notices queued by services are due from the real now)."""
    now = datetime.now(MSK)
    at = datetime.combine(now.date(), time(hour), tzinfo=MSK)
    return (at if at > now else at + timedelta(days=1)).astimezone(UTC)


def day_after_tomorrow_at(hour: int) -> datetime:
    today = datetime.now(MSK).date()
    return datetime.combine(today + timedelta(days=2), time(hour), tzinfo=MSK).astimezone(UTC)


async def rows(session, **where) -> list[Notification]:
    query = select(Notification).order_by(Notification.user_id, Notification.kind, Notification.id)
    for key, value in where.items():
        query = query.where(getattr(Notification, key) == value)
    return list((await session.scalars(query.execution_options(populate_existing=True))).all())


async def people_of_an_event(session, starts_at: datetime):
    """1 registered; 2 on the waitlist; 3 a club member; 4 a member who will miss this meeting; 5 registered but
    wants no 24 h reminder; 6 registered but blocked the bot."""
    for user_id in range(1, 7):
        await make_user(session, user_id, language="en" if user_id == 1 else "ru")
    await make_user(session, COORDINATOR, role="coordinator")
    club = Club(title="Клуб родителей")
    session.add(club)
    await session.flush()
    event = await make_event(session, "Встреча клуба", starts_at=starts_at, club_id=club.id, capacity=3)
    session.add_all(
        [
            Registration(event_id=event.id, user_id=1, status="confirmed", seq=1),
            Registration(event_id=event.id, user_id=2, status="waitlisted", seq=2),
            Registration(event_id=event.id, user_id=5, status="confirmed", seq=3),
            Registration(event_id=event.id, user_id=6, status="confirmed", seq=4),
            ClubMember(club_id=club.id, user_id=3),
            ClubMember(club_id=club.id, user_id=4),
            ClubMeetingOptout(event_id=event.id, user_id=4),
        ]
    )
    (await session.get(User, 5)).notify_24h = False
    (await session.get(User, 6)).is_active = False
    await session.commit()
    return event


async def test_reminders_24h_and_2h_go_to_registrants_and_club_members_once(
    session, outbox, sender, clock, recording
) -> None:
    start = day_after_tomorrow_at(18)
    await people_of_an_event(session, start)

    clock.set(start - timedelta(hours=25))
    assert (await run_planners(session, clock(), QUIET, PLAN_HORIZON))["event_reminders"].queued == 0

    clock.set(start - timedelta(hours=24, minutes=3))
    report = await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    assert report["event_reminders"].queued == 2
    assert [(r.user_id, r.kind) for r in await rows(session)] == [(1, "event_24h"), (3, "event_24h")]
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)  # again: nothing twice
    assert len(await rows(session)) == 2

    assert (await sender.drain()).sent == 0  # not due yet
    clock.set(start - timedelta(hours=24))
    assert (await sender.drain()).sent == 2
    assert sent_to(recording, 1) == [
        "🔔 <b>Tomorrow:</b> Встреча клуба\n🗓 " + sent_to(recording, 1)[0].split("🗓 ")[1]
    ]
    assert sent_to(recording, 3)[0].startswith("🔔 <b>Завтра:</b> Встреча клуба")

    clock.set(start - timedelta(hours=2, minutes=1))
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    clock.set(start - timedelta(hours=2))
    assert (await sender.drain()).sent == 3  # 1, 3 and 5 (who wants only the 2 h one)
    assert [len(sent_to(recording, u)) for u in range(1, 7)] == [2, 0, 2, 0, 1, 0]
    assert "Через 2 часа" in sent_to(recording, 5)[0]
    assert {r.status for r in await rows(session)} == {"sent"}


async def test_quiet_hours_hold_a_reminder_until_morning_but_not_past_the_start(
    session, outbox, sender, clock, recording
) -> None:
    start = day_after_tomorrow_at(10)  # 24 h reminder due at 10:00 the day before: fine
    late = day_after_tomorrow_at(9) + timedelta(minutes=30)  # 2 h reminder due 07:30: held to 09:00
    await make_user(session, 1)
    for when in (start, late):
        event = await make_event(session, starts_at=when)
        session.add(Registration(event_id=event.id, user_id=1, status="confirmed", seq=1))
    await session.commit()

    clock.set(late - timedelta(hours=2))  # 07:30
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    assert (await sender.drain()).sent == 0  # quiet hours
    [held] = await rows(session, kind="event_2h", status="pending")
    assert held.due_at.astimezone(MSK).time() == time(9)
    clock.set(held.due_at)
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)  # the 10:00 event's 2 h one (due 08:00) too
    assert (await sender.drain()).sent == 2  # both at 09:00, both before their events start
    assert len(sent_to(recording, 1)) == 2


async def test_downtime_catch_up_sends_what_is_still_useful_once_and_counts_the_rest(
    session, outbox, sender, clock, recording
) -> None:
    start = day_after_tomorrow_at(18)
    await people_of_an_event(session, start)
    # The bot was down from two days before until 1 h 30 min before the start.
    clock.set(start - timedelta(hours=1, minutes=30))
    report = await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    # The 24 h reminders are stale (dropped and counted), the 2 h ones still useful.
    assert (report["event_reminders"].queued, report["event_reminders"].late) == (3, 2)
    assert (await sender.drain()).sent == 3
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    assert (await sender.drain()).sent == 0
    assert [len(sent_to(recording, u)) for u in (1, 3, 5)] == [1, 1, 1]
    assert {(r.kind, r.status, r.last_error) for r in await rows(session)} == {
        ("event_24h", "dropped", "late"),
        ("event_2h", "sent", None),
    }


async def test_a_reminder_queued_before_a_long_stop_is_dropped_once_the_event_started(
    session, outbox, sender, clock
) -> None:
    start = day_after_tomorrow_at(18)
    await people_of_an_event(session, start)
    clock.set(start - timedelta(hours=2))
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    clock.set(start + timedelta(minutes=5))  # down until after the start
    report = await sender.drain()
    assert (report.sent, report.dropped) == (0, 3)  # the 2 h ones; the 24 h ones were too late when planned
    assert {r.status for r in await rows(session)} == {"dropped"}


async def test_turning_a_reminder_off_after_it_was_queued_still_stops_it(
    session, outbox, sender, clock
) -> None:
    start = day_after_tomorrow_at(18)
    await people_of_an_event(session, start)
    clock.set(start - timedelta(hours=24))
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    (await session.get(User, 1)).notify_24h = False
    await session.commit()
    report = await sender.drain()
    assert (report.sent, report.dropped) == (1, 1)
    assert [(r.user_id, r.status, r.last_error) for r in await rows(session)] == [
        (1, "dropped", "opted_out"),
        (3, "sent", None),
    ]


async def test_a_moved_event_takes_its_reminders_along_and_its_people_are_told(
    session, outbox, sender, clock, recording
) -> None:
    noon = next_msk(12)  # by day, so that quiet hours hold nothing back whenever the test runs
    start = noon + timedelta(hours=23)
    event = await people_of_an_event(session, start)
    clock.set(noon)
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)  # 24 h reminders are due: queued
    assert len(await rows(session, status="pending")) == 2

    coordinator = await session.get(User, COORDINATOR)
    draft = EventDraft.from_event(event)
    draft.starts_at, draft.ends_at = start + timedelta(days=3), None
    await EventService(session, MSK).update(coordinator, event.id, draft)

    left = await rows(session)
    assert {(r.user_id, r.kind, r.status) for r in left} == {
        (1, "event_24h", "withdrawn"),
        (3, "event_24h", "withdrawn"),
        (1, "event_moved", "pending"),
        (3, "event_moved", "pending"),
        (5, "event_moved", "pending"),
    }
    report = await sender.drain()
    assert report.sent == 3
    assert "перенесено" in sent_to(recording, 3)[0] and "moved" in sent_to(recording, 1)[0]

    # Three days later the reminders come for the new time.
    clock.set(start + timedelta(days=2))
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    assert (await sender.drain()).sent == 2
    assert [len(sent_to(recording, u)) for u in (1, 3, 5)] == [2, 2, 1]


async def test_a_reminder_for_an_event_moved_behind_the_planners_back_is_not_sent(
    session, outbox, sender, clock
) -> None:
    start = day_after_tomorrow_at(18)
    event = await people_of_an_event(session, start)
    clock.set(start - timedelta(hours=24))
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    event.starts_at = start + timedelta(days=7)  # changed by a plan import, say
    await session.commit()
    report = await sender.drain()
    assert (report.sent, report.withdrawn) == (0, 2)


async def test_a_cancelled_event_withdraws_its_reminders_and_tells_its_people(
    session, outbox, sender, clock, recording
) -> None:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=23)
    event = await people_of_an_event(session, start)
    clock.set(datetime.now(UTC))
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    coordinator = await session.get(User, COORDINATOR)
    await EventService(session, MSK).cancel(coordinator, event.id)
    clock.set(datetime.now(UTC))
    report = await sender.drain()
    assert report.sent == 3
    assert all("отменено" in sent_to(recording, u)[0] for u in (3, 5))
    assert {r.kind for r in await rows(session, status="withdrawn")} == {"event_24h"}


async def test_a_waitlist_promotion_is_told_at_once_even_at_night(
    session, outbox, sender, clock, recording
) -> None:
    start = day_after_tomorrow_at(18)
    event = await people_of_an_event(session, start)
    clock.set(day_after_tomorrow_at(0))  # midnight before: quiet hours
    await waitlist_promoted(session, event.id, event.starts_at, [2], clock(), QUIET)
    await waitlist_promoted(
        session, event.id, event.starts_at, [2], clock(), QUIET
    )  # called twice: queued once
    await session.commit()
    assert (await sender.drain()).sent == 1
    assert "Освободилось место" in sent_to(recording, 2)[0]


async def test_registration_closing_tomorrow_for_those_who_asked(
    session, outbox, sender, clock, recording
) -> None:
    start = day_after_tomorrow_at(18)
    deadline = day_after_tomorrow_at(12)
    await make_user(session, 1, notify_deadlines=True)
    await make_user(session, 2, notify_deadlines=False)
    await make_user(session, 3, notify_deadlines=True, role="teacher")  # the event is for parents
    await make_user(session, 4, notify_deadlines=True)  # already registered
    event = await make_event(session, starts_at=start, registration_deadline=deadline, audience="parents")
    session.add(Registration(event_id=event.id, user_id=4, status="confirmed", seq=1))
    await session.commit()
    clock.set(deadline - timedelta(days=1))
    report = await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    assert report["registration_closing"].queued == 1
    await sender.drain()
    assert "заканчивается запись" in sent_to(recording, 1)[0]
    assert [len(sent_to(recording, u)) for u in (2, 3, 4)] == [0, 0, 0]


async def test_promotions_are_queued_by_the_cancellation_itself(
    session, outbox, sender, clock, recording
) -> None:
    from services.notifications.planners import queue_promotions
    from services.registration.registrations import RegistrationService

    start = day_after_tomorrow_at(18)
    event = await people_of_an_event(session, start)  # three seats: 1, 5 and 6 hold them, 2 waits
    promoted = await RegistrationService(session).cancel(await session.get(User, 1), event.id)
    assert [p.user_id for p in promoted] == [2]
    # The cancellation queued the notice in its own transaction: queuing it again adds nothing.
    assert [(r.user_id, r.kind, r.urgent) for r in await rows(session)] == [(2, "waitlist_promoted", True)]
    clock.set(datetime.now(UTC))
    assert await queue_promotions(session, promoted, clock(), QUIET) == 0
    await session.commit()
    assert (await sender.drain()).sent == 1
    assert "Освободилось место" in sent_to(recording, 2)[0]
    markup = next(r for r in recording.requests if getattr(r, "chat_id", None) == 2).reply_markup
    assert markup.inline_keyboard[0][0].callback_data == f"e:open:{event.id}:::0:0:0"


async def test_a_reminder_follows_the_persons_reading_settings(
    session, outbox, sender, clock, recording
) -> None:
    """Plain language: the easy-to-read reminder; screen reader: no pictograms and the date in words."""
    start = day_after_tomorrow_at(18)
    await people_of_an_event(session, start)
    (await session.get(User, 3)).plain_language = True
    (await session.get(User, 1)).screen_reader = True
    await session.commit()
    clock.set(start - timedelta(hours=24, minutes=3))
    await run_planners(session, clock(), QUIET, PLAN_HORIZON)
    clock.set(start - timedelta(hours=24))
    assert (await sender.drain()).sent == 2
    (plain,) = sent_to(recording, 3)
    assert plain.startswith("🔔 <b>Напоминаем. Завтра будет встреча.</b>\nВстреча: Встреча клуба")
    (spoken,) = sent_to(recording, 1)
    assert "🔔" not in spoken and "🗓" not in spoken
    day = start.astimezone(MSK)
    assert f"{day.day} " in spoken and "18:00" in spoken and f"{day:%d.%m}" not in spoken
