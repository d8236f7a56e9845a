"""SQLite through aiosqlite, with fewer hand-offs to the driver's thread.

aiosqlite runs each sqlite3 call on its own thread; the stock SQLAlchemy adapter makes four calls for a SELECT (open a
cursor, execute, fetch all rows, close the cursor) and three for a write. Every call is a hand-off to that thread and
a wake-up of the event loop, which costs far more than SQLite's own work for the small statements a bot makes (read
a person, count seats): on a virtual machine a round trip is a few hundred microseconds. So:

- a write, or any statement inside a transaction, does the four steps in one function on the driver's thread: one
  round trip. There it may wait for another connection's write lock (the busy timeout) without stalling the bot;
- a SELECT outside a transaction runs at once on the event loop's thread. In WAL mode a read takes no lock and never
  waits for a writer, so it cannot stall the bot on a lock; it costs what SQLite's own work costs.

The connection is used by one session at a time and its statements run one after another, so the driver's thread is
idle whenever a read runs inline (the connection is opened with `check_same_thread=False`; SQLite is built
thread-safe, `sqlite3.threadsafety == 3`).

Passed to the engine as its DBAPI module (`create_async_engine(..., module=dbapi())`), so nothing global changes.
Server-side cursors (`stream()`) keep the stock behaviour."""

from __future__ import annotations

import sqlite3
from collections import deque
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)


def _is_read(operation: str) -> bool:
    return operation.lstrip()[:6].upper() == "SELECT"


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> tuple[Any, ...]:
    """On the driver's thread: execute, fetch and close, and hand back everything the caller reads."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class _Outcome:
    """What the last statement reported, where the stock cursor keeps its driver cursor: the adapter's own
    `description`, `rowcount`, `lastrowid` and `arraysize` read it unchanged."""

    __slots__ = ("arraysize", "description", "lastrowid", "rowcount")

    def __init__(self, description: Any = None, rowcount: int = -1, lastrowid: Any = None) -> None:
        self.description, self.rowcount, self.lastrowid, self.arraysize = description, rowcount, lastrowid, 1

    def close(self) -> None:
        """Nothing stays open on the driver's side after a statement."""


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    _awaitable_cursor_close = False

    def _make_new_cursor(self, connection: Any) -> Any:
        return _Outcome()  # the stock cursor opens a driver cursor here: a trip of its own

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor

    async def _trip(self, operation: Any, parameters: Any, many: bool) -> None:
        driver: aiosqlite.Connection = self._connection
        connection = driver._conn
        mutex = self._adapt_connection._execute_mutex
        if not many and not connection.in_transaction and not mutex.locked() and _is_read(operation):
            description, rows, rowcount, lastrowid = _run(connection, operation, parameters, False)
        else:
            async with mutex:
                description, rows, rowcount, lastrowid = await driver._execute(
                    _run, connection, operation, parameters, many
                )
        self._cursor = _Outcome(description, rowcount, lastrowid)
        self._rows = deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._trip(operation, parameters, False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._trip(operation, seq_of_parameters, True)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        stock = super().connect(*arg, **kw)
        return OneTripConnection(self, stock._connection)


def dbapi() -> OneTripDbapi:
    return OneTripDbapi(aiosqlite, sqlite3)
