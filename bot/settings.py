"""Settings, read from the environment and `.env` (pydantic-settings). Built by `load_settings()`, never at import."""

from __future__ import annotations

import html
import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from db.models.user import MAX_PERSON_BASE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_URL = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'data' / 'vmeste.sqlite3'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    database_url: str = DEFAULT_SQLITE_URL
    telegram_api_base: str | None = None
    timezone: str = "Europe/Moscow"
    default_locale: Literal["ru", "en"] = "ru"
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    invite_ttl_days: int = 7
    page_size: int = 5
    import_max_bytes: int = 5 * 1024 * 1024
    schedule_cache_seconds: float = 15.0

    # How updates arrive: long polling (one process) or a webhook served by one or more replicas.
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_host: str = "0.0.0.0"
    webhook_port: int = 8080
    webhook_path: str = "/telegram/webhook"
    # Telegram sends it in X-Telegram-Bot-Api-Secret-Token; required in webhook mode (1-256 of A-Z a-z 0-9 _ -).
    webhook_secret: SecretStr | None = None
    # The public https URL Telegram posts to; registered at start by the one replica that wins a short lease.
    webhook_url: str | None = None
    # Redis: FSM state, events isolation, the per-user throttle and the shared send rate across replicas.
    redis_url: str | None = None
    fsm_state_ttl: int = 7 * 24 * 3600
    fsm_data_ttl: int = 7 * 24 * 3600
    # Each update_id has effect once (redelivery, two replicas). Unset: on in webhook mode or on PostgreSQL.
    dedup_updates: bool | None = None
    processed_updates_keep_hours: int = 48
    # Per-user throttle: more than THROTTLE_RATE updates in THROTTLE_WINDOW seconds → one notice, then ignored
    # for THROTTLE_COOLDOWN seconds. THROTTLE_RATE=0 turns it off.
    throttle_rate: int = 30
    throttle_window: float = 10.0
    throttle_cooldown: float = 30.0
    # Logs: json (one object per line) or text. Unset: json in webhook mode, text otherwise.
    log_format: Literal["json", "text"] | None = None
    log_level: str = "INFO"
    # Polling mode only: serve /healthz and /metrics on METRICS_HOST:METRICS_PORT (webhook mode serves them on
    # WEBHOOK_PORT). On by default, on this machine only; METRICS_PORT=0 (or empty) turns it off.
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = 8090
    # Notifications (reminders, notices, broadcasts): see services/notifications/outbox.py.
    quiet_hours_start: str = "21:00"  # non-urgent messages wait until QUIET_HOURS_END (TIMEZONE)
    quiet_hours_end: str = "09:00"
    send_rate: float = 25.0  # messages per second across all chats (Telegram allows about 30)
    max_send_rate: float = (
        25.0  # requests per second to MAX, its own budget (MAX allows 30: bot/max/README.md)
    )
    send_concurrency: int = 64  # requests to Telegram in flight at once
    send_max_attempts: int = 5  # network errors and 5xx are retried this many times in all
    outbox_batch: int = 200  # rows claimed at once
    # A row claimed by a process that then died is sent again after this many seconds (on SQLite, which runs
    # in one process, at once on restart).
    outbox_lease_seconds: float = 300.0
    scheduler_enabled: bool = True
    # The planners (and the start and progress of broadcasts) run on one replica at a time, under a lease of
    # this many seconds renewed every third of it; when that replica dies another takes over within 1.3 × it.
    planner_lease_seconds: float = 30.0
    # Backups of the SQLite database: a daily one at BACKUP_AT (TIMEZONE) into BACKUP_DIR when it is set, keeping
    # the newest BACKUP_KEEP; `python -m bot backup` and `migrate` use the same folder (default: data/backups).
    backup_dir: Path | None = None
    backup_keep: int = Field(default=14, ge=1)
    backup_at: str = "03:30"
    # Housekeeping: sent, dropped, failed, blocked and withdrawn notifications are deleted this many days after
    # they fell due (at least 7: the planners look back two days at most), in batches of HOUSEKEEPING_BATCH rows.
    outbox_keep_days: int = Field(default=90, ge=7)
    housekeeping_batch: int = Field(default=500, ge=1)

    # MAX as a second messenger (bot/max/): on when MAX_BOT_TOKEN is set. MAX_API_BASE points it at a local
    # emulation (default https://platform-api2.max.ru); MAX_CA_FILE adds the Russian Trusted Root CA (Минцифры),
    # which certifies MAX's API host, when the system does not trust it. MAX_WEBHOOK_SECRET (5-256 of A-Z a-z 0-9
    # _ -) is what MAX sends in X-Max-Bot-Api-Secret to the webhook at MAX_WEBHOOK_URL (https, port 443).
    max_bot_token: SecretStr | None = None
    max_api_base: str | None = None
    max_ca_file: str | None = None
    max_webhook_url: str | None = None
    max_webhook_path: str = "/max/webhook"
    max_webhook_secret: SecretStr | None = None
    # Who keeps people's data (named on the consent screen) and how to reach them: an organization's name, an
    # e-mail or a phone. Empty: the consent screen names the network itself and gives no contact line.
    operator_name: str = ""
    operator_contact: str = ""

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """`ADMIN_IDS=123,max:456`: Telegram user ids, and MAX user ids written `max:<id>` (a MAX person's id in
        the database is MAX_PERSON_BASE + their MAX id, so the two never collide)."""
        if isinstance(value, str):
            return frozenset(_admin_id(part) for part in value.replace(";", ",").split(",") if part.strip())
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("backup_dir", "metrics_port", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone
        return value

    @field_validator("webhook_path")
    @classmethod
    def _absolute_path(cls, value: str) -> str:
        return value if value.startswith("/") else "/" + value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("max_bot_token")
    @classmethod
    def _max_token(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value is not None and value.get_secret_value().strip() else None

    @field_validator("max_webhook_secret")
    @classmethod
    def _max_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{5,256}", value.get_secret_value()):
            raise ValueError("MAX_WEBHOOK_SECRET: 5-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @property
    def max_enabled(self) -> bool:
        return self.max_bot_token is not None

    @property
    def webhook(self) -> bool:
        return self.bot_mode == "webhook"

    @property
    def dedup_enabled(self) -> bool:
        if self.dedup_updates is not None:
            return self.dedup_updates
        return self.webhook or not self.database_url.startswith("sqlite")

    @property
    def log_json(self) -> bool:
        return (self.log_format or ("json" if self.webhook else "text")) == "json"

    @field_validator("quiet_hours_start", "quiet_hours_end", "backup_at")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        time.fromisoformat(value)  # raises for anything but HH:MM
        return value

    @property
    def quiet_hours(self) -> tuple[time, time]:
        return time.fromisoformat(self.quiet_hours_start), time.fromisoformat(self.quiet_hours_end)

    @property
    def text_variables(self) -> dict[str, str]:
        """Values every message may use (`{ $operator }`, `{ $contact }`), escaped for HTML; «none» where unset,
        which the messages answer with their own wording."""
        return {
            "operator": html.escape(self.operator_name.strip(), quote=False) or "none",
            "contact": html.escape(self.operator_contact.strip(), quote=False) or "none",
        }

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment; keyword overrides win (tests and the CLI use them)."""
    return Settings(**overrides)  # type: ignore[arg-type]


def _admin_id(part: str) -> int:
    """One entry of ADMIN_IDS: a Telegram user id («123») or a MAX user id («max:456»)."""
    part = part.strip()
    messenger, _, number = part.rpartition(":")
    if messenger.strip().lower() == "max":
        account = int(number)
        if not 0 < account < MAX_PERSON_BASE:
            raise ValueError(f"not a MAX user id: {part}")
        return MAX_PERSON_BASE + account
    if messenger:
        raise ValueError(f"ADMIN_IDS takes Telegram ids and max:<id>, not {part}")
    return int(part)
