"""The scheduler: an APScheduler `AsyncIOScheduler` built here, started in `dp.startup`, shut down in
`dp.shutdown`. Its jobs have explicit ids, `misfire_grace_time` and `coalesce`, and receive what they need
(bot, session factory, settings) as arguments. The database is the source of truth, so the job store is memory:
a restart re-creates the jobs and the outbox rows tell them what is left to do.

With several replicas every one sends (claims skip the rows another replica holds, and the send rate is shared in
Redis), but the planners, the start of scheduled broadcasts and the progress reports run only on the replica that
holds the `planners` lease (a Redis lock with REDIS_URL, else a PostgreSQL advisory lock, else always held). The
holder renews it every third of PLANNER_LEASE_SECONDS; when it dies or stops, another replica takes it within
about 1.3 × PLANNER_LEASE_SECONDS."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.fsm.storage.base import BaseStorage
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
    JobExecutionEvent,
)
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.alerts import Alerts
from bot.fsm_storage import DatabaseStorage
from bot.max.ids import is_max
from bot.sender import ChatPacer, Sender
from bot.settings import Settings
from db.backup import backup
from db.base import utcnow
from db.engine import is_sqlite
from db.models import User
from services.broadcasts.broadcasts import BroadcastService
from services.core.i18n import Translator
from services.notices import REGISTRY, run_planners
from services.notifications.outbox import OutboxService
from services.notifications.planners import PLAN_HORIZON
from services.notifications.rules import QuietHours
from services.runtime.housekeeping import sweep
from services.runtime.lease import Lease, LeaseKeeper, LocalLease, PostgresLease, RedisLease
from services.runtime.ratelimit import DEFAULT_KEY, RateLimiter, create_rate_limiter

log = logging.getLogger(__name__)
MAX_RATE_KEY = f"{DEFAULT_KEY}:max"

SEND_EVERY = 1.0  # seconds between looks for due rows (a drain then sends all that is due)
PLAN_EVERY = 60.0
BROADCAST_START_EVERY = 10.0
PROGRESS_EVERY = 3.0
RELEASE_EVERY = 60.0
HOUSEKEEPING_EVERY = 15 * 60.0
PLANNERS_LEASE = "planners"


def quiet_hours(settings: Settings) -> QuietHours:
    start, end = settings.quiet_hours
    return QuietHours(start, end, settings.tz)


@dataclass
class Notifications:
    """What the scheduler's jobs share in one process."""

    scheduler: AsyncIOScheduler
    outbox: OutboxService
    sender: Sender
    planners: LeaseKeeper  # held by one replica at a time: it plans, starts broadcasts and reports progress
    last_tick: datetime | None = None  # when a job last finished (/healthz)
    running: set[str] = field(default_factory=set)  # ids of the jobs running now
    idle: asyncio.Event = field(default_factory=asyncio.Event)  # set while none runs


def planners_lease(
    settings: Settings, engine: AsyncEngine | None = None, redis: Redis | None = None
) -> Lease:
    """A Redis lock when Redis is there, else a PostgreSQL advisory lock, else (SQLite, one process) always held."""
    ttl = settings.planner_lease_seconds
    if redis is not None:
        return RedisLease(redis, PLANNERS_LEASE, ttl)
    if engine is not None and engine.dialect.name == "postgresql":
        return PostgresLease(engine, PLANNERS_LEASE, ttl)
    return LocalLease(PLANNERS_LEASE, ttl)


def _engine_of(session_factory: async_sessionmaker[AsyncSession]) -> AsyncEngine | None:
    bind = session_factory.kw.get("bind")
    return bind if isinstance(bind, AsyncEngine) else None


def create_outbox(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession], translator: Translator
) -> OutboxService:
    return OutboxService(
        session_factory,
        translator,
        settings.tz,
        quiet_hours(settings),
        registry=REGISTRY,
        max_attempts=settings.send_max_attempts,
    )


def create_sender(
    bot: Bot,
    outbox: OutboxService,
    settings: Settings,
    limiter: RateLimiter | None = None,
    redis: Redis | None = None,
    max_bot: Bot | None = None,
    max_limiter: RateLimiter | None = None,
) -> Sender:
    """Telegram's rate and MAX's are two buckets (two Redis keys), each with its own pause on 429."""
    if max_bot is not None and max_limiter is None:
        max_limiter = create_rate_limiter(settings.max_send_rate, redis=redis, key=MAX_RATE_KEY)
    return Sender(
        bot,
        outbox,
        limiter or create_rate_limiter(settings.send_rate, redis=redis),
        concurrency=settings.send_concurrency,
        batch=settings.outbox_batch,
        pacer=ChatPacer(),
        max_bot=max_bot,
        max_limiter=max_limiter,
    )


