"""MAX updates as aiogram `Update`s, so the same routers serve MAX and Telegram.

| MAX update (schema 0.0.33, `Update`) | aiogram |
| --- | --- |
| `message_created` | `message`: text (a leading `/word` marked as a command), a `file` attachment as a document, an `image` as a photo |
| `message_edited` | `edited_message` |
| `bot_started` (with the deep-link `payload`) | `message` with the text `/start` or `/start <payload>` |
| `message_callback` | `callback_query`: `callback_id` as its id, the button's `payload` as `data`, the message it was on |
| `bot_stopped`, `dialog_*`, `bot_added`, chat events | nothing (the sender learns of a blocked person from the 403) |

Ids follow `bot.max.ids`. A person's language is their `user_locale` (`ru-RU` → `ru`) when the update has one.
"""

from __future__ import annotations

import logging
import mimetypes
from datetime import UTC, datetime
from typing import Any

from aiogram.types import (
    CallbackQuery,
    Chat,
    Document,
    Message,
    MessageEntity,
    PhotoSize,
    Update,
    User,
)

from bot.max import ids
from bot.max.markup import entities_from_markup, markup_from_attachments

log = logging.getLogger(__name__)

START = "/start"


def _when(ms: Any) -> datetime:
    try:
        return datetime.fromtimestamp(int(ms) / 1000, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def _language(locale: Any) -> str | None:
    if not isinstance(locale, str) or not locale:
        return None
    return locale.replace("_", "-").split("-")[0].lower() or None


def user(data: dict[str, Any], locale: Any = None) -> User:
    """A MAX `User` as an aiogram user (id in the MAX range)."""
    first = str(data.get("first_name") or data.get("name") or "") or "—"
    return User(
        id=ids.user_to_aiogram(int(data["user_id"])),
        is_bot=bool(data.get("is_bot", False)),
        first_name=first,
        last_name=data.get("last_name") or None,
        username=data.get("username") or None,
        language_code=_language(locale),
    )


def _chat(recipient: dict[str, Any], person: User | None) -> Chat:
    """The aiogram chat for a MAX recipient: a dialog is the person's own id (as in Telegram's private chats)."""
    if recipient.get("chat_type", "dialog") == "dialog":
        if person is None or person.is_bot:
            uid = recipient.get("user_id")
            if uid is None:
                raise ValueError("a dialog message without the person's id")
            return Chat(id=ids.user_to_aiogram(int(uid)), type="private")
        return Chat(id=person.id, type="private", first_name=person.first_name)
    kind = "channel" if recipient.get("chat_type") == "channel" else "group"
    return Chat(id=ids.chat_to_aiogram(int(recipient["chat_id"])), type=kind)


def _attachments(body: dict[str, Any]) -> dict[str, Any]:
    """Document or photo fields for the attachments aiogram handlers read."""
    fields: dict[str, Any] = {}
    for attachment in body.get("attachments") or []:
        kind = attachment.get("type")
        payload = attachment.get("payload") or {}
        url = payload.get("url")
        if kind == "file" and isinstance(url, str) and "document" not in fields:
            name = str(attachment.get("filename") or "file")
            file = ids.MaxFile(url=url, token=payload.get("token"), kind="file")
            fields["document"] = Document(
                file_id=file.file_id(),
                file_unique_id=file.unique_id(),
                file_name=name,
                mime_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
                file_size=int(attachment["size"]) if attachment.get("size") is not None else None,
            )
        elif kind == "image" and isinstance(url, str) and "photo" not in fields:
            file = ids.MaxFile(url=url, token=payload.get("token"), kind="image")
            fields["photo"] = [
                PhotoSize(file_id=file.file_id(), file_unique_id=file.unique_id(), width=0, height=0)
            ]
    return fields


def command_entities(text: str) -> list[MessageEntity] | None:
    if not text.startswith("/"):
        return None
    word = text.split(maxsplit=1)[0]
    return [MessageEntity(type="bot_command", offset=0, length=len(word.encode("utf-16-le")) // 2)]


def message(data: dict[str, Any], locale: Any = None) -> Message:
    """A MAX `Message` (sent by a person, or the bot's own under a pressed button) as an aiogram message."""
    body = data.get("body") or {}
    sender = user(data["sender"], locale) if data.get("sender") else None
    chat = _chat(data.get("recipient") or {}, sender)
    text = body.get("text")
    entities = None
    if isinstance(text, str) and text:
        entities = command_entities(text) if sender and not sender.is_bot else None
        entities = entities or entities_from_markup(body.get("markup"))
    else:
        text = None
    fields = _attachments(body)
    if text is not None and fields:
        fields["caption"], fields["caption_entities"], text, entities = text, entities, None, None
    return Message(
        message_id=ids.mid_to_aiogram(str(body["mid"])),
        date=_when(data.get("timestamp")),
        chat=chat,
        from_user=sender,
        text=text,
        entities=entities,
        reply_markup=markup_from_attachments(body.get("attachments")),
        **fields,
    )


def translate(data: dict[str, Any]) -> Update | None:
    """One MAX update as an aiogram `Update`, or None for the kinds Vmeste does not act on (or malformed ones,
    which are logged by kind, never by content)."""
    kind = data.get("update_type")
    try:
        return _translate(kind, data)
    except (KeyError, TypeError, ValueError) as error:
        log.warning("max update skipped", extra={"update_type": kind, "error": type(error).__name__})
        return None


def _translate(kind: Any, data: dict[str, Any]) -> Update | None:
    locale = data.get("user_locale")
    if kind == "message_created":
        msg = data["message"]
        converted = message(msg, locale)
        if converted.from_user is None or converted.from_user.is_bot:
            return None
        return Update(update_id=ids.update_id(kind, msg["body"]["mid"]), message=converted)
    if kind == "message_edited":
        msg = data["message"]
        converted = message(msg, locale)
        if converted.from_user is None or converted.from_user.is_bot:
            return None
        edited = converted.model_copy(update={"edit_date": int(_when(data.get("timestamp")).timestamp())})
        return Update(
            update_id=ids.update_id(kind, msg["body"]["mid"], data.get("timestamp")), edited_message=edited
        )
    if kind == "bot_started":
        person = user(data["user"], locale)
        payload = data.get("payload")
        text = f"{START} {payload}" if isinstance(payload, str) and payload.strip() else START
        started = Message(
            message_id=ids.mid_to_aiogram(
                f"bot_started.{data['user']['user_id']}.{data.get('timestamp', 0)}"
            ),
            date=_when(data.get("timestamp")),
            chat=Chat(id=person.id, type="private", first_name=person.first_name),
            from_user=person,
            text=text,
            entities=command_entities(text),
        )
        return Update(update_id=ids.update_id(kind, person.id, data.get("timestamp")), message=started)
    if kind == "message_callback":
        callback = data["callback"]
        person = user(callback["user"], locale)
        original = data.get("message")
        on = message(original) if original else None
        query = CallbackQuery(
            id=str(callback["callback_id"]),
            from_user=person,
            chat_instance=str(on.chat.id if on else person.id),
            message=on,
            data=str(callback.get("payload") or ""),
        )
        return Update(update_id=ids.update_id(kind, callback["callback_id"]), callback_query=query)
    return None
