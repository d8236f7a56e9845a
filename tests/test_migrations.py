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


def test_rounds_opened_before_invitations_existed_are_not_invited_again(tmp_path) -> None:
    """0007: a round that had already opened counts as invited (its people heard of it another way); a round still
    to open is invited when it opens."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'rounds.sqlite3'}"
    upgrade(url, "0006")

    async def run(sql: str) -> list:
        engine = create_engine(url)
        async with engine.begin() as conn:
            result = await conn.execute(text(sql))
            rows = result.fetchall() if result.returns_rows else []
        await engine.dispose()
        return rows

    asyncio.run(
        run(
            "INSERT INTO surveys (id, key, version, kind, audience, anonymous, title_ru, title_en, definition, "
            "digest, created_at) VALUES (1, 'parents', 1, 'monitoring', 'parents', 1, 'Опрос', 'Survey', '{}', "
            "'d', '2026-01-01 00:00:00.000000')"
        )
    )
    asyncio.run(
        run(
            "INSERT INTO survey_rounds (id, survey_id, audience, opens_at, closes_at, created_at) VALUES "
            "(1, 1, 'parents', '2026-01-10 09:00:00.000000', '2099-01-20 09:00:00.000000', "
            "'2026-01-01 00:00:00.000000'), "
            "(2, 1, 'parents', '2099-01-10 09:00:00.000000', '2099-02-20 09:00:00.000000', "
            "'2026-01-01 00:00:00.000000')"
        )
    )
    upgrade(url)
    rows = asyncio.run(run("SELECT id, invited_at FROM survey_rounds ORDER BY id"))
    assert rows == [(1, "2026-01-10 09:00:00.000000"), (2, None)]


def test_people_keep_their_rows_and_start_with_the_reading_settings_off(tmp_path) -> None:
    """0009: the two new columns are off for everyone who was already there."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'reading.sqlite3'}"
    upgrade(url, "0007")

    async def run(sql: str) -> list:
        engine = create_engine(url)
        async with engine.begin() as conn:
            result = await conn.execute(text(sql))
            rows = result.fetchall() if result.returns_rows else []
        await engine.dispose()
        return rows

    asyncio.run(
        run(
            "INSERT INTO users (id, language, role, consent_at, notify_24h, notify_2h, notify_deadlines, is_active, "
            "created_at) VALUES (5001, 'ru', 'parent', '2026-01-01 00:00:00.000000', 1, 0, 0, 1, "
            "'2026-01-01 00:00:00.000000')"
        )
    )
    upgrade(url)
    rows = asyncio.run(run("SELECT id, role, notify_2h, screen_reader, plain_language FROM users"))
    assert rows == [(5001, "parent", 0, 0, 0)]


def _sql(url: str, *statements: str) -> list:
    async def go() -> list:
        engine = create_engine(url)
        rows: list = []
        try:
            async with engine.begin() as conn:
                for statement in statements:
                    result = await conn.execute(text(statement))
                    rows = [tuple(r) for r in result.fetchall()] if result.returns_rows else []
        finally:
            await engine.dispose()
        return rows

    return asyncio.run(go())