async def send_due(sender: Sender) -> None:
    sender.kick()


def _not_ours(lease: LeaseKeeper | None) -> bool:
    return lease is not None and not lease.held


async def plan(
    session_factory: async_sessionmaker[AsyncSession], settings: Settings, lease: LeaseKeeper | None = None
) -> None:
    if _not_ours(lease):
        return
    async with session_factory() as session:
        await run_planners(session, utcnow(), quiet_hours(settings), PLAN_HORIZON)


async def start_broadcasts(
    session_factory: async_sessionmaker[AsyncSession], lease: LeaseKeeper | None = None
) -> None:
    if _not_ours(lease):
        return
    async with session_factory() as session:
        started = await BroadcastService(session).start_due()
    if started:
        log.info("scheduled broadcasts started: %s", started)


async def release_stale(outbox: OutboxService, settings: Settings) -> None:
    await outbox.release_stale(timedelta(seconds=settings.outbox_lease_seconds))


async def show_progress(
    bot: Bot,
    session_factory: async_sessionmaker[AsyncSession],
    translator: Translator,
    lease: LeaseKeeper | None = None,
    max_bot: Bot | None = None,
) -> None:
    """Edit each running broadcast's progress message; the last edit is the final report."""
    from handlers.broadcast import progress_view

    if _not_ours(lease):
        return

    async with session_factory() as session:
        service = BroadcastService(session)
        # Finished reports too, when someone acknowledged since the last runs (a few runs' overlap: an edit that
        # changes nothing is answered «not modified» and skipped).
        acknowledged = await service.acknowledged_since(utcnow() - 3 * timedelta(seconds=PROGRESS_EVERY))
        for progress in [*await service.active_progress(), *acknowledged]:
            b = progress.broadcast
            if b.progress_chat_id is None or b.progress_message_id is None:
                continue
            author = await session.get(User, b.created_by) if b.created_by else None
            t = translator.for_person(author)
            text, markup = progress_view(t, progress, channels=max_bot is not None)
            via = max_bot if is_max(b.progress_chat_id) else bot
            if via is None:  # the author is on MAX, which is off now
                continue
            try:
                await via.edit_message_text(
                    text=text,
                    chat_id=b.progress_chat_id,
                    message_id=b.progress_message_id,
                    reply_markup=markup,
                )
            except TelegramRetryAfter:
                return
            except TelegramAPIError as error:  # not modified, deleted, blocked: the next edit will try again
                log.debug("progress of broadcast %s not shown: %s", b.id, type(error).__name__)


async def housekeeping(
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    lease: LeaseKeeper | None = None,
    storage: BaseStorage | None = None,
) -> None:
    """Old notifications, processed update ids and expired conversation state deleted in small batches
    (services/runtime/housekeeping.py), by the replica that holds the planners' lease."""
    if _not_ours(lease):
        return
    swept = await sweep(
        session_factory,
        utcnow(),
        outbox_keep=timedelta(days=settings.outbox_keep_days),
        updates_keep=timedelta(hours=settings.processed_updates_keep_hours),
        batch=settings.housekeeping_batch,
    )
    if isinstance(storage, DatabaseStorage):
        storage.forget_expired()
    if swept.notifications or swept.updates or swept.conversations:
        log.info(
            "housekeeping",
            extra={
                "notifications": swept.notifications,
                "updates": swept.updates,
                "conversations": swept.conversations,
            },
        )


async def daily_backup(settings: Settings) -> None:
    """The SQLite database copied into BACKUP_DIR (the newest BACKUP_KEEP kept), in a worker thread: the copy
    reads the file while the bot goes on writing."""
    assert settings.backup_dir is not None
    made = await asyncio.to_thread(backup, settings.database_url, settings.backup_dir, settings.backup_keep)
    log.info("backup written", extra={"file": str(made)})


