"""A coordinator imports a plan file through the bot: preview, warnings, save, cancel, bad files, outsiders."""

from __future__ import annotations

import io
import os
import uuid
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import matplotlib
import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.methods import GetFile, SendDocument
from fpdf import FPDF
from openpyxl import load_workbook
from redis.exceptions import RedisError
from sqlalchemy import func, select

from bot.factory import create_dispatcher
from db.models import Event, Plan
from services.core.i18n import Translator
from services.plan_import import parse_plan
from tests.client import TgClient
from tests.conftest import require_service
from tests.factories import make_org, make_user
from tests.handlers.test_coordinator import become_coordinator
from tests.handlers.test_onboarding import onboard
from tests.plan_import.builders import build_csv, build_docx, build_xlsx, seed_bytes, seed_rows

SEED_003 = "003_plan.txt"
MSK = ZoneInfo("Europe/Moscow")


async def count_events(session_factory, *where) -> int:
    async with session_factory() as s:
        return await s.scalar(select(func.count()).select_from(Event).where(*where)) or 0


async def coordinator(make_client, session, user_id: int, org_name: str = "ЦКРОиР"):
    org = await make_org(session, org_name)
    client = make_client(user_id)
    await become_coordinator(client, session, org.id)
    return client, org


async def test_preview_then_save_writes_the_events(make_client, session, session_factory):
    client, org = await coordinator(make_client, session, 7001)
    await client.send("/menu")
    await client.click("Импорт плана")
    assert "Пришлите файл плана документом" in client.text and "до 5 МБ" in client.text

    await client.send_document(SEED_003, content=seed_bytes("003"))
    preview = client.text
    assert "Предпросмотр плана" in preview
    assert "План: Календарный план работы реализации инновационного проекта" in preview
    assert f"Файл: {SEED_003}" in preview
    assert "Период: 2023/2024 учебный год" in preview
    assert "Организация: ЦКРОиР" in preview
    assert "Мероприятий в плане: 27. Записей в расписании: 27." in preview
    assert "Предупреждений: 5. Пропущено строк: 0." in preview
    assert "1. Заседание педагогического совета «Основные направления работы" in preview
    assert "— август 2023" in preview
    assert "5. Заседание участников регионального проекта" in preview
    assert "— 2023/2024 учебный год" in preview and "…и ещё 22" in preview
    assert [label for label, _ in client.buttons] == [
        "Сохранить 💾",
        "Показать предупреждения ⚠️",
        "Скачать как Excel 📊",
        "Отмена",
    ]
    assert await count_events(session_factory) == 0  # nothing is written before «save»

    await client.click("Сохранить")
    assert "План сохранён. Добавлено 27, обновлено 0, пропущено 0." in client.text
    assert await count_events(session_factory, Event.organization_id == org.id) == 27
    async with session_factory() as s:
        plan = (await s.scalars(select(Plan))).one()
    assert (plan.imported_by, plan.organization_id, plan.events_count) == (7001, org.id, 27)

    await client.send_document(SEED_003, content=seed_bytes("003"))
    await client.click("Сохранить")
    assert "Добавлено 0, обновлено 27, пропущено 0." in client.text
    assert await count_events(session_factory) == 27


async def test_a_word_file_sent_without_pressing_the_menu_button(make_client, session, session_factory):
    client, _ = await coordinator(make_client, session, 7002)
    leading, tables = seed_rows("002")
    await client.send_document("дорожная карта.docx", content=build_docx(leading, tables))
    assert "Мероприятий в плане: 12." in client.text
    assert "Период: 2019–2020" in client.text
    assert "1. Участие в информационном совещании" in client.text and "— апрель 2019" in client.text
    await client.click("Сохранить")
    assert "Добавлено 12, обновлено 0, пропущено 0." in client.text
    assert await count_events(session_factory) == 12


async def test_cancel_writes_nothing_and_the_old_save_button_is_outdated(
    make_client, session, session_factory
):
    client, _ = await coordinator(make_client, session, 7003)
    await client.send_document(SEED_003, content=seed_bytes("003"))
    preview = client.screen
    await client.click("Отмена")
    assert "Импорт отменён, ничего не сохранено." in client.text
    save = preview.reply_markup.inline_keyboard[0][0]
    assert "Сохранить" in save.text
    await client.press(save.callback_data, preview)
    assert "Это меню устарело" in client.text
    assert await count_events(session_factory) == 0
    async with session_factory() as s:
        assert (await s.scalars(select(Plan))).all() == []


