"""The crash drill of test_broadcast_crash.py for an audience split between Telegram and MAX: the real bot runs
with both messengers on, is killed (SIGKILL) at random moments in the middle of the broadcast and started again.
Nobody is skipped on either messenger, and the only copies sent twice are requests that were in flight, on that
person's messenger, at a kill.

Neither Bot API has an idempotency key, so a message the messenger delivered whose answer never reached the bot
is sent again: that is the floor. At each kill both emulated APIs deliver messages but keep the answers on the
wire (`hold_answers()`); once the bot has recorded every answer it did receive, it is killed, and each emulated
API counts its own requests in flight."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from db.engine import create_engine, create_session_factory
from db.models import Notification, User
from db.models.user import MAX, MAX_PERSON_BASE, TELEGRAM
from services.broadcasts.broadcasts import BroadcastDraft, BroadcastService
from tests.fake_max import TOKEN, FakeMax
from tests.fake_telegram import STARTUP_SECONDS, BotProcess, FakeTelegram, run_command

pytestmark = pytest.mark.e2e

ON_TELEGRAM = 400
ON_MAX = 400
RECIPIENTS = ON_TELEGRAM + ON_MAX
FIRST = 100_000  # the same account numbers on both messengers: other people
ADMIN = 99
KILLS = 2
TEXT = "<b>Важно:</b> собрание"


async def prepare(url: str) -> None:
    engine = create_engine(url)
    factory = create_session_factory(engine)
    now = datetime.now(UTC)
    telegram = [
        {"id": FIRST + i, "messenger": TELEGRAM, "account_id": FIRST + i, "language": "ru" if i % 3 else "en"}
        for i in range(ON_TELEGRAM)
    ]
    max_people = [
        {
            "id": MAX_PERSON_BASE + FIRST + i,
            "messenger": MAX,
            "account_id": FIRST + i,
            "language": "ru" if i % 3 else "en",
        }
        for i in range(ON_MAX)
    ]
    async with factory() as session:
        await session.execute(
            insert(User),
            [{"id": ADMIN, "messenger": TELEGRAM, "account_id": ADMIN, "role": "admin", "consent_at": now}]
            + [{**person, "role": "parent", "consent_at": now} for person in telegram + max_people],
        )
        await session.commit()
        admin = await session.get(User, ADMIN)
        await BroadcastService(session).create(admin, BroadcastDraft(TEXT, "parents"))
    await engine.dispose()


async def statuses(url: str) -> dict[str, int]:
    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        rows = await session.execute(select(Notification.status, func.count()).group_by(Notification.status))
        result = dict(rows.all())
    await engine.dispose()
    return result


async def test_a_broadcast_to_telegram_and_max_people_killed_twice_skips_nobody_on_either(
    tmp_path: Path,
) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    telegram, max_api = FakeTelegram(), FakeMax()
    await telegram.start()
    await max_api.start()
    env = {
        "DATABASE_URL": url,
        "TELEGRAM_API_BASE": telegram.base_url,
        "MAX_BOT_TOKEN": TOKEN,
        "MAX_API_BASE": max_api.base_url,
        "ADMIN_IDS": "",
        "SEND_RATE": "150",
        "MAX_SEND_RATE": "150",
        "QUIET_HOURS_START": "00:00",
        "QUIET_HOURS_END": "00:00",
    }

    def delivered() -> int:
        return len(telegram.delivered("sendMessage")) + len(max_api.made("POST /messages"))

    def answered() -> int:
        return len(telegram.sent("sendMessage")) + len(max_api.sent())

    in_flight_telegram: list[int] = []  # chats of the requests in flight at each kill
    in_flight_max: list[int] = []  # MAX user ids of the same
    claimed_at_kills: list[int] = []
    counted: set[int] = set()
    last = None
    try:
        code, output = await run_command(env, "migrate")
        assert code == 0, output
        await prepare(url)
        assert await statuses(url) == {"pending": RECIPIENTS}

        for kill in range(KILLS):
            process = await BotProcess(env, tmp_path / f"run{kill}.log").start()
            target = delivered() + rng.randrange(60, 200)
            await telegram.wait_for(
                lambda target=target: delivered() >= target,  # type: ignore[misc]
                timeout=STARTUP_SECONDS + 30,
                what=f"to send {target} copies on both messengers (seed {seed})",
            )
            await asyncio.sleep(rng.random() * 0.2)  # a random moment
            telegram.hold_answers()
            max_api.hold_answers()
            # The bot records every answer it received within one commit; then it dies with only the held
            # requests in flight.
            for _ in range(200):
                if (await statuses(url)).get("sent", 0) == answered():
                    break
                await asyncio.sleep(0.02)
            await process.kill()
            flying_telegram = [c for c in telegram.in_flight("sendMessage") if id(c) not in counted]
            flying_max = [c for c in max_api.in_flight() if id(c) not in counted]
            counted.update(id(c) for c in flying_telegram + flying_max)
            in_flight_telegram += [c.chat_id for c in flying_telegram if c.chat_id is not None]
            in_flight_max += [c.user_id for c in flying_max if c.user_id is not None]
            left = await statuses(url)
            claimed_at_kills.append(left.get("sending", 0))
            assert left.get("sent", 0) == answered(), (left, seed)
            assert left.get("sending", 0) >= len(flying_telegram) + len(flying_max), (left, seed)
            telegram.release_answers()  # to a dead process: they never arrive
            max_api.release_answers()
        assert delivered() < RECIPIENTS, seed

        last = await BotProcess(env, tmp_path / "last.log").start()
        await telegram.wait_for(
            lambda: (
                len({c.chat_id for c in telegram.delivered("sendMessage")}) >= ON_TELEGRAM
                and len({c.user_id for c in max_api.made("POST /messages")}) >= ON_MAX
            ),
            timeout=STARTUP_SECONDS + 40,
            what=f"to finish the broadcast on both messengers (seed {seed})",
        )
        for _ in range(100):
            if (await statuses(url)) == {"sent": RECIPIENTS}:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # anything sent twice more would show up now
        assert await last.stop() == 0, last.log()[-3000:]
    finally:
        telegram.release_answers()
        max_api.release_answers()
        if last is not None:
            await last.kill()
        await telegram.stop()
        await max_api.stop()

    on_telegram = Counter(call.chat_id for call in telegram.delivered("sendMessage"))
    on_max = Counter(call.user_id for call in max_api.made("POST /messages"))
    # Nobody lost, each on their own messenger only.
    assert set(on_telegram) == {FIRST + i for i in range(ON_TELEGRAM)}, seed
    assert set(on_max) == {FIRST + i for i in range(ON_MAX)}, seed
    twice_telegram = {chat: n - 1 for chat, n in on_telegram.items() if n > 1}
    twice_max = {user: n - 1 for user, n in on_max.items() if n > 1}
    print(
        f"seed {seed}: in flight at the kills Telegram {len(in_flight_telegram)} MAX {len(in_flight_max)}, "
        f"claimed {claimed_at_kills}, twice Telegram {len(twice_telegram)} MAX {len(twice_max)}"
    )
    # Each messenger's second copies are bounded by its own requests in flight at the kills, and are among them.
    assert sum(twice_telegram.values()) <= len(in_flight_telegram), (twice_telegram, in_flight_telegram, seed)
    assert set(twice_telegram) <= set(in_flight_telegram), (twice_telegram, in_flight_telegram, seed)
    assert sum(twice_max.values()) <= len(in_flight_max), (twice_max, in_flight_max, seed)
    assert set(twice_max) <= set(in_flight_max), (twice_max, in_flight_max, seed)
    # Many more rows were claimed but not handed to a messenger at the kills: none of them came twice.
    assert sum(claimed_at_kills) > len(in_flight_telegram) + len(in_flight_max), (claimed_at_kills, seed)
    assert await statuses(url) == {"sent": RECIPIENTS}
    assert "Traceback" not in last.log()
    assert {call.params["text"] for call in telegram.delivered("sendMessage")} == {TEXT}
    assert {call.body["text"] for call in max_api.made("POST /messages")} == {TEXT}