def create_scheduler(
    bot: Bot,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    translator: Translator,
    *,
    limiter: RateLimiter | None = None,
    redis: Redis | None = None,
    lease: Lease | None = None,
    storage: BaseStorage | None = None,
    alerts: Alerts | None = None,
    max_bot: Bot | None = None,
) -> Notifications:
    outbox = create_outbox(settings, session_factory, translator)
    sender = create_sender(bot, outbox, settings, limiter, redis, max_bot=max_bot)
    keeper = LeaseKeeper(lease or planners_lease(settings, _engine_of(session_factory), redis))
    scheduler = AsyncIOScheduler(
        timezone=settings.tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
    )
    scheduler.add_job(
        send_due,
        "interval",
        seconds=SEND_EVERY,
        id="outbox-send",
        kwargs={"sender": sender},
        misfire_grace_time=5,
    )
    scheduler.add_job(
        plan,
        "interval",
        seconds=PLAN_EVERY,
        id="plan-notifications",
        kwargs={"session_factory": session_factory, "settings": settings, "lease": keeper},
        misfire_grace_time=60,
    )
    scheduler.add_job(
        start_broadcasts,
        "interval",
        seconds=BROADCAST_START_EVERY,
        id="broadcasts-start",
        kwargs={"session_factory": session_factory, "lease": keeper},
        misfire_grace_time=60,
    )
    scheduler.add_job(
        show_progress,
        "interval",
        seconds=PROGRESS_EVERY,
        id="broadcasts-progress",
        kwargs={
            "bot": bot,
            "session_factory": session_factory,
            "translator": translator,
            "lease": keeper,
            "max_bot": max_bot,
        },
        misfire_grace_time=5,
    )
    scheduler.add_job(
        release_stale,
        "interval",
        seconds=min(RELEASE_EVERY, max(1.0, settings.outbox_lease_seconds / 3)),
        id="outbox-release-stale",
        kwargs={"outbox": outbox, "settings": settings},
        misfire_grace_time=60,
    )
    scheduler.add_job(
        housekeeping,
        "interval",
        seconds=HOUSEKEEPING_EVERY,
        id="housekeeping",
        kwargs={
            "session_factory": session_factory,
            "settings": settings,
            "lease": keeper,
            "storage": storage,
        },
        misfire_grace_time=600,
    )
    if settings.backup_dir is not None and is_sqlite(settings.database_url):
        at = time.fromisoformat(settings.backup_at)
        scheduler.add_job(
            daily_backup,
            "cron",
            hour=at.hour,
            minute=at.minute,
            id="backup",
            kwargs={"settings": settings},
            misfire_grace_time=3600,
        )
    notifications = Notifications(scheduler, outbox, sender, keeper)

    told: set[asyncio.Task[bool]] = set()

    def ticked(event: JobExecutionEvent) -> None:
        notifications.last_tick = utcnow()
        if alerts is not None and event.exception is not None:  # a job failed: the administrators are told
            task = asyncio.get_running_loop().create_task(
                alerts.error(bot, event.exception, f"scheduler.{event.job_id}")
            )
            told.add(task)
            task.add_done_callback(told.discard)

    def submitted(event: JobEvent) -> None:
        notifications.running.add(event.job_id)
        notifications.idle.clear()

    def finished(event: JobEvent) -> None:
        notifications.running.discard(event.job_id)
        if not notifications.running:
            notifications.idle.set()

    scheduler.add_listener(ticked, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.add_listener(submitted, EVENT_JOB_SUBMITTED)
    scheduler.add_listener(finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return notifications


async def start_notifications(notifications: Notifications, settings: Settings) -> None:
    """Before the jobs start: rows a dead process left 'sending' go back to the queue (on SQLite all of them,
    one process owns the file; elsewhere after the lease), and the planners catch up on what fell due while the
    bot was down."""
    lease = None if is_sqlite(settings.database_url) else timedelta(seconds=settings.outbox_lease_seconds)
    await notifications.outbox.release_stale(lease)
    keeper = notifications.planners
    try:  # the first replica up plans at once; the others leave it to the holder until it goes
        if await keeper.lease.acquire():
            log.info("lease %s taken", keeper.lease.name)
        else:
            log.info("lease %s held by another replica", keeper.lease.name)
    except Exception:
        log.warning("lease %s: could not reach the lock; trying again in the background", keeper.lease.name)
    keeper.start()
    await plan(notifications.outbox.session_factory, settings, keeper)
    notifications.scheduler.start()
    log.info("scheduler started: %s", ", ".join(job.id for job in notifications.scheduler.get_jobs()))


JOBS_GRACE_SECONDS = 5.0  # how long a stop waits for the jobs running then (each takes well under a second)


async def stop_notifications(notifications: Notifications, timeout: float = 10.0) -> None:
    """No job starts any more; the ones running finish (for a bounded time) rather than being cancelled half-way
    through a query, which the scheduler would log as a failure."""
    notifications.scheduler.pause()
    if notifications.running:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(notifications.idle.wait(), JOBS_GRACE_SECONDS)
    notifications.scheduler.shutdown(wait=False)
    await notifications.planners.stop()  # released: another replica takes over at once
    await notifications.sender.stop(timeout)
