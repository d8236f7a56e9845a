"""When a notification is due, until when it is worth sending, and who gets which reminder. Pure functions of
their arguments (the clock is an argument too), so the rules are tested without a database or a bot."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DROPPED = "dropped"  # too late to be useful (or the person no longer wants it): never sent, counted
    WITHDRAWN = "withdrawn"  # what it was about changed (event moved or cancelled, broadcast cancelled)
    FAILED = "failed"  # Telegram refused it, or retries ran out
    BLOCKED = "blocked"  # the person blocked the bot


class NotifyKind(StrEnum):
    EVENT_24H = "event_24h"
    EVENT_2H = "event_2h"
    EVENT_MOVED = "event_moved"
    EVENT_CANCELLED = "event_cancelled"
    REGISTRATION_CLOSING = "reg_closing"
    WAITLIST_PROMOTED = "waitlist_promoted"
    PLAN_DUE_7D = "plan_due_7d"
    PLAN_DUE_1D = "plan_due_1d"
    SURVEY_INVITE = "survey_invite"
    SURVEY_CLOSING_3D = "survey_closing_3d"
    SURVEY_CLOSING_1D = "survey_closing_1d"
    EVENT_FEEDBACK = "event_feedback"
    BROADCAST = "broadcast"


#: Kinds that go out even in quiet hours: the person would want to know at once.
URGENT_KINDS = frozenset(
    {NotifyKind.EVENT_MOVED, NotifyKind.EVENT_CANCELLED, NotifyKind.WAITLIST_PROMOTED, NotifyKind.BROADCAST}
)


@dataclass(frozen=True, slots=True)
class EventReminderRule:
    kind: NotifyKind
    before: timedelta
    preference: str  # the users column that switches it on
    message: str  # locale key
    useful_until_before: timedelta  # sent no later than this long before the start


#: The 24-hour reminder is stale once the 2-hour one is due; the 2-hour one once the event has started.
EVENT_REMINDERS = (
    EventReminderRule(
        NotifyKind.EVENT_24H, timedelta(hours=24), "notify_24h", "notify-event-24h", timedelta(hours=2)
    ),
    EventReminderRule(NotifyKind.EVENT_2H, timedelta(hours=2), "notify_2h", "notify-event-2h", timedelta(0)),
)
REMINDER_KINDS = frozenset(rule.kind for rule in EVENT_REMINDERS)


@dataclass(frozen=True, slots=True)
class Planned:
    """A notification to queue. `dedup_key` makes queuing it twice a no-op."""

    user_id: int
    kind: str
    ref: str
    due_at: datetime
    dedup_key: str
    expires_at: datetime | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Quiet hours in a time zone, e.g. 21:00–09:00 (may wrap midnight). Equal start and end: none."""

    start: time
    end: time
    tz: ZoneInfo

    def contains(self, instant: datetime) -> bool:
        local = instant.astimezone(self.tz).time()
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_allowed(self, instant: datetime) -> datetime:
        """`instant` itself, or the end of the quiet hours it falls in."""
        if not self.contains(instant):
            return instant
        local = instant.astimezone(self.tz)
        end = datetime.combine(local.date(), self.end, tzinfo=self.tz)
        if end <= local:
            end = datetime.combine(local.date() + timedelta(days=1), self.end, tzinfo=self.tz)
        return end.astimezone(instant.tzinfo)


def no_quiet_hours(tz: ZoneInfo) -> QuietHours:
    """No quiet hours at planning time: the sender applies the configured ones when the row falls due."""
    return QuietHours(time(0), time(0), tz)


def delivery_time(
    due_at: datetime, expires_at: datetime | None, urgent: bool, now: datetime, quiet: QuietHours
) -> datetime | None:
    """When to send: not before it is due or before now, not in quiet hours unless urgent; None if that would be
    at or after it expires (it would be late: drop it)."""
    at = max(due_at, now)
    if not urgent:
        at = quiet.next_allowed(at)
    if expires_at is not None and at >= expires_at:
        return None
    return at


def event_ref(event_id: int) -> str:
    return f"event:{event_id}"


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: int
    starts_at: datetime


@dataclass(frozen=True, slots=True)
class Recipient:
    user_id: int
    notify_24h: bool = True
    notify_2h: bool = True
    notify_deadlines: bool = False

    def wants(self, preference: str) -> bool:
        return bool(getattr(self, preference))