async def test_a_newer_preview_makes_the_older_one_outdated(make_client, session, session_factory):
    client, _ = await coordinator(make_client, session, 7004)
    await client.send_document(SEED_003, content=seed_bytes("003"))
    first = client.screen
    await client.send_document("000.txt", content=seed_bytes("000"))
    await client.press(first.reply_markup.inline_keyboard[0][0].callback_data, first)
    assert "Это меню устарело" in client.text
    assert await count_events(session_factory) == 0
    await client.send_document("000.txt", content=seed_bytes("000"))
    await client.click("Сохранить")
    assert "Добавлено 23, обновлено 0, пропущено 0." in client.text  # 13 rows, recurring ones expanded


async def test_warnings_screen_and_back(make_client, session, session_factory):
    client, _ = await coordinator(make_client, session, 7005)
    await client.send_document("004.txt", content=seed_bytes("004"))
    assert "Предупреждений: 6." in client.text
    await client.click("Показать предупреждения")
    text = client.text
    assert "Предупреждения и пропущенные строки" in text
    assert "период плана не указан в заголовке, взят по датам строк: 2020-01-01 — 2024-12-31" in text
    assert "такой даты нет: 31.11.2020, прочитано как 30.11.2020" in text
    assert "Строка 9 «Проведение мониторинга реализации" in text
    assert await count_events(session_factory) == 0
    await client.click("К предпросмотру")
    assert "Предпросмотр плана" in client.text
    await client.click("Показать предупреждения")
    await client.click("Сохранить")
    assert "Добавлено 62, обновлено 0, пропущено 0." in client.text


async def test_a_plan_without_warnings_says_so(make_client, session):
    client, _ = await coordinator(make_client, session, 7006)
    await client.send_document("002.txt", content=seed_bytes("002"))
    await client.click("Показать предупреждения")
    assert "Предупреждений нет, все строки прочитаны." in client.text


