from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from db.models import Event
from services.core.errors import PermissionDenied, ValidationFailed
from services.events.events import EventDraft, EventService, ScheduleFilter, apply_field, validate_draft
from tests.factories import make_event, make_org, make_user

MSK = ZoneInfo("Europe/Moscow")


async def test_schedule_pages_upcoming_events_in_date_order(session):
    for day in (5, 1, 3, 2, 4, 6, 7):
        await make_event(session, f"Событие {day}", in_days=day)
    await make_event(session, "Прошедшее", in_days=-3)
    await make_event(session, "Консультации по запросу", starts_at=None, precision="on_request")
    service = EventService(session, MSK)
    first = await service.schedule(ScheduleFilter(), page=0, page_size=3)
    assert [e.title for e in first.items] == ["Событие 1", "Событие 2", "Событие 3"]
    assert (first.total, first.pages) == (8, 3)
    last = await service.schedule(ScheduleFilter(), page=99, page_size=3)  # a stale page number is clamped
    assert last.page == 2
    assert [e.title for e in last.items] == ["Событие 7", "Консультации по запросу"]


async def test_schedule_filters_by_audience_kind_org_and_month(session):
    org = await make_org(session, "Школа № 34", "base")
    now = datetime.now(UTC)
    await make_event(session, "Клуб", audience="parents", kind="club", organization_id=org.id)
    await make_event(session, "Курсы", audience="teachers", kind="training")
    await make_event(
        session, "Фестиваль", audience="all", kind="festival", starts_at=now + timedelta(days=40)
    )
    service = EventService(session, MSK)

    async def titles(f: ScheduleFilter) -> list[str]:
        return [e.title for e in (await service.schedule(f, 0, 10)).items]

    assert await titles(ScheduleFilter(audience="parents")) == ["Клуб", "Фестиваль"]
    assert await titles(ScheduleFilter(audience="teachers")) == ["Курсы", "Фестиваль"]
    assert await titles(ScheduleFilter(kind="club")) == ["Клуб"]
    assert await titles(ScheduleFilter(organization_id=org.id)) == ["Клуб"]
    month = (now + timedelta(days=40)).astimezone(MSK).date().replace(day=1)
    assert "Фестиваль" in await titles(ScheduleFilter(month=month))
    assert (
        "Клуб" not in await titles(ScheduleFilter(month=month))
        or month.month == (now + timedelta(days=3)).month
    )


async def test_cancelled_events_stay_listed_until_they_would_have_ended(session):
    await make_event(session, "Отменённое", status="cancelled")
    await make_event(session, "Отменённое вчера", in_days=-1, status="cancelled")
    await make_event(session, "Без даты", starts_at=None, precision="on_request", status="cancelled")
    page = await EventService(session, MSK).schedule(ScheduleFilter(), 0, 10)
    assert [(e.title, e.status) for e in page.items] == [("Отменённое", "cancelled")]


def test_validation_names_each_problem():
    now = datetime(2026, 11, 22, tzinfo=UTC)
    draft = EventDraft(
        title="  ", starts_at=now - timedelta(days=1), ends_at=now - timedelta(days=2), capacity=0
    )
    assert validate_draft(draft, now) == [
        "error-title-missing",
        "error-start-past",
        "error-end-before-start",
        "error-capacity",
    ]
    assert validate_draft(EventDraft(title="Семинар", starts_at=now + timedelta(days=1)), now) == []


def test_apply_field_reads_dates_and_refuses_bad_values():
    draft = apply_field(EventDraft(), "start", "25.12.2026 18:00", MSK)
    assert draft.starts_at == datetime(2026, 12, 25, 15, 0, tzinfo=UTC) and draft.has_time
    with_end = apply_field(draft, "end", "25.12.2026", MSK)  # a date alone ends at the end of that day
    assert with_end.ends_at.astimezone(MSK).strftime("%H:%M") == "23:59"
    for field, value, key in [
        ("end", "24.12.2026 10:00", "error-end-before-start"),
        ("start", "31.11.2026", "error-date-impossible"),
        ("title", "Я" * 201, "error-title-long"),
        ("capacity", "-5", "error-capacity"),
        ("link", "javascript:alert(1)", "error-link"),
        ("title", None, "error-value-required"),
    ]:
        with pytest.raises(ValidationFailed) as info:
            apply_field(draft, field, value, MSK)
        assert info.value.key == key


def test_a_new_events_past_start_is_refused_at_once_and_today_without_a_time_is_not_past():
    now = datetime(2026, 12, 25, 12, 0, tzinfo=UTC)  # 15:00 in Moscow
    with pytest.raises(ValidationFailed) as info:
        apply_field(EventDraft(), "start", "25.12.2026 14:00", MSK, now)
    assert info.value.key == "error-start-past"
    with pytest.raises(ValidationFailed):
        apply_field(EventDraft(), "start", "24.12.2026", MSK, now)
    assert apply_field(EventDraft(), "start", "25.12.2026", MSK, now).starts_at is not None
    assert apply_field(EventDraft(), "start", "25.12.2026 16:00", MSK, now).has_time
    assert apply_field(EventDraft(), "start", "24.12.2026", MSK).starts_at is not None  # editing: no `now`


async def test_only_staff_create_and_a_bound_coordinator_only_for_its_org(session):
    mine, other = await make_org(session, "Школа № 34"), await make_org(session, "Школа № 627")
    parent = await make_user(session, 1, "parent")
    coordinator = await make_user(session, 2, "coordinator", organization_id=mine.id)
    admin = await make_user(session, 3, "admin")
    service = EventService(session, MSK)
    draft = EventDraft(
        title="Мастер-класс", starts_at=datetime.now(UTC) + timedelta(days=2), organization_id=other.id
    )
    with pytest.raises(PermissionDenied):
        await service.create(parent, draft)
    created = await service.create(coordinator, draft)
    assert created.organization_id == mine.id  # a bound coordinator publishes only for its organization
    foreign = await make_event(session, "Чужое", organization_id=other.id)
    with pytest.raises(PermissionDenied):
        await service.cancel(coordinator, foreign.id)
    await service.cancel(admin, foreign.id)
    statuses = dict((await session.execute(select(Event.title, Event.status))).all())
    assert statuses == {"Мастер-класс": "published", "Чужое": "cancelled"}
