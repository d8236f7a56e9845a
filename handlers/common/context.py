"""One object a handler takes instead of a long list of injected arguments.

aiogram hands a handler the dispatcher's data by parameter name; most of our handlers want the same seven or eight
of them. A feature router built with `feature_router` gathers them into a `Ctx` once a handler has matched (an inner
middleware, so a press that no handler of the router takes costs nothing), and its handlers take `ctx: Ctx`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from aiogram import BaseMiddleware, Bot, Router
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from sqlalchemy.ext.asyncio import AsyncSession

    from db.models import User
    from services.core.i18n import L, Translator
    from services.core.notifier import Notifier
    from services.core.schedule_cache import ScheduleCache


class HandlerSettings(Protocol):
    """What handlers read of the settings. `bot.settings.Settings` has all of it; handlers depend on this narrow
    view instead of importing `bot/` (the import-graph test holds that)."""

    admin_ids: frozenset[int]
    page_size: int
    import_max_bytes: int
    invite_ttl_days: int

    @property
    def tz(self) -> ZoneInfo: ...

    @property
    def max_enabled(self) -> bool: ...  # MAX is on beside Telegram: counts are shown per messenger


@dataclass(frozen=True, slots=True)
class Ctx:
    """What a handler works with: the person (always set behind `Registered` or `Staff`), their language, this
    update's database session, the settings, the conversation state, the schedule cache and the sender's
    `Notifier` (a no-op where no sender runs, as in most tests)."""

    user: User
    t: L
    session: AsyncSession
    settings: HandlerSettings
    state: FSMContext
    cache: ScheduleCache
    notifier: Notifier
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
            notifier=data["notifier"],
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
