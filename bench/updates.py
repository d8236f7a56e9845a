"""Schedule browsing through the real dispatcher vs. a bare aiogram echo bot, both with a recording bot session.

Builds a SQLite database with 10,000 events and 50,000 users, then feeds updates: open the schedule, next page,
open an event card, back. The bots run in alternating rounds in the same process. Prints updates/s for each (time
spent inside `feed_raw_update` only), their ratios for scale, and p50/p99 latency; the target is Vmeste's p99.

Then the event loop during a slow read: one session runs a heavy query (hundreds of milliseconds) while a ticker
on the loop measures the longest stretch it could not run. Target: no read blocks the loop, that is the longest
stall stays a small part of the read's time (it is the read's whole time when the read runs on the loop's thread).
Last, what reading the person costs per update (a session opened, one row read by id, the session closed): what a
per-person cache could save.

    .venv/bin/python bench/updates.py [--updates 3000] [--rounds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot, Dispatcher, Router
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import CallbackQuery, Chat, InlineKeyboardMarkup, Message, MessageEntity, Update, User
from sqlalchemy import insert, text

from bot.factory import create_bot, create_dispatcher
from bot.settings import load_settings
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import Event, Organization
from db.models import User as DbUser
from tests.recording import RecordingSession

EVENTS, USERS, ORGS = 10_000, 50_000, 40
KINDS = ["seminar", "club", "master_class", "conference", "festival", "consultation", "meeting", "training"]
KEEP_REQUESTS = (
    16  # the harness keeps the latest requests only: its record must not weigh on the bots it measures
)
AUDIENCES = ["parents", "teachers", "children", "specialists", "all"]
P99_TARGET_MS = 15.0
# A heavy report: every pair of events for the same audience (10,000 events, 5 audiences: 20 million pairs).
SLOW_READ = text("SELECT count(*) FROM events a JOIN events b ON a.audience = b.audience")


async def build(url: str) -> None:
    engine = create_engine(url)
    now = datetime.now(UTC)
    rng = random.Random(1)
    async with engine.begin() as conn:
        await conn.execute(
            insert(Organization),
            [
                {"name": f"Организация {i}", "short_name": f"Орг {i}", "network_role": "base"}
                for i in range(ORGS)
            ],
        )
        await conn.execute(
            insert(Event),
            [
                {
                    "title": f"Семинар для родителей и педагогов №{i}",
                    "kind": rng.choice(KINDS),
                    "audience": rng.choice(AUDIENCES),
                    "organization_id": rng.randint(1, ORGS),
                    "starts_at": now + timedelta(hours=rng.randint(-2000, 4000)),
                    "precision": "exact",
                    "status": "published",
                    "description": "Обмен опытом",
                    "capacity": 30,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(EVENTS)
            ],
        )
        await conn.execute(
            insert(DbUser),
            [
                {
                    "id": 10_000 + i,
                    "language": "ru",
                    "role": rng.choice(["parent", "teacher", "specialist"]),
                    "consent_at": now,
                    "notify_24h": True,
                    "notify_2h": True,
                    "is_active": True,
                    "created_at": now,
                }
                for i in range(USERS)
            ],
        )
    await engine.dispose()


def _user(uid: int) -> User:
    return User(id=uid, is_bot=False, first_name="Анна", language_code="ru")


class Feeder:
    def __init__(self, dp: Dispatcher, bot: Bot, session: RecordingSession) -> None:
        self.dp, self.bot, self.session = dp, bot, session
        self.update_id = 0
        self.latencies: list[float] = []

    async def feed(self, **kwargs: object) -> None:
        """The update arrives as Telegram sends it, JSON decoded into a dict; the timed part is what a polling or
        webhook bot does with it: parse it into aiogram types bound to the bot, then dispatch."""
        self.update_id += 1
        raw = Update(update_id=self.update_id, **kwargs).model_dump(mode="json", exclude_none=True)
        started = time.perf_counter()
        await self.dp.feed_raw_update(self.bot, raw)
        self.latencies.append(time.perf_counter() - started)

    async def text(self, uid: int, text: str) -> None:
        entities = (
            [MessageEntity(type="bot_command", offset=0, length=len(text))] if text.startswith("/") else None
        )
        message = Message(
            message_id=self.update_id + 1,
            date=datetime.now(UTC),
            chat=Chat(id=uid, type="private"),
            from_user=_user(uid),
            text=text,
            entities=entities,
        )
        await self.feed(message=message)

    async def press(self, uid: int, label_index: int | str) -> None:
        screen = self.session.last_screen(uid)
        rows = [b for row in screen.reply_markup.inline_keyboard for b in row]
        if isinstance(label_index, str):
            button = next(b for b in rows if label_index in b.text)
        else:
            button = rows[label_index]
        callback = CallbackQuery(
            id=str(self.update_id),
            from_user=_user(uid),
            chat_instance="c",
            message=screen,
            data=button.callback_data,
        )
        await self.feed(callback_query=callback)


def summary(name: str, latencies: list[float]) -> dict[str, float]:
    """updates/s counts only the time spent inside `feed_update` (the harness that builds the clicks is not the bot)."""
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
    rate = len(latencies) / sum(latencies)
    print(
        f"{name:<22} {len(latencies):>6} updates  {rate:>8.0f} updates/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
    )
    return {"rate": rate, "p50": p50, "p99": p99}


class VmesteRun:
    """Schedule browsing: a random person opens /schedule, presses «Дальше», opens the first event, goes back."""

    def __init__(self, url: str) -> None:
        settings = load_settings(_env_file=None, bot_token="123456:BENCH", database_url=url)
        self.engine = create_engine(url)
        session = RecordingSession(keep_requests=KEEP_REQUESTS)
        bot = create_bot(settings, session=session)
        dp = create_dispatcher(settings, create_session_factory(self.engine))
        self.feeder = Feeder(dp, bot, session)
        self.rng = random.Random(2)

    async def warm_up(self) -> None:
        for uid in range(10_000, 10_050):
            await self.feeder.text(uid, "/schedule")
        await self.run(4)  # one visit: the screens that `screens` hands to the bare bot
        self.feeder.latencies.clear()

    def screens(self) -> list[tuple[str, InlineKeyboardMarkup | None]]:
        """The last visit's four screens as the person saw them: the schedule, its next page, a card, the schedule."""
        shown = [r for r in self.feeder.session.requests if isinstance(r, SendMessage | EditMessageText)][-4:]
        return [(r.text, r.reply_markup) for r in shown]  # type: ignore[misc]

    async def run(self, updates: int) -> None:
        target = len(self.feeder.latencies) + updates
        while len(self.feeder.latencies) < target:
            uid = 10_000 + self.rng.randrange(USERS)
            await self.feeder.text(uid, "/schedule")
            await self.feeder.press(uid, "Дальше")
            await self.feeder.press(uid, 0)  # the first event on the page
            await self.feeder.press(uid, "К расписанию")
            self.feeder.session.forget_chat(uid)  # the harness's record of the visit, not the bot's memory


