"""Registrants, attendance and training records as tables, written to XLSX (openpyxl) or CSV.

One row per person, what they need as one column per choice, and a totals row at the end. A person is identified
by their Telegram id and, if they gave one at sign-up, the name they asked to be listed under; nothing else is kept.
CSV is UTF-8 with a byte-order mark and semicolons, which is what spreadsheet programs set to Russian expect.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from db.models import Registration
from services.core.i18n import L
from services.registration.registrations import NEEDS, Roster, TrainingRecord, parse_needs

CSV_DELIMITER = ";"

Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class Table:
    headers: list[str]
    rows: list[list[Cell]]
    totals: list[Cell]


def _local(value: datetime | None, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%d.%m.%Y %H:%M") if value else ""


def _attended(t: L, registration: Registration) -> str:
    if registration.attended is None:
        return ""
    return t("export-attended-yes") if registration.attended else t("export-attended-no")


def registrations_table(t: L, tz: ZoneInfo, roster: Roster) -> Table:
    headers = [
        t("export-col-number"),
        t("export-col-telegram-id"),
        t("export-col-name"),
        t("export-col-status"),
        t("export-col-queue"),
        t("export-col-signed-up"),
        *(t(f"need-{need}") for need in NEEDS),
        t("export-col-other"),
        t("export-col-attended"),
    ]
    rows: list[list[Cell]] = []
    people = [(r, None) for r in roster.confirmed] + [
        (r, number) for number, r in enumerate(roster.waitlist, start=1)
    ]
    for number, (registration, queue) in enumerate(people, start=1):
        chosen = set(parse_needs(registration.needs))
        rows.append(
            [
                number,
                registration.user_id,
                registration.display_name or "",
                t(f"export-status-{registration.status}"),
                queue,
                _local(registration.created_at, tz),
                *(t("export-yes") if need in chosen else "" for need in NEEDS),
                registration.needs_other or "",
                _attended(t, registration),
            ]
        )
    totals: list[Cell] = [
        t("export-total"),
        len(people),
        "",
        t("export-total-status", confirmed=len(roster.confirmed), waiting=len(roster.waitlist)),
        len(roster.waitlist),
        "",
        *(roster.needs[need] for need in NEEDS),
        len(roster.other_needs),
        roster.attended,
    ]
    return Table(headers, rows, totals)


def record_table(t: L, tz: ZoneInfo, record: TrainingRecord) -> Table:
    headers = [t("export-col-number"), t("export-col-event"), t("export-col-date"), t("export-col-hours")]
    rows: list[list[Cell]] = [
        [number, item.event.title, _local(item.event.starts_at, tz), item.hours]
        for number, item in enumerate(record.items, start=1)
    ]
    totals: list[Cell] = [t("export-total"), len(record.items), "", record.total_hours]
    return Table(headers, rows, totals)


def to_xlsx(table: Table, sheet_title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append(table.headers)
    for row in table.rows:
        sheet.append(row)
    sheet.append(table.totals)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    for index, header in enumerate(table.headers, start=1):
        width = max([len(str(header))] + [len(str(row[index - 1] or "")) for row in table.rows])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(50, width + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows(["" if cell is None else cell for cell in row] for row in [*table.rows, table.totals])
    return buffer.getvalue().encode("utf-8-sig")
