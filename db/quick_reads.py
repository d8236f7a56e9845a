"""Point reads on the hot path, straight from the SQLite file.

Reading one row through the session costs far more in bookkeeping than in SQLite: the session begins a transaction,
checks a connection out of the pool, sets up the result and gives the connection back, about half a millisecond,
against a few dozen microseconds for SQLite to find a person by id. A browsing click makes one such read (the
person seen for the first time, an event card's seats).

So on SQLite, while a session has nothing of its own to see (it holds no connection, nothing waits to be flushed),
the reads that ask for it run on one plain sqlite3 connection, on the event loop's thread. In WAL mode a read takes
no lock and sees every committed change: exactly what the session would have seen at that moment. The connection is
`query_only`, so it cannot write. If SQLite answers busy (a reader may, rarely, while the log is checkpointed), or on
PostgreSQL, or mid-transaction, the same statement runs through the session as before.

The reader is handed to sessions through `Session.info` by `db.engine.create_session_factory`; a session made
any other way simply never takes the quick path."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Select, event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session, SessionTransaction, make_transient_to_detached
from sqlalchemy.orm.mapper import Mapper

READS_KEY = "quick_reads"  # session.info key: the engine's QuickReads
HOLDS_KEY = "holds_connection"  # session.info key: the session's transaction holds a database connection


@event.listens_for(Session, "after_begin")
def _took_connection(session: Session, _transaction: object, _connection: object) -> None:
    session.info[HOLDS_KEY] = True


@event.listens_for(Session, "after_transaction_end")
def _gave_back(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: its connections went back to the pool
        session.info.pop(HOLDS_KEY, None)


def holds_connection(session: AsyncSession | Session) -> bool:
    """Whether the session has a connection now, and with it perhaps changes only it can see. A session whose
    transaction was begun only by adding an object holds none."""
    return HOLDS_KEY in session.info


T = TypeVar("T")


class Unavailable(Exception):
    """SQLite could not answer at once; the caller reads through its session instead."""


class _Prepared:
    __slots__ = ("args", "processors", "sql")

    def __init__(self, statement: Select[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        # Per position: the name of a parameter the caller gives, or the value written into the statement.
        self.args: tuple[tuple[str | None, Any], ...] = tuple(
            (name, None) if compiled.binds[name].required else (None, compiled.binds[name].effective_value)
            for name in compiled.positiontup or ()
        )
        self.processors: tuple[Callable[[Any], Any] | None, ...] = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in statement.selected_columns
        )


class QuickReads:
    def __init__(self, path: str, dialect: Dialect) -> None:
        self.path = path
        self.dialect = dialect
        self._connection: sqlite3.Connection | None = None
        self._prepared: dict[int, tuple[Select[Any], _Prepared]] = {}

    @classmethod
    def for_engine(cls, engine: AsyncEngine) -> QuickReads | None:
        """A reader for a SQLite file database, closed with the engine's pool; None for anything else."""
        url = engine.url
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        reads = cls(url.database, engine.dialect)
        event.listen(engine.sync_engine, "engine_disposed", lambda _engine: reads.close())
        return reads

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            # Autocommit: each SELECT is its own read, ended when its rows are fetched. No busy wait: a busy
            # database is read through the session, whose driver waits on its own thread, not on the loop's.
            connection = sqlite3.connect(self.path, timeout=0, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA query_only=ON")
            self._connection = connection
        return self._connection

    def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The statement's rows, each value as the session would give it. Parameters are plain values (numbers,
        text): no bind processing is applied. Raises Unavailable when SQLite cannot answer at once."""
        entry = self._prepared.get(id(statement))
        if entry is None:
            entry = self._prepared[id(statement)] = (statement, _Prepared(statement, self.dialect))
        prepared = entry[1]
        try:
            args = [value if name is None else params[name] for name, value in prepared.args]
            cursor = self._connect().execute(prepared.sql, args)
            try:
                raw = cursor.fetchall()
            finally:
                cursor.close()
        except sqlite3.OperationalError as error:  # busy or locked: the session's path waits properly
            raise Unavailable() from error
        processors = prepared.processors
        return [
            tuple(value if p is None else p(value) for p, value in zip(processors, row, strict=True))
            for row in raw
        ]

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def quick_reads(session: AsyncSession) -> QuickReads | None:
    """The session's reader, when a read may skip the session: it holds no connection (so nothing it wrote is
    uncommitted) and nothing unflushed (an autoflush would otherwise write it before the read)."""
    reads: QuickReads | None = session.info.get(READS_KEY)
    if reads is None or holds_connection(session) or session.new or session.dirty or session.deleted:
        return None
    return reads


def read_quickly(
    session: AsyncSession, statement: Select[Any], params: Mapping[str, Any]
) -> list[tuple[Any, ...]] | None:
    """The statement's rows read outside the session, or None when the caller must read through the session."""
    reads = quick_reads(session)
    if reads is None:
        return None
    try:
        return reads.rows(statement, params)
    except Unavailable:
        return None


def attach(session: AsyncSession, mapper: Mapper[T], values: Mapping[str, Any]) -> T:
    """A row read outside the session, turned into one of its objects without a query: built as the ORM builds a
    loaded row (no attribute events), then added as persistent. The caller checks the identity map first."""
    obj = mapper.class_manager.new_instance()
    obj.__dict__.update(values)
    make_transient_to_detached(obj)
    session.add(obj)
    return obj
