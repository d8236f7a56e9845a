"""The update path of a replica through the real dispatcher: an update_id has effect once, a flooding person is
slowed down, FSM state lives in Redis and a form survives clicks landing on different replicas."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from aiogram.exceptions import TelegramNetworkError
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import Chat, Message, MessageEntity, Update
from aiogram.types import User as TgUser
from sqlalchemy import func, select

from bot.factory import create_bot, create_dispatcher
from bot.settings import load_settings
from db.models import Event, ProcessedUpdate, User
from services.runtime.updates import prune_processed_updates
from tests.client import TgClient
from tests.conftest import ADMIN_ID, TEST_TOKEN
from tests.handlers.test_coordinator import become_coordinator
from tests.recording import RecordingSession


def make_settings(db_url: str, **overrides: object):
    values: dict[str, object] = {
        "_env_file": None,
        "bot_token": TEST_TOKEN,
        "database_url": db_url,
        "admin_ids": frozenset({ADMIN_ID}),
        "dedup_updates": True,
    }
    values.update(overrides)
    return load_settings(**values)


def text_update(update_id: int, user_id: int, text: str) -> Update:
    from datetime import UTC, datetime

    entities = (
        [MessageEntity(type="bot_command", offset=0, length=len(text.split()[0]))] if text[0] == "/" else None
    )
    return Update(
        update_id=update_id,
        message=Message(
            message_id=update_id,
            date=datetime.now(UTC),
            chat=Chat(id=user_id, type="private"),
            from_user=TgUser(id=user_id, is_bot=False, first_name="Анна", language_code="ru"),
            text=text,
            entities=entities,
        ),
    )


def sent_to(recording: RecordingSession, chat_id: int) -> list[str]:
    return [r.text for r in recording.of_type(SendMessage) if r.chat_id == chat_id]


class FailingOnce(RecordingSession):
    """Telegram is unreachable for the first message: the handler raises before anything is committed."""

    def __init__(self) -> None:
        super().__init__()
        self.fail_next = True

    async def make_request(self, bot, method, timeout=None):
        if isinstance(method, SendMessage) and self.fail_next:
            self.fail_next = False
            raise TelegramNetworkError(method=method, message="connection reset")
        return await super().make_request(bot, method, timeout)


async def test_the_same_update_twice_has_effect_once(db_url, session_factory, translator, recording):
    settings = make_settings(db_url)
    dp = create_dispatcher(settings, session_factory, translator=translator)
    bot = create_bot(settings, session=recording)
    client = TgClient(dp, bot, recording, 5001)
    await client.send("/start")
    consent = recording.requests[-1]
    await client.click("Даю согласие")
    again = recording.of_type(AnswerCallbackQuery)[-1]
    before = len(recording.requests)
    # Telegram redelivers the /start and the consent click: nothing happens a second time.
    await dp.feed_update(bot, text_update(4242, 5001, "/start"))
    await dp.feed_update(bot, text_update(4242, 5001, "/start"))
    assert len(recording.requests) == before + 1
    assert consent and again
    async with session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(User)) == 1
        assert await s.get(ProcessedUpdate, 4242) is not None


async def test_a_handler_that_failed_runs_again_on_redelivery(db_url, session_factory, translator):
    settings = make_settings(db_url)
    dp = create_dispatcher(settings, session_factory, translator=translator)
    recording = FailingOnce()
    bot = create_bot(settings, session=recording)
    update = text_update(777, 5002, "/start")
    await dp.feed_update(bot, update)  # the answer failed: the errors route tried to apologise
    async with session_factory() as s:
        assert await s.get(ProcessedUpdate, 777) is None
    await dp.feed_update(bot, update)  # Telegram's redelivery
    assert any("Что мы храним" in text for text in sent_to(recording, 5002))
    async with session_factory() as s:
        assert await s.get(ProcessedUpdate, 777) is not None


@pytest.mark.postgres
async def test_two_replicas_given_the_same_update_at_once_answer_once(translator):
    from tests.conftest import postgres_url

    url = postgres_url()
    if url is None:
        pytest.skip("PostgreSQL not available: set TEST_DATABASE_URL")
    from db.engine import create_engine, create_session_factory

    engine = create_engine(url)
    try:
        factory = create_session_factory(engine)
        settings = make_settings(url)
        replicas = [create_dispatcher(settings, factory, translator=translator) for _ in range(2)]
        recording = RecordingSession()
        bot = create_bot(settings, session=recording)
        async with factory() as s:
            await s.execute(ProcessedUpdate.__table__.delete())
            await s.commit()
        for n in range(5):
            update = text_update(90_000 + n, 5100 + n, "/start")
            await asyncio.gather(*(dp.feed_update(bot, update) for dp in replicas))
            assert len(sent_to(recording, 5100 + n)) == 1
    finally:
        await engine.dispose()


async def test_old_processed_updates_are_pruned(db_url, session_factory):
    from db.base import utcnow

    async with session_factory() as s:
        s.add_all(
            [
                ProcessedUpdate(update_id=1, processed_at=utcnow() - timedelta(days=3)),
                ProcessedUpdate(update_id=2, processed_at=utcnow()),
            ]
        )
        await s.commit()
    assert await prune_processed_updates(session_factory, timedelta(hours=48)) == 1
    async with session_factory() as s:
        assert [u.update_id for u in (await s.scalars(select(ProcessedUpdate))).all()] == [2]


async def test_a_flooding_person_is_told_once_and_others_are_unaffected(db_url, session_factory, translator):
    settings = make_settings(db_url, throttle_rate=3, throttle_window=60, throttle_cooldown=60)
    dp = create_dispatcher(settings, session_factory, translator=translator)
    recording = RecordingSession()
    bot = create_bot(settings, session=recording)
    flooder, calm = TgClient(dp, bot, recording, 6001), TgClient(dp, bot, recording, 6002)
    for _ in range(10):
        await flooder.send("/start")
    await calm.send("/start")
    await calm.send("/start")
    texts = sent_to(recording, 6001)
    notices = [t for t in texts if "помедленнее" in t]
    assert len(notices) == 1
    assert len(texts) == 4  # three answers, then one notice, then silence
    assert len(sent_to(recording, 6002)) == 2


@pytest.mark.redis
async def test_replicas_share_the_throttle_through_redis(db_url, session_factory, translator, redis):
    settings = make_settings(db_url, throttle_rate=3, throttle_window=60, throttle_cooldown=60)
    replicas = [
        create_dispatcher(settings, session_factory, translator=translator, redis=redis) for _ in range(2)
    ]
    recording = RecordingSession()
    bot = create_bot(settings, session=recording)
    client = TgClient(replicas[0], bot, recording, 6101, language_code="en")
    for n in range(8):
        client.dp = replicas[n % 2]
        await client.send("/start")
    texts = sent_to(recording, 6101)
    assert len(texts) == 4 and sum("slow down" in t for t in texts) == 1


@pytest.mark.redis
async def test_fsm_lives_in_redis_and_a_form_survives_switching_replicas(
    db_url, session, session_factory, translator, redis
):
    settings = make_settings(db_url, fsm_state_ttl=3600, fsm_data_ttl=3600)
    replicas = [
        create_dispatcher(settings, session_factory, translator=translator, redis=redis) for _ in range(2)
    ]
    assert isinstance(replicas[0].fsm.storage, RedisStorage)
    assert isinstance(replicas[0].fsm.events_isolation, RedisEventIsolation)
    recording = RecordingSession()
    bot = create_bot(settings, session=recording)

    class Alternating(TgClient):
        turn = 0

        async def _feed(self, **kwargs: object) -> None:
            self.dp = replicas[self.turn % 2]
            self.turn += 1
            await super()._feed(**kwargs)

    client = Alternating(replicas[0], bot, recording, 3101)
    await become_coordinator(client, session)
    await client.click("Новое мероприятие")
    await client.send("Круглый стол «Инклюзия в школе»")
    keys = [k.decode() for k in await redis.keys("vmeste:fsm:*")]
    assert keys and all(":default:" in k for k in keys)  # the destiny is part of the key
    ttls = [await redis.ttl(k) for k in keys if not k.endswith(":lock")]
    assert ttls and all(0 < ttl <= 3600 for ttl in ttls)
    await client.click("семинар")
    await client.click("родители")
    await client.send("15.12.2030 18:00")
    await client.send("15.12.2030 19:30")
    await client.click("Пропустить")  # description
    await client.send("20")
    await client.click("Пропустить")  # venue
    await client.click("Пропустить")  # online link
    await client.click("Пропустить")  # registration deadline
    if "Где" not in client.text:
        await client.click("Пропустить")  # organization
    await client.click("Сохранить")
    assert "Мероприятие сохранено" in client.text
    async with session_factory() as s:
        event = (await s.scalars(select(Event))).one()
    assert event.title == "Круглый стол «Инклюзия в школе»" and event.capacity == 20
