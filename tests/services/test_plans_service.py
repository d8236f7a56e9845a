"""Saving parsed plans: events and the plan record in the database, re-imports, occurrences, permissions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from db.models import Event, Plan
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.core.i18n import Translator
from services.core.schedule_cache import ScheduleCache
from services.core.when import describe_when
from services.events.events import EventService, ScheduleFilter
from services.people.users import UserService
from services.plan_import import PlanFormatError, parse_plan
from services.plans.plans import (
    WARNINGS,
    PlanImportService,
    check_upload,
    describe_warning,
    entries_count,
    read_plan,
    schedule_entries,
)
from tests.factories import make_org, make_user
from tests.plan_import.builders import seed_bytes, seed_path

TZ = ZoneInfo("Europe/Moscow")


def seed_plan(prefix: str):
    return parse_plan(seed_bytes(prefix), seed_path(prefix).name)


async def count(session, model, *where) -> int:
    return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def test_save_then_save_again_updates_instead_of_duplicating(session):
    org = await make_org(session, "ЦКРОиР")
    coordinator = await make_user(session, 5001, "coordinator", organization_id=org.id)
    service = PlanImportService(session, TZ)
    plan = seed_plan("003")

    first = await service.import_plan(coordinator, plan)
    assert (first.added, first.updated, first.removed, first.skipped, first.events) == (27, 0, 0, 0, 27)
    assert await count(session, Event) == 27

    second = await service.import_plan(coordinator, seed_plan("003"))
    assert (second.added, second.updated, second.removed) == (0, 27, 0)
    assert second.plan_id == first.plan_id
    assert await count(session, Event) == 27
    assert await count(session, Plan) == 1

    record = await session.get(Plan, first.plan_id)
    assert record.title.startswith("Календарный план работы реализации инновационного проекта")
    assert (record.starts_on, record.ends_on) == (date(2023, 9, 1), date(2024, 8, 31))
    assert (record.organization_id, record.imported_by, record.source_name) == (
        org.id,
        5001,
        seed_path("003").name,
    )
    assert (record.rows_count, record.events_count, record.skipped_count, record.warnings_count) == (
        27,
        27,
        0,
        5,
    )
    assert record.imported_at is not None


async def test_an_event_keeps_what_the_plan_row_says(session):
    coordinator = await make_user(session, 5002, "coordinator")
    await PlanImportService(session, TZ).import_plan(coordinator, seed_plan("003"))
    festival = await session.scalar(
        select(Event).where(Event.title.like("Проведение районного инклюзивного%"))
    )
    assert festival.kind == "festival" and festival.precision == "month" and festival.status == "published"
    assert festival.when_text == "Декабрь 2023"
    assert festival.starts_at == datetime(2023, 11, 30, 21, 0, tzinfo=UTC)  # 1 December, Moscow midnight
    assert festival.ends_at == datetime(2023, 12, 31, 20, 59, 59, tzinfo=UTC)
    assert festival.responsible and festival.result and festival.plan_id is not None
    assert festival.created_by == 5002 and festival.source_key.startswith("plan:")
    seed2 = await PlanImportService(session, TZ).import_plan(coordinator, seed_plan("002"))
    first = await session.scalar(
        select(Event).where(Event.plan_id == seed2.plan_id).order_by(Event.starts_at, Event.id).limit(1)
    )
    assert first.section == "I. Организационно-координационные и информационные мероприятия"
    assert first.result and first.responsible
    seed0 = await PlanImportService(session, TZ).import_plan(coordinator, seed_plan("000"))
    row = await session.scalar(select(Event).where(Event.plan_id == seed0.plan_id).limit(1))
    assert row.description and row.venue  # «Цель проведения» and «Площадка» columns


async def test_rows_gone_from_the_plan_are_cancelled_and_come_back(session):
    coordinator = await make_user(session, 5003, "coordinator")
    service = PlanImportService(session, TZ)
    plan = seed_plan("002")
    await service.import_plan(coordinator, plan)
    removed_title = plan.events[-1].title
    plan.events = plan.events[:-1]
    result = await service.import_plan(coordinator, plan)
    assert (result.added, result.updated, result.removed) == (0, 11, 1)
    assert await count(session, Event, Event.status == "cancelled", Event.title == removed_title) == 1
    again = await service.import_plan(coordinator, seed_plan("002"))
    assert (again.added, again.updated, again.removed) == (0, 12, 0)
    assert await count(session, Event, Event.status == "published") == 12


async def test_recurring_rows_become_occurrences_the_schedule_shows(session):
    await PlanImportService(session, TZ).import_as_system(seed_plan("000"))
    meetings = (
        await session.scalars(
            select(Event)
            .where(Event.title.like("Рабочее совещание руководителей%"))
            .order_by(Event.starts_at)
        )
    ).all()
    assert len(meetings) == 4  # «Ежеквартально» over the 2019/2020 academic year
    assert [(m.starts_at.astimezone(TZ).date(), m.ends_at.astimezone(TZ).date()) for m in meetings] == [
        (date(2019, 9, 1), date(2019, 11, 30)),
        (date(2019, 12, 1), date(2020, 2, 29)),
        (date(2020, 3, 1), date(2020, 5, 31)),
        (date(2020, 6, 1), date(2020, 8, 31)),
    ]
    assert {(m.precision, m.recurrence, m.when_text) for m in meetings} == {
        ("months", "quarterly", "Ежеквартально")
    }
    t = Translator().bind("ru")
    words = describe_when(t, TZ, meetings[1].precision, meetings[1].starts_at, meetings[1].ends_at)
    assert words == "декабрь 2019 – февраль 2020"
    assert await count(session, Event) == entries_count(seed_plan("000")) == 23

    events = EventService(session, TZ)
    december = await events.schedule(
        ScheduleFilter(month=date(2019, 12, 1)), 0, 50, now=datetime(2019, 12, 1, tzinfo=UTC)
    )
    titles = [e.title for e in december.items]
    assert sum(title.startswith("Рабочее совещание руководителей") for title in titles) == 1
    assert any(title.startswith("Семинар «Здоровьесберегающая школа") for title in titles)
    spring = await events.schedule(ScheduleFilter(), 0, 100, now=datetime(2020, 4, 1, tzinfo=UTC))
    left = [e for e in spring.items if e.title.startswith("Рабочее совещание руководителей")]
    assert [e.starts_at.astimezone(TZ).date() for e in left] == [date(2020, 3, 1), date(2020, 6, 1)]


def test_date_lists_become_one_entry_per_date():
    plan = seed_plan("004")
    row = next(e for e in plan.events if e.precision == "dates" and len(e.dates) == 5)
    entries = schedule_entries(row, plan.period)
    assert [(e.number, e.starts_on, e.ends_on, e.precision) for e in entries[:2]] == [
        (0, row.dates[0], row.dates[0], "day"),
        (1, row.dates[1], row.dates[1], "day"),
    ]
    assert [e.starts_on for e in entries] == row.dates


async def test_schedule_cache_is_dropped_on_import(session):
    cache = ScheduleCache(60)
    cache.put("page", "old")
    await PlanImportService(session, TZ, cache).import_as_system(seed_plan("002"))
    assert cache.get("page") is None


async def test_only_staff_import_and_a_bound_coordinator_only_into_their_organization(session):
    mine, other = await make_org(session, "Школа № 13"), await make_org(session, "Школа № 34")
    parent = await make_user(session, 5010, "parent")
    coordinator = await make_user(session, 5011, "coordinator", organization_id=mine.id)
    admin = await make_user(session, 5012, "admin")
    service = PlanImportService(session, TZ)
    plan = seed_plan("002")
    for who in (parent, None):
        with pytest.raises(PermissionDenied):
            await service.import_plan(who, plan)
        with pytest.raises(PermissionDenied):
            check_upload(who, "plan.docx", 100, 1000)
    with pytest.raises(PermissionDenied):
        await service.import_plan(coordinator, plan, org_id=other.id)
    assert await count(session, Event) == 0

    own = await service.import_plan(coordinator, plan)
    assert own.organization_id == mine.id
    by_admin = await service.import_plan(admin, plan, org_id=other.id)
    assert by_admin.organization_id == other.id and by_admin.added == 12  # another organization's copy
    with pytest.raises(NotFound):
        await service.import_plan(admin, plan, org_id=999)
    with pytest.raises(NotFound):
        await service.import_as_system(plan, org_id=999)
    assert await count(session, Event, Event.organization_id == mine.id) == 12
    assert await count(session, Event, Event.organization_id == other.id) == 12
    assert await count(session, Plan) == 2


async def test_forgetting_the_importer_keeps_the_plan(session, session_factory):
    coordinator = await make_user(session, 5020, "coordinator")
    result = await PlanImportService(session, TZ).import_plan(coordinator, seed_plan("002"))
    await UserService(session).forget(5020)
    async with session_factory() as fresh:
        record = await fresh.get(Plan, result.plan_id)
        assert record is not None and record.imported_by is None
        assert await count(fresh, Event, Event.plan_id == result.plan_id) == 12


def test_upload_checks_before_download():
    staff = type("Staff", (), {"role": "coordinator"})()
    check_upload(staff, "План 2024.DOCX", 1000, 1000)
    check_upload(staff, "plan", 10, 1000)
    check_upload(staff, "план.PDF", 10, 1000)  # PDF plans with a text layer are read
    for legacy in ("план.doc", "план.XLS", "план.odt", "план.ods"):  # old Office and OpenDocument files
        check_upload(staff, legacy, 10, 1000)
    for name, size, key in (
        ("plan.pptx", 10, "import-error-unsupported-type"),
        ("plan.zip", 10, "import-error-unsupported-type"),
        ("plan.xlsx", 1001, "import-error-too-large"),
        ("plan.csv", 0, "import-error-empty"),
    ):
        with pytest.raises(ValidationFailed) as error:
            check_upload(staff, name, size, 1000)
        assert error.value.key == key, name


def test_unreadable_files_become_messages():
    for data, name, key in (
        (b"", "plan.txt", "import-error-empty"),
        (b"%PDF-1.4", "plan.txt", "import-error-corrupt"),  # a PDF by its content, but a broken one
        (b"\x89PNG\r\n\x1a\n", "plan.txt", "import-error-unsupported-type"),
        (b"PK\x03\x04broken", "plan.docx", "import-error-corrupt"),
        (b"\xd0\xcf\x11\xe0broken", "plan.doc", "import-error-corrupt"),
        (b"<html><table></table></html>", "plan.xls", "import-error-web-page"),
        (seed_bytes("001"), "001.txt", "import-error-no-table"),
        (b"x" * 200_001, "plan.txt", "import-error-too-large"),
    ):
        with pytest.raises(ValidationFailed) as error:
            read_plan(data, name, 200_000)
        assert error.value.key == key, name


def test_every_parser_warning_has_words():
    samples = [
        "date not understood: «что-то»",
        "date not understood (ValueError)",
        "no date given",
        "no plan period to place it in",
        "deadline: by 2021-09-01",
        "year 2023 read as the start year: 2023-11 .. 2024-01",
        "year not given and no plan period to infer it",
        "invalid date 45.13.2020",
        "impossible date 31.11.2020 read as 30.11.2020",
        "range end before its start: swapped",
        "invalid month",
        "outside the plan period",
        "no date column (Сроки) found: dates are unknown",
        "the plan table has no rows",
        "table 2 ignored: no plan header (7 rows)",
        "plan period not found in the title; inferred from the rows: 2019-09-01..2020-08-31",
        "plan period not found in the title",
        "by a separate schedule: no date given",
        "plan period not found in the title; months placed from the approval date 2007-08-15",
        "day not given: the plan's month",
        "day not given: the plan's days",
        "day not given: the section's month",
        "2024-09-14 is not a пятница",
        "a text copy with one cell a line: rows read by their numbers",
        "the plan table has no header row: dates read from column 1, events from column 2",
    ]
    keys = {describe_warning(sample)[0] for sample in samples}
    assert "import-warn-other" not in keys and len(keys) == len(WARNINGS)
    assert describe_warning("impossible date 31.11.2020 read as 30.11.2020")[1] == {
        "date": "31.11.2020",
        "read": "30.11.2020",
    }
    translator = Translator()
    for locale in ("ru", "en"):
        for key in [*keys, "import-warn-other", "import-skip-empty-title", "import-skip-other"]:
            assert translator.bundles[locale].has_message(key), (locale, key)


def test_no_warning_the_importer_gives_on_the_corpus_is_left_without_words():
    from bench.import_score import corpus_documents, seed_documents

    documents = [(n, v) for n, _, v, _ in corpus_documents()] + [(n, v) for n, v, _ in seed_documents()]
    raw = set()
    for _, variants in documents:
        for _, filename, data in variants:
            try:
                plan = parse_plan(data, filename)
            except PlanFormatError:  # a plan the importer refuses has its own words (the test above)
                continue
            raw.update(plan.warnings)
            raw.update(w for event in plan.events for w in event.warnings)
    left = sorted(w for w in raw if describe_warning(w)[0] == "import-warn-other")
    assert raw and not left


def test_every_format_error_has_words():
    """Each reason a file is refused (a password, a web page under an office name…) reaches the coordinator in
    both languages."""
    from services.plan_import.models import FORMAT_ERROR_REASONS
    from services.plans.plans import FORMAT_ERRORS

    translator = Translator()
    assert set(FORMAT_ERRORS) == set(FORMAT_ERROR_REASONS)
    for locale in ("ru", "en"):
        for key in FORMAT_ERRORS.values():
            assert translator.bundles[locale].has_message(key), (locale, key)
