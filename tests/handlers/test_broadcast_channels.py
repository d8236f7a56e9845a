"""With MAX on beside Telegram, a coordinator sees the audience and the delivery report per messenger
(«Telegram: 3 · MAX: 2»); a Telegram-only deployment sees the screens it always did."""

from __future__ import annotations

import pytest

from bot.max.ids import user_to_aiogram
from bot.max.session import MaxSession, create_max_bot
from bot.scheduler import create_outbox, show_progress
from bot.sender import ChatPacer, Sender
from bot.settings import Settings, load_settings
from services.runtime.ratelimit import TokenBucket
from tests.conftest import ADMIN_ID, TEST_TOKEN
from tests.factories import make_user
from tests.fake_max import TOKEN, FakeMax

COORDINATOR = 4001
MAX_PEOPLE = [user_to_aiogram(1), user_to_aiogram(2)]


@pytest.fixture(params=["telegram only", "with MAX"])
def settings(request: pytest.FixtureRequest, db_url: str) -> Settings:
    return load_settings(
        _env_file=None,
        bot_token=TEST_TOKEN,
        database_url=db_url,
        admin_ids=frozenset({ADMIN_ID}),
        timezone="Europe/Moscow",
        default_locale="ru",
        throttle_rate=0,
        max_bot_token=TOKEN if request.param == "with MAX" else None,
    )


async def test_audience_and_report_per_messenger_only_when_max_is_on(
    make_client, session, session_factory, bot, settings, translator
) -> None:
    for person in [1, 2, 3, *MAX_PEOPLE]:
        await make_user(session, person)
    await make_user(session, COORDINATOR, role="coordinator")
    client = make_client(COORDINATOR)
    await client.send("/broadcast")
    await client.send("Собрание в пятницу")
    await client.click("Родителям")
    assert "Получателей: <b>5</b>" in client.text
    assert ("Telegram: 3 · MAX: 2" in client.text) == settings.max_enabled
    await client.click("Отправить сейчас")
    assert "Идёт рассылка" in client.text

    async with FakeMax() as fake:
        max_bot = create_max_bot(MaxSession(TOKEN, fake.base_url)) if settings.max_enabled else None
        outbox = create_outbox(settings, session_factory, translator)
        sender = Sender(
            bot,
            outbox,
            TokenBucket(1000.0),
            pacer=ChatPacer(0.0),
            max_bot=max_bot,
            max_limiter=TokenBucket(1000.0) if max_bot else None,
        )
        try:
            report = await sender.drain()
            await show_progress(bot, session_factory, translator, max_bot=max_bot)
        finally:
            if max_bot is not None:
                await max_bot.session.close()
    assert "Рассылка завершена" in client.text
    if settings.max_enabled:
        assert report.sent == 5 and "Доставлено: 5 из 5" in client.text
        assert "Доставлено по мессенджерам: Telegram: 3 · MAX: 2" in client.text
    else:  # MAX people cannot be reached without MAX; nothing about messengers is shown
        assert report.sent == 3 and "Доставлено: 3 из 5" in client.text
        assert "MAX" not in client.text and "мессенджер" not in client.text
