"""The notification outbox: queue, claim, render and record. Every message the bot sends on its own is a row here
first, so a restart loses nothing and nothing is queued twice.

Delivery guarantee. A row is claimed ('sending') in one transaction and marked 'sent' as soon as Telegram
answers (results are written in small batches, every few tens of milliseconds). Telegram has no idempotency key,
so a row still 'sending' when the process dies is uncertain only for the requests that were in flight at that
moment. We choose to send those again (at least once): a missed reminder or announcement costs more than the
rare duplicate, and the uncertain set is bounded by the number of requests in flight. Rows claimed but not yet
handed to Telegram (the claimed batch waiting in the queue) are simply sent on restart. Such rows return to
'pending' after OUTBOX_LEASE_SECONDS; on SQLite, where one process owns the database, at once on startup.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.base import utcnow
from db.models import Broadcast, Event, Survey, SurveyRespondent, SurveyRound, User
from db.repositories.notifications import Claimed, NotificationRepo
from db.repositories.users import UserRepo
from services.core.domain import EventStatus
from services.core.i18n import Translator
from services.core.when import describe_when
from services.notifications.rules import PREFERENCE_OF, Planned, QuietHours, Status, delivery_time

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A rendered message, free of Telegram types: the sender adapter turns it into an API call."""

    text: str
    media_kind: str | None = None  # photo | document
    file_id: str | None = None
    ack_broadcast_id: int | None = None  # attach the «acknowledged» button of this broadcast
    ack_text: str = ""  # its label, in the recipient's language
    button: tuple[str, str, int] | None = None  # (label, what it opens: "event" | "survey", its id)


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    chat_id: int
    kind: str
    attempts: int
    message: Outgoing


@dataclass(frozen=True, slots=True)
class Result:
    """What happened to one delivery: sent | blocked | failed | retry | release (not sent: shutting down).
    `error` is an error class name, never a message text."""

    id: int
    chat_id: int
    outcome: str
    error: str | None = None
    attempts: int = 1
    retry_in: float = 0.0


@dataclass(frozen=True, slots=True)
class Rounds:
    """Survey rounds some claimed rows are about: id → (round, survey); (round id, user id) of those who answered."""

    rounds: dict[int, tuple[SurveyRound, Survey]] = field(default_factory=dict)
    answered: set[tuple[int, int]] = field(default_factory=set)


@dataclass(slots=True)
class ClaimReport:
    deliveries: list[Delivery] = field(default_factory=list)
    deferred: int = 0  # quiet hours: moved to the morning
    dropped: int = 0  # late, or no longer wanted
    withdrawn: int = 0


def rows_of(planned: list[Planned], now: datetime, quiet: QuietHours) -> tuple[list[dict[str, Any]], int]:
    """Planned notifications as rows: due time moved out of quiet hours; late ones already 'dropped' (counted)."""
    rows, late = [], 0
    for p in planned:
        at = delivery_time(p.due_at, p.expires_at, p.urgent, now, quiet)
        if at is None:
            late += 1
        rows.append(
            {
                "user_id": p.user_id,
                "kind": str(p.kind),
                "ref": p.ref,
                "payload": p.payload,
                "urgent": p.urgent,
                "due_at": at or p.due_at,
                "expires_at": p.expires_at,
                "status": Status.PENDING if at else Status.DROPPED,
                "last_error": None if at else "late",
                "attempts": 0,
                "dedup_key": p.dedup_key,
                "created_at": now,
            }
        )
    return rows, late


async def queue(session: AsyncSession, planned: list[Planned], now: datetime, quiet: QuietHours) -> int:
    """Queue planned notifications (no commit: the caller's transaction). Returns how many were new."""
    if not planned:
        return 0
    rows, _ = rows_of(planned, now, quiet)
    return len(await NotificationRepo(session).add_many(rows))


def backoff(attempts: int) -> float:
    """Seconds before retry number `attempts` after a network error or a 5xx: 2, 4, 8, … up to 5 minutes."""
    return float(min(300, 2**attempts))


