"""DOCX / XLSX / CSV versions of the seed plans read to the same events; broken files give typed errors."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from services.plan_import import PlanFormatError, parse_plan
from tests.plan_import.builders import (
    build_csv,
    build_docx,
    build_xlsx,
    event_tuples,
    seed_bytes,
    seed_rows,
)

PLANS = ["000", "002", "003", "004"]


def _text_plan(prefix: str):
    return parse_plan(seed_bytes(prefix), f"{prefix}.txt")


@pytest.mark.parametrize("prefix", PLANS)
def test_docx_reads_like_text(prefix: str) -> None:
    leading, tables = seed_rows(prefix)
    plan = parse_plan(build_docx(leading, tables), "plan.docx")
    expected = _text_plan(prefix)
    assert event_tuples(plan) == event_tuples(expected)
    assert plan.period == expected.period
    assert plan.title == expected.title


@pytest.mark.parametrize("prefix", PLANS)
def test_xlsx_reads_like_text(prefix: str) -> None:
    leading, tables = seed_rows(prefix)
    plan = parse_plan(build_xlsx(leading, tables), "plan.xlsx")
    expected = _text_plan(prefix)
    assert event_tuples(plan) == event_tuples(expected)
    assert plan.period == expected.period


@pytest.mark.parametrize("prefix", PLANS)
@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "cp1251"), (",", "utf-8-sig"), (";", "utf-8")])
def test_csv_reads_like_text(prefix: str, delimiter: str, encoding: str) -> None:
    leading, tables = seed_rows(prefix)
    plan = parse_plan(build_csv(leading, tables, delimiter, encoding), "plan.csv")
    expected = _text_plan(prefix)
    assert event_tuples(plan) == event_tuples(expected)
    assert plan.period == expected.period


def test_xlsx_unmerged_heading_and_dates_as_cells() -> None:
    leading, tables = seed_rows("002")
    plan = parse_plan(build_xlsx(leading, tables, merge_headings=False), "plan.xlsx")
    assert event_tuples(plan) == event_tuples(_text_plan("002"))


def test_docx_two_tables_with_merged_headings_continue_numbering() -> None:
    leading, tables = seed_rows("003")
    data = build_docx(leading, tables, split_at=12)
    plan = parse_plan(data, "plan.docx")
    assert event_tuples(plan) == event_tuples(_text_plan("003"))
    assert [e.index for e in plan.events] == list(range(27))
    assert plan.events[-1].section == "Мероприятия по взаимодействию в кластере"
    document = docx.Document(io.BytesIO(data))
    assert len(document.tables) == 2


def test_docx_continuation_table_without_header_and_column_number_row() -> None:
    document = docx.Document()
    document.add_paragraph("План мероприятий на 2023/2024 учебный год")
    first = document.add_table(rows=3, cols=4)
    for row, texts in zip(
        first.rows,
        [
            ["№", "Мероприятие", "Сроки", "Ответственный"],
            ["1", "2", "3", "4"],
            ["1.", "Семинар для педагогов", "Октябрь", "Иванова"],
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    heading = first.add_row().cells
    heading[0].merge(heading[3]).text = "II. Работа с родителями"
    document.add_paragraph("")
    second = document.add_table(rows=2, cols=4)  # a table split across pages: no header of its own
    for row, texts in zip(
        second.rows,
        [["2.", "Консультации для родителей", "По запросу", "Петрова"], ["3.", "", "Май", "Петрова"]],
        strict=True,
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    plan = parse_plan(buffer.getvalue(), "plan.docx")
    assert [(e.index, e.number, e.section, e.kind, e.audience) for e in plan.events] == [
        (0, "1", None, "seminar", "teachers"),
        (1, "2", "II. Работа с родителями", "consultation", "parents"),
    ]
    assert plan.events[0].starts_on.isoformat() == "2023-10-01"
    assert [(s.index, s.reason, s.text) for s in plan.skipped] == [(2, "empty title", "3. | Май | Петрова")]


def test_docx_without_plan_table_is_no_table() -> None:
    document = docx.Document()
    document.add_paragraph("Просто текст")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Фамилия"
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(PlanFormatError) as caught:
        parse_plan(buffer.getvalue(), "x.docx")
    assert caught.value.code == "no_table"


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in names:
            package.writestr(name, "<not really xml")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "plan.docx", "empty"),
        (PNG, "photo.png", "unsupported_type"),
        (PNG, "plan.docx", "unsupported_type"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "plan.doc", "corrupt"),  # a broken compound file
        (b"%PDF-1.4 ...", "plan.pdf", "corrupt"),
        (bytes(range(256)) * 4, "plan.bin", "unsupported_type"),
        (bytes(range(256)) * 4, "plan.docx", "corrupt"),
        (b"PK\x03\x04" + b"garbage" * 20, "plan.docx", "corrupt"),
        (_zip(["word/document.xml"]), "plan.docx", "corrupt"),
        (_zip(["xl/workbook.xml"]), "plan.xlsx", "corrupt"),
        (_zip(["readme.txt"]), "plan.zip", "unsupported_type"),
        ("просто текст без таблицы".encode(), "notes.txt", "no_table"),
        (b"a;b\n1;2\n", "data.csv", "no_table"),
    ],
)
def test_bad_inputs_raise_typed_errors(data: bytes, filename: str, code: str) -> None:
    with pytest.raises(PlanFormatError) as caught:
        parse_plan(data, filename)
    assert caught.value.code == code
    assert caught.value.reason


def test_truncated_real_docx_is_corrupt() -> None:
    leading, tables = seed_rows("000")
    data = build_docx(leading, tables)
    with pytest.raises(PlanFormatError) as caught:
        parse_plan(data[: len(data) // 2], "plan.docx")
    assert caught.value.code == "corrupt"


def test_format_detected_from_content_without_extension() -> None:
    leading, tables = seed_rows("002")
    expected = event_tuples(_text_plan("002"))
    assert event_tuples(parse_plan(build_docx(leading, tables), "upload")) == expected
    assert event_tuples(parse_plan(build_xlsx(leading, tables), "upload.bin")) == expected
    assert event_tuples(parse_plan(seed_bytes("002"), "upload")) == expected
    assert event_tuples(parse_plan(build_csv(leading, tables), "upload")) == expected


def test_text_with_bom() -> None:
    plan = parse_plan(b"\xef\xbb\xbf" + seed_bytes("003"), "plan.txt")
    assert event_tuples(plan) == event_tuples(_text_plan("003"))


def test_csv_direction_column_repeated_header_and_any_column_order() -> None:
    rows = [
        "Дорожная карта на 2024 год",
        "Ответственный;Дата;Наименование мероприятия;Направление взаимодействия;Место проведения",
        "1;2;3;4;5",
        "Иванова;15.03.2024;Семинар для педагогов;Методическое;Школа 1",
        "Ответственный;Дата;Наименование мероприятия;Направление взаимодействия;Место проведения",
        "Петрова;март;Консультации для родителей;;Школа 2",
    ]
    plan = parse_plan("\n".join(rows).encode("cp1251"), "plan.csv")
    assert plan.title == "Дорожная карта на 2024 год"
    assert [(e.title, e.section, e.responsible, e.venue, str(e.starts_on)) for e in plan.events] == [
        ("Семинар для педагогов", "Методическое", "Иванова", "Школа 1", "2024-03-15"),
        ("Консультации для родителей", None, "Петрова", "Школа 2", "2024-03-01"),
    ]
    assert len(plan.events) + len(plan.skipped) == 2
