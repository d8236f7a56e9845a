"""/healthz tells how late the outbox is (the oldest notification still waiting, in seconds since it fell due) and
when the scheduler last ran a job: a scheduler silent for two minutes makes the process unhealthy (503)."""

from __future__ import annotations

from datetime import timedelta

from aiohttp.test_utils import TestClient, TestServer

from bot.web import create_metrics_app
from services.runtime.health import Health
from services.runtime.metrics import Metrics
from tests.factories import make_user
from tests.notifications.test_housekeeping import NOW, row


async def healthz(health: Health) -> tuple[int, dict]:
    client = TestClient(TestServer(create_metrics_app(health, Metrics())))
    await client.start_server()
    try:
        response = await client.get("/healthz")
        metrics = await (await client.get("/metrics")).text()
        return response.status, {**(await response.json()), "_metrics": metrics}
    finally:
        await client.close()


async def test_the_oldest_waiting_notification_and_the_schedulers_last_tick(session, session_factory):
    user = await make_user(session, 8501)
    session.add_all(
        [
            row(1, user.id, "pending", NOW - timedelta(minutes=5)),  # waiting for 300 s
            row(2, user.id, "pending", NOW + timedelta(hours=1)),  # not due yet
            row(3, user.id, "sent", NOW - timedelta(days=1)),  # done
        ]
    )
    await session.commit()
    tick = {"at": NOW - timedelta(seconds=3)}
    health = Health(session_factory, last_tick=lambda: tick["at"], clock=lambda: NOW)

    status, body = await healthz(health)
    assert status == 200
    assert body["outbox_oldest_due_seconds"] == 300.0
    assert (body["scheduler"], body["scheduler_last_tick_seconds_ago"]) == ("ok", 3.0)
    assert "vmeste_outbox_oldest_due_seconds 300" in body["_metrics"].splitlines()

    tick["at"] = NOW - timedelta(minutes=5)  # nothing has run for five minutes
    status, body = await healthz(health)
    assert status == 503 and body["status"] == "unavailable" and body["scheduler"] == "stalled"

    tick["at"] = None  # not started (yet) in this process
    status, body = await healthz(health)
    assert status == 200 and body["scheduler"] == "off" and body["scheduler_last_tick_seconds_ago"] is None
