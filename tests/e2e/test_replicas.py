"""Scale-out, end to end: two real bot processes in webhook mode on PostgreSQL and Redis behind the emulated
Telegram, which pushes updates to them in turn. 500 due reminders (planned by whichever replica holds the
planners lease) and a 2,000-recipient broadcast are delivered exactly once while both replicas send; in the middle
of the broadcast the replica holding the planners lease is killed with SIGKILL, and the other finishes the
broadcast, takes the lease over, and nobody gets anything twice or is skipped.

Here the emulated API hangs at the moment of the kill, so what was in flight was not delivered. A request
Telegram carried out whose answer never came back cannot be told apart by any client: test_broadcast_crash.py
kills with such requests on the wire and bounds the second copies by their number."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from db.engine import create_engine, create_session_factory
from db.models import Event, Notification, Registration, User
from services.broadcasts.broadcasts import BroadcastDraft, BroadcastService
from tests.e2e.cluster import Cluster, Replica, running_cluster
from tests.fake_telegram import FakeTelegram, run_command

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

RECIPIENTS = 2000
REMINDED = 500  # the first 500 recipients are registered for an event that starts in two hours
FIRST = 200_000
ADMIN = 99
NEWCOMERS = range(300_001, 300_007)
BROADCAST = "<b>Важно:</b> собрание в пятницу"
REMINDER = "Через 2 часа"
ENV = {
    "SEND_RATE": "300",  # shared by both replicas through Redis
    "SEND_CONCURRENCY": "32",
    "OUTBOX_LEASE_SECONDS": "15",  # rows claimed by the killed replica go back to the queue after this
    "PLANNER_LEASE_SECONDS": "5",
    "QUIET_HOURS_START": "00:00",  # no quiet hours: the test runs at any time of day
    "QUIET_HOURS_END": "00:00",
    "THROTTLE_RATE": "0",
}


async def seed_people_and_reminders(env: dict[str, str]) -> None:
    code, output = await run_command(env, "migrate", timeout=180)
    assert code == 0, output
    engine = create_engine(env["DATABASE_URL"])
    now = datetime.now(UTC)
    try:
        async with create_session_factory(engine)() as session:
            await session.execute(
                insert(User),
                [{"id": ADMIN, "role": "admin", "language": "ru", "consent_at": now}]
                + [
                    {"id": FIRST + i, "role": "parent", "language": "ru", "consent_at": now}
                    for i in range(RECIPIENTS)
                ],
            )
            event = Event(
                title="Семинар для родителей",
                audience="parents",
                starts_at=now + timedelta(hours=2) - timedelta(seconds=30),  # the 2 h reminder is due
                precision="exact",
                status="published",
            )
            session.add(event)
            await session.flush()
            await session.execute(
                insert(Registration),
                [
                    {"event_id": event.id, "user_id": FIRST + i, "status": "confirmed", "seq": i + 1}
                    for i in range(REMINDED)
                ],
            )
            await session.commit()
    finally:
        await engine.dispose()


async def start_broadcast(url: str) -> None:
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            admin = await session.get(User, ADMIN)
            await BroadcastService(session).create(admin, BroadcastDraft(BROADCAST, "parents"))
    finally:
        await engine.dispose()


async def statuses(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(select(Notification.status, func.count()).group_by(Notification.status))
            return {status: int(count) for status, count in rows.all()}
    finally:
        await engine.dispose()


def log_events(replica: Replica) -> list[str]:
    events = []
    for line in replica.process.log().splitlines():
        if line.startswith("{"):
            try:
                events.append(str(json.loads(line).get("event", "")))
            except ValueError:
                continue
    return events


def copies(fake: FakeTelegram, marker: str) -> Counter[int]:
    return Counter(
        c.chat_id
        for c in fake.sent("sendMessage")
        if c.chat_id is not None and marker in str(c.params.get("text", ""))
    )


def notifications_delivered(fake: FakeTelegram) -> int:
    return sum(
        1
        for c in fake.sent("sendMessage")
        if c.chat_id is not None and FIRST <= c.chat_id < FIRST + RECIPIENTS
    )


async def eventually(check, timeout: float, what: str, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting {what}")
        await asyncio.sleep(every)


async def test_two_replicas_deliver_once_and_one_finishes_when_the_other_is_killed(tmp_path: Path) -> None:
    fake = FakeTelegram()
    await fake.start()
    try:
        async with running_cluster(tmp_path, fake, ENV, before_start=seed_people_and_reminders) as cluster:
            await scenario(cluster)
    finally:
        fake.resume()
        await fake.stop()


async def scenario(cluster: Cluster) -> None:
    fake, url = cluster.fake, cluster.database_url
    holders = [r for r in cluster.replicas if "lease planners taken" in log_events(r)]
    assert len(holders) == 1, "exactly one replica took the planners lease"
    holder = holders[0]
    survivor = next(r for r in cluster.replicas if r is not holder)
    assert "lease planners held by another replica" in log_events(survivor)

    # The reminders, planned once by the lease holder, go out from whichever replica claims them.
    async def reminders_sent() -> bool:
        return sum(copies(fake, REMINDER).values()) >= REMINDED

    await eventually(reminders_sent, 60, "for the reminders")

    # A broadcast to all 2,000; meanwhile people keep writing, each update pushed to the other replica.
    await start_broadcast(url)
    for user_id in NEWCOMERS:
        await cluster.send(user_id, "/start")
    assert all(fake.sent("sendMessage", u) for u in NEWCOMERS)

    async def well_under_way() -> bool:
        return sum(copies(fake, BROADCAST).values()) >= 700

    await eventually(well_under_way, 60, "for 700 copies", every=0.01)
    assert sum(copies(fake, BROADCAST).values()) < RECIPIENTS, "the broadcast ended before the kill"

    # Telegram hangs, both replicas record what was answered, and the lease holder dies.
    fake.pause()

    async def all_recorded() -> bool:
        return (await statuses(url)).get("sent", 0) == notifications_delivered(fake)

    await eventually(all_recorded, 10, "for the replicas to record what was delivered", every=0.05)
    await holder.process.kill()
    fake.resume()
    left = await statuses(url)
    assert left.get("sending", 0) + left.get("pending", 0) > 0, left  # killed mid-way

    # The survivor finishes: the killed replica's claims come back after OUTBOX_LEASE_SECONDS.
    async def finished() -> bool:
        counts = await statuses(url)
        return not counts.get("pending") and not counts.get("sending")

    await eventually(finished, 90, "for the survivor to finish the broadcast", every=0.5)
    await asyncio.sleep(1.5)  # anything sent twice would show up now

    broadcast = copies(fake, BROADCAST)
    assert set(broadcast) == {FIRST + i for i in range(RECIPIENTS)}  # nobody skipped
    assert max(broadcast.values()) == 1  # nobody twice
    reminders = copies(fake, REMINDER)
    assert set(reminders) == {FIRST + i for i in range(REMINDED)}
    assert max(reminders.values()) == 1
    counts = await statuses(url)
    assert counts.get("sent") == RECIPIENTS + REMINDED, counts
    assert not counts.get("failed") and not counts.get("blocked"), counts
    assert survivor.alive and "lease planners taken" in log_events(survivor)  # it took the planners over
    assert "Traceback" not in survivor.process.log()
