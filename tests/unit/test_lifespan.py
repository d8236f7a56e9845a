"""Stopping in polling mode lets the replies already on their way finish before the HTTP session closes."""

from __future__ import annotations

import asyncio

from aiogram import Dispatcher

from bot.lifespan import finish_updates_in_hand


async def test_shutdown_waits_for_the_updates_in_hand() -> None:
    dp = Dispatcher()
    replied: list[int] = []

    async def handler(n: int) -> None:
        await asyncio.sleep(0.1)
        replied.append(n)

    for n in range(3):
        dp._handle_update_tasks.add(asyncio.create_task(handler(n)))
    await finish_updates_in_hand(dp)
    assert sorted(replied) == [0, 1, 2]


async def test_but_not_forever() -> None:
    dp = Dispatcher()
    stuck = asyncio.create_task(asyncio.sleep(30))
    dp._handle_update_tasks.add(stuck)
    await asyncio.wait_for(finish_updates_in_hand(dp, timeout=0.1), 2)
    assert not stuck.done()
    stuck.cancel()
