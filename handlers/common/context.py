"""One object a handler takes instead of a long list of injected arguments.

aiogram hands a handler the dispatcher's data by parameter name; most of our handlers want the same seven or eight
of them. A feature router built with `feature_router` gathers them into a `Ctx` once a handler has matched (an inner
middleware, so a press that no handler of the router takes costs nothing), and its handlers take `ctx: Ctx`.

The services come with it: `ctx.clubs`, `ctx.registrations`, … are this update's (services/provider.py), built on
first use with its session, the sender's `Notifier`, the schedule cache and the settings. A handler calls one
action method and renders what it returns; the method owns its transaction and permission check."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from aiogram import BaseMiddleware, Bot, Router
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject

from services.provider import Services

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from db.models import User
    from services.broadcasts.broadcasts import BroadcastService
    from services.clubs.clubs import ClubService
    from services.core.i18n import L, Translator
    from services.core.schedule_cache import ScheduleCache
    from services.events.events import EventService
    from services.people.org_registry import RegistryImportService
    from services.people.organizations import OrganizationService
    from services.people.staff import StaffService
    from services.people.users import InviteService, UserService
    from services.plans.manage import PlanService
    from services.plans.plans import PlanImportService
    from services.registration.event_form import SaveEvent
    from services.registration.registrations import RegistrationService
    from services.surveys.notices import OpenRound
    from services.surveys.results import SurveyResultsService
    from services.surveys.surveys import SurveyService


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
    """What a handler works with: the person (always set behind `Registered` or `Staff`), their language, the
    settings, the conversation state, the schedule cache (rendered screens) and this update's services. The database
    session and the sender's `Notifier` are not here: services get them from the provider, so a handler cannot
    commit or build a service around them."""

    user: User
    t: L
    settings: HandlerSettings
    state: FSMContext
    cache: ScheduleCache
    translator: Translator
    bot: Bot
    services: Services

    # This update's services (see services/provider.py).

    @property
    def users(self) -> UserService:
        return self.services.users

    @property
    def invites(self) -> InviteService:
        return self.services.invites

    @property
    def staff(self) -> StaffService:
        return self.services.staff

    @property
    def organizations(self) -> OrganizationService:
        return self.services.organizations

    @property
    def org_registry(self) -> RegistryImportService:
        return self.services.org_registry

    @property
    def events(self) -> EventService:
        return self.services.events

    @property
    def registrations(self) -> RegistrationService:
        return self.services.registrations

    @property
    def save_event(self) -> SaveEvent:
        return self.services.save_event

    @property
    def clubs(self) -> ClubService:
        return self.services.clubs

    @property
    def surveys(self) -> SurveyService:
        return self.services.surveys

    @property
    def open_round(self) -> OpenRound:
        return self.services.open_round

    @property
    def survey_results(self) -> SurveyResultsService:
        return self.services.survey_results

    @property
    def broadcasts(self) -> BroadcastService:
        return self.services.broadcasts

    @property
    def plans(self) -> PlanImportService:
        return self.services.plans

    @property
    def imported_plans(self) -> PlanService:
        return self.services.imported_plans


class ProvideCtx(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        settings: HandlerSettings = data["settings"]
        if "services" not in data:  # one provider per update, whichever router's handler takes it
            data["services"] = Services(
                session=data["session"],
                tz=settings.tz,
                admin_ids=settings.admin_ids,
                cache=data["schedule_cache"],
                notifier=data["notifier"],
            )
        data["ctx"] = Ctx(
            user=data.get("user"),  # type: ignore[arg-type]
            t=data["t"],
            settings=settings,
            state=data.get("state"),  # type: ignore[arg-type]
            cache=data["schedule_cache"],
            translator=data["translator"],
            bot=data["bot"],
            services=data["services"],
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
