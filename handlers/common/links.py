"""Deep links made for the messenger they will be opened in: whoever presses «Пригласить» or «Поделиться» on MAX
gets a MAX link (`https://max.ru/<bot>?start=<payload>`, MAX's deep linking, payload up to 128 characters), on
Telegram a Telegram one (`https://t.me/<bot>?start=<payload>`)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.utils.deep_linking import create_start_link

from db.models import MAX, account_of, messenger_of

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


def person_link(person_id: int, label: object | None = None) -> str:
    """A person in a list staff read: a Telegram person as a link that opens their profile (`tg://user?id=`),
    a MAX person as «MAX <their MAX id>» in plain text (MAX has no such link, and their internal id is not the
    one MAX shows)."""
    if messenger_of(person_id) == MAX:
        return f"MAX {account_of(person_id)}"
    return f'<a href="tg://user?id={person_id}">{person_id if label is None else label}</a>'
