"""Every revision upgrades, downgrades and upgrades again (the stairway), and the models match the migrations."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from db.engine import create_engine
from db.migrate import alembic_config, downgrade, upgrade
from db.models import Base


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'stairway.sqlite3'}"
    url = request.getfixturevalue("postgres_migrated")
    downgrade(url, "base")
    request.addfinalizer(lambda: upgrade(url))
    return url


def test_stairway(empty_db: str) -> None:
    for revision in revisions():
        upgrade(empty_db, revision)
        downgrade(empty_db, "-1")
        upgrade(empty_db, revision)


def test_models_match_migrations(empty_db: str) -> None:
    upgrade(empty_db)

    async def diff() -> list:
        engine = create_engine(empty_db)
        async with engine.connect() as conn:
            result = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
        await engine.dispose()
        return result

    assert asyncio.run(diff()) == []


def test_upgrade_keeps_existing_data(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    first = revisions()[0]
    upgrade(url, first)

    async def run(sql: str) -> list:
        engine = create_engine(url)
        async with engine.begin() as conn:
            rows = (
                (await conn.execute(text(sql))).fetchall()
                if sql.startswith("SELECT")
                else await conn.execute(text(sql))
            )
        await engine.dispose()
        return rows if isinstance(rows, list) else []

    asyncio.run(
        run(
            "INSERT INTO organizations (name, short_name, network_role) VALUES ('ЦППМСП', 'ЦППМСП', 'resource')"
        )
    )
    upgrade(url)
    assert asyncio.run(run("SELECT short_name FROM organizations")) == [("ЦППМСП",)]
