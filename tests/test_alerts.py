"""Told when something breaks: an update that fails with an unhandled error sends the administrators one short
message (the error's class and the handler, no personal data), at most one per kind every ten minutes; refusals
the person is told about send nothing."""

from __future__ import annotations

from aiogram.methods import SendMessage
from sqlalchemy import text

from bot.alerts import ALERT_EVERY
from tests.conftest import ADMIN_ID
from tests.handlers.test_onboarding import onboard


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


def alerts_to_admin(recording) -> list[str]:
    return [m.text for m in recording.of_type(SendMessage) if m.chat_id == ADMIN_ID]


async def test_an_unhandled_error_alerts_the_admins_once_per_ten_minutes(dp, make_client, recording, engine):
    clock = Clock()
    dp["alerts"].clock = clock
    parent = make_client(4242, first_name="Мария")
    await onboard(parent)
    await parent.send("/my")
    assert alerts_to_admin(recording) == []  # all well: nothing

    async with engine.begin() as conn:  # the database loses a table: every read of registrations fails
        await conn.execute(text("ALTER TABLE registrations RENAME TO registrations_gone"))
    try:
        await parent.send("/my")
        assert "Что-то пошло не так" in parent.text, parent.text  # the person gets the polite answer
        [alert] = alerts_to_admin(recording)
        assert "Сбой в боте" in alert and " в handlers." in alert
        assert any(name in alert for name in ("OperationalError", "ProgrammingError"))
        assert "4242" not in alert and "Мария" not in alert  # nobody's id or name

        await parent.send("/my")
        clock.now += ALERT_EVERY - 1
        await parent.send("/my")
        assert len(alerts_to_admin(recording)) == 1  # the same kind within ten minutes: once
        clock.now += 2
        await parent.send("/my")
        assert len(alerts_to_admin(recording)) == 2
    finally:
        async with engine.begin() as conn:
            await conn.execute(text("ALTER TABLE registrations_gone RENAME TO registrations"))


async def test_a_refusal_is_not_an_alert(make_client, recording):
    parent = make_client(4243)
    await onboard(parent)
    await parent.press("ev:open:999999")  # an outdated or forged button: the person is told, nobody else
    await parent.press("e:open:999999:all::0:0:0")
    assert alerts_to_admin(recording) == []


async def test_a_failing_scheduler_job_alerts_the_admins(
    bot, settings, session_factory, translator, recording
):
    import asyncio

    from bot.alerts import Alerts
    from bot.scheduler import create_scheduler, stop_notifications

    alerts = Alerts(translator, {ADMIN_ID}, "ru")
    notifications = create_scheduler(bot, session_factory, settings, translator, alerts=alerts)
    failed = asyncio.Event()

    async def broken() -> None:
        failed.set()
        raise RuntimeError("the job broke")

    notifications.scheduler.add_job(broken, "date", id="broken")  # runs at once
    notifications.scheduler.start()
    try:
        await asyncio.wait_for(failed.wait(), 30)
        for _ in range(500):
            if alerts_to_admin(recording):
                break
            await asyncio.sleep(0.02)
    finally:
        await stop_notifications(notifications)
    [alert] = alerts_to_admin(recording)
    assert "RuntimeError" in alert and "scheduler.broken" in alert and "the job broke" not in alert
    assert notifications.last_tick is not None


async def test_each_administrator_is_alerted_on_their_own_messenger(translator) -> None:
    """With MAX beside Telegram, an alert reaches a MAX administrator through the MAX bot and a Telegram one through
    the Telegram bot, whichever bot met the error; with MAX off, the MAX administrator is skipped, not sent to
    through Telegram."""
    from aiogram import Bot

    from bot.alerts import Alerts
    from db.models.user import MAX_PERSON_BASE
    from tests.recording import RecordingSession

    max_admin = MAX_PERSON_BASE + 7
    telegram = Bot(token="123456:TEST", session=RecordingSession())
    max_bot = Bot(token=f"{MAX_PERSON_BASE + 1}:max", session=RecordingSession())
    alerts = Alerts(translator, {ADMIN_ID, max_admin}, "ru", clock=Clock())
    alerts.attach(telegram, max_bot)
    assert await alerts.error(max_bot, RuntimeError("x"), "handlers.registration.signup.join")
    assert [m.chat_id for m in telegram.session.of_type(SendMessage)] == [ADMIN_ID]
    assert [m.chat_id for m in max_bot.session.of_type(SendMessage)] == [max_admin]

    alone = Alerts(translator, {ADMIN_ID, max_admin}, "ru", clock=Clock())
    alone.attach(telegram, None)
    assert await alone.error(telegram, ValueError("y"), "handlers.menu.router.home")
    assert [m.chat_id for m in telegram.session.of_type(SendMessage)] == [ADMIN_ID, ADMIN_ID]
