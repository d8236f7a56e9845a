"""The real bot process against an emulated Bot API that enforces Telegram's per-chat limit: the broadcast preview
puts three messages into the coordinator's chat at once, Telegram answers «retry after 1 s», and the coordinator
still sees the whole preview, never «Что-то пошло не так»."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fake_telegram import (
    STARTUP_SECONDS,
    BotProcess,
    FakeTelegram,
    has_button,
    onboard_staff,
)

pytestmark = pytest.mark.e2e

ADMIN = 7101


async def test_the_broadcast_preview_waits_out_the_per_chat_limit(tmp_path: Path) -> None:
    fake = FakeTelegram(per_chat_interval=0.5, retry_after=1)
    await fake.start()
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "TELEGRAM_API_BASE": fake.base_url,
        "ADMIN_IDS": str(ADMIN),
    }
    bot = await BotProcess(env, tmp_path / "bot.log").start()
    try:
        await fake.wait_for(lambda: fake.sent("getUpdates"), timeout=STARTUP_SECONDS)
        await onboard_staff(fake, ADMIN)
        fake.message(ADMIN, "/broadcast")
        await fake.wait_screen(ADMIN, lambda m: "Напишите объявление" in m.get("text", ""))
        fake.message(ADMIN, "Собрание в пятницу")
        await fake.wait_screen(ADMIN, has_button("Родителям"))
        before = fake.count_429
        fake.press(ADMIN, "Родителям")
        await fake.wait_screen(ADMIN, lambda m: "Получателей" in m.get("text", ""))
        await fake.wait_for(lambda: not fake.unanswered_callbacks(), what="to answer every button press")
        assert fake.count_429 > before  # the limit was hit during the preview
        texts = [c.params.get("text", "") for c in fake.sent("sendMessage", ADMIN)]
        assert not any("Что-то пошло не так" in text for text in texts), texts
        title = texts.index("👀 Так объявление увидят получатели:")
        assert texts[title + 1] == "Собрание в пятницу"
        assert "Traceback" not in bot.log()
    finally:
        await bot.stop()
        await fake.stop()
