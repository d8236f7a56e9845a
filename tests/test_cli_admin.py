"""The registry and staff commands, run as a person would: `python -m bot orgs …`, `staff …`, `create-invite`."""

import asyncio
import json
import sqlite3
from datetime import UTC, datetime

import openpyxl

from tests.fake_telegram import FakeTelegram
from tests.test_cli import run

REGISTRY = (
    "Краткое название;Полное название;Роль в сети;Адрес\n"
    "ЦППМСП;Центр психолого-педагогической помощи;ресурсная площадка;ул. Ленина, 1\n"
    "Школа 34;Средняя школа № 34;базовая;\n"
    "ДДТ;;партнёр;\n"
)


def db_env(tmp_path):
    return {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'vmeste.sqlite3'}"}


def orgs(env):
    result = run("orgs", "list", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_orgs_template_import_dry_run_import_again_and_list(tmp_path):
    env = db_env(tmp_path)
    template = run("orgs", "template", "--out", str(tmp_path / "шаблон.xlsx"), env=env)
    assert template.returncode == 0, template.stderr
    header = [c.value for c in openpyxl.load_workbook(tmp_path / "шаблон.xlsx").worksheets[0][1]]
    assert header[:3] == ["Краткое название", "Полное название", "Роль в сети"]

    registry = tmp_path / "реестр.csv"
    registry.write_text(REGISTRY, encoding="utf-8-sig")
    dry = run("orgs", "import", str(registry), "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "would add 2, would update 0, unchanged 0, rows with errors 1 (nothing saved)" in dry.stdout
    assert "row 4: нет полного названия" in dry.stderr
    assert orgs(env) == []

    saved = run("orgs", "import", str(registry), env=env)
    assert saved.returncode == 0 and "added 2, updated 0" in saved.stdout
    registry.write_text(REGISTRY.replace("базовая", "пилотная"), encoding="utf-8")
    again = run("orgs", "import", str(registry), env=env)
    assert "added 0, updated 1, unchanged 1" in again.stdout
    listed = orgs(env)
    assert [(o["short_name"], o["role"], o["archived"]) for o in listed] == [
        ("ЦППМСП", "resource", False),
        ("Школа 34", "pilot", False),
    ]
    assert {"id", "short_name", "name", "role", "archived"} <= set(listed[0])

    # the template itself, filled in as it comes, imports its example row
    filled = run("orgs", "import", str(tmp_path / "шаблон.xlsx"), env=env)
    assert "added 1" in filled.stdout
    missing = run("orgs", "import", str(tmp_path / "нет.xlsx"), env=env)
    assert missing.returncode == 1 and "cannot read" in missing.stderr
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    wrong = run("orgs", "import", str(tmp_path / "plan.pdf"), env=env)
    assert wrong.returncode == 1 and "Не получилось прочитать файл" in wrong.stderr


def test_staff_list_and_revoke(tmp_path):
    env = db_env(tmp_path)
    assert run("migrate", env=env).returncode == 0
    now = datetime.now(UTC).isoformat(sep=" ")
    with sqlite3.connect(tmp_path / "vmeste.sqlite3") as conn:
        conn.execute(
            "INSERT INTO organizations (id, name, short_name, network_role, archived) "
            "VALUES (1, 'Школа', 'Школа 34', 'base', 0)"
        )
        for user_id, role, org in ((11, "admin", None), (22, "coordinator", 1), (33, "parent", None)):
            conn.execute(
                "INSERT INTO users (id, account_id, language, role, organization_id, consent_at, notify_24h, "
                "notify_2h, is_active, created_at) VALUES (?, ?, 'ru', ?, ?, ?, 1, 1, 1, ?)",
                (user_id, user_id, role, org, now, now),
            )
    listed = run("staff", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [
        {"telegram_id": 11, "role": "admin", "organization_id": None, "organization": None},
        {"telegram_id": 22, "role": "coordinator", "organization_id": 1, "organization": "Школа 34"},
    ]
    revoked = run("staff", "revoke", "22", env=env)
    assert revoked.returncode == 0 and "22 is no longer staff" in revoked.stdout
    assert [m["telegram_id"] for m in json.loads(run("staff", "list", "--json", env=env).stdout)] == [11]
    parent = run("staff", "revoke", "33", env=env)
    assert parent.returncode == 1 and "not an administrator or coordinator" in parent.stderr
    env_admin = run("staff", "revoke", "11", env={**env, "ADMIN_IDS": "11"})
    assert env_admin.returncode == 1 and "ADMIN_IDS" in env_admin.stderr


def test_create_invite_prints_the_t_me_link_with_a_token(tmp_path):
    async def scenario() -> tuple[str, str]:
        fake = FakeTelegram()
        await fake.start()
        try:
            env = {**db_env(tmp_path), "BOT_TOKEN": "123:TEST", "TELEGRAM_API_BASE": fake.base_url}
            await asyncio.to_thread(run, "migrate", env=env)
            result = await asyncio.to_thread(run, "create-invite", "admin", env=env)
            return result.stdout, result.stderr
        finally:
            await fake.stop()

    stdout, stderr = asyncio.run(scenario())
    assert stdout.startswith("https://t.me/vmeste_test_bot?start=inv_"), stderr
    code = stdout.split("start=inv_")[1].split()[0]
    with sqlite3.connect(tmp_path / "vmeste.sqlite3") as conn:
        assert conn.execute("SELECT role FROM invites WHERE code = ?", (code,)).fetchone() == ("admin",)


def test_create_invite_prints_a_max_link_for_the_max_messenger(tmp_path):
    from tests.fake_max import TOKEN, FakeMax

    async def scenario() -> tuple[object, object, object]:
        fake = FakeMax()
        await fake.start()
        try:
            env = {**db_env(tmp_path), "MAX_BOT_TOKEN": TOKEN, "MAX_API_BASE": fake.base_url}
            await asyncio.to_thread(run, "migrate", env=env)
            made = await asyncio.to_thread(run, "create-invite", "admin", "--messenger", "max", env=env)
            off = await asyncio.to_thread(
                run, "create-invite", "admin", "--messenger", "max", env=db_env(tmp_path)
            )
            return made, off, fake.made("GET /me")
        finally:
            await fake.stop()

    made, off, asked = asyncio.run(scenario())
    assert made.returncode == 0 and made.stdout.startswith("https://max.ru/vmeste_bot?start=inv_"), (
        made.stderr
    )
    assert asked  # the bot's name came from MAX
    code = made.stdout.split("start=inv_")[1].split()[0]
    with sqlite3.connect(tmp_path / "vmeste.sqlite3") as conn:
        assert conn.execute("SELECT role FROM invites WHERE code = ?", (code,)).fetchone() == ("admin",)
        assert conn.execute("SELECT count(*) FROM invites").fetchone() == (1,)  # none made while MAX is off
    assert off.returncode == 1 and "MAX_BOT_TOKEN" in off.stderr
