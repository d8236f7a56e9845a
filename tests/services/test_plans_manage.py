"""The list of plans in the service: who sees which plans, archive, delete (future events cancelled and their
people told, past ones kept), and importing a deleted plan again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from db.models import Event, Notification, Plan, Registration
from services.core.errors import NotFound, PermissionDenied
from services.plans.manage import PlanService
from services.plans.plans import PlanImportService
from tests.factories import make_event, make_org, make_user
from tests.services.test_plans_service import seed_plan

TZ = ZoneInfo("Europe/Moscow")


async def _plan(session, key: str, org_id: int | None) -> Plan:
    plan = Plan(key=key, title=f"План {key}", source_name=f"{key}.xlsx", organization_id=org_id)
    session.add(plan)
    await session.commit()
    return plan


async def test_a_bound_coordinator_sees_only_their_organizations_plans(session):
    ours, theirs = await make_org(session, "ЦКРОиР"), await make_org(session, "Школа № 5", "base")
    bound = await make_user(session, 8001, "coordinator", organization_id=ours.id)
    unbound = await make_user(session, 8002, "coordinator")
    admin = await make_user(session, 8003, "admin", organization_id=theirs.id)
    parent = await make_user(session, 8004)
    a, b, network = (
        await _plan(session, "a", ours.id),
        await _plan(session, "b", theirs.id),
        await _plan(session, "n", None),
    )
    service = PlanService(session, TZ)

    assert [p.id for p in (await service.page(bound, 0)).plans] == [a.id]
    assert {p.id for p in (await service.page(unbound, 0)).plans} == {a.id, b.id, network.id}
    assert {p.id for p in (await service.page(admin, 0)).plans} == {a.id, b.id, network.id}
    with pytest.raises(PermissionDenied):
        await service.page(parent, 0)
    for plan_id in (b.id, network.id):
        with pytest.raises(PermissionDenied):
            await service.card(bound, plan_id)
        with pytest.raises(PermissionDenied):
            await service.delete(bound, plan_id)
    with pytest.raises(NotFound):
        await service.card(admin, 999)
    assert (await service.card(admin, b.id)).organization.short_name == "Школа № 5"


async def test_archived_plans_leave_the_list_and_come_back(session):
    coordinator = await make_user(session, 8011, "coordinator")
    plan = await _plan(session, "x", None)
    service = PlanService(session, TZ)
    await service.set_archived(coordinator, plan.id, True)
    assert (await service.page(coordinator, 0)).plans == []
    assert [p.id for p in (await service.page(coordinator, 0, archived=True)).plans] == [plan.id]
    await service.set_archived(coordinator, plan.id, False)
    assert [p.id for p in (await service.page(coordinator, 0)).plans] == [plan.id]


async def test_delete_cancels_what_has_not_ended_and_queues_the_cancellation_notice(session):
    coordinator = await make_user(session, 8021, "coordinator")
    person = await make_user(session, 8022)
    plan = await _plan(session, "d", None)
    now = datetime.now(UTC)
    future = await make_event(session, "Будущее", in_days=5, plan_id=plan.id, source_key="d1")
    await make_event(
        session,
        "Весь год",
        starts_at=now - timedelta(days=30),
        ends_at=now + timedelta(days=30),
        plan_id=plan.id,
    )
    await make_event(session, "Без даты", starts_at=None, precision="unknown", plan_id=plan.id)
    await make_event(session, "Прошло", in_days=-5, plan_id=plan.id, source_key="d2")
    session.add(Registration(event_id=future.id, user_id=person.id, status="confirmed", seq=1))
    await session.commit()

    deleted = await PlanService(session, TZ).delete(coordinator, plan.id)
    assert (deleted.title, deleted.cancelled, deleted.told) == ("План d", 3, 1)
    statuses = {
        e.title: (e.status, e.plan_id, e.source_key) for e in (await session.scalars(select(Event))).all()
    }
    assert statuses == {
        "Будущее": ("cancelled", None, None),
        "Весь год": ("cancelled", None, None),
        "Без даты": ("cancelled", None, None),
        "Прошло": ("published", None, None),
    }
    notices = (await session.scalars(select(Notification))).all()
    assert [(n.user_id, n.kind, n.ref) for n in notices] == [
        (person.id, "event_cancelled", f"event:{future.id}")
    ]
    assert await session.get(Plan, plan.id) is None


async def test_a_deleted_plan_imported_again_is_a_new_plan(session):
    org = await make_org(session, "ЦКРОиР")
    coordinator = await make_user(session, 8031, "coordinator", organization_id=org.id)
    first = await PlanImportService(session, TZ).import_plan(coordinator, seed_plan("003"))
    await PlanService(session, TZ).delete(coordinator, first.plan_id)
    again = await PlanImportService(session, TZ).import_plan(coordinator, seed_plan("003"))
    assert (again.added, again.updated) == (27, 0)
    assert [p.id for p in (await PlanService(session, TZ).page(coordinator, 0)).plans] == [again.plan_id]


async def test_importing_an_archived_plan_again_brings_it_back(session):
    org = await make_org(session, "ЦКРОиР")
    coordinator = await make_user(session, 8041, "coordinator", organization_id=org.id)
    first = await PlanImportService(session, TZ).import_plan(coordinator, seed_plan("003"))
    await PlanService(session, TZ).set_archived(coordinator, first.plan_id, True)
    await PlanImportService(session, TZ).import_plan(coordinator, seed_plan("003"))
    assert [p.id for p in (await PlanService(session, TZ).page(coordinator, 0)).plans] == [first.plan_id]
