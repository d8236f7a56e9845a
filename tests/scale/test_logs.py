"""Structured logs: one JSON line per event with ids, and never what people wrote (texts, phone numbers, answers).

A whole scenario runs through the dispatcher with the logging the bot configures in webhook mode, at DEBUG."""

from __future__ import annotations

import json
import logging
from datetime import datetime

import pytest

from bot.factory import create_bot, create_dispatcher
from bot.logs import setup_logging
from services.demo import seed_demo
from tests.client import TgClient
from tests.handlers.test_onboarding import onboard
from tests.recording import RecordingSession
from tests.scale.test_edge import make_settings
from tests.surveys.helpers import load, open_round

PHONE = "+7 912 345-67-89"
FREE_TEXT = "Мой сын Петя плохо спит после занятий, позвоните маме"
SURVEY_OTHER = "Нейропсихолог Иванова"
SURVEY_COMMENT = "Пандус у входа сломан"
FORBIDDEN = [PHONE, "912 345", "345-67-89", "Петя", "плохо спит", "позвоните", "Иванова", "Пандус"]


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    levels = {
        name: logging.getLogger(name).level
        for name in ("alembic", "aiosqlite", "asyncio", "aiohttp.access", "aiogram.event")
    }
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def test_a_full_scenario_logs_ids_and_no_texts(
    db_url, session, session_factory, translator, capsys, restore_logging
):
    settings = make_settings(
        db_url, bot_mode="webhook", webhook_secret="x", log_level="DEBUG", throttle_rate=0
    )
    assert settings.log_json
    setup_logging(settings)
    await seed_demo(session, settings.tz, datetime.now(settings.tz).date())
    await open_round(session, await load(session, "parent_monitoring"))
    recording = RecordingSession()
    bot = create_bot(settings, session=recording)
    dp = create_dispatcher(settings, session_factory, translator=translator)
    client = TgClient(dp, bot, recording, 8001)
    capsys.readouterr()

    await onboard(client, "родитель")
    await client.click("Расписание")
    await client.click("Клуб для родителей")
    await client.click("К расписанию")
    await client.send(PHONE)
    await client.send(FREE_TEXT)
    await client.send(f"/start {PHONE}")
    await client.send("/new_event")  # refused: not a coordinator
    await client.press("garbage:forged")  # an outdated or forged button
    # A survey with a written «other» and a free comment.
    await client.send("/menu")
    await client.click("Опросы")
    await client.click("Комфортно ли ребёнку")
    await client.click("Начать")
    for label in ("Начальная школа", "4", "5 —", "3", "Психолог", "Другое"):
        await client.click(label)
    await client.send(SURVEY_OTHER)
    for label in ("Готово", "Да", "Помогли частично", "5 —", "Да"):
        await client.click(label)
    await client.send(SURVEY_COMMENT)
    assert SURVEY_COMMENT in client.text  # the summary before sending shows it to the person
    await client.click("Отправить")
    assert "Спасибо" in client.text

    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert lines, "nothing was logged"
    for text in FORBIDDEN:
        assert text not in err, f"{text!r} leaked into the log"
    updates = [line for line in lines if line["event"] == "update"]
    assert len(updates) >= 30
    assert all(line["user_id"] == 8001 and isinstance(line["update_id"], int) for line in updates)
    assert {line["update_type"] for line in updates} == {"message", "callback_query"}
    assert all({"ts", "level", "logger", "duration_ms", "outcome"} <= set(line) for line in updates)
