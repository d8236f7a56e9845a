"""Structured logs: one line per event, JSON in webhook mode (LOG_FORMAT=json|text).

A line carries ids (update, user, chat) and what happened, never what people wrote: handlers log ids and outcomes,
and the update's own line is written here from the update's type and ids alone."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from datetime import UTC, datetime

from bot.settings import Settings

# Set for the duration of an update, so every line logged while handling it names the update and the person.
update_context: contextvars.ContextVar[dict[str, object] | None] = contextvars.ContextVar(
    "update_context", default=None
)

FIELDS = ("update_id", "user_id", "chat_id", "update_type", "duration_ms", "outcome", "error")
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def _extras(record: logging.LogRecord) -> dict[str, object]:
    extra: dict[str, object] = dict(update_context.get() or {})
    for key, value in record.__dict__.items():
        if key not in _STANDARD and not key.startswith("_"):
            extra[key] = value
    return extra


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        line.update(_extras(record))
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        extra = _extras(record)
        if extra:
            text += " " + " ".join(f"{k}={v}" for k, v in extra.items())
        return text


def setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if settings.log_json else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for noisy in ("alembic", "aiosqlite", "asyncio"):
        logging.getLogger(noisy).setLevel(
            logging.WARNING
        )  # aiosqlite at DEBUG prints every statement's values
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    # aiogram's own "Update id=… is handled" duplicates our line per update.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
