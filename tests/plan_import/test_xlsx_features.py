"""Workbooks as people keep them: hidden rows, columns and sheets; dates typed as Excel dates, with a time or
as a time alone."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import openpyxl

from services.plan_import import parse_plan
from services.plan_import.readers import read_document

D = date.fromisoformat
HEADER = ["№", "Наименование мероприятия", "Дата", "Ответственный"]


def saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_sheet(
    workbook: openpyxl.Workbook, rows: list[list[object]]
) -> openpyxl.worksheet.worksheet.Worksheet:
    sheet = workbook.active
    sheet.append(["План мероприятий на 2023/2024 учебный год"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    return sheet


def test_hidden_rows_and_columns_are_left_out_as_excel_shows_the_sheet() -> None:
    workbook = openpyxl.Workbook()
    sheet = plan_sheet(
        workbook,
        [
            [1, "Семинар для педагогов", datetime(2023, 10, 12), "Методист"],
            [2, "Отменённый концерт", datetime(2023, 10, 20), "Музыкальный руководитель"],
            [3, "Родительский клуб", datetime(2023, 11, 15), "Психолог"],
        ],
    )
    sheet.row_dimensions[4].hidden = True  # the cancelled concert
    sheet.insert_cols(3)  # a helper column between the title and the date, hidden
    sheet["C2"] = "Код"
    sheet["C3"], sheet["C5"] = "A-17", "B-02"
    sheet.column_dimensions["C"].hidden = True
    data = saved(workbook)
    assert read_document(data, "plan.xlsx").tables[0][1:] == [
        HEADER,
        ["1", "Семинар для педагогов", "12.10.2023", "Методист"],
        ["3", "Родительский клуб", "15.11.2023", "Психолог"],
    ]
    plan = parse_plan(data, "plan.xlsx")
    assert [(e.title, e.starts_on) for e in plan.events] == [
        ("Семинар для педагогов", D("2023-10-12")),
        ("Родительский клуб", D("2023-11-15")),
    ]


def test_a_hidden_sheet_is_not_read() -> None:
    workbook = openpyxl.Workbook()
    plan_sheet(workbook, [[1, "Семинар для педагогов", datetime(2023, 10, 12), "Методист"]])
    old = workbook.create_sheet("2022")
    old.append(HEADER)
    old.append([1, "Прошлогодний семинар", datetime(2022, 10, 12), "Методист"])
    old.sheet_state = "hidden"
    plan = parse_plan(saved(workbook), "plan.xlsx")
    assert [e.title for e in plan.events] == ["Семинар для педагогов"]


def test_an_excel_date_with_a_time_and_a_time_alone_keep_the_time() -> None:
    workbook = openpyxl.Workbook()
    plan_sheet(
        workbook,
        [
            [1, "Семинар для педагогов", datetime(2023, 10, 12, 15, 30), "Методист"],
            [2, "Родительский клуб", time(18, 0), "Психолог"],
        ],
    )
    rows = read_document(saved(workbook), "plan.xlsx").tables[0]
    assert [row[2] for row in rows[2:]] == ["12.10.2023 15:30", "18:00"]
    plan = parse_plan(saved(workbook), "plan.xlsx")
    assert plan.events[0].starts_on == D("2023-10-12")