def reminder_key(kind: str, event_id: int, user_id: int, starts_at: datetime) -> str:
    # The start is part of the key: a moved event gets fresh reminders, a sent one is never sent again.
    return f"{kind}:{event_id}:{user_id}:{starts_at:%Y%m%d%H%M}"


def plan_event_reminders(
    event: EventInfo, recipients: Iterable[Recipient], now: datetime, horizon: timedelta
) -> list[Planned]:
    """The 24 h and 2 h reminders of one event that fall due before `now + horizon`, for those who want them.

    Later reminders are planned by a later run; reminders already stale are returned too (the caller counts them
    as dropped), so downtime shows up in the figures instead of vanishing."""
    planned: list[Planned] = []
    recipients = list(recipients)
    for rule in EVENT_REMINDERS:
        due = event.starts_at - rule.before
        if due > now + horizon:
            continue
        for person in recipients:
            if not person.wants(rule.preference):
                continue
            planned.append(
                Planned(
                    user_id=person.user_id,
                    kind=rule.kind,
                    ref=event_ref(event.id),
                    due_at=due,
                    expires_at=event.starts_at - rule.useful_until_before,
                    dedup_key=reminder_key(rule.kind, event.id, person.user_id, event.starts_at),
                    payload={
                        "key": rule.message,
                        "event_id": event.id,
                        "starts": event.starts_at.isoformat(),
                    },
                )
            )
    return planned


def plan_event_notice(
    kind: NotifyKind, message: str, event: EventInfo, recipients: Iterable[int], now: datetime
) -> list[Planned]:
    """A notice about an event sent at once (moved, cancelled, a place came free), useful until it starts."""
    stamp = f"{event.starts_at:%Y%m%d%H%M}"
    return [
        Planned(
            user_id=user_id,
            kind=kind,
            ref=event_ref(event.id),
            due_at=now,
            expires_at=event.starts_at if kind != NotifyKind.EVENT_CANCELLED else None,
            dedup_key=f"{kind}:{event.id}:{user_id}:{stamp}",
            payload={"key": message, "event_id": event.id, "starts": event.starts_at.isoformat()},
            urgent=kind in URGENT_KINDS,
        )
        for user_id in recipients
    ]


def plan_registration_closing(
    event: EventInfo, deadline: datetime, recipients: Iterable[Recipient], now: datetime, horizon: timedelta
) -> list[Planned]:
    """«Registration closes tomorrow»: a day before the deadline, for those who asked for such news."""
    due = deadline - timedelta(days=1)
    if due > now + horizon:
        return []
    return [
        Planned(
            user_id=person.user_id,
            kind=NotifyKind.REGISTRATION_CLOSING,
            ref=event_ref(event.id),
            due_at=due,
            expires_at=deadline,
            dedup_key=f"{NotifyKind.REGISTRATION_CLOSING}:{event.id}:{person.user_id}:{deadline:%Y%m%d%H%M}",
            payload={
                "key": "notify-registration-closing",
                "event_id": event.id,
                "deadline": deadline.isoformat(),
            },
        )
        for person in recipients
        if person.notify_deadlines
    ]


@dataclass(frozen=True, slots=True)
class BeforeRule:
    """A notice some time before a moment (a plan item's due date, a survey round's closing)."""

    kind: NotifyKind
    before: timedelta
    message: str  # locale key
    useful_until_before: timedelta  # stale from this long before the moment on (the next notice is due)


#: A plan item's coordinator: a week before its due date, and the day before.
PLAN_DUE = (
    BeforeRule(NotifyKind.PLAN_DUE_7D, timedelta(days=7), "notify-plan-due-7d", timedelta(days=1)),
    BeforeRule(NotifyKind.PLAN_DUE_1D, timedelta(days=1), "notify-plan-due-1d", timedelta(0)),
)
#: Those who have not answered a survey round: three days before it closes, and the day before.
SURVEY_CLOSING = (
    BeforeRule(
        NotifyKind.SURVEY_CLOSING_3D, timedelta(days=3), "notify-survey-closing-3d", timedelta(days=1)
    ),
    BeforeRule(NotifyKind.SURVEY_CLOSING_1D, timedelta(days=1), "notify-survey-closing-1d", timedelta(0)),
)
#: Feedback is asked a little after the end (the host may mark attendance first) and is worth asking for two days.
FEEDBACK_AFTER = timedelta(hours=1)
FEEDBACK_USEFUL = timedelta(days=2)


