"""Screen helpers: escaping, short labels, buttons and keyboards, showing a screen in place."""

from __future__ import annotations

import html

from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from services.core.errors import ServiceError
from services.core.i18n import L

BUTTON_MAX = 60


def h(text: object) -> str:
    """Escape text people typed (titles, names) before it goes into an HTML message."""
    return html.escape(str(text), quote=False)


def error_text(t: L, error: ServiceError) -> str:
    """A service error in the person's language; values they typed are escaped."""
    return t(error.key, **{key: h(value) for key, value in error.kwargs.items()})


def short(text: str, limit: int = BUTTON_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """A keyboard from rows of buttons (cheaper than the builder on the hot browsing path)."""
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def column(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    """A keyboard of one button a row."""
    return keyboard(*([b] for b in buttons))


async def show(event: Message | CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Show a screen: edit the menu message in place when a button was pressed, else send a new message.

    A press is not answered here: `AnswerOnce` answers it once the handler is done (handlers/common/answer.py)."""
    if isinstance(event, CallbackQuery):
        message = event.message
        if isinstance(message, Message) and message.text is not None:
            try:
                await message.edit_text(text, reply_markup=markup)
            except TelegramBadRequest as error:
                if "not modified" not in error.message:
                    await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
        else:
            await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
        return
    await event.answer(text, reply_markup=markup)
