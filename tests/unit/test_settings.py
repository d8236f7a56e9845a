"""Settings: every one is documented in .env.example, and values from the environment are read as people write them."""

from __future__ import annotations

import re

from bot.settings import PROJECT_ROOT, Settings, load_settings


def test_every_setting_is_documented_in_env_example() -> None:
    text = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    documented = {name.lower() for name in re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.M)}
    assert set(Settings.model_fields) - documented == set()


def test_admin_ids_and_defaults_from_the_environment(monkeypatch, no_env) -> None:
    monkeypatch.setenv("ADMIN_IDS", "1, 2;3")
    settings = load_settings(_env_file=None)
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.bot_token is None
    assert settings.database_url.startswith("sqlite+aiosqlite:///")


def test_operating_settings_have_safe_defaults(no_env):
    settings = load_settings(_env_file=None)
    assert (settings.metrics_host, settings.metrics_port) == ("127.0.0.1", 8090)  # health page on by default
    assert settings.backup_dir is None and settings.backup_keep == 14 and settings.backup_at == "03:30"
    assert settings.outbox_keep_days == 90
    blank = load_settings(_env_file=None, backup_dir="", metrics_port="")  # empty lines in .env mean unset
    assert blank.backup_dir is None and blank.metrics_port is None
