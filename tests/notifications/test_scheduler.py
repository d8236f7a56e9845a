"""The scheduler as the bot runs it: started with the dispatcher, jobs with explicit ids and misfire grace,
rows found in the database sent without anyone asking, stopped with the dispatcher."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.scheduler import create_scheduler
from db.models import Notification, User
from services.broadcasts.broadcasts import BroadcastDraft, BroadcastService
from services.core.notifier import NO_SENDER
from tests.factories import make_user
from tests.notifications.conftest import sent_to


async def test_the_dispatcher_starts_and_stops_the_scheduler_which_sends_what_is_queued(
    dp, bot, session, session_factory, recording
) -> None:
    await make_user(session, 900001, role="admin")
    for user_id in (1, 2, 3):
        await make_user(session, user_id)
    await BroadcastService(session).create(
        await session.get(User, 900001), BroadcastDraft("Завтра занятий нет", "parents")
    )
    await dp.emit_startup(bot=bot, dispatcher=dp, bots=[bot], **dp.workflow_data)  # as start_polling does
    notifications = dp.workflow_data["notifications"]
    assert dp.workflow_data["notifier"] is notifications.sender  # what handlers and services wake
    jobs = {job.id: job for job in notifications.scheduler.get_jobs()}
    assert set(jobs) == {
        "outbox-send",
        "plan-notifications",
        "broadcasts-start",
        "broadcasts-progress",
        "outbox-release-stale",
        "housekeeping",
    }
    assert all(job.misfire_grace_time and job.coalesce and job.max_instances == 1 for job in jobs.values())
    try:
        for _ in range(100):
            if all(sent_to(recording, u) for u in (1, 2, 3)):
                break
            await asyncio.sleep(0.05)
    finally:
        await dp.emit_shutdown(bot=bot, dispatcher=dp, bots=[bot], **dp.workflow_data)
    assert not notifications.scheduler.running
    assert "notifications" not in dp.workflow_data
    assert dp.workflow_data["notifier"] is NO_SENDER
    assert [sent_to(recording, u) for u in (1, 2, 3)] == [["Завтра занятий нет"]] * 3
    async with session_factory() as s:
        assert {n.status for n in await s.scalars(select(Notification))} == {"sent"}


async def test_jobs_receive_what_they_need_explicitly(bot, session_factory, settings, translator) -> None:
    notifications = create_scheduler(bot, session_factory, settings, translator)
    send = notifications.scheduler.get_job("outbox-send")
    assert send.kwargs == {"sender": notifications.sender}
    plan = notifications.scheduler.get_job("plan-notifications")
    assert plan.kwargs == {
        "session_factory": session_factory,
        "settings": settings,
        "lease": notifications.planners,
    }


async def test_a_service_wakes_the_sender_so_a_promotion_goes_out_without_waiting_for_the_job(
    bot, settings, session, session_factory, translator, recording
) -> None:
    from services.registration.registrations import RegistrationService
    from tests.factories import make_event

    for user_id in (1, 2, 3):
        await make_user(session, user_id)
    event = await make_event(session, "Семинар", capacity=1)
    notifications = create_scheduler(bot, session_factory, settings, translator)  # not started: no jobs run
    service = RegistrationService(session, notifier=notifications.sender)
    for user_id in (1, 2, 3):  # 1 has the seat, 2 and 3 wait
        await service.register(await session.get(User, user_id), event.id)
    assert await service.cancel(await session.get(User, 3), event.id) == []  # nothing promoted: no drain
    assert notifications.sender._task is None
    promoted = await service.cancel(await session.get(User, 1), event.id)
    assert [p.user_id for p in promoted] == [2]
    assert notifications.sender._task is not None
    await notifications.sender._task
    assert "Освободилось место" in sent_to(recording, 2)[0]


async def test_a_stop_lets_a_running_job_finish_instead_of_cutting_it_off(
    bot, session_factory, settings, translator, caplog
) -> None:
    """A job caught mid-query by a stop (SIGINT) finishes; before, it was cancelled and logged as failed."""
    from bot.scheduler import stop_notifications

    notifications = create_scheduler(bot, session_factory, settings, translator)
    started, finished = asyncio.Event(), asyncio.Event()

    async def slow() -> None:
        started.set()
        await asyncio.sleep(0.5)
        finished.set()

    notifications.scheduler.add_job(slow, "date", id="slow")  # runs at once
    notifications.scheduler.start()
    await asyncio.wait_for(started.wait(), 30)
    await stop_notifications(notifications)
    assert finished.is_set()
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text
    assert notifications.running == set()
