"""Long polling against the emulated MAX API: the marker commits a batch only once it has been handled."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Dispatcher, F
from aiogram.types import Message

from bot.max.polling import MaxPoller
from bot.max.session import MaxSession, create_max_bot
from tests.fake_max import TOKEN, FakeMax


@pytest.fixture
async def fake() -> AsyncIterator[FakeMax]:
    async with FakeMax() as fake:
        yield fake


async def test_a_batch_that_failed_half_way_comes_again(fake: FakeMax) -> None:
    seen: list[str] = []
    failures = [RuntimeError("crash")]
    dp = Dispatcher()

    @dp.message(F.text)
    async def record(message: Message) -> None:
        if message.text == "второе" and failures:
            raise failures.pop()
        seen.append(message.text or "")

    bot = create_max_bot(MaxSession(TOKEN, fake.base_url))
    session = bot.session
    assert isinstance(session, MaxSession)
    poller = MaxPoller(dp, bot, session.client, timeout=0)
    fake.message(1, "первое")
    fake.message(1, "второе")
    await asyncio.sleep(0)
    with pytest.raises(RuntimeError):
        await poller.poll_once()
    assert seen == ["первое"] and poller.marker is None  # nothing committed
    assert await poller.poll_once() == 2  # the same batch again (a real dispatcher skips what had its effect)
    assert seen == ["первое", "первое", "второе"]
    fake.message(1, "третье")
    await asyncio.sleep(0)
    assert await poller.poll_once() == 1  # the marker committed the first batch
    assert seen[-1] == "третье"
    await bot.session.close()


async def test_polling_waits_out_errors_and_goes_on(fake: FakeMax) -> None:
    seen: list[str] = []
    dp = Dispatcher()

    @dp.message(F.text)
    async def record(message: Message) -> None:
        seen.append(message.text or "")

    bot = create_max_bot(MaxSession("wrong-token", fake.base_url))
    session = bot.session
    assert isinstance(session, MaxSession)
    poller = MaxPoller(dp, bot, session.client, timeout=1)
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    fake.message(1, "привет")
    await asyncio.sleep(0.2)
    assert seen == [] and not task.done()  # 401: waits and tries again instead of dying
    fake.token = "wrong-token"  # the token is fixed
    for _ in range(100):
        if seen:
            break
        await asyncio.sleep(0.05)
    assert seen == ["привет"]
    stop.set()
    await asyncio.wait_for(task, 5)
    await bot.session.close()
