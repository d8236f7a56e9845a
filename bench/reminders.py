"""Reminders at scale: 100,000 registrations, their 24 h and 2 h reminders in the outbox (about 200,000 rows),
then claiming batches of due notifications. Prints how long one claim takes (the indexed UPDATE … RETURNING
alone, and with the recipients loaded and the texts rendered), how long a planner run takes, and memory.

    .venv/bin/python bench/reminders.py
    .venv/bin/python bench/reminders.py --registrations 20000 --batch 500
    .venv/bin/python bench/reminders.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text, update

from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import Base, Event, Notification, Registration, User
from db.repositories.notifications import NotificationRepo
from services.core.i18n import Translator
from services.notices import REGISTRY, run_planners
from services.notifications.outbox import OutboxService, rows_of
from services.notifications.planners import PLAN_HORIZON
from services.notifications.rules import EventInfo, QuietHours, Recipient, plan_event_reminders

MSK = ZoneInfo("Europe/Moscow")
NO_QUIET = QuietHours(clock_time(0), clock_time(0), MSK)


async def build(url: str, registrations: int, per_event: int, now: datetime) -> int:
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    rng = random.Random(6)
    events = max(1, registrations // per_event)
    users = max(per_event, registrations // 5)
    factory = create_session_factory(engine)
    async with factory() as session:
        for start in range(0, users, 10_000):
            await session.execute(
                insert(User),
                [
                    {
                        "id": 10_000 + i,
                        "role": "parent",
                        "language": "ru" if i % 4 else "en",
                        "consent_at": now,
                    }
                    for i in range(start, min(users, start + 10_000))
                ],
            )
        # Events spread over the next 30 days, every 10 minutes or so.
        starts = [now + timedelta(minutes=30 + 43 * i) for i in range(events)]
        await session.execute(
            insert(Event),
            [
                {
                    "title": f"Семинар {i}",
                    "kind": "seminar",
                    "audience": "parents",
                    "starts_at": s,
                    "ends_at": s + timedelta(hours=2),
                    "precision": "exact",
                    "status": "published",
                    "registration_closed": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for i, s in enumerate(starts)
            ],
        )
        event_ids = list((await session.scalars(select(Event.id).order_by(Event.id))).all())
        rows = []
        for event_id in event_ids:
            for seq, user in enumerate(rng.sample(range(users), per_event), start=1):
                rows.append(
                    {
                        "event_id": event_id,
                        "user_id": 10_000 + user,
                        "status": "confirmed",
                        "seq": seq,
                        "needs": "",
                        "via_club": False,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        for start in range(0, len(rows), 10_000):
            await session.execute(insert(Registration), rows[start : start + 10_000])
        await session.commit()

        # Every reminder of every registration, as if the planners had queued them all ahead.
        by_event: dict[int, list[Recipient]] = {}
        for row in rows:
            by_event.setdefault(row["event_id"], []).append(Recipient(row["user_id"]))
        planned = []
        far = now + timedelta(days=60)
        for event_id, s in zip(event_ids, starts, strict=True):
            planned += plan_event_reminders(EventInfo(event_id, s), by_event[event_id], far, PLAN_HORIZON)
        outbox_rows, _ = rows_of(planned, now - timedelta(days=2), NO_QUIET)
        repo = NotificationRepo(session)
        for start in range(0, len(outbox_rows), 20_000):
            await repo.add_many(outbox_rows[start : start + 20_000])
        await session.commit()
        total = await session.scalar(select(func.count()).select_from(Notification))
    await engine.dispose()
    return total or 0


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"median {statistics.median(values):.2f} ms, p95 {p95:.2f} ms, max {values[-1]:.2f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--per-event", type=int, default=100)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--claims", type=int, default=50)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'reminders.sqlite3'}"
        await asyncio.to_thread(upgrade, url)
        now = datetime.now(UTC).replace(microsecond=0)
        began = time.perf_counter()
        total = await build(url, args.registrations, args.per_event, now)
        print(
            f"{args.registrations} registrations, {total} notifications in the outbox "
            f"({time.perf_counter() - began:.1f} s to build)",
            flush=True,
        )

        engine = create_engine(url)
        factory = create_session_factory(engine)
        # A moment when about 5 days of reminders have fallen due.
        moment = now + timedelta(days=5)
        async with factory() as session:
            due = await session.scalar(
                select(func.count()).where(Notification.status == "pending", Notification.due_at <= moment)
            )
        print(f"due at the moment measured: {due} rows; claiming {args.batch} at a time", flush=True)

        if url.startswith(
            "sqlite"
        ):  # the same statement through the plain sqlite3 driver: the database's share
            import sqlite3

            raw = sqlite3.connect(url.split("///", 1)[1])
            raw.execute("PRAGMA journal_mode=WAL")
            raw.execute("PRAGMA synchronous=NORMAL")
            plain: list[float] = []
            stamp = moment.replace(tzinfo=None).isoformat(sep=" ")
            for _ in range(args.claims):
                started = time.perf_counter()
                with raw:
                    rows = raw.execute(
                        "UPDATE notifications SET status = 'sending', claimed_at = ? WHERE id IN ("
                        "SELECT id FROM notifications WHERE notifications.status = 'pending' AND due_at <= ? "
                        "ORDER BY due_at, id LIMIT ?) RETURNING id, user_id, kind, ref, payload",
                        (stamp, stamp, args.batch),
                    ).fetchall()
                plain.append((time.perf_counter() - started) * 1000)
                assert len(rows) == args.batch
            raw.close()
            print(
                f"claim {args.batch} due rows, plain sqlite3 driver:                {ms(plain)}", flush=True
            )

        async def claims() -> tuple[list[float], list[float]]:
            bare: list[float] = []
            for _ in range(args.claims):
                async with factory() as session:
                    started = time.perf_counter()
                    claimed = await NotificationRepo(session).claim(moment, args.batch)
                    await session.commit()
                    bare.append((time.perf_counter() - started) * 1000)
                assert len(claimed) == args.batch
            outbox = OutboxService(
                factory, Translator(), MSK, NO_QUIET, registry=REGISTRY, clock=lambda: moment
            )
            full: list[float] = []
            for _ in range(args.claims):
                started = time.perf_counter()
                report = await outbox.claim(args.batch)
                full.append((time.perf_counter() - started) * 1000)
                assert len(report.deliveries) + report.dropped == args.batch
            return bare, full

        # Timed without tracing (tracemalloc slows every allocation), then the same again traced for memory.
        bare, full = await claims()
        print(f"claim {args.batch} due rows (UPDATE … RETURNING on the due index): {ms(bare)}")
        print(f"claim + load recipients + render texts:                  {ms(full)}")
        async with factory() as session:  # the same rows due again for the traced pass
            await session.execute(update(Notification).values(status="pending", claimed_at=None))
            await session.commit()
        tracemalloc.start()
        await claims()
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"memory: traced {current / 1e6:.1f} MB now, {peak / 1e6:.1f} MB peak over {2 * args.claims} claims; "
            f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )

        async with factory() as session:  # a planner run over the same data (everything already queued)
            await session.execute(update(Notification).values(status="pending"))
            await session.commit()
            started = time.perf_counter()
            report = await run_planners(session, moment, NO_QUIET, PLAN_HORIZON)
            planned_ms = (time.perf_counter() - started) * 1000
        print(f"one planner run at that moment: {planned_ms:.0f} ms ({report['event_reminders']})")
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
