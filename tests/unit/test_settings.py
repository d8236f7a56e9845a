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


def test_admin_ids_take_max_accounts_written_max_colon_id(monkeypatch, no_env) -> None:
    """A MAX administrator is written `max:<their MAX id>`; in the database a MAX person's id is MAX_PERSON_BASE +
    that id, so the same number on the two messengers is two people."""
    import pytest
    from pydantic import ValidationError

    from db.models.user import MAX_PERSON_BASE

    monkeypatch.setenv("ADMIN_IDS", "5, max:5; MAX: 77")
    assert load_settings(_env_file=None).admin_ids == frozenset(
        {5, MAX_PERSON_BASE + 5, MAX_PERSON_BASE + 77}
    )
    for wrong in ("max:0", "max:-3", "tg:5", "max:abc"):
        monkeypatch.setenv("ADMIN_IDS", wrong)
        with pytest.raises(ValidationError):
            load_settings(_env_file=None)
