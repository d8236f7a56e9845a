"""Stopping lets the replies already on their way finish before the HTTP session closes, for a bounded time; and one
person's updates are handled one at a time (events isolation), also in the embedded mode, while others' go on."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.lifespan import finish_updates_in_hand
from tests.recording import RecordingSession


class HoldReplies(BaseRequestMiddleware):
    """Telegram slow to answer one chat: its messages wait at the bot's HTTP session until `release`."""

    def __init__(self, chat_id: int) -> None:
        self.chat_id = chat_id
        self.release = asyncio.Event()
        self.held = asyncio.Event()

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, SendMessage) and method.chat_id == self.chat_id:
            self.held.set()
            await self.release.wait()
        return await make_request(bot, method)


def texts_to(recording: RecordingSession, chat_id: int) -> list[str]:
    return [r.text for r in recording.requests if isinstance(r, SendMessage) and r.chat_id == chat_id]


async def shutdown(dp: Dispatcher, bot: Bot) -> None:
    await dp.emit_shutdown(bot=bot, dispatcher=dp, bots=[bot], **dp.workflow_data)  # as start_polling does


async def test_stopping_waits_for_the_reply_on_its_way(dp, bot, make_client, recording) -> None:
    hold = HoldReplies(1001)
    bot.session.middleware(hold)
    anna = make_client(1001)
    pressing = asyncio.create_task(anna.send("/start"))
    await hold.held.wait()
    stopping = asyncio.create_task(shutdown(dp, bot))
    for _ in range(20):
        await asyncio.sleep(0)
    assert not stopping.done()  # the reply is still on its way
    hold.release.set()
    await stopping
    assert pressing.done()
    assert len(texts_to(recording, 1001)) == 1  # the welcome went out before the session could close
    await pressing


async def test_but_not_forever(dp, bot, make_client, recording) -> None:
    hold = HoldReplies(1001)
    bot.session.middleware(hold)
    pressing = asyncio.create_task(make_client(1001).send("/start"))
    await hold.held.wait()
    assert await finish_updates_in_hand(dp["updates_in_hand"], timeout=0.05) == 1
    assert not pressing.done()  # stopping went on without it
    hold.release.set()
    await pressing


async def test_one_persons_updates_run_one_at_a_time_and_others_go_on(
    dp, bot, make_client, recording
) -> None:
    hold = HoldReplies(1001)
    bot.session.middleware(hold)
    anna, boris = make_client(1001), make_client(1002)
    first = asyncio.create_task(anna.send("/start"))
    await hold.held.wait()  # Anna's first update is waiting for Telegram
    second = asyncio.create_task(anna.send("/help"))
    await boris.send("/start")  # another person is answered meanwhile
    assert len(texts_to(recording, 1002)) == 1
    in_hand: Any = dp["updates_in_hand"]
    assert in_hand.count == 1  # Anna's second update has not started: it waits for her first
    assert texts_to(recording, 1001) == []
    hold.release.set()
    await asyncio.gather(first, second)
    welcome, help_ = texts_to(recording, 1001)
    assert welcome == texts_to(recording, 1002)[0]  # her replies came in the order she wrote
    assert help_ != welcome