class ButtonsRun:
    """A bare aiogram bot that does Telegram's part of the same browsing and nothing else: /schedule answers with the
    schedule screen Vmeste sent, and each press edits the message to the next screen Vmeste showed (next page, the
    card, back) and answers the press. The same updates to parse and the same requests to make, with no database,
    no middlewares and one router: what any aiogram bot would spend showing these screens."""

    def __init__(self, screens: list[tuple[str, InlineKeyboardMarkup | None]]) -> None:
        router = Router()
        presses: dict[int, int] = {}

        @router.message()
        async def first(message: Message) -> None:
            presses[message.chat.id] = 0
            text, markup = screens[0]
            await message.answer(text, reply_markup=markup)

        @router.callback_query()
        async def press(callback: CallbackQuery) -> None:
            n = presses[callback.from_user.id] = (
                presses.get(callback.from_user.id, 0) % (len(screens) - 1) + 1
            )
            text, markup = screens[n]
            assert isinstance(callback.message, Message)
            await callback.message.edit_text(text, reply_markup=markup)
            await callback.answer()

        dp = Dispatcher()
        dp.include_router(router)
        session = RecordingSession(keep_requests=KEEP_REQUESTS)
        self.feeder = Feeder(dp, Bot("123456:BENCH", session=session), session)
        self.rng = random.Random(3)

    async def warm_up(self) -> None:
        await self.run(40)
        self.feeder.latencies.clear()

    async def run(self, updates: int) -> None:
        target = len(self.feeder.latencies) + updates
        while len(self.feeder.latencies) < target:
            uid = self.rng.randrange(USERS)
            await self.feeder.text(uid, "/schedule")
            for _ in range(3):
                await self.feeder.press(uid, 0)
            self.feeder.session.forget_chat(uid)


class EchoRun:
    """A bare aiogram bot that answers every message with its text."""

    def __init__(self) -> None:
        router = Router()

        @router.message()
        async def echo(message: Message) -> None:
            await message.answer(message.text or "")

        dp = Dispatcher()
        dp.include_router(router)
        session = RecordingSession(keep_requests=KEEP_REQUESTS)
        self.feeder = Feeder(dp, Bot("123456:BENCH", session=session), session)
        self.sent = 0

    async def warm_up(self) -> None:
        for uid in range(50):
            await self.feeder.text(uid, "привет")
        self.feeder.latencies.clear()

    async def run(self, updates: int) -> None:
        for _ in range(updates):
            await self.feeder.text(self.sent % 1000, "привет")
            self.feeder.session.forget_chat(self.sent % 1000)
            self.sent += 1


