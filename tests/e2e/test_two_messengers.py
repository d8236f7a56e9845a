"""The real bot with both messengers on: Telegram and MAX (MAX_BOT_TOKEN set, MAX_API_BASE at the emulated MAX
Bot API, long polling). A parent on MAX and a parent on Telegram each give consent, open the schedule and a card,
register and get the 2-hour reminder; a coordinator's broadcast reaches both, each on their own messenger."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from bot.max.ids import user_to_aiogram
from db.engine import create_engine, create_session_factory
from db.models import Event, Registration, User
from services.broadcasts.broadcasts import BroadcastDraft, BroadcastService
from tests.fake_max import TOKEN, FakeMax
from tests.fake_telegram import STARTUP_SECONDS, BotProcess, FakeTelegram, buttons, run_command

pytestmark = pytest.mark.e2e

TELEGRAM_PARENT = 5001
MAX_PARENT = 5001  # the same number on MAX is another person
ADMIN = 99
TITLE = "Встреча родителей в ресурсном центре"


async def prepare(url: str) -> None:
    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        now = datetime.now(UTC)
        await session.execute(
            insert(User), [{"id": ADMIN, "role": "admin", "language": "ru", "consent_at": now}]
        )
        # Starts in a little over two hours: the 2-hour reminder falls due while the test runs.
        session.add(
            Event(
                title=TITLE,
                audience="parents",
                kind="meeting",
                starts_at=now + timedelta(hours=2, seconds=40),
                capacity=10,
            )
        )
        await session.commit()
    await engine.dispose()


async def broadcast(url: str, text: str) -> None:
    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        admin = await session.get(User, ADMIN)
        await BroadcastService(session).create(admin, BroadcastDraft(text, "parents"))
    await engine.dispose()


async def people(url: str) -> list[tuple[int, str, int]]:
    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        rows = (
            await session.execute(select(User.id, User.messenger, User.account_id).order_by(User.id))
        ).all()
        registered = (await session.execute(select(Registration.user_id, Registration.status))).all()
    await engine.dispose()
    return [tuple(r) for r in rows], sorted(tuple(r) for r in registered)


async def until(predicate: Callable[[], object], timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.02)


class MaxParent:
    """A person in the MAX app: what they see and what they press."""

    def __init__(self, fake: FakeMax, user_id: int) -> None:
        self.fake, self.user_id = fake, user_id

    def screen(self) -> dict[str, Any] | None:
        try:
            return self.fake.screen(self.user_id)
        except AssertionError:
            return None

    def labels(self) -> list[str]:
        screen = self.screen()
        return [t for t, _ in self.fake.buttons(screen)] if screen else []

    def text(self) -> str:
        screen = self.screen()
        return self.fake.text(screen) if screen else ""

    async def sees(self, label: str | None = None, text: str | None = None) -> None:
        await until(
            lambda: (
                (label is None or any(label in b for b in self.labels()))
                and (text is None or text in self.text())
            ),
            what=f"MAX to show {label or text!r} (now {self.text()[:200]!r}, {self.labels()})",
        )

    def texts(self) -> list[str]:
        return [self.fake.text(m) for m in self.fake.dialog(self.user_id)]


async def walk_telegram(fake: FakeTelegram, chat: int) -> None:
    def has(label: str):
        return lambda m: any(label in text for text, _ in buttons(m))

    fake.message(chat, "/start")
    await fake.wait_screen(chat, has("Даю согласие"))
    for press, then in [
        ("Даю согласие", "Русский"),
        ("Русский", "родитель"),
        ("родитель", "Пропустить"),
        ("Пропустить", "Обычный вид"),
        ("Обычный вид", "Расписание"),
        ("Расписание", TITLE[:20]),
        (TITLE[:20], "Записаться"),
    ]:
        fake.press(chat, press)
        await fake.wait_screen(chat, has(then))
    assert "Когда:" in fake.screen(chat)["text"]
    fake.press(chat, "Записаться")
    await fake.wait_for(
        lambda: any("место за вами" in c.params.get("text", "") for c in fake.sent(chat_id=chat)),
        what="to confirm the Telegram registration",
    )


async def walk_max(parent: MaxParent) -> None:
    parent.fake.start_bot(parent.user_id)
    await parent.sees("Даю согласие", "Что мы храним")
    for press, then in [
        ("Даю согласие", "Русский"),
        ("Русский", "родитель"),
        ("родитель", "Пропустить"),
        ("Пропустить", "Обычный вид"),
        ("Обычный вид", "Расписание"),
        ("Расписание", TITLE[:20]),
        (TITLE[:20], "Записаться"),
    ]:
        parent.fake.press(parent.user_id, press)
        await parent.sees(then)
    assert "Когда:" in parent.text()
    parent.fake.press(parent.user_id, "Записаться")
    await until(lambda: any("место за вами" in t for t in parent.texts()), what="MAX registration")


async def test_a_max_parent_and_a_telegram_parent_are_served_side_by_side(tmp_path: Path) -> None:
    telegram, max_api = FakeTelegram(), FakeMax()
    await telegram.start()
    await max_api.start()
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    env = {
        "DATABASE_URL": url,
        "TELEGRAM_API_BASE": telegram.base_url,
        "MAX_BOT_TOKEN": TOKEN,
        "MAX_API_BASE": max_api.base_url,
        "ADMIN_IDS": "",
        "TIMEZONE": "Europe/Moscow",
        "QUIET_HOURS_START": "00:00",
        "QUIET_HOURS_END": "00:00",
    }
    parent = MaxParent(max_api, MAX_PARENT)
    bot = None
    try:
        code, output = await run_command(env, "migrate")
        assert code == 0, output
        await prepare(url)
        bot = await BotProcess(env, tmp_path / "bot.log").start()
        await telegram.wait_for(lambda: telegram.sent("getUpdates"), timeout=STARTUP_SECONDS)
        await until(lambda: max_api.made("GET /updates"), STARTUP_SECONDS, "MAX long polling")
        assert max_api.commands  # the command menu reached MAX too

        await asyncio.gather(walk_telegram(telegram, TELEGRAM_PARENT), walk_max(parent))
        everyone, registered = await people(url)
        max_id = user_to_aiogram(MAX_PARENT)
        assert everyone == [
            (ADMIN, "telegram", ADMIN),
            (TELEGRAM_PARENT, "telegram", 5001),
            (max_id, "max", 5001),
        ]
        assert registered == [(TELEGRAM_PARENT, "confirmed"), (max_id, "confirmed")]

        await broadcast(url, "<b>Важно:</b> собрание в пятницу")
        await telegram.wait_for(
            lambda: any(
                "собрание в пятницу" in c.params.get("text", "")
                for c in telegram.sent(chat_id=TELEGRAM_PARENT)
            ),
            timeout=20,
            what="to deliver the broadcast on Telegram",
        )
        await until(lambda: "Важно: собрание в пятницу" in parent.texts(), 20, "the broadcast on MAX")

        # The planners run every minute: the 2-hour reminder is queued and sent when it falls due.
        await telegram.wait_for(
            lambda: any(
                "Через 2 часа" in c.params.get("text", "") for c in telegram.sent(chat_id=TELEGRAM_PARENT)
            ),
            timeout=120,
            what="to remind the Telegram parent",
        )
        await until(
            lambda: any("Через 2 часа" in t and TITLE in t for t in parent.texts()), 30, "the MAX reminder"
        )
        assert await bot.stop(timeout=20) == 0, bot.log()[-3000:]
    finally:
        if bot is not None:
            await bot.kill()
        await telegram.stop()
        await max_api.stop()
    log = bot.log()
    assert "Traceback" not in log, log[max(0, log.find("Traceback") - 1500) :][:5000]
    # Each got the broadcast and the reminder once, on their own messenger only.
    assert sum("собрание в пятницу" in t for t in parent.texts()) == 1
    assert telegram.sent(chat_id=max_id) == []
    tg_texts = [c.params.get("text", "") for c in telegram.sent("sendMessage", TELEGRAM_PARENT)]
    assert sum("собрание в пятницу" in t for t in tg_texts) == 1
    assert sum("Через 2 часа" in t for t in tg_texts) == 1
    assert sum("Через 2 часа" in t for t in parent.texts()) == 1
