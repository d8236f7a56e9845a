"""The notification outbox: queue, claim, render and record. Every message the bot sends on its own is a row here
first, so a restart loses nothing and nothing is queued twice.

Delivery guarantee. A row is claimed ('sending') in one transaction and marked 'sent' as soon as Telegram
answers (the sender writes each answer at once; answers that come during one commit go in the next). Telegram has no idempotency key,
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
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.base import utcnow
from db.repositories.notifications import Claimed, NotificationRepo
from db.repositories.users import UserRepo
from services.core.i18n import Translator
from services.notifications.registry import Outgoing, Registry, RenderContext, Verdict
from services.notifications.rules import Planned, QuietHours, Status, delivery_time

__all__ = ["ClaimReport", "Delivery", "OutboxService", "Outgoing", "Result", "backoff", "queue", "rows_of"]

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


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
    """Claims due rows, checks and renders each through its kind's entry in the registry (in the recipient's
    language), and records what the sender reports."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        translator: Translator,
        tz: ZoneInfo,
        quiet: QuietHours,
        *,
        registry: Registry,
        max_attempts: int = 5,
        clock: Clock = utcnow,
    ) -> None:
        self.session_factory = session_factory
        self.registry = registry
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

    async def claim(self, limit: int, messenger: str | None = None) -> ClaimReport:
        """`messenger`: only rows for people on that messenger (each messenger's sending claims its own)."""
        now = self.clock()
        report = ClaimReport()
        async with self.session_factory() as session:
            repo = NotificationRepo(session)
            claimed = await repo.claim(now, limit, messenger)
            if not claimed:
                await session.commit()
                return report
            users = await repo.recipients(c.user_id for c in claimed)
            loaded = await self._load(session, claimed)
            changes: list[dict[str, Any]] = []
            for row in claimed:
                verdict = self._check(row, users.get(row.user_id), loaded, now)
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
                entry = self.registry.kinds[row.kind]  # known: `_check` dropped the rest
                context = RenderContext(
                    self.translator,
                    user.language,
                    self.tz,
                    loaded,
                    plain=bool(user.plain_language),
                    screen_reader=bool(user.screen_reader),
                    now=now,
                )
                message = entry.render(entry, row, context)
                report.deliveries.append(Delivery(row.id, row.user_id, row.kind, row.attempts, message))
            await repo.set_many(
                [{k: v for k, v in c.items() if v is not None or k == "last_error"} for c in changes]
            )
            await session.commit()
        return report

    async def _load(self, session: AsyncSession, rows: list[Claimed]) -> dict[str, Any]:
        """Each subject's things for the rows whose kind is about it: subject name → what it loaded."""
        loaded: dict[str, Any] = {}
        for subject in self.registry.subjects:
            about = [
                r
                for r in rows
                if (entry := self.registry.get(r.kind)) is not None
                and subject in entry.about
                and subject.key in r.payload
            ]
            if about:
                loaded[subject.name] = await subject.load(session, about)
        return loaded

    def _check(self, row: Claimed, user: Any, loaded: dict[str, Any], now: datetime) -> Verdict | None:
        """None when the row should go out now; else its new status, the reason and (if deferred) the new due time."""
        if user is None or not user.is_active:
            return Status.BLOCKED, "inactive", None
        entry = self.registry.get(row.kind)
        if entry is None:  # written by a newer version of the bot: this one cannot render it
            return Status.DROPPED, "unknown_kind", None
        if entry.preference is not None and not getattr(user, entry.preference):
            return Status.DROPPED, "opted_out", None
        for subject in entry.about:
            if subject.key in row.payload:
                verdict = subject.check(row, loaded[subject.name], entry, now)
                if verdict is not None:
                    return verdict
        at = delivery_time(row.due_at, row.expires_at, row.urgent, now, self.quiet)
        if at is None:
            return Status.DROPPED, "late", None
        if at > now:
            return Status.PENDING, None, at
        return None

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
