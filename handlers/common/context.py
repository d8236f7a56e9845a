"""One object a handler takes instead of a long list of injected arguments.

aiogram hands a handler the dispatcher's data by parameter name; most of our handlers want the same seven or eight
of them. A feature router built with `feature_router` gathers them into a `Ctx` once a handler has matched (an inner
middleware, so a press that no handler of the router takes costs nothing), and its handlers take `ctx: Ctx`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware, Bot, Router
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.scheduler import Notifications
    from bot.settings import Settings
    from db.models import User
    from services.i18n import L, Translator
    from services.schedule_cache import ScheduleCache


@dataclass(frozen=True, slots=True)
class Ctx:
    """What a handler works with: the person (always set behind `Registered` or `Staff`), their language, this
    update's database session, the settings, the conversation state, the schedule cache and the notification
    scheduler (None where none runs, as in most tests)."""

    user: User
    t: L
    session: AsyncSession
    settings: Settings
    state: FSMContext
    cache: ScheduleCache
    notifications: Notifications | None
    translator: Translator
    bot: Bot


class ProvideCtx(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data["ctx"] = Ctx(
            user=data.get("user"),  # type: ignore[arg-type]
            t=data["t"],
            session=data["session"],
            settings=data["settings"],
            state=data.get("state"),  # type: ignore[arg-type]
            cache=data["schedule_cache"],
            notifications=data.get("notifications"),
            translator=data["translator"],
            bot=data["bot"],
        )
        return await handler(event, data)


def feature_router(name: str, *filters: Filter, context: bool = True) -> Router:
    """A router whose messages and presses pass `filters`; its handlers (and its sub-routers') may take `ctx`."""
    router = Router(name=name)
    provide = ProvideCtx()
    for observer in (router.message, router.callback_query):
        for each in filters:
            observer.filter(each)
        if context:
            observer.middleware(provide)
    return router
