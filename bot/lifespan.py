"""Work done when polling starts and stops: the bot's profile (the command menu in each language, the description
and short description, the staff commands in every staff member's chat; none of it can stop the start), and the
scheduler that plans and sends notifications (started with the dispatcher, stopped with it)."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middlewares import UpdatesInHand
from bot.scheduler import Notifications, create_scheduler, start_notifications, stop_notifications
from bot.settings import Settings
from db.models import User
from handlers.common.commands import set_all_staff_commands, set_descriptions, set_public_commands
from services.core.domain import Role
from services.core.i18n import Translator
from services.core.notifier import NO_SENDER

log = logging.getLogger(__name__)

UPDATES_GRACE_SECONDS = 10.0


async def set_commands(bot: Bot, translator: Translator) -> None:
    """The public command menu in each language (and the default one)."""
    await set_public_commands(bot, translator)


async def staff_chats(session_factory: async_sessionmaker[AsyncSession]) -> list[tuple[int, str | None]]:
    """Every active administrator and coordinator: their chat and language."""
    async with session_factory() as session:
        rows = await session.execute(
            select(User.id, User.language)
            .where(User.role.in_([Role.ADMIN, Role.COORDINATOR]), User.is_active.is_(True))
            .order_by(User.id)
        )
        return [(user_id, language) for user_id, language in rows.all()]


async def set_profile(
    bot: Bot, translator: Translator, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """At start-up: commands, descriptions, and the staff commands for every current staff member. Each call is
    allowed to fail (logged); so is reading the staff (the bot starts anyway)."""
    await set_public_commands(bot, translator)
    await set_descriptions(bot, translator)
    try:
        staff = await staff_chats(session_factory)
    except SQLAlchemyError as error:
        log.warning("could not read the staff for their commands: %s", type(error).__name__)
        return
    done = await set_all_staff_commands(bot, translator, staff)
    log.info("staff commands set in %d of %d staff chats", done, len(staff))


async def finish_updates_in_hand(in_hand: UpdatesInHand, timeout: float = UPDATES_GRACE_SECONDS) -> int:
    """Long polling handles each update in a task of its own and aiogram closes the bot's HTTP session right after
    the shutdown hooks, without waiting for those tasks: a reply still on its way would fail half-way (the
    person's button spins, the update is logged as failed). Let them finish first, for a bounded time; how many
    are left then."""
    if in_hand.count:
        log.info("waiting for %d updates in hand", in_hand.count)
    left = await in_hand.wait_idle(timeout)
    if left:
        log.warning("%d updates still in hand after %s s; stopping anyway", left, timeout)
    return left


def setup_lifespan(dp: Dispatcher, in_hand: UpdatesInHand) -> None:
    async def on_startup(
        bot: Bot,
        dispatcher: Dispatcher,
        translator: Translator,
        settings: Settings,
        session_factory: async_sessionmaker[AsyncSession],
    ) -> None:
        await set_profile(bot, translator, session_factory)
        me = await bot.get_me()
        log.info("bot @%s started", me.username)
        max_bot: Bot | None = dispatcher.workflow_data.get("max_bot")
        alerts = dispatcher.workflow_data.get("alerts")
        if alerts is not None:
            alerts.attach(bot, max_bot)
        if max_bot is not None:
            try:
                await set_commands(max_bot, translator)  # MAX keeps one list: the default language's
            except TelegramAPIError as error:
                log.warning("MAX commands not set", extra={"error": type(error).__name__})
        if settings.scheduler_enabled:
            notifications = create_scheduler(
                bot,
                session_factory,
                settings,
                translator,
                redis=dispatcher.workflow_data.get("redis"),
                storage=dispatcher.storage,
                alerts=dispatcher.workflow_data.get("alerts"),
                max_bot=max_bot,
            )
            dispatcher["notifications"] = notifications
            dispatcher["notifier"] = notifications.sender  # handlers and services wake it through `Notifier`
            await start_notifications(notifications, settings)

    async def on_shutdown(dispatcher: Dispatcher) -> None:
        await finish_updates_in_hand(in_hand)
        notifications: Notifications | None = dispatcher.workflow_data.pop("notifications", None)
        dispatcher["notifier"] = NO_SENDER
        if notifications is not None:
            await stop_notifications(notifications)

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
