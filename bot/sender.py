"""The sender: the one place that hands outbox rows to the messengers. It claims due rows, sends them through a
bounded pool of tasks at a global rate (services/runtime/ratelimit.py: in process, or in Redis shared by all
replicas) and at most one message per second per chat, pauses all sending on 429 (every replica, with Redis), and
reports each outcome back to the outbox (see services/notifications/outbox.py for the delivery guarantee).

Each row goes through its person's messenger (`users.messenger`, told by the id: db/models/user.py): Telegram
people through the Telegram bot, MAX people through the MAX bot (bot/max/). Each messenger has its own rate and
its own pause, so a 429 from one does not hold up the other. A photo or document made on one messenger is
fetched once from it and uploaded to the other for its people (file ids do not cross)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from io import BytesIO

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import BufferedInputFile

from bot.max.ids import FILE_PREFIX
from bot.replies import not_replying
from db.models.user import MAX, TELEGRAM, messenger_of
from handlers.views.notices import ack_markup, open_markup
from services.notifications.outbox import Delivery, OutboxService, Result
from services.runtime.ratelimit import RateLimiter

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
MAX_WAITS = 10  # 429 answers for one message before it goes back to the queue


class ChatPacer:
    """At most one message per `interval` seconds into one chat."""

    def __init__(
        self, interval: float = 1.0, clock: Callable[[], float] = time.monotonic, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._next: dict[int, float] = {}

    async def wait(self, chat_id: int) -> None:
        now = self.clock()
        slot = max(now, self._next.get(chat_id, 0.0))
        self._next[chat_id] = slot + self.interval
        if len(self._next) > 50_000:
            self._next = {c: t for c, t in self._next.items() if t > now}
        if slot > now:
            await self.sleep(slot - now)


@dataclass(slots=True)
class Channel:
    """One messenger's way out: its bot, its rate (with its own pause on 429) and its per-chat pacing."""

    name: str
    bot: Bot
    limiter: RateLimiter
    pacer: ChatPacer = field(default_factory=ChatPacer)

    def owns_file(self, file_id: str) -> bool:
        return file_id.startswith(FILE_PREFIX) == (self.name == MAX)


LABELS = {TELEGRAM: "Telegram", MAX: "MAX"}
MEDIA_CACHE = 4  # files fetched from the other messenger, kept while a broadcast goes out


@dataclass(slots=True)
class DrainReport:
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    retried: int = 0
    dropped: int = 0
    deferred: int = 0
    withdrawn: int = 0
    retry_after: int = 0  # 429 answers received


