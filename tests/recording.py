"""A bot session that records every request and answers like Telegram would, for `Dispatcher.feed_update` tests."""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import (
    AnswerCallbackQuery,
    CopyMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendDocument,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SendVoice,
    SetMyCommands,
    SetMyDescription,
    SetMyShortDescription,
    TelegramMethod,
)
from aiogram.types import BufferedInputFile, Chat, Document, File, InlineKeyboardMarkup, Message, User, Voice

MESSAGE_MAX = 4096
CAPTION_MAX = 1024
KEYBOARD_MAX = 100
CALLBACK_DATA_MAX = 64
ALBUM_MAX = 10
SENDS = (SendMessage, SendDocument, SendMediaGroup, SendPhoto, SendVoice, CopyMessage)  # per-chat limited
DESCRIPTION_MAX = 512
SHORT_DESCRIPTION_MAX = 120
COMMANDS_MAX = 100
COMMAND_DESCRIPTION_MAX = 256


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def limit_problems(method: TelegramMethod[Any]) -> list[str]:
    """What in a request breaks Telegram's limits: a text over 4096 characters (counted as Telegram does, in
    UTF-16 units; we count the HTML markup too, so the check is stricter than Telegram), a caption over 1024, a
    keyboard over 100 buttons, callback data over 64 bytes, an album over 10 items."""
    name = type(method).__name__
    problems = []
    text = getattr(method, "text", None)
    if (
        isinstance(method, SendMessage | EditMessageText)
        and isinstance(text, str)
        and _utf16(text) > MESSAGE_MAX
    ):
        problems.append(f"{name}: a text of {_utf16(text)} characters (at most {MESSAGE_MAX})")
    captions = [getattr(method, "caption", None)]
    if isinstance(method, SendMediaGroup):
        captions += [item.caption for item in method.media]
        if len(method.media) > ALBUM_MAX:
            problems.append(f"{name}: an album of {len(method.media)} items (at most {ALBUM_MAX})")
    for caption in captions:
        if isinstance(caption, str) and _utf16(caption) > CAPTION_MAX:
            problems.append(f"{name}: a caption of {_utf16(caption)} characters (at most {CAPTION_MAX})")
    if isinstance(method, SetMyDescription) and len(method.description or "") > DESCRIPTION_MAX:
        problems.append(f"{name}: a description of {len(method.description or '')} characters")
    if (
        isinstance(method, SetMyShortDescription)
        and len(method.short_description or "") > SHORT_DESCRIPTION_MAX
    ):
        problems.append(f"{name}: a short description of {len(method.short_description or '')} characters")
    if isinstance(method, SetMyCommands):
        if len(method.commands) > COMMANDS_MAX:
            problems.append(f"{name}: {len(method.commands)} commands")
        for command in method.commands:
            if not (1 <= len(command.command) <= 32 and command.command.islower()):
                problems.append(f"{name}: a command {command.command!r}")
            if not (1 <= len(command.description) <= COMMAND_DESCRIPTION_MAX):
                problems.append(f"{name}: the description of /{command.command}")
    markup = getattr(method, "reply_markup", None)
    if isinstance(markup, InlineKeyboardMarkup):
        count = sum(len(row) for row in markup.inline_keyboard)
        if count > KEYBOARD_MAX:
            problems.append(f"{name}: a keyboard of {count} buttons (at most {KEYBOARD_MAX})")
        for row in markup.inline_keyboard:
            for b in row:
                if b.callback_data is not None and len(b.callback_data.encode()) > CALLBACK_DATA_MAX:
                    problems.append(
                        f"{name}: callback data {b.callback_data!r} over {CALLBACK_DATA_MAX} bytes"
                    )
    return problems


