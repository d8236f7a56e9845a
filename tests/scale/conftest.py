"""Fixtures for the scale-out tests: a real Redis (TEST_REDIS_URL, flushed per test) and PostgreSQL engines."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine
from tests.conftest import postgres_url, require_service


def redis_url() -> str | None:
    return os.environ.get("TEST_REDIS_URL") or None


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    url = redis_url()
    if url is None:
        require_service("Redis", "set TEST_REDIS_URL (the test command sets it when Redis runs)")
    assert url is not None
    client = Redis.from_url(url)
    try:
        await client.ping()
    except OSError as error:
        await client.aclose()
        require_service("Redis", f"{url} is not reachable ({error})")
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
async def pg_engine() -> AsyncIterator[AsyncEngine]:
    url = postgres_url()
    if url is None:
        require_service("PostgreSQL", "set TEST_DATABASE_URL")
    assert url is not None
    engine = create_engine(url)
    try:
        async with engine.connect():
            pass
    except OSError as error:
        await engine.dispose()
        require_service("PostgreSQL", f"{url} is not reachable ({error})")
    yield engine
    await engine.dispose()
