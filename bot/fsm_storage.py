"""Conversation state in the bot's own database, for the embedded mode (no Redis): a half-answered questionnaire,
a half-written event form or a pending import goes on after a restart at the same step.

aiogram's `BaseStorage` on our `fsm_records` table. Keys are built as for Redis (`DefaultKeyBuilder` with the
destiny), and the state and the data each expire FSM_STATE_TTL / FSM_DATA_TTL seconds after they were last
written, as the two Redis keys do. Data is stored as JSON, so what works here works in Redis and back.

On SQLite one process owns the file, so the table is read once, at the first use, into a copy in memory that
every write goes through (the database first, then the copy): reading a state, which aiogram does for every
update, costs no query. Elsewhere (PostgreSQL without Redis) every read goes to the database.

Each write is a short transaction of its own session. On SQLite, one writer at a time, a handler therefore changes
the state after its service has committed (as every handler does): a state written while the same update still
holds an open write transaction would wait for it until the busy timeout."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.base import utcnow
from db.repositories.fsm import FsmRepo


@dataclass(slots=True)
class _Entry:
    state: str | None = None
    state_expires_at: datetime | None = None
    data: str | None = None  # JSON text: every read gets a fresh copy
    data_expires_at: datetime | None = None

    def live_state(self, now: datetime) -> str | None:
        if self.state_expires_at is not None and self.state_expires_at <= now:
            return None
        return self.state

    def live_data(self, now: datetime) -> str | None:
        if self.data_expires_at is not None and self.data_expires_at <= now:
            return None
        return self.data


def fsm_key_builder() -> DefaultKeyBuilder:
    """The same keys as in Redis: the destiny keeps unsent survey answers apart from the form being filled in."""
    return DefaultKeyBuilder(prefix="vmeste:fsm", with_destiny=True)


class DatabaseStorage(BaseStorage):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        state_ttl: int | None = None,
        data_ttl: int | None = None,
        one_process: bool = False,
        key_builder: KeyBuilder | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session_factory = session_factory
        self.key_builder = key_builder or fsm_key_builder()
        self.state_ttl = timedelta(seconds=state_ttl) if state_ttl and state_ttl > 0 else None
        self.data_ttl = timedelta(seconds=data_ttl) if data_ttl and data_ttl > 0 else None
        self.one_process = one_process
        self.clock = clock
        self._copy: dict[str, _Entry] | None = None
        self._loading = asyncio.Lock()
        self._writing = asyncio.Lock()

    def _expiry(self, ttl: timedelta | None) -> datetime | None:
        return self.clock() + ttl if ttl is not None else None

    async def _memory(self) -> dict[str, _Entry]:
        if self._copy is None:
            async with self._loading:
                if self._copy is None:
                    async with self.session_factory() as session:
                        records = await FsmRepo(session).live(self.clock())
                    self._copy = {
                        r.key: _Entry(
                            r.state,
                            r.state_expires_at,
                            json.dumps(r.data) if r.data else None,
                            r.data_expires_at,
                        )
                        for r in records
                    }
        return self._copy

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        name = self.key_builder.build(key)
        expires_at = self._expiry(self.state_ttl) if value else None
        async with self._writing:
            memory = await self._memory() if self.one_process else None
            async with self.session_factory() as session:
                await FsmRepo(session).put_state(name, value, expires_at)
                await session.commit()
            if memory is not None:
                entry = memory.setdefault(name, _Entry())
                entry.state, entry.state_expires_at = value, expires_at
                self._forget_if_empty(memory, name)

    async def get_state(self, key: StorageKey) -> str | None:
        name = self.key_builder.build(key)
        now = self.clock()
        if self.one_process:
            entry = (await self._memory()).get(name)
            return entry.live_state(now) if entry is not None else None
        async with self.session_factory() as session:
            return await FsmRepo(session).state(name, now)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        name = self.key_builder.build(key)
        text = json.dumps(dict(data)) if data else None  # raises for what JSON (and so Redis) cannot hold
        expires_at = self._expiry(self.data_ttl) if text else None
        async with self._writing:
            memory = await self._memory() if self.one_process else None
            async with self.session_factory() as session:
                await FsmRepo(session).put_data(name, json.loads(text) if text else None, expires_at)
                await session.commit()
            if memory is not None:
                entry = memory.setdefault(name, _Entry())
                entry.data, entry.data_expires_at = text, expires_at
                self._forget_if_empty(memory, name)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        name = self.key_builder.build(key)
        now = self.clock()
        if self.one_process:
            entry = (await self._memory()).get(name)
            text = entry.live_data(now) if entry is not None else None
            return json.loads(text) if text else {}
        async with self.session_factory() as session:
            return dict(await FsmRepo(session).data(name, now) or {})

    @staticmethod
    def _forget_if_empty(memory: dict[str, _Entry], name: str) -> None:
        entry = memory.get(name)
        if entry is not None and entry.state is None and entry.data is None:
            del memory[name]

    def forget_expired(self) -> int:
        """Drop expired entries from the copy in memory (the rows go with housekeeping). Returns how many."""
        if self._copy is None:
            return 0
        now = self.clock()
        gone = [
            name
            for name, entry in self._copy.items()
            if entry.live_state(now) is None and entry.live_data(now) is None
        ]
        for name in gone:
            del self._copy[name]
        return len(gone)

    async def close(self) -> None:
        """Nothing to close: the engine belongs to the bot's runtime."""
