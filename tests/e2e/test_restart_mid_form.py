"""The drill: a parent answers three questions of a questionnaire, the bot process is killed (SIGKILL, no clean-up
at all) and started again, and the parent's next press on the screen they still see goes on at question four.

In the embedded mode (SQLite, no Redis) the conversation state lives in the bot's own database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from db.engine import create_engine, create_session_factory
from db.models import User
from tests.fake_telegram import STARTUP_SECONDS, BotProcess, FakeTelegram, buttons, run_command
from tests.surveys.helpers import load, open_round

pytestmark = pytest.mark.e2e

PARENT = 5101


def on_question(number: int):
    return lambda message: f"Вопрос {number} из" in message.get("text", "") and buttons(message)


async def prepare(url: str) -> None:
    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        session.add(User(id=PARENT, role="parent", language="ru", consent_at=datetime.now(UTC)))
        await session.commit()
        await open_round(session, await load(session, "parent_monitoring"), audience="parents")
    await engine.dispose()


async def test_a_questionnaire_goes_on_at_question_four_after_the_bot_is_killed(tmp_path: Path) -> None:
    fake = FakeTelegram()
    await fake.start()
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    env = {"DATABASE_URL": url, "TELEGRAM_API_BASE": fake.base_url, "ADMIN_IDS": ""}
    second = None
    try:
        code, output = await run_command(env, "migrate")
        assert code == 0, output
        await prepare(url)

        first = await BotProcess(env, tmp_path / "first.log").start()
        await fake.wait_for(lambda: fake.sent("getUpdates"), timeout=STARTUP_SECONDS)
        fake.message(PARENT, "/surveys")
        await fake.wait_screen(PARENT, lambda m: any("Комфортно ли" in t for t, _ in buttons(m)))
        fake.press(PARENT, "Комфортно ли")
        await fake.wait_screen(PARENT, lambda m: any("Начать" in t for t, _ in buttons(m)))
        fake.press(PARENT, "Начать")
        await fake.wait_screen(PARENT, on_question(1))
        fake.press(PARENT, "Начальная школа")
        await fake.wait_screen(PARENT, on_question(2))
        fake.press(PARENT, "4 из 5")
        await fake.wait_screen(PARENT, on_question(3))
        fake.press(PARENT, "в полной безопасности")
        screen = await fake.wait_screen(PARENT, on_question(4))
        assert "здание" in screen["text"]
        await fake.wait_for(lambda: not fake.unanswered_callbacks(), what="to answer every press")

        await first.kill()

        second = await BotProcess(env, tmp_path / "second.log").start()
        fake.press(PARENT, "4 из 5")  # on the screen the parent still sees: question four
        screen = await fake.wait_screen(PARENT, on_question(5), timeout=STARTUP_SECONDS)
        assert "помощь" in screen["text"]
        await fake.wait_for(lambda: not fake.unanswered_callbacks(), what="to answer every press")

        # The first three answers are still there: going back shows question three with its answer ticked.
        fake.press(PARENT, "Назад")
        screen = await fake.wait_screen(PARENT, on_question(4))
        assert any(t == "4 из 5 — выбрано ✓" for t, _ in buttons(screen)), buttons(screen)
        fake.press(PARENT, "Назад")
        screen = await fake.wait_screen(PARENT, on_question(3))
        assert any("в полной" in t and t.endswith("— выбрано ✓") for t, _ in buttons(screen)), buttons(screen)
        await fake.wait_for(lambda: not fake.unanswered_callbacks(), what="to answer every press")
        assert await second.stop() == 0, second.log()
    finally:
        if second is not None:
            await second.kill()
        await fake.stop()
    assert "Traceback" not in second.log()
