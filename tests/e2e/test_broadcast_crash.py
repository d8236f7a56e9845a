"""The real bot process is killed (SIGKILL) in the middle of a 2,000-recipient broadcast against the emulated Bot
API, then started again: every recipient has exactly one copy.

At the moment of the kill the emulated API hangs (`pause()`), so the requests in flight were not delivered: the
outbox must resend exactly those and nothing already delivered. (A request Telegram accepted whose answer never
reached us cannot be told apart by any client; the outbox sends it again: see services/notifications/outbox.py.)"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from db.engine import create_engine, create_session_factory
from db.models import Notification, User
from services.broadcasts.broadcasts import BroadcastDraft, BroadcastService
from tests.fake_telegram import STARTUP_SECONDS, BotProcess, FakeTelegram, run_command

pytestmark = pytest.mark.e2e

RECIPIENTS = 2000
FIRST = 100_000
ADMIN = 99


async def prepare(url: str) -> None:
    engine = create_engine(url)
    factory = create_session_factory(engine)
    now = datetime.now(UTC)
    async with factory() as session:
        await session.execute(
            insert(User),
            [{"id": ADMIN, "role": "admin", "language": "ru", "consent_at": now}]
            + [
                {"id": FIRST + i, "role": "parent", "language": "ru" if i % 3 else "en", "consent_at": now}
                for i in range(RECIPIENTS)
            ],
        )
        await session.commit()
        admin = await session.get(User, ADMIN)
        await BroadcastService(session).create(admin, BroadcastDraft("<b>Важно:</b> собрание", "parents"))
    await engine.dispose()


async def statuses(url: str) -> dict[str, int]:
    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        rows = await session.execute(select(Notification.status, func.count()).group_by(Notification.status))
        result = dict(rows.all())
    await engine.dispose()
    return result


async def test_a_broadcast_killed_half_way_resumes_and_nobody_gets_it_twice(tmp_path: Path) -> None:
    fake = FakeTelegram()
    await fake.start()
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    env = {
        "DATABASE_URL": url,
        "TELEGRAM_API_BASE": fake.base_url,
        "ADMIN_IDS": "",
        "SEND_RATE": "400",
    }
    try:
        code, output = await run_command(env, "migrate")
        assert code == 0, output
        await prepare(url)
        assert await statuses(url) == {"pending": RECIPIENTS}

        first = await BotProcess(env, tmp_path / "first.log").start()
        await fake.wait_for(
            lambda: len(fake.sent("sendMessage")) >= 700,
            timeout=STARTUP_SECONDS + 30,
            what="to send 700 copies",
        )
        fake.pause()  # Telegram hangs: what is in flight now is not delivered
        for _ in range(100):  # the bot records what was answered within a few tens of milliseconds
            # (answers already on their way when the pause began still arrive: count them as they do)
            delivered = len(fake.sent("sendMessage"))
            if (await statuses(url)).get("sent", 0) == delivered:
                break
            await asyncio.sleep(0.05)
        await first.kill()
        fake.resume()
        left = await statuses(url)
        assert left.get("sent") == delivered and left.get("sending", 0) > 0, left  # killed mid-way
        assert delivered < RECIPIENTS

        second = await BotProcess(env, tmp_path / "second.log").start()
        await fake.wait_for(
            lambda: len(fake.sent("sendMessage")) >= RECIPIENTS,
            timeout=STARTUP_SECONDS + 40,
            what="to finish the broadcast",
        )
        for _ in range(100):
            if (await statuses(url)) == {"sent": RECIPIENTS}:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)  # anything sent twice would show up now
        assert await second.stop() == 0, second.log()
    finally:
        await fake.stop()

    copies = Counter(call.chat_id for call in fake.sent("sendMessage"))
    assert set(copies) == {FIRST + i for i in range(RECIPIENTS)}  # nobody skipped
    assert max(copies.values()) == 1  # nobody twice
    assert await statuses(url) == {"sent": RECIPIENTS}
    assert "Traceback" not in second.log()
    texts = {call.params["text"] for call in fake.sent("sendMessage")}
    assert texts == {"<b>Важно:</b> собрание"}