class RecordingSession(BaseSession):
    """Records requests in order (first in, first out) and keeps each chat's messages as Telegram would show them."""

    def __init__(self, keep_requests: int | None = None) -> None:
        """`keep_requests`: how many of the latest requests to keep (all by default; a benchmark keeps few, so the
        record does not grow with the run)."""
        super().__init__()
        self.keep_requests = keep_requests
        self.requests: list[TelegramMethod[Any]] = []
        self.messages: dict[int, dict[int, Message]] = {}
        self.blocked: set[int] = set()
        #: Methods (by class name: "SetMyDescription") Telegram refuses in this test, as a server error would.
        self.refused: set[str] = set()
        self.answered: set[str] = (
            set()
        )  # presses (callback query ids) answered: Telegram refuses a second answer
        self.files: dict[
            str, bytes
        ] = {}  # file_id → content that GetFile and downloads serve (tests add them)
        self._ids = itertools.count(1000)
        self._shown: dict[int, int] = {}  # chat id → the message last sent or edited as text
        #: Requests Telegram would refuse for breaking its limits (the suite fails a test that made one).
        self.limit_violations: list[str] = []
        #: Like Telegram's per-chat limit: a message sent into a chat sooner than this after the last one accepted
        #: there is refused with 429 and `retry_after` (off unless a test sets it).
        self.per_chat_interval: float | None = None
        self.retry_after = 1
        self.count_429 = 0
        self._last_to_chat: dict[int, float] = {}

    async def close(self) -> None:
        pass

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        content = self.files.get(url.rpartition("/files/")[2], b"")
        for start in range(0, len(content), chunk_size):
            yield content[start : start + chunk_size]

    def _bot_user(self, bot: Bot) -> User:
        return User(id=bot.id, is_bot=True, first_name="Vmeste", username="vmeste_test_bot")

    def _message(self, bot: Bot, chat_id: int, message_id: int, **fields: Any) -> Message:
        message = Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            from_user=self._bot_user(bot),
            **fields,
        ).as_(bot)
        self.messages.setdefault(chat_id, {})[message_id] = message
        return message

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        self.requests.append(method)
        if self.keep_requests is not None and len(self.requests) > 2 * self.keep_requests:
            del self.requests[: -self.keep_requests]
        problems = limit_problems(method)
        if problems:
            self.limit_violations += problems
            raise TelegramBadRequest(method=method, message="Bad Request: " + "; ".join(problems))
        if type(method).__name__ in self.refused:
            raise TelegramBadRequest(method=method, message="Bad Request: refused")
        if isinstance(method, AnswerCallbackQuery):
            if method.callback_query_id in self.answered and self.keep_requests is None:
                raise TelegramBadRequest(
                    method=method,
                    message="Bad Request: query is too old and response timeout expired or query ID is invalid",
                )
            self.answered.add(method.callback_query_id)
        chat_id = getattr(method, "chat_id", None)
        if chat_id is None:  # a command menu for one chat names the chat in its scope
            chat_id = getattr(getattr(method, "scope", None), "chat_id", None)
        if isinstance(chat_id, int) and chat_id in self.blocked:
            raise TelegramForbiddenError(method=method, message="Forbidden: bot was blocked by the user")
        if self.per_chat_interval is not None and isinstance(chat_id, int) and isinstance(method, SENDS):
            now, last = time.monotonic(), self._last_to_chat.get(chat_id)
            if last is not None and now - last < self.per_chat_interval:
                self.count_429 += 1
                raise TelegramRetryAfter(
                    method=method,
                    message=f"Too Many Requests: retry after {self.retry_after}",
                    retry_after=self.retry_after,
                )
            self._last_to_chat[chat_id] = now
        if isinstance(method, SendMessage | EditMessageText):
            message_id = next(self._ids) if isinstance(method, SendMessage) else method.message_id
            self._shown[method.chat_id] = message_id
            return self._message(
                bot, method.chat_id, message_id, text=method.text, reply_markup=method.reply_markup
            )
        if isinstance(method, EditMessageReplyMarkup):
            old = self.messages.get(method.chat_id, {}).get(method.message_id)
            return self._message(
                bot,
                method.chat_id,
                method.message_id,
                text=old.text if old else "",
                reply_markup=method.reply_markup,
            )
        if isinstance(method, SendDocument):
            name = method.document.filename if isinstance(method.document, BufferedInputFile) else "file"
            document = Document(
                file_id=f"doc{len(self.requests)}", file_unique_id=f"u{len(self.requests)}", file_name=name
            )
            return self._message(
                bot, method.chat_id, next(self._ids), document=document, caption=method.caption
            )
        if isinstance(method, SendMediaGroup):
            return [
                self._message(bot, method.chat_id, next(self._ids), caption=item.caption)
                for item in method.media
            ]
        if isinstance(method, SendVoice):
            file_id = method.voice if isinstance(method.voice, str) else f"voice{len(self.requests)}"
            voice = Voice(
                file_id=file_id, file_unique_id=f"u{len(self.requests)}", duration=method.duration or 1
            )
            return self._message(bot, method.chat_id, next(self._ids), voice=voice, caption=method.caption)
        if isinstance(method, SendPhoto):
            return self._message(bot, method.chat_id, next(self._ids), caption=method.caption)
        if isinstance(method, GetFile):
            if method.file_id not in self.files:
                raise TelegramBadRequest(method=method, message="Bad Request: invalid file_id")
            return File(
                file_id=method.file_id,
                file_unique_id=f"u-{method.file_id}",
                file_size=len(self.files[method.file_id]),
                file_path=f"files/{method.file_id}",
            )
        if isinstance(method, GetMe):
            return self._bot_user(bot)
        if method.__returning__ is bool:
            return True
        raise NotImplementedError(f"the recording session does not answer {type(method).__name__}")

    # What a test reads

    def of_type(self, kind: type) -> list[Any]:
        return [r for r in self.requests if isinstance(r, kind)]

    def screens(self, chat_id: int) -> list[Message]:
        """The chat's messages in the order they were last sent or edited."""
        return list(self.messages.get(chat_id, {}).values())

    def last_screen(self, chat_id: int) -> Message:
        """The message the person looks at now: the last one sent or edited as text."""
        if chat_id not in self._shown:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}")
        return self.messages[chat_id][self._shown[chat_id]]

    def forget_chat(self, chat_id: int) -> None:
        """Drop what a chat was shown (a benchmark's person who has finished)."""
        self.messages.pop(chat_id, None)
        self._shown.pop(chat_id, None)

    def answers_per_press(self) -> dict[str, int]:
        """How many times each press (callback query id) was answered, refused answers included."""
        counts: dict[str, int] = {}
        for answer in self.of_type(AnswerCallbackQuery):
            counts[answer.callback_query_id] = counts.get(answer.callback_query_id, 0) + 1
        return counts

    def alerts(self) -> list[str]:
        return [r.text for r in self.of_type(AnswerCallbackQuery) if r.text]


def buttons(markup: InlineKeyboardMarkup | None) -> list[tuple[str, str | None]]:
    if markup is None:
        return []
    return [(b.text, b.callback_data or b.url) for row in markup.inline_keyboard for b in row]
