"""A broadcast to N recipients split between Telegram and MAX, through the outbox and the sender, against both
emulated APIs (tests/fake_telegram.py and tests/fake_max.py, in this process). Each messenger is sent to at its
own rate, and each emulated API answers 429 above its limit (30 a second each): the two budgets add up, and a
429 from one pauses only that one. Prints messages/s per messenger, 429 answers, and recipients who got no copy
(lost) or more than one (duplicated).

    .venv/bin/python bench/two_messengers.py                       # 10,000 recipients, half on MAX
    .venv/bin/python bench/two_messengers.py --recipients 2000 --max-share 0.3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import func, insert, select

from bot.factory import create_bot
from bot.http import JsonAiohttpSession
from bot.max.ids import user_to_aiogram
from bot.max.session import MaxSession, create_max_bot
from bot.scheduler import create_outbox
from bot.sender import ChatPacer, Sender
from bot.settings import load_settings
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import Notification, User
from services.broadcasts.broadcasts import BroadcastDraft, BroadcastService
from services.core.i18n import Translator
from services.runtime.ratelimit import TokenBucket
from tests.fake_max import TOKEN, FakeMax
from tests.fake_telegram import FakeTelegram

FIRST = 1_000_000
ADMIN = 42
LIMIT = 30.0  # each emulated API: 429 above this many requests in any second


async def prepare(url: str, telegram: int, max_people: int) -> None:
    engine = create_engine(url)
    now = datetime.now(UTC)
    async with create_session_factory(engine)() as session:
        rows = [{"id": ADMIN, "role": "admin", "language": "ru", "consent_at": now}]
        rows += [
            {"id": FIRST + i, "role": "parent", "language": "ru", "consent_at": now} for i in range(telegram)
        ]
        rows += [
            {"id": user_to_aiogram(FIRST + i), "role": "parent", "language": "ru", "consent_at": now}
            for i in range(max_people)
        ]
        for start in range(0, len(rows), 5000):
            await session.execute(insert(User), rows[start : start + 5000])
        await session.commit()
        admin = await session.get(User, ADMIN)
        await BroadcastService(session).create(admin, BroadcastDraft("<b>Объявление</b> для всех", "parents"))
    await engine.dispose()


def rate_of(times: list[float]) -> float:
    return round(len(times) / max(times[-1] - times[0], 1e-9), 1) if len(times) > 1 else 0.0


async def run(url: str, recipients: int, max_share: float, rate: float, concurrency: int) -> None:
    max_people = round(recipients * max_share)
    telegram_people = recipients - max_people
    await prepare(url, telegram_people, max_people)
    settings = load_settings(_env_file=None, bot_token="123456:BENCH", database_url=url, send_rate=rate)
    engine = create_engine(url)
    factory = create_session_factory(engine)
    outbox = create_outbox(settings, factory, Translator())
    telegram_api, max_api = FakeTelegram(rate_limit=LIMIT), FakeMax(rate_limit=LIMIT)
    await telegram_api.start()
    await max_api.start()
    max_sent_at: list[float] = []
    try:
        session = JsonAiohttpSession(
            api=TelegramAPIServer.from_base(telegram_api.base_url), limit=concurrency * 2
        )
        bot = create_bot(settings, session=session)
        max_bot = create_max_bot(MaxSession(TOKEN, max_api.base_url))
        sender = Sender(
            bot,
            outbox,
            TokenBucket(rate),
            concurrency=concurrency,
            pacer=ChatPacer(),
            max_bot=max_bot,
            max_limiter=TokenBucket(rate),
        )
        started = time.perf_counter()
        while True:
            await sender.drain()
            async with factory() as s:
                waiting = await s.scalar(
                    select(func.count()).where(Notification.status.in_(["pending", "sending"]))
                )
            if not waiting:
                break
            await asyncio.sleep(0.2)
        wall = time.perf_counter() - started
        await bot.session.close()
        await max_bot.session.close()
        telegram_sends = [c for c in telegram_api.calls if c.method == "sendMessage" and c.status == 200]
        telegram_copies = Counter(c.chat_id for c in telegram_sends)
        max_sends = [c for c in max_api.calls if c.method == "POST /messages" and c.status == 200]
        max_copies = Counter(int(c.query["user_id"]) for c in max_sends)
        max_sent_at = sorted(m["timestamp"] / 1000 for m in max_api.messages.values())
        telegram_429 = telegram_api.count_429
        max_429 = max_api.count_429
    finally:
        await telegram_api.stop()
        await max_api.stop()
    async with factory() as s:
        by_status = dict(
            (await s.execute(select(Notification.status, func.count()).group_by(Notification.status))).all()
        )
    await engine.dispose()
    lost = sum(1 for i in range(telegram_people) if FIRST + i not in telegram_copies)
    lost += sum(1 for i in range(max_people) if FIRST + i not in max_copies)
    duplicated = sum(v - 1 for v in telegram_copies.values() if v > 1) + sum(
        v - 1 for v in max_copies.values() if v > 1
    )
    crossed = sum(1 for chat in telegram_copies if chat >= 1 << 60)
    telegram_rate = rate_of(sorted(c.at for c in telegram_sends))
    print(
        f"two-messengers recipients={recipients} (Telegram {telegram_people}, MAX {max_people}) "
        f"rate={rate:g}/s each, limit={LIMIT:g}/s each: Telegram {telegram_rate} msg/s, 429s={telegram_429}; "
        f"MAX {rate_of(max_sent_at)} msg/s, 429s={max_429}; together {round(recipients / wall, 1)} msg/s; "
        f"lost={lost}, duplicated={duplicated}, on the wrong messenger={crossed}, wall {wall:.1f} s, "
        f"outbox {by_status}",
        flush=True,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--max-share", type=float, default=0.5, help="the part of the recipients on MAX")
    parser.add_argument("--rate", type=float, default=30.0, help="SEND_RATE and MAX_SEND_RATE")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temporary folder")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        await asyncio.to_thread(upgrade, url)
        await run(url, args.recipients, args.max_share, args.rate, args.concurrency)


if __name__ == "__main__":
    asyncio.run(main())
