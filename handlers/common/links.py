"""Deep links made for the messenger they will be opened in: whoever presses «Пригласить» or «Поделиться» on MAX
gets a MAX link (`https://max.ru/<bot>?start=<payload>`, MAX's deep linking, payload up to 128 characters), on
Telegram a Telegram one (`https://t.me/<bot>?start=<payload>`)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.utils.deep_linking import create_start_link

from db.models import MAX, messenger_of

MAX_LINK = "https://max.ru/{username}?start={payload}"
MAX_PAYLOAD_LIMIT = 128


async def start_link(bot: Bot, payload: str) -> str:
    """The link that starts this bot with `payload`, on the bot's own messenger (its id tells which)."""
    if messenger_of(bot.id) == MAX:
        if len(payload) > MAX_PAYLOAD_LIMIT:
            raise ValueError("a MAX start payload is at most 128 characters")
        me = await bot.me()
        return MAX_LINK.format(username=me.username, payload=payload)
    return await create_start_link(bot, payload)
