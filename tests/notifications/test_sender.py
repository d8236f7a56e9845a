"""The sender against a bot session that answers like a busy Telegram: 429 pauses everything and the row is sent
once; a person who blocked the bot is marked inactive and not tried again; 5xx is retried, then given up."""

from __future__ import annotations

import asyncio
import time as clock_time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.sender import ChatPacer, Sender
from db.models import Notification, User
from services.broadcasts.broadcasts import BroadcastDraft, BroadcastService
from services.runtime.ratelimit import TokenBucket
from tests.factories import make_user
from tests.notifications.conftest import sent_to

ADMIN = 900001


async def broadcast_to(session, clock, people: range, text: str = "<b>Собрание</b> в пятницу") -> int:
    await make_user(session, ADMIN, role="admin")
    for user_id in people:
        await make_user(session, user_id)
    broadcast = await BroadcastService(session, clock).create(
        await session.get(User, ADMIN), BroadcastDraft(text=text, audience="parents")
    )
    return broadcast.id


async def statuses(session) -> dict[int, tuple[str, int, str | None]]:
    query = select(Notification).execution_options(populate_existing=True)
    return {n.user_id: (n.status, n.attempts, n.last_error) for n in await session.scalars(query)}


async def test_every_recipient_gets_one_copy_with_its_formatting(session, sender, clock, recording) -> None:
    await broadcast_to(session, clock, range(1, 51))
    report = await sender.drain()
    assert report.sent == 50
    assert all(sent_to(recording, u) == ["<b>Собрание</b> в пятницу"] for u in range(1, 51))
    assert sent_to(recording, ADMIN) == []  # an admin is not a parent
    assert {s for s, _, _ in (await statuses(session)).values()} == {"sent"}
    assert (await sender.drain()).sent == 0


async def test_429_pauses_all_sending_and_the_row_is_sent_once(session, sender, clock, recording) -> None:
    await broadcast_to(session, clock, range(1, 6))
    recording.script.append("429")
    started = clock_time.monotonic()
    report = await sender.drain()
    assert clock_time.monotonic() - started >= 0.9  # retry_after = 1: everybody waited
    assert (report.sent, report.retry_after) == (5, 1)
    assert [len(sent_to(recording, u)) for u in range(1, 6)] == [1] * 5
    assert {s for s, _, _ in (await statuses(session)).values()} == {"sent"}


async def test_a_person_who_blocked_the_bot_is_marked_inactive_and_not_tried_again(
    session, sender, clock, recording
) -> None:
    await broadcast_to(session, clock, range(1, 4))
    recording.blocked.add(2)
    report = await sender.drain()
    assert (report.sent, report.blocked) == (2, 1)
    assert (await statuses(session))[2] == ("blocked", 1, "TelegramForbiddenError")
    person = await session.get(User, 2, populate_existing=True)
    assert person.is_active is False and person.blocked_at is not None

    # The next broadcast does not even try them.
    tries = len(recording.requests)
    await BroadcastService(session, clock).create(
        await session.get(User, ADMIN), BroadcastDraft(text="Ещё одно", audience="all")
    )
    await sender.drain()
    assert sorted(r.chat_id for r in recording.requests[tries:]) == [1, 3, ADMIN]


async def test_server_errors_are_retried_with_a_pause_then_given_up(
    session, sender, clock, recording
) -> None:
    await broadcast_to(session, clock, range(1, 2))
    recording.script.extend(["500", "500"])
    assert (await sender.drain()).retried == 1
    assert (await statuses(session))[1] == ("pending", 1, "TelegramServerError")
    assert (await sender.drain()).sent == 0  # waits for its backoff
    clock.move(seconds=2)
    assert (await sender.drain()).retried == 1
    clock.move(seconds=4)
    assert (await sender.drain()).sent == 1
    assert (await statuses(session))[1] == ("sent", 3, "TelegramServerError")
    assert sent_to(recording, 1) == ["<b>Собрание</b> в пятницу"]

    await broadcast_to_more(session, clock)
    recording.script.extend(["500"] * 5)
    for _ in range(5):
        await sender.drain()
        clock.move(seconds=300)
    assert (await statuses(session))[2] == ("failed", 5, "TelegramServerError")
    assert sent_to(recording, 2) == []


