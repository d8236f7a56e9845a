"""Build DOCX / XLSX / CSV versions of a plan from rows, to check that every format reads the same."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import openpyxl

from services.plan_import.readers import read_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "plans"


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def seed_bytes(prefix: str) -> bytes:
    return seed_path(prefix).read_bytes()


def seed_rows(prefix: str) -> tuple[str, list[list[list[str]]]]:
    document = read_text(seed_bytes(prefix))
    return document.leading_text, document.tables


def build_docx(leading_text: str, tables: list[list[list[str]]], split_at: int | None = None) -> bytes:
    """One Word table per table; one-cell rows become merged rows. ``split_at`` splits the first table into
    two Word tables (the second repeats the header) with a paragraph in between."""
    document = docx.Document()
    for line in leading_text.split("\n"):
        document.add_paragraph(line)
    parts = [tables[0][:split_at], [tables[0][0], *tables[0][split_at:]]] if split_at else tables
    for rows in parts:
        _docx_table(document, rows)
        document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, rows: list[list[str]]) -> None:
    width = len(rows[0])
    table = document.add_table(rows=0, cols=width)
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 1 and width > 1:
            merged = cells[0].merge(cells[width - 1])
            merged.text = row[0]
            continue
        for cell, text in zip(cells, row, strict=False):
            cell.text = text


def build_xlsx(leading_text: str, tables: list[list[list[str]]], merge_headings: bool = True) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in leading_text.split("\n"):
        if line.strip():
            sheet.append([line])
    width = len(tables[0][0])
    for row in tables[0]:
        sheet.append(row)
        if len(row) == 1 and merge_headings:
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_csv(
    leading_text: str, tables: list[list[list[str]]], delimiter: str = ";", encoding: str = "cp1251"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for line in leading_text.split("\n"):
        if line.strip():
            writer.writerow([line])
    for row in tables[0]:
        writer.writerow(row)
    return buffer.getvalue().encode(encoding)


def event_tuples(plan) -> list[tuple]:
    return [
        (
            e.index,
            e.number,
            e.section,
            e.title,
            e.goal,
            e.result,
            e.responsible,
            e.venue,
            e.when_text,
            e.starts_on,
            e.ends_on,
            e.precision,
            e.recurrence,
            e.dates,
            e.audience,
            e.kind,
            e.source_key,
        )
        for e in plan.events
    ]
