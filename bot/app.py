"""The running bot: engine, bot, dispatcher, polling; everything closed on the way out."""

from __future__ import annotations

import logging

from bot.factory import create_bot, create_dispatcher
from bot.settings import Settings
from db.engine import create_engine, create_session_factory

log = logging.getLogger(__name__)


async def run_polling(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    bot = create_bot(settings)
    dp = create_dispatcher(settings, create_session_factory(engine))
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types())
    finally:
        await bot.session.close()
        await engine.dispose()