async def longest_stall(seconds: float | None, until: asyncio.Event | None = None) -> float:
    """The longest stretch (s) a ticker on the event loop waited beyond its 1 ms sleep, for `seconds` or `until`
    is set: the machine's own noise when nothing else runs, more when something holds up the loop."""
    longest = 0.0
    started = last = time.perf_counter()
    while (until is None or not until.is_set()) and (seconds is None or last - started < seconds):
        await asyncio.sleep(0.001)
        now = time.perf_counter()
        longest = max(longest, now - last - 0.001)
        last = now
    return longest


async def loop_stall_during_slow_read(url: str) -> tuple[float, float, float]:
    """How long the slow read took, the longest the event loop could not run meanwhile, and the same with nothing
    running for as long (all in ms)."""
    engine = create_engine(url)
    factory = create_session_factory(engine)
    done = asyncio.Event()
    try:
        async with factory() as session:
            await session.scalar(text("SELECT 1"))  # the connection is open before the clock starts
            ticker = asyncio.create_task(longest_stall(None, done))
            await asyncio.sleep(0.01)
            started = time.perf_counter()
            await session.scalar(SLOW_READ)
            took = time.perf_counter() - started
            done.set()
            during = await ticker
    finally:
        await engine.dispose()
    quiet = await longest_stall(took)
    return took * 1000, during * 1000, quiet * 1000


async def person_read_cost(url: str, reads: int = 2000) -> float:
    """Median time (µs) to open a session, read one person by id and close the session."""
    engine = create_engine(url)
    factory = create_session_factory(engine)
    rng = random.Random(4)
    times: list[float] = []
    try:
        for _ in range(reads):
            started = time.perf_counter()
            async with factory() as session:
                await session.get(DbUser, 10_000 + rng.randrange(USERS))
            times.append(time.perf_counter() - started)
    finally:
        await engine.dispose()
    return statistics.median(times) * 1e6


async def run(url: str, updates: int, rounds: int) -> None:
    started = time.perf_counter()
    await build(url)
    print(
        f"database: {EVENTS} events, {USERS} users, {ORGS} organizations built in {time.perf_counter() - started:.1f} s"
    )
    ours, echo = VmesteRun(url), EchoRun()
    await ours.warm_up()
    buttons = ButtonsRun(ours.screens())
    await buttons.warm_up()
    await echo.warm_up()
    gc.collect()  # the set-up's garbage is not any bot's work
    # The bots run in alternating rounds, so a slow stretch of a shared machine falls on all of them alike.
    for round_ in range(rounds):
        share = updates // rounds + (1 if round_ < updates % rounds else 0)
        await ours.run(share)
        await buttons.run(share)
        await echo.run(share)
    await ours.engine.dispose()
    mine = summary("Vmeste schedule", ours.feeder.latencies)
    same = summary("bare aiogram, same UI", buttons.feeder.latencies)
    bare = summary("bare aiogram echo", echo.feeder.latencies)
    print(f"ratio (Vmeste / echo updates/s): {mine['rate'] / bare['rate']:.2f}   (for scale)")
    print(f"ratio (bare aiogram showing the same screens / echo): {same['rate'] / bare['rate']:.2f}")
    print(f"ratio (Vmeste / bare aiogram showing the same screens): {mine['rate'] / same['rate']:.2f}")
    verdict = "met" if mine["p99"] <= P99_TARGET_MS else "NOT met"
    print(f"Vmeste p99: {mine['p99']:.2f} ms   target <= {P99_TARGET_MS:.0f} ms: {verdict}")
    took, stall, quiet = await loop_stall_during_slow_read(url)
    verdict = "met" if stall < took / 10 else "NOT met: the read held up the loop"
    print(
        f"a {took:.0f} ms read on one session: the event loop's longest stall meanwhile {stall:.1f} ms"
        f" ({quiet:.1f} ms with nothing running)   target: no read blocks the loop: {verdict}"
    )
    person = await person_read_cost(url)
    print(
        f"reading the person (session, one row by id, close): median {person:.0f} µs,"
        f" {person / 10 / mine['p50']:.0f} % of Vmeste's p50"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=3000, help="updates fed to each bot")
    parser.add_argument(
        "--rounds", type=int, default=10, help="alternating rounds the updates are split into"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        upgrade(url)
        asyncio.run(run(url, args.updates, args.rounds))


if __name__ == "__main__":
    main()