OLD_PEOPLE = (
    "INSERT INTO organizations (id, name, short_name, network_role) VALUES (1, 'ЦППМСП', 'ЦППМСП', 'resource')",
    "INSERT INTO users (id, language, role, organization_id, consent_at, notify_24h, notify_2h, notify_deadlines, "
    "screen_reader, plain_language, is_active, created_at) VALUES "
    "(5001, 'ru', 'parent', 1, '2026-01-01 00:00:00', true, false, false, false, false, true, '2026-01-01 00:00:00'), "
    "(7999999999, 'en', 'teacher', NULL, '2026-01-02 00:00:00', true, true, true, true, false, false, "
    "'2026-01-02 00:00:00')",
    "INSERT INTO events (id, title, kind, audience, precision, status, registration_closed, created_at, updated_at) "
    "VALUES (10, 'Семинар', 'seminar', 'all', 'exact', 'published', false, '2026-01-01 00:00:00', "
    "'2026-01-01 00:00:00')",
    "INSERT INTO registrations (id, event_id, user_id, status, seq, needs, via_club, created_at, updated_at) VALUES "
    "(100, 10, 5001, 'confirmed', 1, 'ramp', false, '2026-01-03 00:00:00', '2026-01-03 00:00:00'), "
    "(101, 10, 7999999999, 'waitlisted', 2, '', false, '2026-01-03 00:00:00', '2026-01-03 00:00:00')",
    "INSERT INTO surveys (id, key, version, kind, audience, anonymous, title_ru, title_en, definition, digest, "
    "created_at) VALUES (1, 'parents', 1, 'monitoring', 'parents', false, 'Опрос', 'Survey', '{}', 'd', "
    "'2026-01-01 00:00:00')",
    "INSERT INTO survey_rounds (id, survey_id, audience, opens_at, closes_at, created_at) VALUES "
    "(1, 1, 'parents', '2026-01-10 09:00:00', '2099-01-20 09:00:00', '2026-01-01 00:00:00')",
    "INSERT INTO survey_responses (id, round_id, user_id, submitted_on) VALUES ('r1', 1, 5001, '2026-01-11')",
    "INSERT INTO survey_answers (response_id, question_id, value, text) VALUES ('r1', 'q1', 'yes', NULL), "
    "('r1', 'q2', 'other', 'свой ответ')",
    "INSERT INTO broadcasts (id, created_by, audience, text, with_ack, status, total, progress_chat_id, "
    "progress_message_id, created_at) VALUES (1, 7999999999, 'all', 'Привет', false, 'done', 2, 7999999999, "
    "2147483000, '2026-01-04 00:00:00')",
)
KEPT = (
    "SELECT id, language, role, organization_id, notify_2h, screen_reader, is_active FROM users ORDER BY id",
    "SELECT id, event_id, user_id, status, seq, needs FROM registrations ORDER BY id",
    "SELECT id, round_id, user_id FROM survey_responses ORDER BY id",
    "SELECT response_id, question_id, value, text FROM survey_answers ORDER BY question_id",
    "SELECT id, created_by, progress_chat_id FROM broadcasts ORDER BY id",
)


def test_telegram_people_keep_every_row_and_id_and_become_telegram_accounts(empty_db: str) -> None:
    """0012: a person is a (messenger, account id) pair; everyone already there is a Telegram person whose account
    id is the id they had, and nothing they made moves."""
    upgrade(empty_db, "0010")
    _sql(empty_db, *OLD_PEOPLE)
    before = [_sql(empty_db, query) for query in KEPT]
    upgrade(empty_db)
    assert [_sql(empty_db, query) for query in KEPT] == before
    assert _sql(empty_db, "SELECT id, messenger, account_id FROM users ORDER BY id") == [
        (5001, "telegram", 5001),
        (7999999999, "telegram", 7999999999),
    ]
    assert _sql(empty_db, "SELECT progress_message_id FROM broadcasts") == [("2147483000",)]


def test_a_max_account_id_is_one_person_only(empty_db: str) -> None:
    """The same MAX account cannot be two people; a MAX person and a Telegram person with equal account ids can."""
    upgrade(empty_db)
    insert = (
        "INSERT INTO users (id, messenger, account_id, language, consent_at, notify_24h, notify_2h, "
        "notify_deadlines, screen_reader, plain_language, is_active, created_at) VALUES "
        "({id}, '{messenger}', {account}, 'ru', '2026-01-01 00:00:00', true, true, false, false, false, true, "
        "'2026-01-01 00:00:00')"
    )
    base = 1 << 60
    _sql(empty_db, insert.format(id=42, messenger="telegram", account=42))
    _sql(empty_db, insert.format(id=base + 42, messenger="max", account=42))
    with pytest.raises(Exception, match=r"(?i)unique"):
        _sql(empty_db, insert.format(id=base + 43, messenger="max", account=42))
    with pytest.raises(Exception, match=r"(?i)check"):
        _sql(empty_db, insert.format(id=44, messenger="icq", account=44))
    _sql(empty_db, "DELETE FROM users")
