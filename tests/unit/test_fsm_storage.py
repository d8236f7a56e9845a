"""Conversation state in the database (the embedded mode): what is written is read back by a storage built
afresh (a restart), the state and the data expire apart after their TTLs as in Redis, destinies are apart, only
JSON goes in, and expired rows are removed by housekeeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select

from bot.fsm_storage import DatabaseStorage
from db.models import FsmRecord
from db.repositories.fsm import FsmRepo

KEY = StorageKey(bot_id=1, chat_id=42, user_id=42)
DRAFTS = StorageKey(bot_id=1, chat_id=42, user_id=42, destiny="surveys")


class Form(StatesGroup):
    title = State()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=[True, False], ids=["one-process", "shared"])
def one_process(request: pytest.FixtureRequest) -> bool:
    return request.param


def storage_of(session_factory, clock, one_process: bool, **ttl: int) -> DatabaseStorage:
    return DatabaseStorage(session_factory, one_process=one_process, clock=clock, **ttl)


async def rows(session_factory) -> int:
    async with session_factory() as s:
        return await s.scalar(select(func.count()).select_from(FsmRecord)) or 0


async def test_state_and_data_outlive_the_storage_that_wrote_them(session_factory, one_process):
    clock = Clock()
    first = storage_of(session_factory, clock, one_process)
    await first.set_state(KEY, Form.title)
    await first.set_data(KEY, {"title": "Семинар", "seats": 20, "tags": ["a", "b"]})
    await first.update_data(DRAFTS, {"7": {"current": "q4", "answers": {"q1": {"v": ["x"], "t": None}}}})

    again = storage_of(session_factory, clock, one_process)
    assert await again.get_state(KEY) == "Form:title"
    assert await again.get_data(KEY) == {"title": "Семинар", "seats": 20, "tags": ["a", "b"]}
    assert await again.get_state(DRAFTS) is None  # destinies are kept apart
    assert (await again.get_data(DRAFTS))["7"]["current"] == "q4"

    await again.set_state(KEY, None)
    await again.set_data(KEY, {})
    assert await again.get_state(KEY) is None and await again.get_data(KEY) == {}
    assert await rows(session_factory) == 1  # only the drafts' row is left
    assert await storage_of(session_factory, clock, one_process).get_data(KEY) == {}


async def test_state_and_data_expire_apart_after_their_ttls(session_factory, one_process):
    clock = Clock()
    storage = storage_of(session_factory, clock, one_process, state_ttl=3600, data_ttl=7200)
    await storage.set_state(KEY, "Form:title")
    await storage.set_data(KEY, {"title": "x"})
    clock.now += timedelta(minutes=59)
    assert await storage.get_state(KEY) == "Form:title"
    clock.now += timedelta(minutes=2)
    assert await storage.get_state(KEY) is None  # the state's hour is over
    assert await storage.get_data(KEY) == {"title": "x"}  # the data has two
    await storage.set_data(KEY, {"title": "y"})  # writing starts the data's TTL again
    clock.now += timedelta(minutes=100)
    assert await storage.get_data(KEY) == {"title": "y"}
    restarted = storage_of(session_factory, clock, one_process, state_ttl=3600, data_ttl=7200)
    assert await restarted.get_state(KEY) is None and await restarted.get_data(KEY) == {"title": "y"}
    clock.now += timedelta(minutes=21)
    assert await storage.get_data(KEY) == {}
    assert await storage_of(session_factory, clock, one_process).get_data(KEY) == {}


async def test_expired_rows_are_deleted_in_batches(session_factory):
    clock = Clock()
    storage = storage_of(session_factory, clock, True, state_ttl=60, data_ttl=60)
    for user in range(5):
        await storage.set_state(StorageKey(1, user, user), "Form:title")
    lasting = storage_of(session_factory, clock, True)  # no TTL: never expires
    await lasting.set_data(KEY, {"kept": True})
    clock.now += timedelta(minutes=2)
    async with session_factory() as s:
        assert await FsmRepo(s).delete_expired(clock.now, limit=3) == 3
        assert await FsmRepo(s).delete_expired(clock.now, limit=3) == 2
        assert await FsmRepo(s).delete_expired(clock.now, limit=3) == 0
        await s.commit()
    assert await rows(session_factory) == 1
    assert storage.forget_expired() == 5


async def test_only_json_goes_in(session_factory, one_process):
    storage = storage_of(session_factory, Clock(), one_process)
    with pytest.raises(TypeError):
        await storage.set_data(KEY, {"when": datetime(2030, 1, 1, tzinfo=UTC)})
    assert await storage.get_data(KEY) == {}
    assert await rows(session_factory) == 0
