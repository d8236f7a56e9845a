"""The MAX bot, built from settings (None while MAX_BOT_TOKEN is unset)."""

from __future__ import annotations

from aiogram import Bot

from bot.max.client import DEFAULT_BASE
from bot.max.session import MaxSession, create_max_bot
from bot.settings import Settings


def create_max_bot_from_settings(settings: Settings) -> Bot | None:
    if not settings.max_enabled or settings.max_bot_token is None:
        return None
    session = MaxSession(
        settings.max_bot_token.get_secret_value(),
        settings.max_api_base or DEFAULT_BASE,
        ca_file=settings.max_ca_file,
    )
    session.default_language = settings.default_locale
    return create_max_bot(session)
