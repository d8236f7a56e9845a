"""The services one update works with, built on first use with that update's session, the sender's `Notifier`,
the schedule cache, the clock and the settings the services read.

A handler reaches them through its `Ctx` (`ctx.clubs.leave(ctx.user, club_id)`) and never constructs a service:
each action method owns its transaction (one commit), its permission check (services/core/permissions.py) and what
follows the commit (waking the sender, dropping the cached schedule). Nothing here knows about Telegram."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from services.broadcasts.broadcasts import BroadcastService
from services.clubs.clubs import ClubService
from services.core.notifier import NO_SENDER, Notifier
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


@dataclass(kw_only=True, eq=False)
class Services:
    """One per update; each service is built once, when first asked for."""

    session: AsyncSession
    tz: ZoneInfo
    admin_ids: frozenset[int] = frozenset()
    cache: ScheduleCache | None = None
    notifier: Notifier = NO_SENDER
    clock: Callable[[], datetime] = utcnow

    @cached_property
    def users(self) -> UserService:
        return UserService(self.session, self.admin_ids, self.notifier)

    @cached_property
    def invites(self) -> InviteService:
        return InviteService(self.session)

    @cached_property
    def staff(self) -> StaffService:
        return StaffService(self.session, self.admin_ids, self.cache)

    @cached_property
    def organizations(self) -> OrganizationService:
        return OrganizationService(self.session, self.cache)

    @cached_property
    def events(self) -> EventService:
        return EventService(self.session, self.tz, self.cache)

    @cached_property
    def registrations(self) -> RegistrationService:
        return RegistrationService(self.session, self.cache, self.notifier)

    @cached_property
    def save_event(self) -> SaveEvent:
        """The event form's save: the edit and the waitlist moving up into new seats, in one transaction."""
        return SaveEvent(self.events, self.registrations)

    @cached_property
    def clubs(self) -> ClubService:
        return ClubService(self.session, self.cache, self.notifier)

    @cached_property
    def surveys(self) -> SurveyService:
        return SurveyService(self.session)

    @cached_property
    def open_round(self) -> OpenRound:
        """A coordinator opens a survey round; one that opens now has its audience invited and the sender woken."""
        return OpenRound(self.session, self.notifier)

    @cached_property
    def survey_results(self) -> SurveyResultsService:
        return SurveyResultsService(self.session)

    @cached_property
    def broadcasts(self) -> BroadcastService:
        return BroadcastService(self.session, self.clock)

    @cached_property
    def plans(self) -> PlanImportService:
        return PlanImportService(self.session, self.tz, self.cache)

    @cached_property
    def imported_plans(self) -> PlanService:
        """The imported plans: list, open, archive, restore or delete one."""
        return PlanService(self.session, self.tz, self.cache)

    @cached_property
    def org_registry(self) -> RegistryImportService:
        return RegistryImportService(self.session, self.cache)
