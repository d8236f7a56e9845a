"""«Скачать как Excel»: export the rows as understood, correct cells, import: exactly what the cells say."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest

from bench.import_score import corpus_documents
from services.plan_import import parse_plan
from services.plans.plans import plan_workbook
from tests.plan_import.builders import seed_bytes, seed_path

D = date.fromisoformat


def same_events(first, second) -> None:
    fields = lambda e: (  # noqa: E731 — every field an event is saved with, and its key
        e.number, e.section, e.title, e.goal, e.result, e.responsible, e.venue, e.when_text, e.starts_on,
        e.ends_on, e.precision, e.recurrence, e.dates, e.audience, e.kind, e.source_key,
    )  # fmt: skip
    assert [fields(e) for e in second.events] == [fields(e) for e in first.events]
    assert (second.title, second.period and (second.period.starts_on, second.period.ends_on)) == (
        first.title,
        first.period and (first.period.starts_on, first.period.ends_on),
    )


def corpus_plan(name: str):
    _, _, variants, _ = next(d for d in corpus_documents() if d[0] == name)
    _, filename, data = variants[0]
    return parse_plan(data, filename)


@pytest.mark.parametrize("locale", ["ru", "en"])
@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_export_then_import_gives_the_same_events(translator, prefix: str, locale: str) -> None:
    plan = parse_plan(seed_bytes(prefix), seed_path(prefix).name)
    again = parse_plan(plan_workbook(translator.bind(locale), plan), "проверка.xlsx")
    same_events(plan, again)
    assert all(not e.warnings for e in again.events)


@pytest.mark.parametrize("name", ["troitsk_house_of_culture_2022_05.txt", "yakutsk_education_city_day.csv"])
def test_corpus_plans_round_trip_and_unknown_dates_stay_unknown(translator, name: str) -> None:
    plan = corpus_plan(name)
    again = parse_plan(plan_workbook(translator.bind("ru"), plan), "проверка.xlsx")
    same_events(plan, again)
    for before, after in zip(plan.events, again.events, strict=True):
        if before.precision == "unknown":
            assert (after.starts_on, after.warnings) == (None, ["no date given"])  # still listed in warnings


def test_the_sheet_a_coordinator_sees(translator) -> None:
    plan = corpus_plan("yakutsk_education_city_day.csv")
    sheet = openpyxl.load_workbook(io.BytesIO(plan_workbook(translator.bind("ru"), plan))).active
    header = [cell.value for cell in sheet[4]]
    assert header[:8] == [
        "№",
        "Раздел",
        "Мероприятие",
        "Начало",
        "Окончание",
        "Точность срока",
        "Повторение",
        "Отдельные даты",
    ]
    row = [cell.value for cell in sheet[5]]
    assert row[2].startswith("В муниципальных образовательных учреждениях")
    assert (row[3], row[4], row[5]) == (None, None, "срок уточняется")
    assert row[14] == "02-07 сентября"  # the date as written in the plan
    assert "в расписании будет «срок уточняется»" in row[15]


def test_corrected_cells_import_exactly_as_corrected(translator) -> None:
    plan = parse_plan(seed_bytes("002"), seed_path("002").name)
    sheet_bytes = plan_workbook(translator.bind("ru"), plan)
    workbook = openpyxl.load_workbook(io.BytesIO(sheet_bytes))
    sheet = workbook.active
    first, second, third = 5, 6, 7
    sheet.cell(first, 4).value = datetime(2019, 4, 10)  # a real Excel date
    sheet.cell(first, 5).value = datetime(2019, 4, 10)
    sheet.cell(first, 6).value = "день"
    sheet.cell(first, 9).value = "родители"
    sheet.cell(second, 3).value = "Создание школьного Координационного совета (исправлено)"
    sheet.cell(third, 4).value = "15.05.2019"  # typed as text
    sheet.cell(third, 5).value = "20.05.2019"
    sheet.cell(third, 6).value = "несколько дней"
    buffer = io.BytesIO()
    workbook.save(buffer)
    again = parse_plan(buffer.getvalue(), "проверка.xlsx")
    assert (again.events[0].starts_on, again.events[0].ends_on, again.events[0].precision) == (
        D("2019-04-10"),
        D("2019-04-10"),
        "day",
    )
    assert again.events[0].audience == "parents"
    assert again.events[1].title == "Создание школьного Координационного совета (исправлено)"
    assert (again.events[2].starts_on, again.events[2].ends_on, again.events[2].precision) == (
        D("2019-05-15"),
        D("2019-05-20"),
        "days",
    )
    # rows nobody touched are what the importer understood
    untouched = [replace(e, warnings=[]) for e in plan.events[3:]]
    assert [(e.title, e.starts_on, e.ends_on, e.precision) for e in again.events[3:]] == [
        (e.title, e.starts_on, e.ends_on, e.precision) for e in untouched
    ]


def test_an_unreadable_correction_is_not_guessed(translator) -> None:
    plan = parse_plan(seed_bytes("002"), seed_path("002").name)
    workbook = openpyxl.load_workbook(io.BytesIO(plan_workbook(translator.bind("ru"), plan)))
    sheet = workbook.active
    sheet.cell(5, 4).value = "в начале апреля"
    sheet.cell(5, 5).value = None
    sheet.cell(6, 6).value = "когда получится"
    buffer = io.BytesIO()
    workbook.save(buffer)
    again = parse_plan(buffer.getvalue(), "проверка.xlsx")
    assert (again.events[0].starts_on, again.events[0].precision) == (None, "unknown")
    assert again.events[0].warnings == ["date not understood: «в начале апреля»"]
    assert again.events[1].precision == "months"  # the dates are kept, the word is reported
    assert again.events[1].warnings == ["date not understood: «когда получится»"]
