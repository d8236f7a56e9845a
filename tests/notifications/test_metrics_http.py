"""/metrics over HTTP while the sender works: the outbox depth by status (read from the shared database), messages
sent, 429 answers and people who blocked the bot, beside the update counters; /healthz is unchanged."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.factory import create_bot
from bot.sender import ChatPacer, Sender
from bot.web import create_metrics_app
from services.runtime.health import Health
from services.runtime.metrics import Metrics
from services.runtime.ratelimit import TokenBucket
from tests.notifications.test_sender import broadcast_to


async def scrape(client: TestClient) -> set[str]:
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return set((await response.text()).splitlines())


async def test_metrics_show_the_outbox_and_what_telegram_answered(
    session, session_factory, settings, outbox, clock, recording
) -> None:
    metrics = Metrics()
    bot = create_bot(settings, session=recording, metrics=metrics)
    sender = Sender(bot, outbox, TokenBucket(1000.0), concurrency=4, pacer=ChatPacer(0.0))
    client = TestClient(TestServer(create_metrics_app(Health(session_factory), metrics)))
    await client.start_server()
    try:
        await broadcast_to(session, clock, range(1, 5))
        claim = await outbox.claim(1)  # one row in a sender's hands right now
        assert len(claim.deliveries) == 1
        lines = await scrape(client)
        assert "# TYPE vmeste_outbox_depth gauge" in lines
        assert 'vmeste_outbox_depth{status="pending"} 3' in lines
        assert 'vmeste_outbox_depth{status="sending"} 1' in lines

        await outbox.release_stale(None)
        recording.blocked.add(2)
        recording.script.append("429")
        report = await sender.drain()
        assert (report.sent, report.blocked, report.retry_after) == (3, 1, 1)

        lines = await scrape(client)
        assert 'vmeste_outbox_depth{status="pending"} 0' in lines
        assert 'vmeste_outbox_depth{status="sending"} 0' in lines
        assert 'vmeste_messages_sent_total{method="sendMessage"} 3' in lines
        assert "vmeste_telegram_429_total 1" in lines
        assert "vmeste_blocked_users_total 1" in lines
        for name in ("vmeste_updates_total", "vmeste_handler_errors_total"):
            assert f"# TYPE {name} counter" in lines

        health = await client.get("/healthz")
        assert health.status == 200 and await health.json() == {
            "status": "ok",
            "database": "ok",
            "outbox_oldest_due_seconds": 0.0,
        }
    finally:
        await client.close()
        await bot.session.close()
