"""Housekeeping: old finished notifications, old processed update ids and expired conversation state are deleted
in small batches; what is still to be sent stays; a broadcast's report shows the same totals afterwards. The
scheduler carries the job (and the daily backup only when BACKUP_DIR is set)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.scheduler import create_scheduler, daily_backup, housekeeping
from db.backup import backups_in
from db.models import Broadcast, Notification, ProcessedUpdate
from services.broadcasts.broadcasts import BroadcastService
from services.runtime.housekeeping import sweep
from tests.factories import make_user

NOW = datetime.now(UTC).replace(microsecond=0)
OLD = NOW - timedelta(days=120)


def row(n: int, user_id: int, status: str, due: datetime, ref: str = "event:1") -> Notification:
    return Notification(
        user_id=user_id,
        kind="broadcast" if ref.startswith("broadcast") else "event_24h",
        ref=ref,
        payload={},
        due_at=due,
        status=status,
        dedup_key=f"{ref}:{n}",
    )


async def count(session_factory, model, *where) -> int:
    async with session_factory() as s:
        return await s.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def test_old_finished_notifications_go_and_broadcasts_keep_their_totals(session, session_factory):
    author = await make_user(session, 8001, "admin")
    people = [await make_user(session, 8100 + i) for i in range(7)]
    broadcast = Broadcast(created_by=author.id, audience="all", text="Собрание", status="done", total=7)
    session.add(broadcast)
    await session.commit()
    ref = f"broadcast:{broadcast.id}"
    statuses = ["sent", "sent", "sent", "blocked", "failed", "dropped", "sent"]
    rows = [row(i, p.id, st, OLD, ref) for i, (p, st) in enumerate(zip(people, statuses, strict=True))]
    rows += [
        row(100, people[0].id, "sent", OLD),  # an old reminder: goes
        row(101, people[1].id, "withdrawn", OLD),  # goes
        row(102, people[2].id, "pending", OLD),  # still to be decided by the sender: stays
        row(103, people[3].id, "sending", OLD),  # in flight: stays
        row(104, people[4].id, "sent", NOW - timedelta(days=10)),  # recent: stays
    ]
    session.add_all(rows)
    await session.commit()
    before = await BroadcastService(session).report(author, broadcast.id)
    assert (before.delivered, before.blocked, before.failed, before.total) == (4, 1, 2, 7)

    swept = await sweep(
        session_factory, NOW, outbox_keep=timedelta(days=90), updates_keep=timedelta(hours=48), batch=2
    )
    assert swept.notifications == 9
    async with session_factory() as s:
        left = sorted((await s.scalars(select(Notification.dedup_key))).all())
    assert left == ["event:1:102", "event:1:103", "event:1:104"]
    async with session_factory() as s:
        after = await BroadcastService(s).report(author, broadcast.id)
    assert (after.delivered, after.blocked, after.failed, after.total, after.waiting) == (4, 1, 2, 7, 0)

    again = await sweep(
        session_factory, NOW, outbox_keep=timedelta(days=90), updates_keep=timedelta(hours=48), batch=2
    )
    assert again.notifications == 0
    async with session_factory() as s:
        assert (await BroadcastService(s).report(author, broadcast.id)).total == 7  # not counted twice


async def test_old_processed_update_ids_go_in_batches(session, session_factory):
    session.add_all(
        [ProcessedUpdate(update_id=i, processed_at=NOW - timedelta(hours=72)) for i in range(1, 8)]
        + [ProcessedUpdate(update_id=100, processed_at=NOW - timedelta(hours=1))]
    )
    await session.commit()
    swept = await sweep(
        session_factory, NOW, outbox_keep=timedelta(days=90), updates_keep=timedelta(hours=48), batch=3
    )
    assert swept.updates == 7
    assert await count(session_factory, ProcessedUpdate) == 1


async def test_the_scheduler_keeps_house_and_backs_up_only_when_told(
    bot, settings, session_factory, translator, tmp_path
):
    plain = create_scheduler(bot, session_factory, settings, translator)
    jobs = {job.id for job in plain.scheduler.get_jobs()}
    assert "housekeeping" in jobs and "backup" not in jobs

    told = settings.model_copy(update={"backup_dir": tmp_path / "daily", "backup_keep": 2})
    with_backup = create_scheduler(bot, session_factory, told, translator)
    job = with_backup.scheduler.get_job("backup")
    if not settings.database_url.startswith("sqlite"):
        assert job is None  # PostgreSQL: pg_dump, outside the bot
        return
    assert job is not None and "hour='3'" in str(job.trigger) and "minute='30'" in str(job.trigger)
    for _ in range(3):
        await daily_backup(told)
    assert len(backups_in(tmp_path / "daily")) == 2
    await housekeeping(session_factory, told)  # runs without a lease on one process