def _log_failure(task: asyncio.Task[DrainReport]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("sending stopped by an error; the next run goes on", exc_info=task.exception())


class Sender:
    def __init__(
        self,
        bot: Bot,
        outbox: OutboxService,
        limiter: RateLimiter,
        *,
        concurrency: int = 64,
        batch: int = 200,
        pacer: ChatPacer | None = None,
        flush_every: float = 0.05,
        max_bot: Bot | None = None,
        max_limiter: RateLimiter | None = None,
    ) -> None:
        self.bot = bot
        self.outbox = outbox
        self.limiter = limiter
        self.pacer = pacer or ChatPacer()
        self.channels = {TELEGRAM: Channel(TELEGRAM, bot, limiter, self.pacer)}
        if max_bot is not None:
            if max_limiter is None:
                raise ValueError("the MAX bot needs its own rate limiter")
            self.channels[MAX] = Channel(MAX, max_bot, max_limiter)
        self._media: dict[str, tuple[bytes, str]] = {}
        self.concurrency = concurrency
        self.batch = batch
        self.flush_every = flush_every
        self._lock = asyncio.Lock()
        self._stopping = False
        self._task: asyncio.Task[DrainReport] | None = None
        self._results: list[Result] = []
        self._answered = asyncio.Event()  # a result is waiting to be recorded
        self.totals = DrainReport()

    def wake(self) -> None:
        """The services' `Notifier`: something urgent was just committed to the outbox."""
        self.kick()

    def kick(self) -> None:
        """Start a drain in the background unless one is running (the scheduler's job returns at once, so a long
        broadcast never makes it skip runs and log about it)."""
        if not self._stopping and (self._task is None or self._task.done()):
            self._task = asyncio.create_task(self.drain(), name="outbox-drain")
            self._task.add_done_callback(_log_failure)

    async def drain(self) -> DrainReport:
        """Send everything due now; return when nothing due is left. One drain at a time per process. Its requests
        are not replies (bot/replies.py): a 429 is handled here, not waited out by the session."""
        with not_replying():
            return await self._drain()

    async def _drain(self) -> DrainReport:
        async with self._lock:
            report = DrainReport()
            finished = asyncio.Event()
            flusher = asyncio.create_task(self._flush_loop(finished))
            try:
                # With two messengers each claims its own people's rows and sends them with its own workers, so
                # one waiting for its rate never holds up the other.
                routes: list[str | None] = [None] if len(self.channels) == 1 else list(self.channels)
                outcomes = await asyncio.gather(
                    *(self._pump(route, report) for route in routes), return_exceptions=True
                )
                for outcome in outcomes:
                    if isinstance(outcome, BaseException):
                        raise outcome
            finally:
                finished.set()  # never cancel a flush half-way: the results would be lost
                self._answered.set()
                await asyncio.gather(flusher, return_exceptions=True)
                await self._flush()
            for f in fields(report):
                setattr(self.totals, f.name, getattr(self.totals, f.name) + getattr(report, f.name))
            return report

    async def _pump(self, messenger: str | None, report: DrainReport) -> None:
        """Claim due rows (of one messenger's people, or all) and hand them to a pool of workers until none is
        left."""
        queue: asyncio.Queue[Delivery | None] = asyncio.Queue(maxsize=self.concurrency * 2)
        workers = [asyncio.create_task(self._worker(queue, report)) for _ in range(self.concurrency)]
        try:
            while not self._stopping:
                claim = (
                    await self.outbox.claim(self.batch)
                    if messenger is None
                    else await self.outbox.claim(self.batch, messenger=messenger)
                )
                report.dropped += claim.dropped
                report.deferred += claim.deferred
                report.withdrawn += claim.withdrawn
                if not claim.deliveries and not (claim.dropped or claim.deferred or claim.withdrawn):
                    break
                for delivery in claim.deliveries:
                    await queue.put(delivery)
        finally:
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers, return_exceptions=True)

    async def stop(self, timeout: float = 10.0) -> None:
        """Claim nothing more and let the rows in hand finish (what does not finish in time is sent again on the
        next start)."""
        self._stopping = True
        try:
            await asyncio.wait_for(self._lock.acquire(), timeout)
            self._lock.release()
        except TimeoutError:
            log.warning("sender stopped with rows in flight; they will be sent again on the next start")

    async def _flush_loop(self, finished: asyncio.Event) -> None:
        """Record results as soon as Telegram answers: a flush starts the moment a result is waiting, and whatever
        is answered during one flush goes in the next (one commit for many rows under load). A row Telegram has
        answered is so 'sent' within one commit, which keeps the rows a crash can leave uncertain to the requests
        on the wire. `flush_every` is only the pause before trying again when the database is busy."""
        while not finished.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._answered.wait(), self.flush_every)
            self._answered.clear()
            try:
                await self._flush()
            except Exception:  # the database is busy or gone: keep the results and try again
                log.exception("could not record sending results; will try again")

    async def _flush(self) -> None:
        results, self._results = self._results, []
        if results:
            try:
                await self.outbox.record(results)
            except Exception:
                self._results = results + self._results
                raise

    async def _worker(self, queue: asyncio.Queue[Delivery | None], report: DrainReport) -> None:
        while (delivery := await queue.get()) is not None:
            if self._stopping:  # shutting down: not started, so simply back to the queue for the next start
                self._record(Result(delivery.id, delivery.chat_id, "release", None, delivery.attempts))
                continue
            try:
                result = await self._deliver(delivery, report)
            except Exception as error:  # never lose the row: it is retried later
                log.exception("outbox row %s: unexpected error", delivery.id)
                result = Result(
                    delivery.id, delivery.chat_id, "retry", type(error).__name__, delivery.attempts + 1
                )
            if result.outcome == "sent":
                report.sent += 1
            elif result.outcome == "blocked":
                report.blocked += 1
            elif result.outcome == "retry":
                report.retried += 1
            else:
                report.failed += 1
            self._record(result)

    def _record(self, result: Result) -> None:
        self._results.append(result)
        self._answered.set()

    async def _deliver(self, delivery: Delivery, report: DrainReport) -> Result:
        attempts = delivery.attempts + 1
        retry_in = 0.0
        channel = self.channels.get(messenger_of(delivery.chat_id))
        if channel is None:  # a MAX person while MAX is off (MAX_BOT_TOKEN unset): nothing can reach them
            return Result(delivery.id, delivery.chat_id, "failed", "MessengerOff", attempts)
        await channel.pacer.wait(delivery.chat_id)
        for _ in range(MAX_WAITS):
            await channel.limiter.acquire()
            try:
                await self._call(delivery, channel)
                return Result(delivery.id, delivery.chat_id, "sent", None, attempts)
            except TelegramRetryAfter as error:
                report.retry_after += 1
                log.warning(
                    "%s asks to wait %s s: its sending pauses", LABELS[channel.name], error.retry_after
                )
                await channel.limiter.pause(float(error.retry_after))
                retry_in = float(error.retry_after)
            except TelegramForbiddenError as error:
                return Result(delivery.id, delivery.chat_id, "blocked", type(error).__name__, attempts)
            except (TelegramBadRequest, TelegramNotFound, TelegramUnauthorizedError) as error:
                return Result(delivery.id, delivery.chat_id, "failed", type(error).__name__, attempts)
            except (TelegramNetworkError, TelegramServerError) as error:
                return Result(delivery.id, delivery.chat_id, "retry", type(error).__name__, attempts)
        # Told to wait again and again: give the row back to the queue rather than hold it past its lease.
        return Result(
            delivery.id, delivery.chat_id, "retry", "TelegramRetryAfter", delivery.attempts, retry_in
        )

    async def _file(self, file_id: str, channel: Channel, kind: str) -> str | BufferedInputFile | None:
        """What to send as the file on `channel`: the id itself when it is that messenger's, else the file fetched
        once from the messenger it was made on (None when that one is off)."""
        if channel.owns_file(file_id):
            return file_id
        if file_id not in self._media:
            source = next((c for c in self.channels.values() if c.owns_file(file_id)), None)
            if source is None:
                return None
            data = await source.bot.download(file_id, destination=BytesIO())
            assert data is not None
            name = "photo.jpg" if kind == "photo" else "document"
            if len(self._media) >= MEDIA_CACHE:
                self._media.pop(next(iter(self._media)))
            self._media[file_id] = (data.getvalue(), name)
        content, name = self._media[file_id]
        return BufferedInputFile(content, filename=name)

    async def _call(self, delivery: Delivery, channel: Channel | None = None) -> None:
        channel = channel or self.channels[TELEGRAM]
        bot = channel.bot
        message = delivery.message
        markup = (
            ack_markup(message.ack_text, message.ack_broadcast_id)
            if message.ack_broadcast_id is not None
            else open_markup(*message.button)
            if message.button is not None
            else None
        )
        file = (
            await self._file(message.file_id, channel, message.media_kind)
            if message.media_kind in {"photo", "document"} and message.file_id
            else None
        )
        if message.media_kind == "photo" and file is not None:
            await bot.send_photo(delivery.chat_id, file, caption=message.text or None, reply_markup=markup)
        elif message.media_kind == "document" and file is not None:
            await bot.send_document(delivery.chat_id, file, caption=message.text or None, reply_markup=markup)
        else:
            await bot.send_message(delivery.chat_id, message.text, reply_markup=markup)
        if message.voice_file_id and channel.owns_file(message.voice_file_id):
            # The voice version, after the text, as part of the same delivery. The text is out already: a voice
            # Telegram refuses (a file id gone stale) is logged, not retried, so the text never comes twice.
            try:
                await bot.send_voice(delivery.chat_id, message.voice_file_id)
            except TelegramBadRequest as error:
                log.warning("voice version not sent: %s", type(error).__name__)
