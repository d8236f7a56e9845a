"""The replica's aiohttp app in process: the webhook checks the secret and handles the update before answering,
/healthz says whether the database and Redis answer, /metrics speaks the Prometheus text format."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from aiogram.methods import SendMessage
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from bot.factory import create_bot, create_dispatcher
from bot.web import create_webhook_app
from services.runtime.health import Health
from services.runtime.metrics import Metrics
from tests.recording import RecordingSession
from tests.scale.test_edge import make_settings

SECRET = "s3cret-token_1"
PATH = "/telegram/webhook"


def start_update(update_id: int, user_id: int) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Анна", "language_code": "ru"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def serve(db_url, session_factory, translator, redis: Redis | None = None):
    settings = make_settings(db_url, bot_mode="webhook", webhook_secret=SECRET)
    metrics = Metrics()
    recording = RecordingSession()
    bot = create_bot(settings, session=recording, metrics=metrics)
    dp = create_dispatcher(settings, session_factory, translator=translator, metrics=metrics)
    app = create_webhook_app(settings, dp, bot, Health(session_factory, redis), metrics)
    client = TestClient(TestServer(app))
    await client.start_server()
    return client, recording


async def test_webhook_checks_the_secret_and_handles_before_answering(db_url, session_factory, translator):
    client, recording = await serve(db_url, session_factory, translator)
    try:
        wrong = await client.post(
            PATH, json=start_update(1, 7001), headers={"X-Telegram-Bot-Api-Secret-Token": "x"}
        )
        assert wrong.status == 401
        missing = await client.post(PATH, json=start_update(2, 7001))
        assert missing.status == 401
        assert not recording.of_type(SendMessage)
        right = await client.post(
            PATH, json=start_update(3, 7001), headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert right.status == 200
        # handle_in_background=False: the answer was already sent when the response came
        assert [m.chat_id for m in recording.of_type(SendMessage)] == [7001]
        again = await client.post(
            PATH, json=start_update(3, 7001), headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert again.status == 200 and len(recording.of_type(SendMessage)) == 1

        metrics = await client.get("/metrics")
        assert metrics.status == 200 and metrics.headers["Content-Type"].startswith(
            "text/plain; version=0.0.4"
        )
        body = await metrics.text()
        lines = set(body.splitlines())
        assert 'vmeste_updates_total{type="message"} 2' in lines
        assert "vmeste_updates_duplicate_total 1" in lines
        assert 'vmeste_messages_sent_total{method="sendMessage"} 1' in lines
        assert {'vmeste_outbox_depth{status="pending"} 0', 'vmeste_outbox_depth{status="sending"} 0'} <= lines
        for name in (
            "vmeste_handler_errors_total",
            "vmeste_telegram_429_total",
            "vmeste_blocked_users_total",
        ):
            assert f"# TYPE {name} counter" in lines and f"{name} 0" in lines
    finally:
        await client.close()


async def test_healthz_ok_with_database(db_url, session_factory, translator):
    client, _ = await serve(db_url, session_factory, translator)
    try:
        response = await client.get("/healthz")
        assert response.status == 200
        assert json.loads(await response.text()) == {
            "status": "ok",
            "database": "ok",
            "outbox_oldest_due_seconds": 0.0,
        }
    finally:
        await client.close()


@pytest.mark.redis
async def test_healthz_checks_redis_too(db_url, session_factory, translator, redis):
    client, _ = await serve(db_url, session_factory, translator, redis)
    try:
        response = await client.get("/healthz")
        assert response.status == 200
        assert json.loads(await response.text()) == {
            "status": "ok",
            "database": "ok",
            "redis": "ok",
            "outbox_oldest_due_seconds": 0.0,
        }
    finally:
        await client.close()


async def test_healthz_503_when_redis_does_not_answer(db_url, session_factory, translator):
    dead = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    client, _ = await serve(db_url, session_factory, translator, dead)
    try:
        response = await client.get("/healthz")
        assert response.status == 503
        assert json.loads(await response.text()) == {
            "status": "unavailable",
            "database": "ok",
            "redis": "unreachable",
            "outbox_oldest_due_seconds": 0.0,
        }
    finally:
        await client.close()
        await dead.aclose()


async def test_webhook_mode_needs_a_secret(db_url, session_factory, translator):
    settings = make_settings(db_url, bot_mode="webhook")
    dp = create_dispatcher(settings, session_factory, translator=translator)
    with pytest.raises(ValueError, match="WEBHOOK_SECRET"):
        create_webhook_app(
            settings, dp, create_bot(settings, session=RecordingSession()), Health(session_factory), Metrics()
        )
    with pytest.raises(ValueError):
        make_settings(db_url, webhook_secret="has spaces")


async def test_polling_mode_serves_health_and_metrics_on_their_own_port(session_factory):
    from bot.web import create_metrics_app

    metrics = Metrics()
    metrics.telegram_429.inc()
    client = TestClient(TestServer(create_metrics_app(Health(session_factory), metrics)))
    await client.start_server()
    try:
        assert (await client.get("/healthz")).status == 200
        body = await (await client.get("/metrics")).text()
        assert "vmeste_telegram_429_total 1" in body.splitlines()
        assert (await client.post(PATH, json={})).status == 404  # no webhook here
    finally:
        await client.close()


async def test_a_replica_serves_max_s_webhook_with_its_secret_header(db_url, session_factory, translator):
    """With MAX on, the replica also takes MAX's updates at MAX_WEBHOOK_PATH: without the subscription's secret in
    X-Max-Bot-Api-Secret they are refused; with it the MAX person is answered through MAX."""
    from bot.max.session import MaxSession, create_max_bot
    from tests.fake_max import TOKEN, FakeMax

    settings = make_settings(
        db_url,
        bot_mode="webhook",
        webhook_secret=SECRET,
        max_bot_token=TOKEN,
        max_webhook_secret="max-secret_1",
    )
    metrics = Metrics()
    bot = create_bot(settings, session=RecordingSession(), metrics=metrics)
    dp = create_dispatcher(settings, session_factory, translator=translator, metrics=metrics)
    async with FakeMax() as fake:
        max_bot = create_max_bot(MaxSession(TOKEN, fake.base_url))
        app = create_webhook_app(settings, dp, bot, Health(session_factory, None), metrics, max_bot=max_bot)
        client = TestClient(TestServer(app))
        await client.start_server()
        try:
            update = fake.start_bot(7002)
            refused = await client.post("/max/webhook", json=update)
            assert refused.status == 401 and fake.made("POST /messages") == []
            taken = await client.post(
                "/max/webhook", json=update, headers={"X-Max-Bot-Api-Secret": "max-secret_1"}
            )
            assert taken.status == 200
            assert "Даю согласие" in " ".join(label for label, _ in fake.buttons(fake.screen(7002)))
        finally:
            await client.close()
            await max_bot.session.close()
