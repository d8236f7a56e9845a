"""Screen helpers: escaping, short labels, buttons and keyboards, showing a screen in place."""

from __future__ import annotations

import html
from contextlib import suppress

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


TOAST_MAX = 200  # Telegram's limit for a callback's notice


async def show(
    event: Message | CallbackQuery,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    toast: str | None = None,
    alert: bool = False,
    new: bool = False,
) -> None:
    """Show a screen: edit the menu message in place when a button was pressed, else send a new message.

    The one place a press is answered: `toast` is the short notice a screen reader speaks («Записали вас»,
    «Страница 2 из 3»; `alert`: in a box to close). `new`: the screen's meaning changed and the person reads with a screen reader, so the
    screen comes as a new message (their reader's focus lands on it) and the old one loses its buttons."""
    if isinstance(event, CallbackQuery):
        message = event.message
        if new and isinstance(message, Message):
            await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
            if message.reply_markup is not None:
                # Too old to edit, or already bare: its buttons answer as outdated anyway.
                with suppress(TelegramBadRequest):
                    await message.edit_reply_markup(reply_markup=None)
        elif isinstance(message, Message) and message.text is not None:
            try:
                await message.edit_text(text, reply_markup=markup)
            except TelegramBadRequest as error:
                if "not modified" not in error.message:
                    await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
        else:
            await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
        await event.answer(short(toast, TOAST_MAX) if toast else None, show_alert=alert and bool(toast))
        return
    await event.answer(text, reply_markup=markup)
