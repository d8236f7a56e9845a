"""The timing rules with a fixed clock: 24 h and 2 h reminders, quiet hours, what is too late, opt-outs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.notifications.rules import (
    EventInfo,
    QuietHours,
    Recipient,
    delivery_time,
    plan_event_reminders,
    plan_registration_closing,
    reminder_key,
)

MSK = ZoneInfo("Europe/Moscow")
QUIET = QuietHours(time(21), time(9), MSK)
HORIZON = timedelta(minutes=5)


def msk(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=MSK).astimezone(UTC)


EVENT = EventInfo(7, msk(10, 18))  # 10 December, 18:00 Moscow time
BOTH = Recipient(1, notify_24h=True, notify_2h=True)


def test_nothing_is_planned_long_before_it_is_due() -> None:
    assert plan_event_reminders(EVENT, [BOTH], msk(9, 17, 50), HORIZON) == []


def test_the_24h_reminder_is_planned_when_it_falls_due_and_expires_when_the_2h_one_is_due() -> None:
    [planned] = plan_event_reminders(EVENT, [BOTH], msk(9, 17, 56), HORIZON)
    assert (planned.kind, planned.due_at, planned.expires_at) == ("event_24h", msk(9, 18), msk(10, 16))
    assert planned.dedup_key == reminder_key("event_24h", 7, 1, EVENT.starts_at)
    assert planned.payload["event_id"] == 7 and not planned.urgent


def test_both_reminders_two_hours_before() -> None:
    planned = plan_event_reminders(EVENT, [BOTH], msk(10, 15, 58), HORIZON)
    assert [(p.kind, p.due_at, p.expires_at) for p in planned] == [
        ("event_24h", msk(9, 18), msk(10, 16)),
        ("event_2h", msk(10, 16), msk(10, 18)),
    ]


def test_each_person_gets_only_the_reminders_they_chose() -> None:
    people = [
        Recipient(1, True, True),
        Recipient(2, True, False),
        Recipient(3, False, True),
        Recipient(4, False, False),
    ]
    planned = plan_event_reminders(EVENT, people, msk(10, 16), HORIZON)
    assert sorted((p.user_id, p.kind) for p in planned) == [
        (1, "event_24h"),
        (1, "event_2h"),
        (2, "event_24h"),
        (3, "event_2h"),
    ]


def test_quiet_hours_move_a_non_urgent_message_to_the_morning() -> None:
    # An event at 10:00: the 24 h reminder falls due at 10:00 the day before, outside quiet hours.
    assert delivery_time(msk(9, 10), msk(10, 8), False, msk(9, 10), QUIET) == msk(9, 10)
    # Due at 23:30: waits until 09:00.
    assert delivery_time(msk(9, 23, 30), msk(10, 16), False, msk(9, 23, 30), QUIET) == msk(10, 9)
    # Due at 03:00 (after midnight): the same morning at 09:00.
    assert delivery_time(msk(10, 3), msk(10, 16), False, msk(10, 3), QUIET) == msk(10, 9)
    # Urgent messages (a cancellation) go at once, even at night.
    assert delivery_time(msk(9, 23, 30), None, True, msk(9, 23, 30), QUIET) == msk(9, 23, 30)


def test_a_message_is_never_delivered_after_it_expires() -> None:
    # A 2 h reminder for an event at 09:00 falls due at 07:00, in quiet hours; the morning is too late: dropped.
    assert delivery_time(msk(10, 7), msk(10, 9), False, msk(10, 7), QUIET) is None
    # Due before it expires, but the bot only now looks at it, after the start: dropped.
    assert delivery_time(msk(10, 16), msk(10, 18), False, msk(10, 18, 1), QUIET) is None
    # The morning comes in time for an event at 09:30 (due 07:30): sent at 09:00.
    assert delivery_time(msk(10, 7, 30), msk(10, 9, 30), False, msk(10, 7, 30), QUIET) == msk(10, 9)


def test_downtime_catch_up_sends_what_is_still_useful_once_and_drops_the_rest() -> None:
    # The bot was down from 17:00 on the 9th to 17:00 on the 10th: the 24 h reminder (due 18:00 on the 9th) is
    # stale by now (the 2 h one is due), the 2 h reminder (due 16:00, event at 18:00) is still useful.
    now = msk(10, 17)
    planned = plan_event_reminders(EVENT, [BOTH], now, HORIZON)
    verdicts = {p.kind: delivery_time(p.due_at, p.expires_at, p.urgent, now, QUIET) for p in planned}
    assert verdicts == {"event_24h": None, "event_2h": now}
    # Planning again gives the same keys: queued once, however often the planner runs.
    again = plan_event_reminders(EVENT, [BOTH], now + timedelta(minutes=1), HORIZON)
    assert {p.dedup_key for p in again} == {p.dedup_key for p in planned}


def test_a_moved_event_gets_new_keys() -> None:
    moved = EventInfo(7, msk(11, 18))
    old = {p.dedup_key for p in plan_event_reminders(EVENT, [BOTH], msk(10, 17), HORIZON)}
    new = {p.dedup_key for p in plan_event_reminders(moved, [BOTH], msk(11, 17), HORIZON)}
    assert old.isdisjoint(new)


def test_registration_closing_tomorrow_only_for_those_who_asked() -> None:
    deadline = msk(12, 12)
    people = [Recipient(1, notify_deadlines=True), Recipient(2, notify_deadlines=False)]
    assert plan_registration_closing(EVENT, deadline, people, msk(11, 11), HORIZON) == []
    [planned] = plan_registration_closing(EVENT, deadline, people, msk(11, 11, 56), HORIZON)
    assert (planned.user_id, planned.due_at, planned.expires_at) == (1, msk(11, 12), deadline)


def test_quiet_hours_that_do_not_wrap_midnight_and_none_at_all() -> None:
    afternoon = QuietHours(time(13), time(15), MSK)
    assert afternoon.contains(msk(10, 14)) and not afternoon.contains(msk(10, 16))
    assert afternoon.next_allowed(msk(10, 14)) == msk(10, 15)
    none = QuietHours(time(0), time(0), MSK)
    assert not none.contains(msk(10, 3))


def test_plan_item_notices_a_week_and_a_day_before_with_unique_keys() -> None:
    from services.notifications.rules import plan_item_due

    due = msk(20, 23, 59)
    assert plan_item_due(5, due, [700], msk(13, 23, 50), HORIZON) == []
    [week] = plan_item_due(5, due, [700], msk(13, 23, 55), HORIZON)
    assert (week.kind, week.due_at, week.expires_at, week.urgent) == (
        "plan_due_7d",
        msk(13, 23, 59),
        msk(19, 23, 59),
        False,
    )
    both = plan_item_due(5, due, [700, 701], msk(19, 23, 59), HORIZON)
    assert {p.kind for p in both} == {"plan_due_7d", "plan_due_1d"}
    assert len({p.dedup_key for p in both}) == 4
    # Quiet hours: the weekly notice due at 23:59 waits for 09:00.
    assert delivery_time(week.due_at, week.expires_at, week.urgent, week.due_at, QUIET) == msk(14, 9)


def test_survey_rules_invitations_reminders_and_feedback() -> None:
    from services.notifications.rules import plan_event_feedback, plan_survey_closing, plan_survey_invites

    closes = msk(20, 18)
    planned = plan_survey_closing(3, closes, [1, 2], msk(17, 18), HORIZON)
    assert [(p.kind, p.user_id) for p in planned] == [("survey_closing_3d", 1), ("survey_closing_3d", 2)]
    assert planned[0].payload["button"] == ["btn-notify-survey-open", "survey", 3]
    invites = plan_survey_invites(3, msk(10, 12), closes, [1])
    assert (invites[0].due_at, invites[0].expires_at, invites[0].dedup_key) == (
        msk(10, 12),
        closes,
        "survey_invite:3:1",
    )
    [feedback] = plan_event_feedback(7, 3, msk(10, 20), [1])
    assert feedback.dedup_key == "event_feedback:7:1"  # once per person and event, whatever the round
    assert (feedback.due_at, feedback.expires_at) == (msk(10, 21), msk(12, 20))
    assert delivery_time(
        feedback.due_at, feedback.expires_at, feedback.urgent, feedback.due_at, QUIET
    ) == msk(11, 9)
