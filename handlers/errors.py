"""Typed error routes: a person gets a polite answer, the log gets one line, nothing crashes."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from handlers.common.ui import TOAST_MAX, error_text, short
from handlers.views.menu import back_to_menu_kb
from services.core.errors import Outdated, ServiceError
from services.core.i18n import L, Translator

log = logging.getLogger(__name__)


def _t(event: ErrorEvent, data: dict) -> L:
    t = data.get("t")
    if isinstance(t, L):
        return t
    translator: Translator = data["translator"]
    return translator.bind(translator.default)


async def _answer(event: ErrorEvent, bot: Bot, text: str, with_menu: bool, t: L) -> None:
    update = event.update
    try:
        if update.callback_query is not None:
            try:
                await update.callback_query.answer(short(text, TOAST_MAX), show_alert=True)
            except TelegramBadRequest as error:
                # Too old to answer (it waited while the bot was down): the text comes as a message instead.
                if "query" not in error.message:
                    raise
                with_menu = True
            if with_menu:
                await bot.send_message(
                    update.callback_query.from_user.id, text, reply_markup=back_to_menu_kb(t)
                )
        elif update.message is not None:
            await update.message.answer(text, reply_markup=back_to_menu_kb(t) if with_menu else None)
    except TelegramForbiddenError:
        log.info("could not answer update %s: the user blocked the bot", update.update_id)


async def service_error(event: ErrorEvent, bot: Bot, **data: object) -> None:
    error: ServiceError = event.exception  # type: ignore[assignment]
    t = _t(event, data)
    log.info("update %s refused: %s", event.update.update_id, error.key)
    text = error_text(t, error)
    await _answer(event, bot, text, isinstance(error, Outdated), t)


async def forbidden(event: ErrorEvent) -> None:
    log.info("update %s: the user blocked the bot", event.update.update_id)


async def unexpected(event: ErrorEvent, bot: Bot, **data: object) -> None:
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    t = _t(event, data)
    await _answer(event, bot, t("error-generic"), True, t)


def setup() -> Router:
    router = Router(name=__name__)
    router.errors.register(service_error, ExceptionTypeFilter(ServiceError))
    router.errors.register(forbidden, ExceptionTypeFilter(TelegramForbiddenError))
    router.errors.register(unexpected)
    return router