async def broadcast_to_more(session, clock) -> None:
    """A second broadcast that only person 2 (new) still has to get."""
    await make_user(session, 2)
    await BroadcastService(session, clock).create(
        await session.get(User, ADMIN), BroadcastDraft(text="Второе", audience="parents")
    )
    row = await session.scalar(
        select(Notification).where(Notification.user_id == 1, Notification.status == "pending")
    )
    row.status = "withdrawn"
    await session.commit()


async def test_one_chat_gets_at_most_one_message_a_second(bot, outbox) -> None:
    pacer = ChatPacer(1.0)
    started = clock_time.monotonic()
    await asyncio.gather(pacer.wait(1), pacer.wait(1), pacer.wait(2))
    assert 0.9 <= clock_time.monotonic() - started < 1.5
    assert Sender(bot, outbox, TokenBucket(10.0)).pacer.interval == 1.0


async def test_token_bucket_spaces_sends_evenly_and_pause_holds_everyone() -> None:
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    bucket = TokenBucket(4.0, clock=lambda: now[0], sleep=sleep)
    times = []
    for _ in range(9):
        await bucket.acquire()
        times.append(round(now[0], 3))
    assert times == [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]
    assert all(sum(1 for t in times if start <= t < start + 1) <= 4 for start in times)
    await bucket.pause(2.0)
    await bucket.acquire()
    assert round(now[0], 3) == 4.25  # after the pause, and one spacing later: no burst when it ends


def test_no_clock_drift_in_the_fixture(clock) -> None:
    assert clock().tzinfo is UTC and clock() <= datetime.now(UTC)


async def test_someone_who_blocked_the_bot_and_writes_again_is_reached_again(
    session, sender, clock, recording, make_client
) -> None:
    await broadcast_to(session, clock, range(1, 3))
    recording.blocked.add(2)
    await sender.drain()
    assert (await session.get(User, 2, populate_existing=True)).is_active is False
    recording.blocked.discard(2)
    await make_client(2).send("/menu")  # they unblocked the bot and pressed a button
    person = await session.get(User, 2, populate_existing=True)
    assert (person.is_active, person.blocked_at) == (True, None)


async def test_a_row_is_recorded_sent_as_soon_as_telegram_answers(
    session, bot, outbox, clock, recording
) -> None:
    """What a crash can leave uncertain is only what is on the wire: a row Telegram has answered is 'sent' in the
    database within one commit, while other requests are still in flight, not after a batching interval."""
    await broadcast_to(session, clock, range(1, 3))
    recording.held[2] = asyncio.Event()  # the request to person 2 stays on the wire
    sender = Sender(bot, outbox, TokenBucket(1000.0), concurrency=2, pacer=ChatPacer(0.0), flush_every=30.0)
    drain = asyncio.create_task(sender.drain())
    try:
        for _ in range(200):
            rows = await statuses(session)
            if rows.get(1, ("",))[0] == "sent":
                break
            await asyncio.sleep(0.01)
        assert rows[1][0] == "sent" and rows[2][0] == "sending", rows
        assert not drain.done()
    finally:
        recording.held[2].set()
        report = await asyncio.wait_for(drain, 30)
    assert report.sent == 2
    assert {s for s, _, _ in (await statuses(session)).values()} == {"sent"}


