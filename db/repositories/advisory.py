"""PostgreSQL advisory locks held in an open transaction on a dedicated connection (used by services/runtime/lease.py)."""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


async def try_lock(conn: AsyncConnection, key: int, idle_timeout_ms: int) -> bool:
    """Try the lock in the connection's transaction; PostgreSQL ends the session (and frees the lock) when the
    transaction stays idle longer than `idle_timeout_ms`, so a holder that stops renewing loses it."""
    await conn.execute(text(f"SET LOCAL idle_in_transaction_session_timeout = {int(idle_timeout_ms)}"))
    return bool((await conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key})).scalar())


async def touch(conn: AsyncConnection) -> None:
    await conn.execute(text("SELECT 1"))