class OutboxService:
    """Claims due rows and renders them in each recipient's language; records what the sender reports."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        translator: Translator,
        tz: ZoneInfo,
        quiet: QuietHours,
        *,
        max_attempts: int = 5,
        clock: Clock = utcnow,
    ) -> None:
        self.session_factory = session_factory
        self.translator = translator
        self.tz = tz
        self.quiet = quiet
        self.max_attempts = max_attempts
        self.clock = clock

    async def release_stale(self, lease: timedelta | None) -> int:
        """Rows left 'sending' by a dead process back to 'pending' (lease None: all of them, at startup on SQLite)."""
        now = self.clock()
        async with self.session_factory() as session:
            count = await NotificationRepo(session).release_stale(
                now + timedelta(seconds=1) if lease is None else now - lease
            )
            await session.commit()
        if count:
            log.info("outbox: %d rows left 'sending' by a stopped process will be sent again", count)
        return count

    async def claim(self, limit: int) -> ClaimReport:
        now = self.clock()
        report = ClaimReport()
        async with self.session_factory() as session:
            repo = NotificationRepo(session)
            claimed = await repo.claim(now, limit)
            if not claimed:
                await session.commit()
                return report
            users = await self._users(session, {c.user_id for c in claimed})
            events = await self._events(session, claimed)
            broadcasts = await self._broadcasts(session, claimed)
            rounds = await self._rounds(session, claimed)
            changes: list[dict[str, Any]] = []
            for row in claimed:
                verdict = self._check(row, users.get(row.user_id), events, broadcasts, now, rounds)
                if verdict is not None:
                    status, reason, due = verdict
                    change = {"id": row.id, "status": status, "last_error": reason, "due_at": due}
                    if status == Status.WITHDRAWN:  # free the key: the same reminder may be planned again
                        change["dedup_key"] = f"{row.dedup_key}:w{row.id}"
                    changes.append(change)
                    if status == Status.PENDING:
                        report.deferred += 1
                    elif status == Status.WITHDRAWN:
                        report.withdrawn += 1
                    else:
                        report.dropped += 1
                    continue
                user = users[row.user_id]
                message = self._render(row, user, events, broadcasts, rounds)
                report.deliveries.append(Delivery(row.id, row.user_id, row.kind, row.attempts, message))
            await repo.set_many(
                [{k: v for k, v in c.items() if v is not None or k == "last_error"} for c in changes]
            )
            await session.commit()
        return report

    async def _users(self, session: AsyncSession, ids: set[int]) -> dict[int, Any]:
        """What sending needs to know about each person (plain rows: cheaper than whole objects)."""
        rows = await session.execute(
            select(
                User.id,
                User.language,
                User.is_active,
                User.notify_24h,
                User.notify_2h,
                User.notify_deadlines,
            ).where(User.id.in_(ids))
        )
        return {row.id: row for row in rows}

    async def _events(self, session: AsyncSession, rows: list[Claimed]) -> dict[int, Event]:
        ids = {r.payload["event_id"] for r in rows if "event_id" in r.payload}
        if not ids:
            return {}
        return {e.id: e for e in await session.scalars(select(Event).where(Event.id.in_(ids)))}

    async def _broadcasts(self, session: AsyncSession, rows: list[Claimed]) -> dict[int, Broadcast]:
        ids = {r.payload["broadcast_id"] for r in rows if "broadcast_id" in r.payload}
        if not ids:
            return {}
        return {b.id: b for b in await session.scalars(select(Broadcast).where(Broadcast.id.in_(ids)))}

    async def _rounds(self, session: AsyncSession, rows: list[Claimed]) -> Rounds:
        """The survey rounds the rows are about, their surveys, and who of the recipients has answered them."""
        ids = {r.payload["round_id"] for r in rows if "round_id" in r.payload}
        if not ids:
            return Rounds()
        pairs = await session.execute(
            select(SurveyRound, Survey)
            .join(Survey, Survey.id == SurveyRound.survey_id)
            .where(SurveyRound.id.in_(ids))
        )
        people = {r.user_id for r in rows if "round_id" in r.payload}
        answered = await session.execute(
            select(SurveyRespondent.round_id, SurveyRespondent.user_id).where(
                SurveyRespondent.round_id.in_(ids), SurveyRespondent.user_id.in_(people)
            )
        )
        return Rounds({r.id: (r, s) for r, s in pairs.all()}, {(a, b) for a, b in answered.all()})

    def _check(
        self,
        row: Claimed,
        user: Any,
        events: dict[int, Event],
        broadcasts: dict[int, Broadcast],
        now: datetime,
        rounds: Rounds,
    ) -> tuple[str, str | None, datetime | None] | None:
        """None when the row should go out now; else its new status, the reason and (if deferred) the new due time."""
        if user is None or not user.is_active:
            return Status.BLOCKED, "inactive", None
        preference = PREFERENCE_OF.get(row.kind)
        if preference is not None and not getattr(user, preference):
            return Status.DROPPED, "opted_out", None
        if "event_id" in row.payload:
            event = events.get(row.payload["event_id"])
            if event is None:
                return Status.WITHDRAWN, "gone", None
            starts = row.payload.get("starts")
            moved = starts is not None and (event.starts_at is None or event.starts_at.isoformat() != starts)
            ends = row.payload.get("ends")  # a plan item's due date
            moved = moved or (
                ends is not None and (event.ends_at is None or event.ends_at.isoformat() != ends)
            )
            cancelled = event.status != EventStatus.PUBLISHED and row.kind != "event_cancelled"
            if moved or cancelled:
                return Status.WITHDRAWN, "changed", None
        if "broadcast_id" in row.payload:
            broadcast = broadcasts.get(row.payload["broadcast_id"])
            if broadcast is None or broadcast.status == "cancelled":
                return Status.WITHDRAWN, "cancelled", None
        if "round_id" in row.payload:
            found = rounds.rounds.get(row.payload["round_id"])
            if found is None:
                return Status.WITHDRAWN, "gone", None
            if found[0].closes_at <= now:  # closed (perhaps early, by hand): nothing left to answer
                return Status.DROPPED, "late", None
            if (found[0].id, row.user_id) in rounds.answered:
                return Status.DROPPED, "answered", None
        at = delivery_time(row.due_at, row.expires_at, row.urgent, now, self.quiet)
        if at is None:
            return Status.DROPPED, "late", None
        if at > now:
            return Status.PENDING, None, at
        return None

    def _render(
        self,
        row: Claimed,
        user: Any,
        events: dict[int, Event],
        broadcasts: dict[int, Broadcast],
        rounds: Rounds,
    ) -> Outgoing:
        if "broadcast_id" in row.payload:
            b = broadcasts[row.payload["broadcast_id"]]
            return Outgoing(
                ack_text=self.translator.get(user.language, "btn-ack") if b.with_ack else "",
                text=b.text,
                media_kind=b.media_kind,
                file_id=b.file_id,
                ack_broadcast_id=b.id if b.with_ack else None,
            )
        t = self.translator.bind(user.language)
        args: dict[str, Any] = dict(row.payload.get("args", {}))
        if "event_id" in row.payload:
            event = events[row.payload["event_id"]]
            args.setdefault("title", escape(event.title, quote=False))
            args.setdefault(
                "when",
                describe_when(
                    t,
                    self.tz,
                    event.precision,
                    event.starts_at,
                    event.ends_at,
                    event.recurrence,
                    event.when_text,
                ),
            )
            args.setdefault("venue", escape(event.venue or event.online_link or "—", quote=False))
        if "deadline" in row.payload:
            deadline = datetime.fromisoformat(row.payload["deadline"]).astimezone(self.tz)
            args.setdefault("deadline", f"{deadline:%d.%m %H:%M}")
        if "ends" in row.payload:
            due = datetime.fromisoformat(row.payload["ends"]).astimezone(self.tz)
            args.setdefault("due", f"{due:%d.%m.%Y}")
        if "round_id" in row.payload:
            round_, survey = rounds.rounds[row.payload["round_id"]]
            title = survey.title_en if t.locale == "en" else survey.title_ru
            args.setdefault("survey", escape(title, quote=False))
            closes = round_.closes_at.astimezone(self.tz)
            args.setdefault("closes", f"{closes:%d.%m %H:%M}")
        button = None
        if "button" in row.payload:
            label, opens, target = row.payload["button"]
            button = (t(label), opens, int(target))
        return Outgoing(text=t(row.payload["key"], **args), button=button)

    async def record(self, results: list[Result]) -> None:
        """Write what the sender reports: sent, blocked (the person is marked inactive), retry later, or failed."""
        if not results:
            return
        now = self.clock()
        changes: list[dict[str, Any]] = []
        blocked: set[int] = set()
        for r in results:
            if r.outcome == "sent":
                changes.append({"id": r.id, "status": Status.SENT, "sent_at": now, "attempts": r.attempts})
            elif r.outcome == "blocked":
                blocked.add(r.chat_id)
                changes.append(
                    {"id": r.id, "status": Status.BLOCKED, "last_error": r.error, "attempts": r.attempts}
                )
            elif r.outcome == "release":  # claimed but never handed to Telegram
                changes.append({"id": r.id, "status": Status.PENDING, "claimed_at": None})
            elif r.outcome == "retry" and r.attempts < self.max_attempts:
                due = now + timedelta(seconds=r.retry_in or backoff(r.attempts))
                changes.append(
                    {
                        "id": r.id,
                        "status": Status.PENDING,
                        "last_error": r.error,
                        "attempts": r.attempts,
                        "due_at": due,
                    }
                )
            else:
                changes.append(
                    {"id": r.id, "status": Status.FAILED, "last_error": r.error, "attempts": r.attempts}
                )
        async with self.session_factory() as session:
            await NotificationRepo(session).set_many(changes)
            users = UserRepo(session)
            for user_id in sorted(blocked):
                await users.mark_blocked(user_id, now)
            await session.commit()
