"""The export opened back and read cell by cell: XLSX with openpyxl, CSV with the csv module, and the CLI."""

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from services.registration.exports import registrations_table, to_csv, to_xlsx
from services.registration.registrations import RegistrationService
from tests.factories import make_event, make_user
from tests.test_cli import run

MSK = ZoneInfo("Europe/Moscow")
HEADERS = [
    "№",
    "Telegram id",
    "Имя для списка",
    "Статус",
    "Очередь",
    "Записан(а)",
    "Вход без ступенек",
    "Сурдопереводчик",
    "Помощник или тьютор для ребёнка",
    "Тихая комната",
    "Присмотр за ребёнком во время встречи",
    "Другое",
    "Присутствие",
]


async def _fill(session):
    """Two seats: Anna (step-free, interpreter, named), #2 (quiet room, other need), #3 waiting (childcare)."""
    event = await make_event(session, "Семинар-практикум", capacity=2)
    admin = await make_user(session, 50, "admin")
    people = [await make_user(session, i) for i in (101, 102, 103)]
    service = RegistrationService(session)
    for person in people:
        await service.register(person, event.id)
    await service.toggle_need(people[0], event.id, "step_free")
    await service.toggle_need(people[0], event.id, "sign_language")
    await service.set_display_name(people[0], event.id, "Анна, мама Миши")
    await service.toggle_need(people[1], event.id, "quiet_room")
    await service.set_other_need(people[1], event.id, "место для коляски")
    await service.toggle_need(people[2], event.id, "childcare")
    later = event.starts_at + timedelta(hours=1)
    roster = await service.mark_all_present(admin, event.id, now=later)
    second = next(r for r in roster.confirmed if r.user_id == 102)
    roster = await service.toggle_attended(admin, event.id, second.id, now=later)
    return event, roster


async def test_xlsx_one_row_per_person_needs_as_columns_and_totals(session, translator):
    _, roster = await _fill(session)
    t = translator.bind("ru")
    data = to_xlsx(registrations_table(t, MSK, roster), t("export-sheet"))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Записавшиеся"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    signed_up = rows[1][5]
    assert isinstance(signed_up, str) and len(signed_up) == len("01.01.2030 10:00")
    assert rows[1][:5] == [1, 101, "Анна, мама Миши", "записан(а)", None]
    assert rows[1][6:] == ["да", "да", None, None, None, None, "был(а)"]
    assert rows[2][:5] == [2, 102, None, "записан(а)", None]
    assert rows[2][6:] == [None, None, None, "да", None, "место для коляски", "не был(а)"]
    assert rows[3][:5] == [3, 103, None, "лист ожидания", 1]
    assert rows[3][6:] == [None, None, None, None, "да", None, None]
    assert rows[4] == ["Итого", 3, None, "записано: 2, ждут: 1", 1, None, 1, 1, 0, 1, 1, 1, 1]
    assert len(rows) == 5
    assert sheet["A1"].font.bold and sheet["A5"].font.bold


async def test_csv_reads_back_the_same(session, translator):
    _, roster = await _fill(session)
    t = translator.bind("ru")
    data = to_csv(registrations_table(t, MSK, roster))
    assert data.startswith("\ufeff".encode())  # spreadsheet programs then read it as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADERS
    assert rows[1][:5] == ["1", "101", "Анна, мама Миши", "записан(а)", ""]
    assert rows[2][11:] == ["место для коляски", "не был(а)"]
    assert rows[3][:5] == ["3", "103", "", "лист ожидания", "1"]
    assert rows[4] == ["Итого", "3", "", "записано: 2, ждут: 1", "1", "", "1", "1", "0", "1", "1", "1", "1"]


async def _seed_for_cli(url: str) -> int:
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            event = await make_event(session, "Круглый стол", capacity=1)
            service = RegistrationService(session)
            first, second = await make_user(session, 7001), await make_user(session, 7002)
            await service.register(first, event.id)
            await service.register(second, event.id)
            await service.toggle_need(first, event.id, "childcare")
            return event.id
    finally:
        await engine.dispose()


def test_cli_export_registrations(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    upgrade(url)
    event_id = asyncio.run(_seed_for_cli(url))
    env = {"DATABASE_URL": url}

    out = tmp_path / "out" / "list.xlsx"
    result = run("export-registrations", str(event_id), "--format", "xlsx", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "1 confirmed, 1 on the waitlist" in result.stdout
    rows = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
    assert [row[1] for row in rows[1:3]] == [7001, 7002]
    assert rows[1][10] == "да" and rows[-1][0] == "Итого"

    out_csv = tmp_path / "list.csv"
    result = run("export-registrations", str(event_id), "--format", "csv", "--out", str(out_csv), env=env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [row[3] for row in rows[1:3]] == ["записан(а)", "лист ожидания"]

    missing = run("export-registrations", "999", "--out", str(tmp_path / "x.csv"), env=env)
    assert missing.returncode == 1 and "cannot export event 999" in missing.stderr
    assert "export-registrations" in run("--help").stdout


def test_export_times_are_local(translator):
    from services.registration.exports import _local

    assert _local(datetime(2030, 3, 1, 15, 0, tzinfo=UTC), MSK) == "01.03.2030 18:00"