async def test_files_that_are_not_plans_get_a_clear_answer(make_client, session, session_factory):
    client, _ = await coordinator(make_client, session, 7007)
    cases = [
        ("огромный план.docx", None, 6 * 1024 * 1024, "Файл слишком большой: можно до 5 МБ"),
        ("план.pdf", b"%PDF-1.4", None, "Файл повреждён"),
        ("slides.ppt", b"\xd0\xcf\x11\xe0", None, "Такой формат я не читаю"),
        ("plan.doc", b"\xd0\xcf\x11\xe0", None, "Файл повреждён"),  # a Word 97 file cut short
        ("scan.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, None, "Такой формат я не читаю"),
        ("plan.docx", b"PK\x03\x04 not really a zip", None, "Файл повреждён и не открывается"),
        ("plan.xlsx", "просто текст".encode(), None, "Файл повреждён и не открывается"),
        ("presentation.txt", seed_bytes("001"), None, "В документе не нашлось таблицы плана"),
        ("empty.csv", b"", 0, "Файл пустой"),
    ]
    for name, content, size, answer in cases:
        before = len(client.session.of_type(GetFile))
        await client.send_document(name, size=size, content=content)
        assert answer in client.session.screens(client.id)[-1].text, name
        if content is None or name.endswith(".ppt") or size == 0:
            assert len(client.session.of_type(GetFile)) == before, f"{name} was downloaded"
    assert await count_events(session_factory) == 0


async def test_a_file_that_cannot_be_downloaded(make_client, session):
    client, _ = await coordinator(make_client, session, 7008)
    await client.send_document("plan.txt", size=500)  # Telegram does not know this file
    assert "Не получилось скачать файл из Telegram" in client.session.screens(client.id)[-1].text


async def test_text_while_waiting_for_a_file(make_client, session):
    client, _ = await coordinator(make_client, session, 7009)
    await client.send("/menu")
    await client.click("Импорт плана")
    await client.send("вот план")
    assert "Пришлите, пожалуйста, файл плана документом" in client.text
    await client.click("Отмена")
    assert "Импорт отменён" in client.text


async def test_a_parent_is_refused_and_nothing_is_downloaded_or_written(
    make_client, session, session_factory
):
    client = make_client(7010)
    await onboard(client)
    await client.send_document(SEED_003, content=seed_bytes("003"))
    assert "Это действие доступно только координаторам сети." in client.session.screens(client.id)[-1].text
    assert client.session.of_type(GetFile) == []
    for data in ("pi:save:deadbeef", "pi:start:", "pi:warnings:deadbeef"):
        await client.press(data)
        assert "только координаторам" in client.session.alerts()[-1], data
    assert client.session.of_type(GetFile) == []
    assert await count_events(session_factory) == 0
    assert not any("Импорт плана" in label for label, _ in client.buttons)


async def test_a_coordinators_forged_token_is_outdated(make_client, session, session_factory):
    client, _ = await coordinator(make_client, session, 7011)
    await client.send_document(SEED_003, content=seed_bytes("003"))
    await client.press("pi:save:00000000")
    assert "Это меню устарело" in client.text
    await client.press("pi:save:")
    assert "Это меню устарело" in client.text
    assert await count_events(session_factory) == 0


async def test_english_preview(make_client, session, session_factory):
    org = await make_org(session, "ДДТ")
    await make_user(session, 7012, "coordinator", language="en", organization_id=org.id)
    client = make_client(7012, language_code="en")
    await client.send_document("002.txt", content=seed_bytes("002"))
    text = client.text
    assert "Plan preview" in text and "Period: 2019–2020" in text and "Organization: ДДТ" in text
    assert "Events in the plan: 12. Schedule entries: 12." in text and "— April 2019" in text
    await client.click("Save")
    assert "Added 12, updated 0, skipped 0." in client.text
    assert await count_events(session_factory) == 12


@pytest.mark.redis
async def test_the_pending_import_lives_in_redis_storage(settings, session, session_factory, bot, recording):
    """Between preview and «save» the state holds only JSON: the same flow works with Redis storage."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        require_service("Redis", "set TEST_REDIS_URL")
    prefix = f"test-plan-import-{uuid.uuid4().hex}"
    storage = RedisStorage.from_url(url, key_builder=DefaultKeyBuilder(prefix=prefix))
    try:
        try:
            await storage.redis.ping()
        except (OSError, RedisError) as error:
            require_service("Redis", f"{url} is not reachable ({error})")
        dp = create_dispatcher(settings, session_factory, translator=Translator(), storage=storage)
        org = await make_org(session, "ЦППМСП")
        await make_user(session, 7020, "coordinator", organization_id=org.id)
        client = TgClient(dp, bot, recording, 7020)
        await client.send_document(SEED_003, content=seed_bytes("003"))
        stored = await storage.redis.keys(f"{prefix}:*")
        sizes = [len(await storage.redis.get(key) or b"") for key in stored]
        assert sizes and max(sizes) < 1000  # the file's id and digest, not the plan
        await client.click("Показать предупреждения")
        await client.click("Сохранить")
        assert "Добавлено 27, обновлено 0, пропущено 0." in client.text
        assert await count_events(session_factory) == 27
    finally:
        keys = await storage.redis.keys(f"{prefix}:*")
        if keys:
            await storage.redis.delete(*keys)
        await storage.close()


async def test_mydata_names_imported_plans_and_forget_unlinks_them(make_client, session, session_factory):
    client, _ = await coordinator(make_client, session, 7030)
    await client.send("/mydata")
    assert "Импортированные вами планы" not in client.text
    await client.send_document("002.txt", content=seed_bytes("002"))
    await client.click("Сохранить")
    await client.send("/mydata")
    assert "Импортированные вами планы: 1" in client.text
    await client.send("/forget")
    await client.click("Да, удалить")
    async with session_factory() as s:
        plan = (await s.scalars(select(Plan))).one()
    assert plan.imported_by is None and await count_events(session_factory) == 12


async def test_excel_and_csv_files_import_like_the_text(make_client, session, session_factory):
    client, _ = await coordinator(make_client, session, 7040)
    leading, tables = seed_rows("003")
    for name, content in (
        ("план.xlsx", build_xlsx(leading, tables)),
        ("план.csv", build_csv(leading, tables)),
        ("план (utf-8, запятые).csv", build_csv(leading, tables, ",", "utf-8")),
    ):
        await client.send_document(name, content=content)
        assert "Мероприятий в плане: 27. Записей в расписании: 27." in client.text, name
        assert "Период: 2023/2024 учебный год" in client.text, name
        await client.click("Сохранить")
    assert await count_events(session_factory) == 27  # the same plan three times: updated, not duplicated


async def test_download_as_excel_correct_and_send_back(make_client, session, session_factory):
    """The preview's «Скачать как Excel»: the rows as understood; corrected and sent back, the file is saved
    exactly as corrected."""
    client, _ = await coordinator(make_client, session, 7020)
    await client.send_document("дорожная карта.txt", content=seed_bytes("002"))
    await client.click("Скачать как Excel")
    sent = client.session.of_type(SendDocument)[-1]
    assert sent.document.filename == "дорожная карта — проверка.xlsx"
    assert "пришлите файл обратно" in sent.caption
    assert "Предпросмотр плана" in client.text  # the preview stays
    workbook = load_workbook(io.BytesIO(sent.document.data))
    sheet = workbook.active
    assert sheet.cell(5, 3).value.startswith("Участие в информационном совещании")
    sheet.cell(5, 4).value = datetime(2019, 4, 17)
    sheet.cell(5, 5).value = datetime(2019, 4, 17)
    sheet.cell(5, 6).value = "день"
    buffer = io.BytesIO()
    workbook.save(buffer)

    await client.send_document(sent.document.filename, content=buffer.getvalue())
    assert "Мероприятий в плане: 12." in client.text
    assert "1. Участие в информационном совещании" in client.text and "— 17 апреля 2019" in client.text
    await client.click("Сохранить")
    assert "Добавлено 12, обновлено 0, пропущено 0." in client.text
    async with session_factory() as s:
        events = (await s.scalars(select(Event).order_by(Event.id))).all()
        plans = (await s.scalars(select(Plan))).all()
    assert [p.title for p in plans] == [parse_plan(seed_bytes("002"), "002.txt").title]
    assert events[0].title.startswith("Участие в информационном совещании")
    assert (events[0].precision, events[0].starts_at.astimezone(MSK).date()) == ("day", date(2019, 4, 17))
    assert (events[1].precision, events[1].starts_at.astimezone(MSK).date()) == ("months", date(2019, 4, 1))


async def test_an_unread_date_is_to_be_set_in_the_preview_warnings_and_the_schedule(
    make_client, session, session_factory
):
    client, _ = await coordinator(make_client, session, 7021)
    lines = ["План мероприятий", "", "\tМероприятие", "\tСроки", "\tОтветственный", ""]
    lines += ["\tСеминар для родителей «Вместе»", "\tпо отдельному графику", "\tПсихолог", ""]
    await client.send_document("план.txt", content="\n".join(lines).encode())
    assert (
        "1. Семинар для родителей «Вместе» — срок уточняется (в плане: «по отдельному графику»)"
        in client.text
    )
    await client.click("Показать предупреждения")
    assert "срок — по отдельному графику, в расписании будет «срок уточняется»" in client.text
    await client.click("Сохранить")
    async with session_factory() as s:
        event = (await s.scalars(select(Event))).one()
    assert (event.starts_at, event.precision) == (None, "unknown")

    parent = make_client(7022)
    await onboard(parent, "родитель")
    await parent.click("Расписание")
    assert "Семинар для родителей «Вместе»" in parent.text
    await parent.click("Семинар для родителей")
    assert "срок уточняется (в плане: «по отдельному графику»)" in parent.text


async def test_a_scanned_pdf_gets_a_clear_answer(make_client, session, session_factory):
    client, _ = await coordinator(make_client, session, 7023)
    document = FPDF()
    document.add_page()
    document.image(str(Path(matplotlib.get_data_path()) / "images" / "matplotlib.png"), x=10, y=10, w=150)
    await client.send_document("скан плана.pdf", content=bytes(document.output()))
    assert "Этот PDF — скан" in client.session.screens(client.id)[-1].text
    assert await count_events(session_factory) == 0
