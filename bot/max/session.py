"""An aiogram session that speaks MAX: the Bot API methods Vmeste's handlers call become MAX Bot API calls.

aiogram lets a bot's session be replaced (`Bot(session=...)`; `BaseSession` is the documented base class for
custom sessions), so the routers, middlewares and services run unchanged for a person on MAX. Methods:

| Bot API | MAX |
| --- | --- |
| SendMessage | POST /messages?user_id= (a text over 4000 characters goes as several messages, the keyboard on the last) |
| EditMessageText | PUT /messages?message_id= (cut to 4000 characters with «…»; no keyboard given removes it) |
| EditMessageReplyMarkup | PUT /messages?message_id= with only the attachments |
| AnswerCallbackQuery | POST /answers?callback_id= (the text as `notification`) |
| SendDocument, SendPhoto | POST /uploads, the file to the url it gives, then POST /messages with the token |
| GetFile (and downloads) | the file id carries the MAX url; `bot.download` streams it |
| DeleteMessage | DELETE /messages?message_id= |
| SetMyCommands | PATCH /me/commands (MAX has one command list: the one without a language) |
| GetMe | GET /me |

MAX errors become aiogram's: 429 → `TelegramRetryAfter` (MAX documents no retry time: `Retry-After` if sent, else
`retry_after_default`), 403 → `TelegramForbiddenError` (the person stopped the bot or it has no access), 401 →
`TelegramUnauthorizedError`, 404 → `TelegramNotFound`, other 4xx → `TelegramBadRequest`, 5xx →
`TelegramServerError`, no answer → `TelegramNetworkError`. A method MAX has no counterpart for, or a Telegram
id given to the MAX bot, is a `TelegramBadRequest` (handlers already answer those politely).
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    DeleteWebhook,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import Chat, File, InlineKeyboardMarkup, InputFile, Message, User

from bot.max import ids
from bot.max.client import DEFAULT_BASE, MaxApiError, MaxClient, MaxNetworkError
from bot.max.markup import TEXT_LIMIT, escape_plain, fit_html, keyboard_attachment, split_html, to_max_html
from bot.max.updates import message as translate_message

log = logging.getLogger(__name__)

# File ids carry the MAX url itself; `bot.download_file(path)` asks the session's api for the url to fetch.
_FILES = TelegramAPIServer(base="max://{method}", file="{path}")


class MaxSession(BaseSession):
    def __init__(
        self,
        token: str,
        base: str = DEFAULT_BASE,
        *,
        ca_file: str | None = None,
        retry_after_default: int = 1,
        client: MaxClient | None = None,
    ) -> None:
        super().__init__(api=_FILES)
        self.client = client or MaxClient(token, base, ca_file=ca_file)
        self.retry_after_default = retry_after_default
        self.default_language: str | None = None  # SetMyCommands for this language (or none) reaches MAX

    async def close(self) -> None:
        await self.client.close()

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        if not url.startswith(("http://", "https://")):
            raise TelegramBadRequest(method=GetFile(file_id=url), message="Bad Request: not a MAX file")
        try:
            async for chunk in self.client.stream(url, chunk_size=chunk_size, timeout=timeout):
                yield chunk
        except MaxNetworkError as error:
            raise TelegramNetworkError(method=GetFile(file_id=url), message=str(error)) from error
        except MaxApiError as error:
            raise _aiogram_error(GetFile(file_id=url), error, self.retry_after_default) from error

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        handler = _HANDLERS.get(type(method))
        if handler is None:
            raise TelegramBadRequest(
                method=method, message=f"Bad Request: {type(method).__name__} is not on MAX"
            )
        try:
            return await handler(self, bot, method)
        except TelegramAPIError:
            raise
        except ids.IdOutOfRange as error:
            raise TelegramBadRequest(
                method=method, message=f"Bad Request: chat not found ({error})"
            ) from error
        except MaxNetworkError as error:
            raise TelegramNetworkError(method=method, message=str(error)) from error
        except MaxApiError as error:
            raise _aiogram_error(method, error, self.retry_after_default) from error

    # Translations, one per method

    async def _send_message(self, bot: Bot, method: SendMessage) -> Message:
        to = ids.recipient(method.chat_id)
        text = _html(bot, method.text, method.parse_mode)
        keyboard = _keyboard(method.reply_markup)
        pieces = split_html(text)
        sent: dict[str, Any] = {}
        for index, piece in enumerate(pieces):
            body: dict[str, Any] = {
                "text": piece,
                "format": "html",
                "notify": not _flag(bot, method, "disable_notification"),
            }
            if keyboard is not None and index == len(pieces) - 1:
                body["attachments"] = [keyboard]
            sent = await self.client.send_message(
                to.query(), body, disable_link_preview=_no_preview(bot, method)
            )
        return _as_message(bot, sent, method.chat_id)

    async def _edit_text(self, bot: Bot, method: EditMessageText) -> Message | bool:
        mid = _mid(method, method.message_id, method.inline_message_id)
        text = fit_html(_html(bot, method.text, method.parse_mode))
        keyboard = _keyboard(method.reply_markup)
        body: dict[str, Any] = {"text": text, "format": "html", "attachments": [keyboard] if keyboard else []}
        await self.client.edit_message(mid, body)
        return _edited(bot, method.chat_id, method.message_id, text=text, reply_markup=method.reply_markup)

    async def _edit_markup(self, bot: Bot, method: EditMessageReplyMarkup) -> Message | bool:
        mid = _mid(method, method.message_id, method.inline_message_id)
        keyboard = _keyboard(method.reply_markup)
        await self.client.edit_message(mid, {"attachments": [keyboard] if keyboard else []})
        return True

    async def _answer(self, bot: Bot, method: AnswerCallbackQuery) -> bool:
        body: dict[str, Any] = {}
        if method.text:
            body["notification"] = method.text
        await self.client.answer_callback(method.callback_query_id, body)
        return True

    async def _send_file(self, bot: Bot, method: SendDocument | SendPhoto) -> Message:
        to = ids.recipient(method.chat_id)
        kind = "file" if isinstance(method, SendDocument) else "image"
        source = method.document if isinstance(method, SendDocument) else method.photo
        attachment = await self._attachment(bot, method, source, kind)
        body: dict[str, Any] = {
            "attachments": [attachment],
            "notify": not _flag(bot, method, "disable_notification"),
        }
        if method.caption:
            body["text"] = fit_html(_html(bot, method.caption, method.parse_mode))
            body["format"] = "html"
        keyboard = _keyboard(method.reply_markup)
        if keyboard is not None:
            body["attachments"].append(keyboard)
        sent = await self.client.send_message(to.query(), body)
        return _as_message(bot, sent, method.chat_id)

    async def _attachment(
        self, bot: Bot, method: TelegramMethod[Any], source: Any, kind: str
    ) -> dict[str, Any]:
        if isinstance(source, str):
            try:
                file = ids.file_from_id(source)
            except ValueError as error:
                raise TelegramBadRequest(
                    method=method, message="Bad Request: wrong file identifier"
                ) from error
            if file.token is None:
                raise TelegramBadRequest(method=method, message="Bad Request: the file cannot be sent again")
            if kind == "image":
                return {"type": "image", "payload": {"token": file.token}}
            return {
                "type": file.kind if file.kind in {"file", "video", "audio"} else "file",
                "payload": {"token": file.token},
            }
        if not isinstance(source, InputFile):
            raise TelegramBadRequest(method=method, message="Bad Request: nothing to send")
        content = b"".join([chunk async for chunk in source.read(bot)])
        payload = await self.client.upload(
            kind, source.filename or ("photo.jpg" if kind == "image" else "file"), content
        )
        return {"type": kind, "payload": payload}

    async def _get_file(self, bot: Bot, method: GetFile) -> File:
        try:
            file = ids.file_from_id(method.file_id)
        except ValueError as error:
            raise TelegramBadRequest(method=method, message="Bad Request: invalid file_id") from error
        return File(file_id=method.file_id, file_unique_id=file.unique_id(), file_path=file.url)

    async def _delete(self, bot: Bot, method: DeleteMessage) -> bool:
        await self.client.delete_message(_mid(method, method.message_id, None))
        return True

    async def _commands(self, bot: Bot, method: SetMyCommands) -> bool:
        if method.language_code not in (None, self.default_language):
            return True  # MAX keeps one list of commands, without languages
        commands = [{"name": c.command, "description": c.description[:128]} for c in method.commands[:32]]
        await self.client.set_commands(commands)
        return True

    async def _get_me(self, bot: Bot, method: GetMe) -> User:
        me = await self.client.get_me()
        return User(
            id=ids.user_to_aiogram(int(me["user_id"])),
            is_bot=True,
            first_name=str(me.get("first_name") or me.get("name") or "bot"),
            username=me.get("username"),
        )

    async def _no_webhook(self, bot: Bot, method: DeleteWebhook) -> bool:
        return True  # MAX subscriptions are managed by bot.max.polling


_HANDLERS: dict[type, Any] = {
    SendMessage: MaxSession._send_message,
    EditMessageText: MaxSession._edit_text,
    EditMessageReplyMarkup: MaxSession._edit_markup,
    AnswerCallbackQuery: MaxSession._answer,
    SendDocument: MaxSession._send_file,
    SendPhoto: MaxSession._send_file,
    GetFile: MaxSession._get_file,
    DeleteMessage: MaxSession._delete,
    SetMyCommands: MaxSession._commands,
    GetMe: MaxSession._get_me,
    DeleteWebhook: MaxSession._no_webhook,
}


def _resolve(bot: Bot, value: Any) -> Any:
    return bot.default[value.name] if isinstance(value, Default) else value


def _flag(bot: Bot, method: TelegramMethod[Any], name: str) -> bool:
    return bool(_resolve(bot, getattr(method, name, None)))


def _no_preview(bot: Bot, method: SendMessage) -> bool:
    options = _resolve(bot, method.link_preview_options)
    if options is not None and getattr(options, "is_disabled", None) is not None:
        return bool(_resolve(bot, options.is_disabled))
    return bool(_resolve(bot, method.disable_web_page_preview)) or bool(
        bot.default["link_preview_is_disabled"]
    )


def _html(bot: Bot, text: str, parse_mode: Any) -> str:
    mode = _resolve(bot, parse_mode)
    if isinstance(mode, str) and mode.lower() == "html":
        return to_max_html(text)
    return escape_plain(text)  # no parse mode (or Markdown, which Vmeste does not use): the text as it is


def _keyboard(markup: Any) -> dict[str, Any] | None:
    return keyboard_attachment(markup) if isinstance(markup, InlineKeyboardMarkup) else None


def _mid(method: TelegramMethod[Any], message_id: int | None, inline_message_id: str | None) -> str:
    if message_id is None:
        raise TelegramBadRequest(method=method, message="Bad Request: inline messages are not on MAX")
    try:
        return ids.mid_from_aiogram(message_id)
    except ValueError as error:
        raise TelegramBadRequest(method=method, message="Bad Request: message to edit not found") from error


def _as_message(bot: Bot, data: dict[str, Any], chat_id: int | str) -> Message:
    message = translate_message(data)
    # The bot's own message: keep the chat the handler used (a person's dialog is their id, as in Telegram).
    if isinstance(chat_id, int) and message.chat.id != chat_id:
        message = message.model_copy(update={"chat": Chat(id=chat_id, type=message.chat.type)})
    return message.as_(bot)


def _edited(bot: Bot, chat_id: Any, message_id: int | None, **fields: Any) -> Message:
    chat = Chat(id=int(chat_id) if isinstance(chat_id, int) else 0, type="private")
    return Message(
        message_id=message_id or 0,
        date=datetime.now(UTC),
        edit_date=int(datetime.now(UTC).timestamp()),
        chat=chat,
        **fields,
    ).as_(bot)


def _aiogram_error(method: TelegramMethod[Any], error: MaxApiError, retry_default: int) -> TelegramAPIError:
    text = f"{error.code}: {error.message}"
    if error.status == 429:
        seconds = error.retry_after if error.retry_after is not None else retry_default
        return TelegramRetryAfter(method=method, message=text, retry_after=max(1, math.ceil(seconds)))
    if error.status == 403:
        return TelegramForbiddenError(method=method, message=f"Forbidden: {text}")
    if error.status == 401:
        return TelegramUnauthorizedError(method=method, message=f"Unauthorized: {text}")
    if error.status == 404:
        return TelegramNotFound(method=method, message=f"Not Found: {text}")
    if error.status >= 500:
        return TelegramServerError(method=method, message=text)
    return TelegramBadRequest(method=method, message=f"Bad Request: {text}")


def create_max_bot(session: MaxSession, bot_user_id: int = 0) -> Bot:
    """A Bot whose requests go to MAX. aiogram wants a Telegram-shaped token; the real MAX token lives in the
    session, and the number before the colon is the bot's aiogram-side id."""
    from aiogram.client.default import DefaultBotProperties
    from aiogram.enums import ParseMode

    return Bot(
        token=f"{ids.user_to_aiogram(bot_user_id)}:max",
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


__all__ = ["TEXT_LIMIT", "MaxSession", "create_max_bot"]