def round_ref(round_id: int) -> str:
    return f"survey_round:{round_id}"


def open_button(label: str, opens: str, target: int) -> list[object]:
    """A notice's one button, as the payload keeps it: its label key, what it opens ("event" | "survey"), the id."""
    return [label, opens, target]


def survey_button(round_id: int) -> list[object]:
    """Open the round's first screen."""
    return open_button("btn-notify-survey-open", "survey", round_id)


def _before(
    rules: tuple[BeforeRule, ...],
    moment: datetime,
    now: datetime,
    horizon: timedelta,
    recipients: Iterable[int],
    key_of: Callable[[BeforeRule, int], str],
    ref: str,
    payload: dict[str, Any],
) -> list[Planned]:
    planned: list[Planned] = []
    people = list(recipients)
    for rule in rules:
        due = moment - rule.before
        if due > now + horizon:
            continue
        planned += [
            Planned(
                user_id=user_id,
                kind=rule.kind,
                ref=ref,
                due_at=due,
                expires_at=moment - rule.useful_until_before,
                dedup_key=key_of(rule, user_id),
                payload={"key": rule.message, **payload},
            )
            for user_id in people
        ]
    return planned


def plan_item_due(
    event_id: int, due: datetime, coordinators: Iterable[int], now: datetime, horizon: timedelta
) -> list[Planned]:
    """A plan item (an event from an imported plan) due at `due`: its coordinators are told 7 days and 1 day
    before. The due date is part of the key: a re-imported plan with a new date gets fresh notices."""
    stamp = f"{due:%Y%m%d%H%M}"
    return _before(
        PLAN_DUE,
        due,
        now,
        horizon,
        coordinators,
        lambda rule, user_id: f"{rule.kind}:{event_id}:{user_id}:{stamp}",
        event_ref(event_id),
        {"event_id": event_id, "ends": due.isoformat()},
    )


def plan_survey_closing(
    round_id: int, closes_at: datetime, non_respondents: Iterable[int], now: datetime, horizon: timedelta
) -> list[Planned]:
    """A round closing: those who have not answered are reminded 3 days and 1 day before."""
    stamp = f"{closes_at:%Y%m%d%H%M}"
    return _before(
        SURVEY_CLOSING,
        closes_at,
        now,
        horizon,
        non_respondents,
        lambda rule, user_id: f"{rule.kind}:{round_id}:{user_id}:{stamp}",
        round_ref(round_id),
        {"round_id": round_id, "button": survey_button(round_id)},
    )


def plan_survey_invites(
    round_id: int, opens_at: datetime, closes_at: datetime, audience: Iterable[int]
) -> list[Planned]:
    """A round opened: everyone in its audience is invited once, from its opening until it closes."""
    return [
        Planned(
            user_id=user_id,
            kind=NotifyKind.SURVEY_INVITE,
            ref=round_ref(round_id),
            due_at=opens_at,
            expires_at=closes_at,
            dedup_key=f"{NotifyKind.SURVEY_INVITE}:{round_id}:{user_id}",
            payload={"key": "notify-survey-invite", "round_id": round_id, "button": survey_button(round_id)},
        )
        for user_id in audience
    ]


def plan_event_feedback(
    event_id: int, round_id: int, ended_at: datetime, people: Iterable[int]
) -> list[Planned]:
    """After an event: its people get its feedback survey, once per person and event (the key has no round)."""
    return [
        Planned(
            user_id=user_id,
            kind=NotifyKind.EVENT_FEEDBACK,
            ref=event_ref(event_id),
            due_at=ended_at + FEEDBACK_AFTER,
            expires_at=ended_at + FEEDBACK_USEFUL,
            dedup_key=f"{NotifyKind.EVENT_FEEDBACK}:{event_id}:{user_id}",
            payload={
                "key": "notify-event-feedback",
                "event_id": event_id,
                "round_id": round_id,
                "button": survey_button(round_id),
            },
        )
        for user_id in people
    ]
