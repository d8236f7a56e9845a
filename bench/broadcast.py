"""A broadcast to N recipients through the outbox and the sender, against a Bot API emulated on 127.0.0.1 (in a
separate process, so it does not share a core with the bot). Prints the achieved messages/s, the 429 answers,
and how many recipients got no copy (lost) or more than one (duplicated).

    .venv/bin/python bench/broadcast.py                      # both runs: 30/s with the 30/s limit, then 1000/s
    .venv/bin/python bench/broadcast.py --recipients 2000 --runs limited
    .venv/bin/python bench/broadcast.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/bench

Run 1 ("limited"): SEND_RATE=30, the emulated API answers 429 above 30 messages in any second.
Run 2 ("lifted"): SEND_RATE=1000 (Telegram's paid-broadcast ceiling), no limit in the emulated API.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import func, insert, select, text

from bot.factory import create_bot
from bot.http import JsonAiohttpSession
from bot.scheduler import create_outbox
from bot.sender import ChatPacer, Sender
from bot.settings import load_settings
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import Base, Notification, User
from services.broadcasts.broadcasts import BroadcastDraft, BroadcastService
from services.core.i18n import Translator
from services.runtime.ratelimit import TokenBucket

FIRST = 1_000_000
ADMIN = 42


# The emulated API, in its own process: `python bench/broadcast.py --serve LIMIT` prints its URL, then answers
# "stats" on stdin with JSON (copies per chat, 429s) and stops on "stop".


async def serve(limit: float | None) -> None:
    from tests.fake_telegram import FakeTelegram

    fake = FakeTelegram(rate_limit=limit)
    print(await fake.start(), flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
        if line == "stats":
            sends = [c for c in fake.calls if c.method == "sendMessage"]
            copies = Counter(c.chat_id for c in sends if c.status == 200)
            times = sorted(c.at for c in sends if c.status == 200)
            print(
                json.dumps(
                    {
                        "copies": {str(k): v for k, v in copies.items()},
                        "count_429": fake.count_429,
                        "requests": len(sends),
                        "first": times[0] if times else 0,
                        "last": times[-1] if times else 0,
                        "cpu": time.process_time(),
                    }
                ),
                flush=True,
            )
        elif line in ("stop", ""):
            await fake.stop()
            return


class EmulatedApi:
    def __init__(self, limit: float | None) -> None:
        self.limit = limit

    async def __aenter__(self) -> EmulatedApi:
        args = [sys.executable, __file__, "--serve", str(self.limit or 0)]
        self.process = await asyncio.create_subprocess_exec(
            *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=64 * 1024 * 1024
        )
        assert self.process.stdout is not None
        self.url = (await self.process.stdout.readline()).decode().strip()
        return self

    async def stats(self) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(b"stats\n")
        await self.process.stdin.drain()
        return json.loads(await self.process.stdout.readline())

    async def __aexit__(self, *exc: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"stop\n")
        await self.process.stdin.drain()
        await self.process.wait()


async def prepare(url: str, recipients: int) -> None:
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    now = datetime.now(UTC)
    async with create_session_factory(engine)() as session:
        rows = [{"id": ADMIN, "role": "admin", "language": "ru", "consent_at": now}]
        rows += [
            {"id": FIRST + i, "role": "parent", "language": "ru", "consent_at": now}
            for i in range(recipients)
        ]
        for start in range(0, len(rows), 5000):
            await session.execute(insert(User), rows[start : start + 5000])
        await session.commit()
        admin = await session.get(User, ADMIN)
        await BroadcastService(session).create(admin, BroadcastDraft("<b>Объявление</b> для всех", "parents"))
    await engine.dispose()


async def run(
    name: str, url: str, recipients: int, rate: float, limit: float | None, concurrency: int
) -> dict:
    began = time.perf_counter()
    await prepare(url, recipients)
    print(f"  prepared {recipients} recipients in {time.perf_counter() - began:.1f} s", flush=True)
    cpu_before = time.process_time()
    settings = load_settings(
        _env_file=None,
        bot_token="123456:BENCH",
        database_url=url,
        send_rate=rate,
        send_concurrency=concurrency,
    )
    engine = create_engine(url)
    factory = create_session_factory(engine)
    outbox = create_outbox(settings, factory, Translator())
    async with EmulatedApi(limit) as api:
        session = JsonAiohttpSession(api=TelegramAPIServer.from_base(api.url), limit=concurrency * 2)
        bot = create_bot(settings, session=session)
        sender = Sender(bot, outbox, TokenBucket(rate), concurrency=concurrency, pacer=ChatPacer())
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
        elapsed = time.perf_counter() - started
        stats = await api.stats()
        await bot.session.close()
    async with factory() as s:
        by_status = dict(
            (await s.execute(select(Notification.status, func.count()).group_by(Notification.status))).all()
        )
    await engine.dispose()
    copies = stats["copies"]
    lost = sum(1 for i in range(recipients) if str(FIRST + i) not in copies)
    duplicated = sum(v - 1 for v in copies.values() if v > 1)
    delivered = sum(copies.values())
    span = max(stats["last"] - stats["first"], 1e-9)
    result = {
        "run": name,
        "recipients": recipients,
        "send_rate": rate,
        "api_limit": limit or "none",
        "msg_per_s": round(delivered / span, 1),
        "wall_s": round(elapsed, 1),
        "requests": stats["requests"],
        "got_429": stats["count_429"],
        "pct_429": round(100 * stats["count_429"] / max(stats["requests"], 1), 2),
        "lost": lost,
        "duplicated": duplicated,
        "outbox": by_status,
    }
    print(
        f"  (emulated API used {stats['cpu']:.1f} s of CPU; the bot {time.process_time() - cpu_before:.1f} s)"
    )
    print(
        f"{name:8} recipients={recipients} rate={rate:g}/s limit={limit or 'none'}: "
        f"{result['msg_per_s']} msg/s, 429s={result['got_429']} ({result['pct_429']}% of requests), "
        f"lost={lost}, duplicated={duplicated}, wall {result['wall_s']} s, outbox {by_status}",
        flush=True,
    )
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--runs", choices=["both", "limited", "lifted"], default="both")
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temporary folder")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--serve", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        await serve(args.serve or None)
        return
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        runs = []
        if args.runs in ("both", "limited"):
            runs.append(("limited", 30.0, 30.0))
        if args.runs in ("both", "lifted"):
            runs.append(("lifted", 1000.0, None))
        for number, (name, rate, limit) in enumerate(runs):
            url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / f'bench{number}.sqlite3'}"
            await asyncio.to_thread(upgrade, url)
            await run(name, url, args.recipients, rate, limit, args.concurrency)


if __name__ == "__main__":
    asyncio.run(main())