async def test_a_mixed_audience_is_reached_each_on_their_own_messenger_with_its_own_pause(
    session, outbox, bot, clock, recording
) -> None:
    """Telegram people through the Telegram bot, MAX people through the MAX bot; MAX's 429s pause MAX only, and
    nobody gets a copy twice or none."""
    from bot.max.ids import user_to_aiogram
    from bot.max.session import MaxSession, create_max_bot
    from tests.fake_max import TOKEN, FakeMax

    telegram_people, max_accounts = range(1, 6), range(1, 6)
    max_people = [user_to_aiogram(a) for a in max_accounts]
    for person in max_people:
        await make_user(session, person)
    await broadcast_to(session, clock, telegram_people)
    async with FakeMax(rate_limit=2.0) as fake:
        max_bot = create_max_bot(MaxSession(TOKEN, fake.base_url))
        telegram_rate, max_rate = TokenBucket(1000.0), TokenBucket(1000.0)
        sender = Sender(
            bot,
            outbox,
            telegram_rate,
            concurrency=8,
            batch=50,
            pacer=ChatPacer(0.0),
            max_bot=max_bot,
            max_limiter=max_rate,
        )
        try:
            report = await sender.drain()
        finally:
            await max_bot.session.close()
        assert report.sent == 10 and fake.count_429 > 0 and report.retry_after == fake.count_429
        assert max_rate.paused_until > 0 and telegram_rate.paused_until == 0  # Telegram never waited for MAX
        for account in max_accounts:
            assert [fake.text(m) for m in fake.dialog(account)] == ["Собрание в пятницу"]
            assert fake.dialog(account)[0]["body"]["source"] == "<b>Собрание</b> в пятницу"
    for person in telegram_people:
        assert sent_to(recording, person) == ["<b>Собрание</b> в пятницу"]
    assert all(sent_to(recording, p) == [] for p in max_people)  # no MAX person went through Telegram
    assert {s for s, _, _ in (await statuses(session)).values()} == {"sent"}


async def test_a_max_person_is_not_sent_to_telegram_when_max_is_off(
    session, sender, clock, recording
) -> None:
    from bot.max.ids import user_to_aiogram

    person = user_to_aiogram(7)
    await broadcast_to(session, clock, [person, 3])
    report = await sender.drain()
    assert (report.sent, report.failed) == (1, 1)
    assert sent_to(recording, person) == []
    assert (await statuses(session))[person] == ("failed", 1, "MessengerOff")


@pytest.mark.parametrize("slow", ["telegram", "max"])
async def test_one_messenger_s_slow_rate_does_not_hold_up_the_other(
    session, outbox, bot, clock, recording, slow
) -> None:
    """Whichever messenger's people come first in the outbox, and whichever messenger sends slowly, the other's
    people are reached meanwhile, by its own claims and workers."""
    from bot.max.ids import user_to_aiogram
    from bot.max.session import MaxSession, create_max_bot
    from tests.fake_max import TOKEN, FakeMax

    max_people = [user_to_aiogram(a) for a in range(1, 9)]
    for person in max_people:
        await make_user(session, person)
    await broadcast_to(session, clock, range(1, 9))
    async with FakeMax() as fake:

        def max_sent() -> int:
            return len(fake.made("POST /messages"))

        def telegram_sent() -> int:
            return sum(len(sent_to(recording, u)) for u in range(1, 9))

        fast_sent, slow_sent = (max_sent, telegram_sent) if slow == "telegram" else (telegram_sent, max_sent)
        max_bot = create_max_bot(MaxSession(TOKEN, fake.base_url))
        slow_rate, fast_rate = TokenBucket(4.0, burst=1), TokenBucket(1000.0)  # 8 slow copies: about 2 s
        sender = Sender(
            bot,
            outbox,
            slow_rate if slow == "telegram" else fast_rate,
            concurrency=2,
            batch=4,
            pacer=ChatPacer(0.0),
            max_bot=max_bot,
            max_limiter=slow_rate if slow == "max" else fast_rate,
        )
        try:
            drain = asyncio.create_task(sender.drain())
            for _ in range(100):
                if fast_sent() == 8:
                    break
                await asyncio.sleep(0.01)
            assert fast_sent() == 8 and slow_sent() < 8
            assert (await drain).sent == 16
        finally:
            await max_bot.session.close()
