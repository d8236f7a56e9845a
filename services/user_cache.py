"""Who is writing, without a database round trip on every click.

The person is read on every update; on the hot browsing path that read costs more than everything else. This cache
keeps a snapshot of each recently seen person's row for a few seconds. A snapshot is turned back into a row of the
update's own session without a query (`merge(load=False)`), so services change and commit it as usual. After each
update the middleware stores the row as the handler left it, or forgets it when anything else may have changed it
(an error, a bulk UPDATE/DELETE by id, /forget). In embedded mode (one process, SQLite) it is on by default; with
several replicas it is off unless set, since another replica may change the row."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from db.models import User

CHANGED_KEY = "users_changed"  # session.info key: ids whose rows were changed by bulk statements


def mark_changed(session: AsyncSession, user_id: int) -> None:
    session.info.setdefault(CHANGED_KEY, set()).add(user_id)


class UserCache:
    def __init__(
        self, ttl: float, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._rows: OrderedDict[int, tuple[float, dict[str, Any]]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    async def load(self, session: AsyncSession, user_id: int) -> User | None:
        """The cached row attached to `session`, or None when it is not cached (the caller then queries)."""
        if not self.enabled:
            return None
        entry = self._rows.get(user_id)
        if entry is None or self.clock() - entry[0] > self.ttl:
            self._rows.pop(user_id, None)
            return None
        user = User(**entry[1])
        make_transient_to_detached(user)
        return await session.merge(user, load=False)

    def remember(self, session: AsyncSession, user: User | None, user_id: int, ok: bool) -> None:
        """After an update: keep the row as the handler left it, or forget it if it may be out of date."""
        if not self.enabled:
            return
        changed = session.info.get(CHANGED_KEY, set())
        state = inspect(user) if user is not None else None
        if (
            not ok
            or user is None
            or user_id in changed
            or state is None
            or not state.persistent
            or state.modified
            or state.expired_attributes
        ):
            self._rows.pop(user_id, None)
            return
        snapshot = {column.key: getattr(user, column.key) for column in User.__mapper__.column_attrs}
        self._rows[user_id] = (self.clock(), snapshot)
        self._rows.move_to_end(user_id)
        while len(self._rows) > self.max_entries:
            self._rows.popitem(last=False)

    def forget(self, user_id: int) -> None:
        self._rows.pop(user_id, None)
