"""Two real bot processes in webhook mode on PostgreSQL and Redis, pushed to alternately the way Telegram would:
a person's onboarding and a coordinator's multi-step form keep working when consecutive clicks land on different
replicas, a wrong secret is refused, and the same update pushed to both replicas has effect once."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import ClientSession
from sqlalchemy import select

from db.engine import create_engine
from db.models import Event, User
from tests.e2e.cluster import SECRET, Cluster, running_cluster
from tests.fake_telegram import FakeTelegram, buttons, run_command

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    fake = FakeTelegram()
    await fake.start()
    try:
        async with running_cluster(tmp_path, fake) as cluster:
            yield cluster
    finally:
        await fake.stop()
    for replica in cluster.replicas:
        log = replica.process.log()
        assert replica.process.process is not None
        assert replica.process.process.returncode == 0, log[-3000:]
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
    await cluster.press(parent, "Даю согласие")
    await cluster.press(parent, "Русский")
    await cluster.press(parent, "родитель")
    await cluster.press(parent, "Пропустить")
    await cluster.press(parent, "Обычный вид")
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
    await cluster.press(coordinator, "Даю согласие")
    await cluster.press(coordinator, "Русский")
    await cluster.press(coordinator, "Обычный вид")
    await cluster.press(coordinator, "Новое мероприятие")
    assert "Как называется мероприятие" in cluster.text(coordinator)
    await cluster.send(coordinator, "Круглый стол «Инклюзия в школе»")
    await cluster.press(coordinator, "семинар")
    await cluster.press(coordinator, "родители")
    await cluster.send(coordinator, "15.12.2030 18:00")
    await cluster.send(coordinator, "15.12.2030 19:30")
    await cluster.press(coordinator, "Пропустить")  # description
    await cluster.send(coordinator, "25")
    await cluster.press(coordinator, "Пропустить")  # venue
    await cluster.press(coordinator, "Пропустить")  # online link
    await cluster.press(coordinator, "Пропустить")  # registration deadline
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
    data = next(d for t, d in buttons(consent_screen) if "Даю согласие" in t)
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
