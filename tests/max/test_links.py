"""Invite and share links are made for the messenger they will be opened in."""

from __future__ import annotations

from aiogram import Bot

from bot.max.session import MaxSession, create_max_bot
from handlers.common.links import start_link
from tests.fake_max import TOKEN, FakeMax


async def test_a_link_made_on_max_opens_the_max_bot() -> None:
    async with FakeMax() as fake:
        bot = create_max_bot(MaxSession(TOKEN, fake.base_url))
        try:
            assert await start_link(bot, "inv_Ab3") == "https://max.ru/vmeste_bot?start=inv_Ab3"
        finally:
            await bot.session.close()


async def test_a_link_made_on_telegram_opens_the_telegram_bot(bot: Bot) -> None:
    link = await start_link(bot, "ev_12")
    assert link.startswith("https://t.me/") and link.endswith("?start=ev_12")
