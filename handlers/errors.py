"""Typed error routes: a person gets a polite answer, the log gets one line, nothing crashes."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from handlers.common.answer import CallbackReply
from handlers.common.ui import error_text
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


async def _answer(event: ErrorEvent, bot: Bot, text: str, with_menu: bool, t: L, data: dict) -> None:
    """A polite answer. A press gets it as an alert unless it was answered already (then as a message): a press is
    answered once (handlers/common/answer.py)."""
    update = event.update
    markup = back_to_menu_kb(t) if with_menu else None
    try:
        if update.callback_query is not None:
            reply = data.get("reply")
            if not isinstance(reply, CallbackReply):  # failed before `AnswerOnce`: nothing answered it
                reply = CallbackReply(update.callback_query)
            reply.toast(text, alert=True)
            if not await reply.send() or with_menu:
                await bot.send_message(update.callback_query.from_user.id, text, reply_markup=markup)
        elif update.message is not None:
            await update.message.answer(text, reply_markup=markup)
    except TelegramForbiddenError:
        log.info("could not answer update %s: the user blocked the bot", update.update_id)


async def service_error(event: ErrorEvent, bot: Bot, **data: object) -> None:
    error: ServiceError = event.exception  # type: ignore[assignment]
    t = _t(event, data)
    log.info("update %s refused: %s", event.update.update_id, error.key)
    text = error_text(t, error)
    await _answer(event, bot, text, isinstance(error, Outdated), t, data)


async def forbidden(event: ErrorEvent) -> None:
    log.info("update %s: the user blocked the bot", event.update.update_id)


async def unexpected(event: ErrorEvent, bot: Bot, **data: object) -> None:
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    t = _t(event, data)
    await _answer(event, bot, t("error-generic"), True, t, data)


def setup() -> Router:
    router = Router(name=__name__)
    router.errors.register(service_error, ExceptionTypeFilter(ServiceError))
    router.errors.register(forbidden, ExceptionTypeFilter(TelegramForbiddenError))
    router.errors.register(unexpected)
    return router
