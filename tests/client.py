"""A person in a private chat with the bot: sends texts and presses buttons as real `Update`s through the dispatcher."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from aiogram import Bot, Dispatcher
from aiogram.types import CallbackQuery, Chat, Document, Message, MessageEntity, Update, User

from tests.recording import RecordingSession, buttons

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


class TgClient:
    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        session: RecordingSession,
        user_id: int,
        first_name: str = "Анна",
        language_code: str = "ru",
    ) -> None:
        self.dp, self.bot, self.session = dp, bot, session
        self.user = User(id=user_id, is_bot=False, first_name=first_name, language_code=language_code)
        self.chat = Chat(id=user_id, type="private")

    @property
    def id(self) -> int:
        return self.user.id

    async def _feed(self, **kwargs: object) -> None:
        update = Update(update_id=next(_update_ids), **kwargs)
        await self.dp.feed_update(self.bot, update)

    async def send(self, text: str) -> None:
        entities = None
        if text.startswith("/"):
            entities = [MessageEntity(type="bot_command", offset=0, length=len(text.split()[0]))]
        message = Message(
            message_id=next(_message_ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            text=text,
            entities=entities,
        )
        await self._feed(message=message)

    async def send_document(
        self,
        filename: str,
        size: int | None = None,
        mime: str = "application/octet-stream",
        content: bytes | None = None,
    ) -> None:
        """Send a file; with `content` the bot can download it. The size is the content's (100 without it)
        unless given: a test may state a size the file does not have."""
        file_id = f"f-{filename}"
        if content is not None:
            self.session.files[file_id] = content
        if size is None:
            size = len(content) if content is not None else 100
        document = Document(
            file_id=file_id,
            file_unique_id=f"u-{filename}",
            file_name=filename,
            mime_type=mime,
            file_size=size,
        )
        message = Message(
            message_id=next(_message_ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            document=document,
        )
        await self._feed(message=message)

    async def press(self, data: str, message: Message | None = None) -> None:
        """Press a button by its callback data (possibly forged) on a message (by default the current screen)."""
        message = message or self.screen
        callback = CallbackQuery(
            id=str(next(_update_ids)), from_user=self.user, chat_instance="ci", message=message, data=data
        )
        await self._feed(callback_query=callback)

    async def click(self, label: str) -> None:
        """Press the button of the current screen whose text contains `label`."""
        screen = self.screen
        matches = [(text, data) for text, data in buttons(screen.reply_markup) if label in text]
        if not matches:
            raise AssertionError(
                f"no button {label!r} on the screen; buttons: {[t for t, _ in self.buttons]}"
            )
        await self.press(matches[0][1] or "", screen)

    @property
    def screen(self) -> Message:
        return self.session.last_screen(self.id)

    @property
    def text(self) -> str:
        return self.screen.text or ""

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        return buttons(self.screen.reply_markup)

    def texts(self) -> list[str]:
        return [m.text for m in self.session.screens(self.id) if m.text]
