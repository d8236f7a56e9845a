"""Real bot processes in webhook mode on PostgreSQL and Redis behind the emulated Telegram, which pushes updates to
them in turn the way Telegram would. Shared by the end-to-end tests of replicas."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, ClientTimeout
from redis.asyncio import Redis

from tests.conftest import require_service, sibling_database
from tests.fake_telegram import STARTUP_SECONDS, BotProcess, FakeTelegram, buttons

SECRET = "e2e-webhook-secret"
PATH = "/telegram/webhook"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def e2e_database() -> str:
    """A database of its own beside TEST_DATABASE_URL's (its name + "c"), emptied: the bots migrate it."""
    return await sibling_database("c")


async def e2e_redis() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        require_service("Redis", "set TEST_REDIS_URL")
    assert url is not None
    client = Redis.from_url(url)
    try:
        await client.flushdb()
    except OSError as error:
        require_service("Redis", f"{url} is not reachable ({error})")
    finally:
        await client.aclose()
    return url


@dataclass
class Replica:
    process: BotProcess
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def alive(self) -> bool:
        return self.process.process is not None and self.process.process.returncode is None


@dataclass
class Cluster:
    fake: FakeTelegram
    replicas: list[Replica]
    database_url: str
    env: dict[str, str]
    turn: int = 0

    def next(self) -> Replica:
        """The next live replica in turn."""
        live = [r for r in self.replicas if r.alive] or self.replicas
        replica = live[self.turn % len(live)]
        self.turn += 1
        return replica

    async def post(self, update: dict[str, Any], replica: Replica | None = None, secret: str = SECRET) -> int:
        replica = replica or self.next()
        return await self.fake.post_webhook(replica.url + PATH, update, secret)

    async def send(self, user_id: int, text: str) -> None:
        assert await self.post(self.fake.message_update(user_id, text)) == 200

    async def press(self, user_id: int, label: str) -> None:
        screen = self.fake.screen(user_id)
        data = next((d for t, d in buttons(screen) if label in t and d), None)
        assert data, f"no button {label!r}; buttons: {[t for t, _ in buttons(screen)]}"
        assert await self.post(self.fake.callback_update(user_id, data, screen)) == 200

    def text(self, user_id: int) -> str:
        return self.fake.screen(user_id).get("text", "")


async def wait_healthy(replica: Replica, timeout: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    async with ClientSession(timeout=ClientTimeout(total=2)) as client:
        while time.monotonic() < deadline:
            if replica.process.process and replica.process.process.returncode is not None:
                raise AssertionError(f"replica exited early:\n{replica.process.log()[-3000:]}")
            try:
                async with client.get(replica.url + "/healthz") as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"replica not healthy in {timeout}s:\n{replica.process.log()[-3000:]}")


@contextlib.asynccontextmanager
async def running_cluster(
    tmp_path: Path,
    fake: FakeTelegram,
    env: Mapping[str, str] | None = None,
    *,
    size: int = 2,
    before_start: Callable[[dict[str, str]], Awaitable[None]] | None = None,
) -> AsyncIterator[Cluster]:
    """`size` replicas on a fresh database and Redis db, healthy when the block starts; every process is stopped
    (killed if it does not stop) when it ends, whatever happened. `before_start(env)` runs first (seed data)."""
    database_url = await e2e_database()
    redis_url = await e2e_redis()
    settings = {
        "BOT_MODE": "webhook",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TELEGRAM_API_BASE": fake.base_url,
        "WEBHOOK_HOST": "127.0.0.1",
        "WEBHOOK_PATH": PATH,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_URL": f"https://bot.example.org{PATH}",
        "LOG_FORMAT": "json",
        "ADMIN_IDS": "",
        "TIMEZONE": "Europe/Moscow",
        **(env or {}),
    }
    replicas = []
    for i in range(size):
        port = free_port()
        replicas.append(
            Replica(BotProcess({**settings, "WEBHOOK_PORT": str(port)}, tmp_path / f"bot{i}.log"), port)
        )
    try:
        if before_start is not None:
            await before_start(settings)
        for replica in replicas:  # started together: they migrate in turns and race for the leases
            await replica.process.start()
        for replica in replicas:
            await wait_healthy(replica)
        yield Cluster(fake, replicas, database_url, settings)
    finally:
        for replica in replicas:
            await replica.process.stop()
