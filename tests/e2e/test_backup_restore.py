"""A backup taken while the real bot runs, a restore refused while it runs, and the copy restored into a fresh
folder: the bot started there has the same rows, table by table."""

from __future__ import annotations

import socket
import sqlite3
from contextlib import closing
from pathlib import Path

import aiohttp
import pytest

from db.models import Base
from tests.fake_telegram import STARTUP_SECONDS, BotProcess, FakeTelegram, buttons, run_command

pytestmark = pytest.mark.e2e

PARENT = 5201


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def row_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return {
            t.name: conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
            for t in Base.metadata.sorted_tables
        }


async def test_backup_while_running_then_restore_into_a_fresh_folder(tmp_path: Path) -> None:
    fake = FakeTelegram()
    await fake.start()
    live = tmp_path / "live" / "vmeste.sqlite3"
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{live}", "TELEGRAM_API_BASE": fake.base_url, "ADMIN_IDS": ""}
    fresh = tmp_path / "fresh" / "vmeste.sqlite3"
    port = free_port()
    fresh_env = {**env, "DATABASE_URL": f"sqlite+aiosqlite:///{fresh}", "METRICS_PORT": str(port)}
    first = second = None
    try:
        code, output = await run_command(env, "seed-demo")
        assert code == 0, output
        first = await BotProcess(env, tmp_path / "first.log").start()
        await fake.wait_for(lambda: fake.sent("getUpdates"), timeout=STARTUP_SECONDS)
        fake.message(PARENT, "/start")
        await fake.wait_screen(PARENT, lambda m: any("Даю согласие" in t for t, _ in buttons(m)))
        fake.press(PARENT, "Даю согласие")  # a person is written while the bot runs
        await fake.wait_screen(PARENT, lambda m: any("Русский" in t for t, _ in buttons(m)))

        code, output = await run_command(env, "backup", "--out", str(tmp_path / "backups"))
        assert code == 0, output
        copy = Path(output.strip().splitlines()[-1])
        assert copy.parent == tmp_path / "backups"
        counts = row_counts(copy)
        assert counts["users"] == 1 and counts["events"] > 0 and counts["organizations"] > 0

        code, output = await run_command(env, "restore", str(copy))
        assert code == 1 and "is running" in output  # the live bot holds its database

        code, output = await run_command(fresh_env, "restore", str(copy))
        assert code == 0, output
        assert await first.stop() == 0, first.log()

        second = await BotProcess(fresh_env, tmp_path / "second.log").start()
        calls = len(fake.sent("getUpdates"))
        await fake.wait_for(lambda: len(fake.sent("getUpdates")) > calls, timeout=STARTUP_SECONDS)
        assert row_counts(fresh) == counts
        async with aiohttp.ClientSession() as http:  # the health page, on this machine only
            await fake.wait_for(lambda: "scheduler started" in second.log(), timeout=STARTUP_SECONDS)
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                health = await response.json()
        assert response.status == 200 and health["database"] == "ok", health
        assert health["scheduler"] == "ok" and health["outbox_oldest_due_seconds"] == 0.0, health
        code, output = await run_command(fresh_env, "healthcheck")  # what Docker's HEALTHCHECK runs
        assert code == 0 and '"scheduler": "ok"' in output, output
        fake.press(PARENT, "Русский")  # the restored bot knows the person and goes on
        await fake.wait_screen(PARENT, lambda m: any("родитель" in t for t, _ in buttons(m)))
        assert await second.stop() == 0, second.log()
        code, output = await run_command(fresh_env, "healthcheck")
        assert code == 1 and "does not answer" in output
    finally:
        for bot in (first, second):
            if bot is not None:
                await bot.kill()
        await fake.stop()
