"""Who is writing, without a database round trip on every click.

The person is read on every update; on the hot browsing path that read costs more than everything else. This cache
keeps a snapshot of each recently seen person's row for a few seconds. A snapshot is turned back into a row of the
update's own session without a query (a fresh detached copy, added), so services change and commit it as usual. After each
update the middleware stores the row as the handler left it, or forgets it when anything else may have changed it
(an error, a bulk UPDATE/DELETE by id, /forget). In embedded mode (one process, SQLite) it is on by default; with
several replicas it is off unless set, since another replica may change the row.

Updates of one person may run at the same time (polling handles updates as tasks, and a quick second click arrives
while the first is still finishing). Each person has a generation, raised whenever a session flushes a change to
their row; a session remembers the row it ends with only if nobody else changed it since that session read it.
Otherwise an older copy could overwrite a newer one."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from db.models import User
from db.quick_reads import attach

_MAPPER = inspect(User)
CHANGED_KEY = "users_changed"  # session.info key: ids whose rows were changed by bulk statements
CACHE_KEY = "user_cache"  # session.info key: the cache that loaded a person in this session
SEEN_KEY = "user_cache_seen"  # session.info key: {user id: the generation this session knows}
# session.info key: (the row served from the cache, its snapshot, its generation)
SERVED_KEY = "user_cache_served"
_COLUMNS = tuple(column.key for column in _MAPPER.column_attrs)


def mark_changed(session: AsyncSession, user_id: int) -> None:
    session.info.setdefault(CHANGED_KEY, set()).add(user_id)
    cache = session.info.get(CACHE_KEY)
    if cache is not None:
        cache.changed(session.info, user_id)


@event.listens_for(Session, "after_flush")
def _rows_flushed(session: Session, _context: object) -> None:
    cache = session.info.get(CACHE_KEY)
    if cache is None:
        return
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, User) and row.id is not None:
            cache.changed(session.info, row.id)


class UserCache:
    def __init__(
        self, ttl: float, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._rows: OrderedDict[int, tuple[float, dict[str, Any]]] = OrderedDict()
        self._generations: dict[int, int] = {}

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    async def load(self, session: AsyncSession, user_id: int) -> User | None:
        """The cached row attached to `session`, or None when it is not cached (the caller then queries)."""
        if not self.enabled:
            return None
        session.info[CACHE_KEY] = self
        generation = session.info.setdefault(SEEN_KEY, {})[user_id] = self._generations.get(user_id, 0)
        entry = self._rows.get(user_id)
        if entry is None or self.clock() - entry[0] > self.ttl:
            self._rows.pop(user_id, None)
            return None
        present = session.identity_map.get(_MAPPER.identity_key_from_primary_key([user_id]))
        if present is not None:
            return present  # already read in this session: that copy is the current one
        # A fresh copy nobody else holds, attached as it is: no query and no second copy.
        user = attach(session, _MAPPER, entry[1])
        session.info[SERVED_KEY] = (user, entry[1], generation)
        return user

    def remember(self, session: AsyncSession, user: User | None, user_id: int, ok: bool) -> None:
        """After an update: keep the row as the handler left it, or forget it if it may be out of date."""
        if not self.enabled:
            return
        changed = session.info.get(CHANGED_KEY, set())
        state = inspect(user) if user is not None else None
        seen = session.info.get(SEEN_KEY, {}).get(user_id, 0)
        if (
            not ok
            or seen != self._generations.get(user_id, 0)
            or user is None
            or user_id in changed
            or state is None
            or not state.persistent
            or state.modified
            or state.expired_attributes
        ):
            self._rows.pop(user_id, None)
            return
        served = session.info.get(SERVED_KEY)
        if served is not None and served[0] is user and served[2] == seen:
            snapshot = served[1]  # nobody changed the row since it was served: the same snapshot, kept longer
        else:
            snapshot = {key: getattr(user, key) for key in _COLUMNS}
        self._rows[user_id] = (self.clock(), snapshot)
        self._rows.move_to_end(user_id)
        while len(self._rows) > self.max_entries:
            self._rows.popitem(last=False)

    def changed(self, info: dict[str, Any], user_id: int) -> None:
        """A session changed the person's row: older copies elsewhere must not be remembered."""
        generation = self._generations.get(user_id, 0) + 1
        self._generations[user_id] = generation
        info.setdefault(SEEN_KEY, {})[user_id] = generation
        self._rows.pop(user_id, None)
        if len(self._generations) > 4 * self.max_entries:
            self._generations.clear()  # a rare reset: every session's "seen" then differs, so nothing stale is kept

    def forget(self, user_id: int) -> None:
        self._rows.pop(user_id, None)
