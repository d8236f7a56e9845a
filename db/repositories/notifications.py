from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, bindparam, cast, delete, func, select, text, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Broadcast, Event, Notification, Survey, SurveyRespondent, SurveyRound, User
from db.models.user import MAX, MAX_PERSON_BASE

INSERT_CHUNK = 500
PENDING = text("notifications.status = 'pending'")


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    user_id: int
    kind: str
    ref: str
    payload: dict[str, Any]
    urgent: bool
    due_at: datetime
    expires_at: datetime | None
    attempts: int
    dedup_key: str


class NotificationRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        return self.session.bind.dialect.name  # type: ignore[union-attr]

    def _insert(self) -> Any:
        """INSERT … ON CONFLICT (dedup_key) DO NOTHING, in the dialect's own words."""
        construct = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        return construct(Notification).on_conflict_do_nothing(index_elements=["dedup_key"])

    async def add_many(self, rows: Sequence[dict[str, Any]]) -> list[str]:
        """Queue rows; those whose dedup_key is queued already are skipped. Returns the statuses of the new ones."""
        added: list[str] = []
        for start in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[start : start + INSERT_CHUNK]
            result = await self.session.execute(self._insert().returning(Notification.status), chunk)
            added += result.scalars().all()
        return added

    async def add_from_select(self, columns: Sequence[str], query: Select) -> int:
        """Queue one row per row of `query` (a broadcast's audience), skipping any already queued."""
        # SQLite needs a WHERE in INSERT … SELECT … ON CONFLICT, or it reads ON CONFLICT as a join's ON.
        statement = self._insert().from_select(list(columns), query.where(true()))
        result = await self.session.execute(statement)
        return result.rowcount or 0

    async def claim(self, now: datetime, limit: int, messenger: str | None = None) -> list[Claimed]:
        """Take up to `limit` due rows for sending (only those of people on `messenger`, when given). On
        PostgreSQL rows locked by another replica are skipped (FOR UPDATE SKIP LOCKED); SQLite runs in one
        process and its write transaction is the lock."""
        due = (
            select(Notification.id)
            # A literal, not a parameter: only then do SQLite and PostgreSQL use the partial index.
            .where(PENDING, Notification.due_at <= now)
            .order_by(Notification.due_at, Notification.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if messenger is not None:  # the messenger is told by the person's id (db/models/user.py)
            on_max = Notification.user_id >= MAX_PERSON_BASE
            due = due.where(on_max if messenger == MAX else ~on_max)
        statement = (
            update(Notification.__table__)
            .where(Notification.id.in_(due.scalar_subquery()))
            .values(status="sending", claimed_at=now)
            .returning(
                Notification.id,
                Notification.user_id,
                Notification.kind,
                Notification.ref,
                Notification.payload,
                Notification.urgent,
                Notification.due_at,
                Notification.expires_at,
                Notification.attempts,
                Notification.dedup_key,
            )
        )
        rows = (await self.session.execute(statement)).all()
        claimed = [Claimed(*row) for row in rows]
        claimed.sort(key=lambda c: (c.due_at, c.id))
        return claimed

    async def set_many(self, values: Iterable[dict[str, Any]]) -> None:
        """Update rows by id (each dict has `id` and the columns to set): one executemany per set of columns."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in values:
            groups.setdefault(tuple(sorted(row)), []).append(row)
        table = Notification.__table__
        statement = update(table).where(table.c.id == bindparam("row_id"))
        for rows in groups.values():
            params = [{"row_id": row["id"], **{k: v for k, v in row.items() if k != "id"}} for row in rows]
            await self.session.execute(statement, params)

    async def release_stale(self, claimed_before: datetime) -> int:
        """Rows left 'sending' by a process that died: back to 'pending', to be sent again."""
        result = await self.session.execute(
            update(Notification)
            .where(Notification.status == "sending", Notification.claimed_at < claimed_before)
            .values(status="pending", claimed_at=None)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0

    async def withdraw(self, ref: str, kinds: Iterable[str] | None = None) -> int:
        query = update(Notification).where(Notification.ref == ref, Notification.status == "pending")
        if kinds is not None:
            query = query.where(Notification.kind.in_(list(kinds)))
        # The dedup key is freed, so the same reminder can be planned again (an event moved back, say).
        freed = Notification.dedup_key + ":w" + cast(Notification.id, String)
        result = await self.session.execute(
            query.values(status="withdrawn", dedup_key=freed).execution_options(synchronize_session=False)
        )
        return result.rowcount or 0

    async def counts(self, ref: str) -> dict[str, int]:
        rows = await self.session.execute(
            select(Notification.status, func.count())
            .where(Notification.ref == ref)
            .group_by(Notification.status)
        )
        return {status: count for status, count in rows.all()}

    async def counts_by_messenger(self, ref: str, status: str) -> dict[str, int]:
        """Rows of one ref in one status, per messenger of the person (people gone by /forget are not counted)."""
        rows = await self.session.execute(
            select(User.messenger, func.count())
            .select_from(Notification)
            .join(User, User.id == Notification.user_id)
            .where(Notification.ref == ref, Notification.status == status)
            .group_by(User.messenger)
        )
        return {messenger: count for messenger, count in rows.all()}

    async def count_ref(self, ref: str) -> int:
        return await self.session.scalar(select(func.count()).where(Notification.ref == ref)) or 0

    async def counts_by_kind(self) -> dict[tuple[str, str], int]:
        rows = await self.session.execute(
            select(Notification.kind, Notification.status, func.count()).group_by(
                Notification.kind, Notification.status
            )
        )
        return {(kind, status): count for kind, status, count in rows.all()}

    # What claimed rows are about, loaded for a whole batch at once

    async def recipients(self, ids: Iterable[int]) -> dict[int, Any]:
        """What sending needs to know about each person (plain rows: cheaper than whole objects)."""
        ids = set(ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(
                User.id,
                User.language,
                User.is_active,
                User.notify_24h,
                User.notify_2h,
                User.notify_deadlines,
                User.screen_reader,
                User.plain_language,
            ).where(User.id.in_(ids))
        )
        return {row.id: row for row in rows}

    async def events(self, ids: Iterable[int]) -> dict[int, Event]:
        ids = set(ids)
        if not ids:
            return {}
        return {e.id: e for e in await self.session.scalars(select(Event).where(Event.id.in_(ids)))}

    async def broadcasts(self, ids: Iterable[int]) -> dict[int, Broadcast]:
        ids = set(ids)
        if not ids:
            return {}
        return {b.id: b for b in await self.session.scalars(select(Broadcast).where(Broadcast.id.in_(ids)))}

    async def rounds(self, ids: Iterable[int]) -> dict[int, tuple[SurveyRound, Survey]]:
        """Survey rounds with their surveys, by round id."""
        ids = set(ids)
        if not ids:
            return {}
        pairs = await self.session.execute(
            select(SurveyRound, Survey)
            .join(Survey, Survey.id == SurveyRound.survey_id)
            .where(SurveyRound.id.in_(ids))
        )
        return {r.id: (r, s) for r, s in pairs.all()}

    async def answered(self, round_ids: Iterable[int], user_ids: Iterable[int]) -> set[tuple[int, int]]:
        """(round id, user id) of those among `user_ids` who have answered those rounds."""
        round_ids, user_ids = set(round_ids), set(user_ids)
        if not round_ids or not user_ids:
            return set()
        rows = await self.session.execute(
            select(SurveyRespondent.round_id, SurveyRespondent.user_id).where(
                SurveyRespondent.round_id.in_(round_ids), SurveyRespondent.user_id.in_(user_ids)
            )
        )
        return {(a, b) for a, b in rows.all()}

    async def finished_before(
        self, before: datetime, statuses: Iterable[str], limit: int
    ) -> list[tuple[int, str, str]]:
        """Up to `limit` rows in a final status that fell due before `before`: (id, ref, status), by id."""
        rows = await self.session.execute(
            select(Notification.id, Notification.ref, Notification.status)
            .where(Notification.status.in_(list(statuses)), Notification.due_at < before)
            .order_by(Notification.id)
            .limit(limit)
        )
        return [(int(i), ref, status) for i, ref, status in rows.all()]

    async def delete_ids(self, ids: Sequence[int]) -> int:
        result = await self.session.execute(
            delete(Notification)
            .where(Notification.id.in_(list(ids)))
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0
