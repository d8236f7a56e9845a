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
