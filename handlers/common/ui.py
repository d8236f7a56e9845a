"""Screen helpers: escaping, short labels, buttons and keyboards, showing a screen in place."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from services.core.errors import ServiceError
from services.core.i18n import L

BUTTON_MAX = 60
#: Telegram's limits: characters of a message (counted in UTF-16 units), buttons under one message.
MESSAGE_MAX = 4096
KEYBOARD_MAX = 100
#: Items a picker or a list shows on one page (room is left for the page row and the way back).
PAGE_SIZE = 20
TAG = re.compile(r"<[^>]+>")

T = TypeVar("T")


def h(text: object) -> str:
    """Escape text people typed (titles, names) before it goes into an HTML message."""
    return html.escape(str(text), quote=False)


def error_text(t: L, error: ServiceError) -> str:
    """A service error in the person's language; values they typed are escaped."""
    return t(error.key, **{key: h(value) for key, value in error.kwargs.items()})


def short(text: str, limit: int = BUTTON_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fit(text: str, limit: int = MESSAGE_MAX) -> str:
    """Cut a message that would pass Telegram's limit at a line break, with «…» where it was cut. Views keep their
    texts short by paging; this is the last guard (a cut at a line break keeps HTML tags, which never span lines in
    our texts, whole)."""
    if utf16_len(text) <= limit:
        return text
    lines = text.split("\n")
    while lines and utf16_len("\n".join(lines)) > limit - 2:
        lines.pop()
    if not lines:  # one line longer than a message: its words without the markup, cut anywhere
        return h(short(html.unescape(TAG.sub("", text)), limit // 2))
    return "\n".join(lines) + "\n…"


def utf16_len(text: str) -> int:
    """A text's length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a long list: its items, its number (from 0) and how many pages there are."""

    items: list[T]
    number: int
    count: int


def page_of(items: Sequence[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    """The `number`-th page of `items` (a number past the end shows the last page, as after a deletion)."""
    count = max(1, -(-len(items) // size))
    number = min(max(number, 0), count - 1)
    return Page(list(items[number * size : (number + 1) * size]), number, count)


def pager(t: L, page: Page[Any], to: Callable[[int], CallbackData]) -> list[InlineKeyboardButton]:
    """The row under a paged list: «Назад: стр. N-1», «Страница N из M» (shows the same page again), «Далее: стр.
    N+1»; no row when everything fits on one page."""
    if page.count <= 1:
        return []
    row = []
    if page.number > 0:
        row.append(button(t("btn-page-prev", page=page.number), to(page.number - 1)))
    row.append(button(t("page-of", page=page.number + 1, pages=page.count), to(page.number)))
    if page.number < page.count - 1:
        row.append(button(t("btn-page-next", page=page.number + 2), to(page.number + 1)))
    return row


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """A keyboard from rows of buttons (cheaper than the builder on the hot browsing path)."""
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def column(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    """A keyboard of one button a row."""
    return keyboard(*([b] for b in buttons))


TOAST_MAX = 200  # Telegram's limit for a callback's notice


async def answer_press(callback: CallbackQuery, toast: str | None = None, *, alert: bool = False) -> None:
    """Answer a press: `show()` does it with the screen it shows; alone only where a press shows no screen. A press
    Telegram no longer takes an answer for (it waited while the bot was down) is left unanswered: what it did is on
    the screen already."""
    try:
        await callback.answer(short(toast, TOAST_MAX) if toast else None, show_alert=alert and bool(toast))
    except TelegramBadRequest as error:
        if "query" not in error.message:  # «query is too old», «query ID is invalid»
            raise


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
        await answer_press(event, toast, alert=alert)
        return
    await event.answer(text, reply_markup=markup)
