"""Two real bot processes in webhook mode on PostgreSQL and Redis, pushed to alternately the way Telegram would:
a person's onboarding and a coordinator's multi-step form keep working when consecutive clicks land on different
replicas, a wrong secret is refused, and the same update pushed to both replicas has effect once."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, ClientTimeout
from redis.asyncio import Redis
from sqlalchemy import select

from db.engine import create_engine
from db.models import Event, User
from tests.conftest import require_service, sibling_database
from tests.fake_telegram import STARTUP_SECONDS, BotProcess, FakeTelegram, buttons, run_command

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

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


@dataclass
class Cluster:
    fake: FakeTelegram
    replicas: list[Replica]
    database_url: str
    env: dict[str, str]
    turn: int = 0

    def next(self) -> Replica:
        replica = self.replicas[self.turn % len(self.replicas)]
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


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    database_url = await e2e_database()
    redis_url = await e2e_redis()
    fake = FakeTelegram()
    await fake.start()
    ports = [free_port(), free_port()]
    env = {
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
    }
    replicas = [
        Replica(BotProcess({**env, "WEBHOOK_PORT": str(port)}, tmp_path / f"bot{i}.log"), port)
        for i, port in enumerate(ports)
    ]
    try:
        for replica in replicas:  # started together: they migrate in turns and race for the webhook lease
            await replica.process.start()
        for replica in replicas:
            await wait_healthy(replica)
        yield Cluster(fake, replicas, database_url, env)
    finally:
        codes = [await replica.process.stop() for replica in replicas]
        await fake.stop()
    for replica, code in zip(replicas, codes, strict=True):
        log = replica.process.log()
        assert code == 0, log[-3000:]
        assert "Traceback" not in log, log[-3000:]


async def test_two_replicas_behind_an_emulated_telegram(cluster: Cluster) -> None:
    fake = cluster.fake
    # One replica registered the webhook, with the secret; the other left it alone.
    assert len(fake.sent("setWebhook")) == 1
    assert fake.webhook is not None and fake.webhook.secret_token == SECRET

    # A wrong or missing secret is refused and has no effect.
    assert await cluster.post(fake.message_update(4001, "/start"), secret="wrong") == 401
    assert await cluster.post(fake.message_update(4001, "/start"), secret="") == 401
    assert not fake.sent("sendMessage", 4001)

    # Onboarding, each click on the other replica.
    parent = 4002
    await cluster.send(parent, "/start")
    assert "Что мы храним" in cluster.text(parent)
    await cluster.press(parent, "Согласен")
    await cluster.press(parent, "Русский")
    await cluster.press(parent, "родитель")
    await cluster.press(parent, "Пропустить")
    assert "Готово" in cluster.text(parent)
    await cluster.send(
        parent, "Мой телефон +7 912 345-67-89, перезвоните"
    )  # free text: answered, never logged
    assert fake.sent("sendMessage", parent)

    # A coordinator's form (FSM in Redis), each message or click on the other replica.
    code, output = await run_command(cluster.env, "create-invite", "coordinator")
    assert code == 0, output
    invite = re.search(r"/start (inv_\w+)", output)
    assert invite
    coordinator = 4003
    await cluster.send(coordinator, f"/start {invite.group(1)}")
    await cluster.press(coordinator, "Согласен")
    await cluster.press(coordinator, "Русский")
    await cluster.press(coordinator, "Новое мероприятие")
    assert "Как называется мероприятие" in cluster.text(coordinator)
    await cluster.send(coordinator, "Круглый стол «Инклюзия в школе»")
    await cluster.press(coordinator, "семинар")
    await cluster.press(coordinator, "родители")
    await cluster.send(coordinator, "15.12.2030 18:00")
    await cluster.send(coordinator, "15.12.2030 19:30")
    await cluster.press(coordinator, "Пропустить")  # description
    await cluster.send(coordinator, "25")
    await cluster.press(coordinator, "Пропустить")  # online link
    if "Проверьте мероприятие" not in cluster.text(coordinator):
        await cluster.press(coordinator, "Пропустить")  # organization
    assert "Проверьте мероприятие" in cluster.text(coordinator)
    await cluster.press(coordinator, "Сохранить")
    assert "Мероприятие сохранено" in cluster.text(coordinator)

    # The same update pushed to both replicas at once, and again later: it has effect once.
    newcomer = 4004
    start = {"update_id": 777_000_001, **fake.message_update(newcomer, "/start")}
    statuses = await asyncio.gather(*(cluster.post(start, replica) for replica in cluster.replicas))
    assert statuses == [200, 200]
    assert len(fake.sent("sendMessage", newcomer)) == 1
    consent_screen = fake.screen(newcomer)
    data = next(d for t, d in buttons(consent_screen) if "Согласен" in t)
    consent = {"update_id": 777_000_002, **fake.callback_update(newcomer, data, consent_screen)}
    for replica in cluster.replicas:
        assert await cluster.post(consent, replica) == 200
    assert len(fake.sent("answerCallbackQuery")) == len(
        [c for c in fake.calls if c.method == "answerCallbackQuery" and c.status == 200]
    )

    engine = create_engine(cluster.database_url)
    try:
        async with engine.connect() as conn:
            events = (await conn.execute(select(Event.title, Event.capacity))).all()
            users = (await conn.execute(select(User.id, User.role))).all()
    finally:
        await engine.dispose()
    assert events == [("Круглый стол «Инклюзия в школе»", 25)]
    assert sorted(users) == [(parent, "parent"), (coordinator, "coordinator"), (newcomer, None)]
    consent_edits = [
        c for c in fake.sent("editMessageText", newcomer) if "язык" in c.params.get("text", "").lower()
    ]
    assert len(consent_edits) == 1

    # Both replicas served, and each says so in its metrics and its JSON log.
    async with ClientSession() as client:
        for replica in cluster.replicas:
            async with client.get(replica.url + "/metrics") as response:
                body = await response.text()
            handled = sum(
                float(line.rsplit(" ", 1)[1])
                for line in body.splitlines()
                if line.startswith("vmeste_updates_total{")
            )
            assert handled >= 8
    duplicates = 0
    for replica in cluster.replicas:
        log = replica.process.log()
        for private in ("912 345-67-89", "перезвоните", "Инклюзия в школе"):
            assert private not in log
        lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
        assert any(line.get("event") == "update" for line in lines)
        duplicates += sum(1 for line in lines if line.get("event") == "update skipped: already handled")
    assert duplicates == 2
