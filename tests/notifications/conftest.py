"""Shared pieces for the outbox tests: a clock the test moves, the outbox and sender built as the bot builds
them, and a bot session that can answer like a busy Telegram (429, 5xx) on demand."""

from __future__ import annotations

import asyncio
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter, TelegramServerError
from aiogram.methods import TelegramMethod

from bot.scheduler import create_outbox
from bot.sender import ChatPacer, Sender
from services.runtime.ratelimit import TokenBucket
from tests.recording import RecordingSession


class FakeClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def move(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> datetime:
        self.now = when
        return when


class BusySession(RecordingSession):
    """The recording session, plus scripted refusals: `script.append("429")` or `"500"` for the next sends."""

    def __init__(self) -> None:
        super().__init__()
        self.script: deque[str] = deque()
        self.refused: list[TelegramMethod[Any]] = []
        #: chat id → an event: a send into that chat is on the wire (unanswered) until the test sets it.
        self.held: dict[int, asyncio.Event] = {}

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        hold = self.held.get(getattr(method, "chat_id", None))  # type: ignore[arg-type]
        if hold is not None:
            await hold.wait()
        if type(method).__name__.startswith("Send") and self.script:
            refusal = self.script.popleft()
            self.refused.append(method)
            if refusal == "429":
                raise TelegramRetryAfter(
                    method=method, message="Too Many Requests: retry after 1", retry_after=1
                )
            raise TelegramServerError(method=method, message="Internal Server Error")
        return await super().make_request(bot, method, timeout)


@pytest.fixture
def recording() -> BusySession:
    return BusySession()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def outbox(settings, session_factory, translator, clock):
    service = create_outbox(settings, session_factory, translator)
    service.clock = clock
    return service


@pytest.fixture
def sender(bot, outbox) -> Sender:
    return Sender(bot, outbox, TokenBucket(1000.0), concurrency=8, batch=50, pacer=ChatPacer(0.0))


def sent_to(recording: RecordingSession, chat_id: int) -> list[str]:
    """Texts (or captions) the bot sent to one chat, in order."""
    return [
        getattr(r, "text", None) or getattr(r, "caption", None) or ""
        for r in recording.requests
        if getattr(r, "chat_id", None) == chat_id and type(r).__name__.startswith("Send")
    ]
