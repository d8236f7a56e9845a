"""`python -m bot copy-db`: SQLite → PostgreSQL with every row compared, sequences moved on, a non-empty target
refused without --force."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from db.engine import create_engine
from db.migrate import upgrade
from db.models import Base, Event, Invite, Organization, ProcessedUpdate, User
from tests.conftest import sibling_database

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres


def target_url() -> str:
    """A second PostgreSQL database beside TEST_DATABASE_URL's (its name + "b"), created when missing."""
    return asyncio.run(sibling_database("b"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


async def fill_source(url: str) -> None:
    engine = create_engine(url)
    now = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    async with engine.begin() as conn:
        await conn.execute(
            insert(Organization),
            [{"name": f"Школа №{i}", "short_name": f"Ш{i}", "network_role": "base"} for i in range(1, 8)],
        )
        await conn.execute(
            insert(Event),
            [
                {
                    "title": f"Семинар «Инклюзия» {i}",
                    "kind": "seminar",
                    "audience": "parents",
                    "organization_id": 1 + i % 7,
                    "starts_at": now,
                    "precision": "exact",
                    "status": "published",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(2500)  # more than two batches
            ],
        )
        await conn.execute(
            insert(User),
            [
                {
                    "id": 7_000_000_000 + i,  # Telegram ids beyond 32 bits
                    "language": "en" if i % 3 else "ru",
                    "role": "parent",
                    "organization_id": 1 + i % 7,
                    "consent_at": now,
                    "notify_24h": bool(i % 2),
                    "notify_2h": True,
                    "is_active": i % 5 != 0,
                    "created_at": now,
                }
                for i in range(300)
            ],
        )
        await conn.execute(
            insert(Invite),
            [
                {
                    "code": "abc",
                    "role": "coordinator",
                    "organization_id": 2,
                    "expires_at": now,
                    "created_at": now,
                }
            ],
        )
        await conn.execute(insert(ProcessedUpdate), [{"update_id": 5, "processed_at": now}])
    await engine.dispose()


async def dump(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    out: dict[str, list[tuple]] = {}
    async with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = await conn.execute(select(table).order_by(*table.primary_key.columns))
            out[table.name] = [tuple(row) for row in rows]
    await engine.dispose()
    return out


def test_sqlite_to_postgres_copies_every_row(tmp_path):
    target = target_url()
    source = f"sqlite+aiosqlite:///{tmp_path / 'source.sqlite3'}"
    upgrade(source)
    asyncio.run(fill_source(source))

    result = run_cli("copy-db", source, target, "--batch", "1000")
    assert result.returncode == 0, result.stderr
    assert "events: 2500 rows" in result.stdout

    before, after = asyncio.run(dump(source)), asyncio.run(dump(target))
    assert set(before) == set(after)
    for name in before:
        assert before[name] == after[name], name
    assert len(after["events"]) == 2500 and len(after["users"]) == 300

    async def next_ids() -> tuple[int, int]:
        engine = create_engine(target)
        async with engine.begin() as conn:
            org = await conn.execute(
                insert(Organization).values(name="Новая", short_name="Н").returning(Organization.id)
            )
            event = await conn.execute(
                insert(Event)
                .values(
                    title="t",
                    kind="other",
                    audience="all",
                    precision="exact",
                    status="published",
                    created_at=datetime.now(UTC),
                    updated_at=datetime.now(UTC),
                )
                .returning(Event.id)
            )
            ids = org.scalar_one(), event.scalar_one()
        await engine.dispose()
        return ids

    # Sequences were moved past the copied ids: new rows do not collide.
    assert asyncio.run(next_ids()) == (8, 2501)

    refused = run_cli("copy-db", source, target)
    assert refused.returncode == 1 and "--force" in refused.stderr
    forced = run_cli("copy-db", source, target, "--force")
    assert forced.returncode == 0, forced.stderr
    again = asyncio.run(dump(target))
    assert again == before


def test_a_source_behind_head_is_refused(tmp_path):
    target = target_url()
    source = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(source, "0001")
    result = run_cli("copy-db", source, target)
    assert result.returncode == 1 and "migrate" in result.stderr
