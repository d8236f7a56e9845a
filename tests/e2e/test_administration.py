"""The real bot process against the emulated Bot API: a district starts with its own registry and staff. The bot
sets its description in each language at start; the administrator imports the organizations from a CSV file in the
chat, invites a coordinator with a link from the command line (the coordinator's chat gets the staff commands), and
revokes them; the coordinator's menu, still open, stops working, and their staff commands are gone."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.fake_telegram import (
    BOT_ID,
    STARTUP_SECONDS,
    BotProcess,
    FakeTelegram,
    has_button,
    has_text,
    onboard_staff,
    run_command,
)

pytestmark = pytest.mark.e2e

ADMIN = 7001
COORDINATOR = 7002
SECOND = 7003
REGISTRY = (
    "Реестр организаций сети\n"
    "Краткое название;Полное название;Роль в сети;Адрес\n"
    "ЦППМСП;Центр психолого-педагогической помощи;ресурсная площадка;ул. Ленина, 1\n"
    "Школа 34;Средняя школа № 34;базовая площадка;ул. Мира, 2\n"
    "ДДТ;;партнёр;\n"
)


@pytest.fixture
async def fake() -> FakeTelegram:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


async def test_registry_import_invite_and_revoke(fake: FakeTelegram, tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "TELEGRAM_API_BASE": fake.base_url,
        "ADMIN_IDS": str(ADMIN),
        "TIMEZONE": "Europe/Moscow",
    }
    bot = await BotProcess(env, tmp_path / "bot.log").start()
    try:
        await fake.wait_for(lambda: fake.sent("getUpdates"), timeout=STARTUP_SECONDS)
        assert {key for key in fake.profile} == {
            (kind, language) for kind in ("description", "short_description") for language in ("ru", "en", "")
        }
        assert "инклюзивного образования" in fake.profile[("description", "ru")]
        assert "inclusive-education" in fake.profile[("short_description", "en")]
        assert "new_event" not in fake.commands[("default", "")]
        await onboard_staff(fake, ADMIN)
        fake.press(ADMIN, "Администрирование")
        await fake.wait_screen(ADMIN, has_button("Организации сети"))
        fake.press(ADMIN, "Организации сети")
        await fake.wait_screen(ADMIN, has_button("Загрузить реестр из файла"))
        fake.press(ADMIN, "Загрузить реестр из файла")
        await fake.wait_screen(ADMIN, has_text("Пришлите файл реестра"))

        content = REGISTRY.encode("cp1251")
        file_id = fake.add_file(content, "реестр.csv")
        fake.push_update(
            {
                "message": {
                    "message_id": 90_000_001,
                    "date": int(time.time()),
                    "chat": {"id": ADMIN, "type": "private"},
                    "from": fake.user(ADMIN),
                    "document": {
                        "file_id": file_id,
                        "file_unique_id": f"u{file_id}",
                        "file_name": "реестр.csv",
                        "file_size": len(content),
                    },
                }
            }
        )
        preview = await fake.wait_screen(ADMIN, has_text("Пока ничего не сохранено"))
        assert "Новых организаций: 2." in preview["text"]
        assert "Строка 5: нет полного названия" in preview["text"]
        fake.press(ADMIN, "Сохранить")
        await fake.wait_screen(ADMIN, has_text("Реестр сохранён. Добавлено: 2."))

        code, output = await run_command(env, "orgs", "list", "--json")
        assert code == 0, output
        registry = json.loads(output.strip().splitlines()[-1])
        assert [(o["short_name"], o["role"]) for o in registry] == [
            ("ЦППМСП", "resource"),
            ("Школа 34", "base"),
        ]
        school = next(o["id"] for o in registry if o["short_name"] == "Школа 34")

        code, output = await run_command(
            {**env, "BOT_TOKEN": f"{BOT_ID}:TEST-TOKEN"}, "create-invite", "coordinator", "--org", str(school)
        )
        assert code == 0, output
        link = next(line for line in output.splitlines() if line.startswith("https://t.me/"))
        payload = link.split("?start=")[1]
        assert link.startswith("https://t.me/vmeste_test_bot?start=inv_")

        fake.message(COORDINATOR, f"/start {payload}")
        await fake.wait_screen(COORDINATOR, has_button("Даю согласие"))
        fake.press(COORDINATOR, "Даю согласие")
        await fake.wait_screen(COORDINATOR, has_button("Русский"))
        fake.press(COORDINATOR, "Русский")
        await fake.wait_screen(COORDINATOR, has_button("Обычный вид"))
        fake.press(COORDINATOR, "Обычный вид")
        menu = await fake.wait_screen(COORDINATOR, has_button("Новое мероприятие"))
        assert not has_button("Администрирование")(menu)
        assert has_button("Планы")(menu)
        staff_menu = (f"chat:{COORDINATOR}", "")
        await fake.wait_for(lambda: "new_event" in fake.commands.get(staff_menu, []), what="staff commands")
        assert {"broadcast", "menu", "schedule"} <= set(fake.commands[staff_menu])
        assert "new_event" in fake.commands[(f"chat:{ADMIN}", "")]  # the administrator named in ADMIN_IDS

        fake.press(ADMIN, "К реестру")
        await fake.wait_screen(ADMIN, has_button("Добавить организацию"))
        fake.press(ADMIN, "Назад")
        await fake.wait_screen(ADMIN, has_button("Сотрудники"))
        fake.press(ADMIN, "Сотрудники")
        staff = await fake.wait_screen(ADMIN, has_button(f"Координатор {COORDINATOR}"))
        assert "Школа 34" in staff["text"]
        fake.press(ADMIN, f"Координатор {COORDINATOR}")
        await fake.wait_screen(ADMIN, has_button("Отозвать доступ"))
        fake.press(ADMIN, "Отозвать доступ")
        await fake.wait_screen(ADMIN, has_button("Да, отозвать доступ"))
        fake.press(ADMIN, "Да, отозвать доступ")
        await fake.wait_screen(ADMIN, has_text("Доступ отозван"))
        await fake.wait_for(lambda: staff_menu not in fake.commands, what="the staff commands to be removed")

        fake.press(COORDINATOR, "Новое мероприятие")  # the menu shown before the revoke
        fresh = await fake.wait_screen(COORDINATOR, has_text("Это меню устарело"))
        assert not has_button("Новое мероприятие")(fresh)
        code, output = await run_command(env, "staff", "list", "--json")
        assert [m["telegram_id"] for m in json.loads(output.strip().splitlines()[-1])] == [ADMIN]

        # a second coordinator, revoked from the command line: their chat's staff commands go at once
        with_token = {**env, "BOT_TOKEN": f"{BOT_ID}:TEST-TOKEN"}
        code, output = await run_command(with_token, "create-invite", "coordinator")
        assert code == 0, output
        payload = next(line for line in output.splitlines() if line.startswith("https://t.me/")).split(
            "?start="
        )[1]
        fake.message(SECOND, f"/start {payload}")
        await fake.wait_screen(SECOND, has_button("Даю согласие"))
        fake.press(SECOND, "Даю согласие")
        await fake.wait_screen(SECOND, has_button("Русский"))
        fake.press(SECOND, "Русский")
        second_menu = (f"chat:{SECOND}", "")
        await fake.wait_for(lambda: "broadcast" in fake.commands.get(second_menu, []), what="staff commands")
        code, output = await run_command(with_token, "staff", "revoke", str(SECOND))
        assert code == 0 and f"{SECOND} is no longer staff" in output, output
        assert second_menu not in fake.commands
        await fake.wait_for(lambda: not fake.unanswered_callbacks(), what="to answer every button press")
    finally:
        code = await bot.stop()
    assert code == 0, bot.log()
    failures = [line for line in bot.log().splitlines() if "update" in line and "failed" in line]
    assert failures == [], bot.log()
