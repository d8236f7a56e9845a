"""The real bot process, long polling against the emulated Bot API over HTTP: what a newcomer does first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fake_telegram import STARTUP_SECONDS, BotProcess, FakeTelegram, has_button, run_command

pytestmark = pytest.mark.e2e

PARENT = 5001


@pytest.fixture
async def fake() -> FakeTelegram:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


async def test_newcomer_finds_an_event_and_takes_it_to_the_calendar(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "TELEGRAM_API_BASE": fake.base_url,
        "ADMIN_IDS": "",
        "TIMEZONE": "Europe/Moscow",
    }
    code, output = await run_command(env, "seed-demo")
    assert code == 0, output
    assert "events added" in output

    bot = await BotProcess(env, tmp_path / "bot.log").start()
    try:
        await fake.wait_for(lambda: fake.sent("getUpdates"), timeout=STARTUP_SECONDS)
        commands = fake.sent("setMyCommands")
        assert {c.params.get("language_code") for c in commands} >= {"ru", "en"}

        fake.message(PARENT, "/start")
        screen = await fake.wait_screen(PARENT, has_button("Даю согласие"))
        assert "Что мы храним" in screen["text"]
        fake.press(PARENT, "Даю согласие")
        await fake.wait_screen(PARENT, has_button("Русский"))
        fake.press(PARENT, "Русский")
        await fake.wait_screen(PARENT, has_button("родитель"))
        fake.press(PARENT, "родитель")
        await fake.wait_screen(PARENT, has_button("Пропустить"))
        fake.press(PARENT, "Пропустить")
        await fake.wait_screen(PARENT, has_button("Обычный вид"))
        fake.press(PARENT, "Обычный вид")
        await fake.wait_screen(PARENT, has_button("Расписание"))

        fake.press(PARENT, "Расписание")
        schedule = await fake.wait_screen(PARENT, lambda m: "Показаны: для родителей" in m.get("text", ""))
        assert "Клуб для родителей обучающихся с ОВЗ" in schedule["text"]
        fake.press(PARENT, "Клуб для родителей")
        card = await fake.wait_screen(PARENT, has_button("Добавить в календарь"))
        assert "Когда:" in card["text"] and "Для кого: родители" in card["text"]

        fake.press(PARENT, "Добавить в календарь")
        await fake.wait_for(lambda: fake.sent("sendDocument", PARENT))
        # The handler answers the callback after the document: it is done only then. Stopping the bot earlier
        # would cut that last request off (aiogram closes the HTTP session as polling stops).
        await fake.wait_for(lambda: not fake.unanswered_callbacks(), what="to answer every button press")
        document = fake.sent("sendDocument", PARENT)[-1].params["document"]
        assert document["filename"].endswith(".ics")
        body = document["content"].decode().replace("\r\n ", "")
        assert "BEGIN:VEVENT" in body and "SUMMARY:Клуб для родителей обучающихся с ОВЗ" in body

        # Every callback was answered, so no button spins forever in the user's app.
        pressed = sum(1 for update in fake.calls if update.method == "answerCallbackQuery")
        assert pressed >= 6
    finally:
        code = await bot.stop()
    assert code == 0, bot.log()
    # No update failed. (A long poll that timed out on a busy machine is logged by aiogram and retried: not ours.)
    failures = [line for line in bot.log().splitlines() if "update" in line and "failed" in line]
    assert failures == [], bot.log()
