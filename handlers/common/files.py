"""Sending what takes a while to build (charts, spreadsheets): built in a worker thread, so other people are
answered meanwhile, while the chat shows «отправляет фото» or «отправляет файл» (aiogram's `ChatActionSender`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from aiogram import Bot
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, InputMediaPhoto
from aiogram.utils.chat_action import ChatActionSender

from handlers.common.ui import short

#: Telegram's limits: photos in one album, characters of a caption.
ALBUM_MAX = 10
CAPTION_MAX = 1024

R = TypeVar("R")


async def in_thread(function: Callable[..., R], *args: Any) -> R:
    """Run a slow, pure function (a chart, a workbook) in a worker thread: the event loop goes on meanwhile."""
    return await asyncio.to_thread(function, *args)


async def send_document(
    bot: Bot,
    chat_id: int,
    build: Callable[[], bytes],
    filename: str,
    caption: str | None = None,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Build a file in a worker thread while the chat shows «отправляет файл», then send it."""
    async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id):
        data = await in_thread(build)
        await bot.send_document(
            chat_id, BufferedInputFile(data, filename=filename), caption=caption, reply_markup=reply_markup
        )


async def send_album(bot: Bot, chat_id: int, images: list[tuple[str, bytes]], name: str) -> None:
    """Photos as albums of up to ten (a single one as a photo); `images` are (caption, PNG) pairs, captions are
    plain text, named `<name>-<n>.png`."""
    files = [
        (short(caption, CAPTION_MAX), BufferedInputFile(png, filename=f"{name}-{number}.png"))
        for number, (caption, png) in enumerate(images, start=1)
    ]
    for start in range(0, len(files), ALBUM_MAX):
        chunk = files[start : start + ALBUM_MAX]
        if len(chunk) == 1:
            caption, photo = chunk[0]
            await bot.send_photo(chat_id, photo, caption=caption, parse_mode=None)
        else:
            media = [
                InputMediaPhoto(media=photo, caption=caption, parse_mode=None) for caption, photo in chunk
            ]
            await bot.send_media_group(chat_id, media)
