"""An archived organization leaves every picker and can no longer be chosen (an old or forged button, the command
line), while what already belongs to it stays: its events can still be edited, people bound to it stay bound."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.broadcasts.broadcasts import BroadcastService
from services.core.errors import ValidationFailed
from services.events.events import EventDraft, EventService
from services.people.organizations import OrganizationService
from services.people.users import InviteService, UserService
from services.plans.plans import PlanImportService
from services.surveys.surveys import SurveyService
from tests.factories import make_event, make_org, make_user
from tests.services.test_plans_service import seed_plan
from tests.surveys.helpers import load

TZ = ZoneInfo("Europe/Moscow")


@pytest.fixture
async def archived(session):
    org = await make_org(session, "Школа № 99", "base", archived=True)
    await make_org(session, "ЦППМСП")
    return org


def _refused(error: pytest.ExceptionInfo[ValidationFailed]) -> None:
    assert error.value.key == "error-org-archived" and error.value.kwargs == {"name": "Школа № 99"}


async def test_pickers_leave_it_out(session, archived):
    assert [o.short_name for o in await OrganizationService(session).all()] == ["ЦППМСП"]
    groups = await OrganizationService(session).grouped()
    assert [o.short_name for g in groups for o in g.organizations] == ["ЦППМСП"]


async def test_an_event_cannot_be_given_to_it_but_its_own_events_stay_editable(session, archived):
    admin = await make_user(session, 9501, "admin")
    service = EventService(session, TZ)
    start = datetime.now(UTC) + timedelta(days=3)
    with pytest.raises(ValidationFailed) as error:
        await service.create(admin, EventDraft(title="Семинар", starts_at=start, organization_id=archived.id))
    _refused(error)

    event = await make_event(session, "Старое мероприятие", organization_id=archived.id)
    draft = EventDraft(title="Старое мероприятие (перенос)", starts_at=start, organization_id=archived.id)
    updated = await service.update(admin, event.id, draft)
    assert (updated.title, updated.organization_id) == ("Старое мероприятие (перенос)", archived.id)


async def test_people_invites_rounds_broadcasts_and_plans_refuse_it(session, archived):
    admin = await make_user(session, 9502, "admin")
    parent = await make_user(session, 9503)
    with pytest.raises(ValidationFailed) as error:
        await UserService(session).set_organization(parent, archived.id)
    _refused(error)
    with pytest.raises(ValidationFailed) as error:
        await InviteService(session).create("coordinator", archived.id, timedelta(days=1))
    _refused(error)
    survey = await load(session, "parent_monitoring")
    now = datetime.now(UTC)
    with pytest.raises(ValidationFailed) as error:
        await SurveyService(session).open_round(
            admin, survey.id, "org", now, now + timedelta(days=7), organization_id=archived.id
        )
    _refused(error)
    with pytest.raises(ValidationFailed) as error:
        await BroadcastService(session).count(admin, "org", archived.id)
    _refused(error)
    with pytest.raises(ValidationFailed) as error:
        await PlanImportService(session, TZ).import_as_system(seed_plan("003"), archived.id)
    _refused(error)


async def test_an_admin_bound_to_an_archived_organization_imports_for_the_whole_network(session, archived):
    admin = await make_user(session, 9504, "admin", organization_id=archived.id)
    assert await PlanImportService(session, TZ).target_organization(admin) is None
    result = await PlanImportService(session, TZ).import_plan(admin, seed_plan("003"))
    assert result.organization_id is None


async def test_archiving_drops_the_cached_schedule(session):
    """The schedule shows organizations' names: once one is archived (or restored), cached pages are not shown."""
    from services.core.schedule_cache import ScheduleCache

    org = await make_org(session, "Школа № 7")
    admin = await make_user(session, 9001, role="admin")
    cache = ScheduleCache(ttl=60)
    for archived in (True, False):
        cache.put("page", "old schedule")
        await OrganizationService(session, cache).set_archived(admin, org.id, archived)
        assert cache.get("page") is None
