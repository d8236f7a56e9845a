"""Backups of the SQLite database: taken while something writes, the newest N kept, taken by `migrate` before a
schema change (and only then), refused on PostgreSQL with the pg_dump hint; `restore` refuses while a bot holds the
database. (The whole round with the real bot process: tests/e2e/test_backup_restore.py.)"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bot.runlock import held
from db.backup import backup, backups_in
from db.engine import create_engine
from db.migrate import upgrade
from db.models import User
from tests.test_cli import run

PREVIOUS = "0007"  # the revision before this code's head


def count(path: Path, table: str = "users") -> int:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def version(path: Path) -> str:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


async def test_backups_taken_while_people_are_written_are_whole_and_the_newest_are_kept(tmp_path: Path):
    db = tmp_path / "vmeste.sqlite3"
    url = f"sqlite+aiosqlite:///{db}"
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    written = 0
    stop, enough = asyncio.Event(), asyncio.Event()

    async def write() -> None:
        nonlocal written
        while not stop.is_set():
            async with engine.begin() as conn:
                rows = [
                    {
                        "id": 10_000 + written + i,
                        "role": "parent",
                        "language": "ru",
                        "consent_at": datetime.now(UTC),
                    }
                    for i in range(50)
                ]
                await conn.execute(insert(User), rows)
            written += 50
            if written >= 500:
                enough.set()
            await asyncio.sleep(0)

    writer = asyncio.create_task(write())
    out = tmp_path / "backups"
    made = []
    try:
        await enough.wait()
        for _ in range(4):
            before = written
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "backup", "--out", str(out), "--keep", "3",
                env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            stdout, stderr = await proc.communicate()
            assert proc.returncode == 0, stderr.decode()
            path = Path(stdout.decode().strip())
            assert path.parent == out.resolve()
            copied = count(path)
            assert (
                before <= copied <= written and copied % 50 == 0
            )  # one moment's database: whole transactions
            made.append(path)
    finally:
        stop.set()
        await writer
        await engine.dispose()
    assert written > count(made[-1])  # the writer went on while the copies were taken
    assert backups_in(out) == sorted(made[-3:])  # the newest three are kept
    with closing(sqlite3.connect(made[-1])) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_keep_removes_the_oldest(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'vmeste.sqlite3'}"
    upgrade(url)
    start = datetime(2030, 1, 1, 3, 30, tzinfo=UTC)
    files = [backup(url, tmp_path / "b", keep=2, now=start + timedelta(days=d)) for d in range(4)]
    assert backups_in(tmp_path / "b") == files[2:]
    assert files[3].name == "vmeste-20300104-033000.sqlite3"
    twin = backup(url, tmp_path / "b", keep=5, now=start + timedelta(days=3))  # the same second: a new name
    assert twin.name == "vmeste-20300104-033000_02.sqlite3"
    assert backups_in(tmp_path / "b") == [files[2], files[3], twin]  # sorted as they were made


def test_migrate_backs_up_before_a_schema_change_and_only_then(tmp_path: Path):
    db = tmp_path / "vmeste.sqlite3"
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{db}", "BACKUP_DIR": str(tmp_path / "b")}
    fresh = run("migrate", env=env)  # a new database: nothing to keep
    assert fresh.returncode == 0, fresh.stderr
    assert "backup" not in fresh.stdout and backups_in(tmp_path / "b") == []

    old = tmp_path / "old.sqlite3"
    upgrade(f"sqlite+aiosqlite:///{old}", PREVIOUS)
    with closing(sqlite3.connect(old)) as conn:
        conn.execute("INSERT INTO processed_updates VALUES (1, '2030-01-01 00:00:00')")
        conn.commit()
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{old}"
    upgraded = run("migrate", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    [copy] = backups_in(tmp_path / "b")
    assert f"backup before the upgrade: {copy}" in upgraded.stdout
    assert version(copy) == PREVIOUS and count(copy, "processed_updates") == 1
    assert version(old) != PREVIOUS
    again = run("migrate", env=env)
    assert "backup" not in again.stdout and len(backups_in(tmp_path / "b")) == 1


def test_restore_refuses_while_the_database_is_held_and_keeps_the_replaced_file(tmp_path: Path):
    db = tmp_path / "live" / "vmeste.sqlite3"
    url = f"sqlite+aiosqlite:///{db}"
    upgrade(url)
    copy = backup(url, tmp_path / "b")
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("INSERT INTO processed_updates VALUES (2, '2030-01-01 00:00:00')")
        conn.commit()
    env = {"DATABASE_URL": url}
    with held(db):  # as the running bot does
        refused = run("restore", str(copy), env=env)
    assert refused.returncode == 1
    assert (
        refused.stderr.count("\n") == 1
        and "is running" in refused.stderr
        and "stop it first" in refused.stderr
    )
    assert count(db, "processed_updates") == 1  # untouched

    restored = run("restore", str(copy), env=env)
    assert restored.returncode == 0, restored.stderr
    assert count(db, "processed_updates") == 0
    [aside] = [
        p
        for p in db.parent.glob("vmeste.sqlite3.before-restore-*")
        if p.suffix != ".sqlite3" and "-wal" not in p.name and "-shm" not in p.name
    ]
    assert count(aside, "processed_updates") == 1 and aside.name in restored.stdout

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    wrong = run("restore", str(not_a_backup), env=env)
    assert wrong.returncode == 1 and "not a Vmeste database" in wrong.stderr
    assert run("restore", str(tmp_path / "missing.sqlite3"), env=env).returncode == 1
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(copy.read_bytes())
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
        conn.commit()
    future = run("restore", str(newer), env=env)
    assert future.returncode == 1 and "newer version" in future.stderr
    assert count(db, "processed_updates") == 0


def test_on_postgresql_backup_points_to_pg_dump():
    result = run("backup", env={"DATABASE_URL": "postgresql+asyncpg://vmeste@127.0.0.1:1/vmeste"})
    assert result.returncode == 1 and "pg_dump" in result.stderr
