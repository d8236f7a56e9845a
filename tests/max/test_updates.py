"""MAX updates, shaped as MAX sends them (tests/fake_max.py builds them), as aiogram updates."""

from __future__ import annotations

import pytest

from bot.max import ids
from bot.max.updates import translate
from tests.fake_max import BOT_USER_ID, FakeMax


@pytest.fixture
async def fake() -> FakeMax:
    return FakeMax()


async def test_a_text_is_a_message_from_the_person_in_their_own_chat(fake: FakeMax) -> None:
    raw = fake.message(42, "Привет")
    update = translate(raw)
    assert update is not None and update.message is not None
    message = update.message
    assert message.text == "Привет" and message.entities is None
    assert message.from_user is not None and message.from_user.id == ids.user_to_aiogram(42)
    assert message.from_user.language_code == "ru"
    assert message.chat.id == ids.user_to_aiogram(42) and message.chat.type == "private"
    assert ids.mid_from_aiogram(message.message_id) == raw["message"]["body"]["mid"]
    assert update.update_id == translate(raw).update_id  # the same update gives the same id  # type: ignore[union-attr]


async def test_a_command_is_marked_as_one(fake: FakeMax) -> None:
    update = translate(fake.message(42, "/mydata now"))
    assert update is not None and update.message is not None
    assert [(e.type, e.offset, e.length) for e in update.message.entities or []] == [("bot_command", 0, 7)]


async def test_bot_started_is_start_with_the_deep_link_payload(fake: FakeMax) -> None:
    plain = translate(fake.start_bot(42))
    invited = translate(fake.start_bot(43, payload="inv_abc123", locale="en-US"))
    assert plain is not None and plain.message is not None and plain.message.text == "/start"
    assert invited is not None and invited.message is not None
    assert invited.message.text == "/start inv_abc123"
    assert invited.message.from_user is not None and invited.message.from_user.language_code == "en"
    assert invited.message.chat.id == ids.user_to_aiogram(43)


async def test_a_press_is_a_callback_query_with_the_payload_and_the_message(fake: FakeMax) -> None:
    bots_message = {
        "sender": {"user_id": BOT_USER_ID, "first_name": "Вместе", "is_bot": True},
        "recipient": {"chat_id": fake.dialog_id(42), "chat_type": "dialog", "user_id": 42},
        "timestamp": 1_700_000_000_000,
        "body": {
            "mid": "mid.abc",
            "seq": 1,
            "text": "Выберите",
            "markup": [{"type": "strong", "from": 0, "length": 8}],
            "attachments": [
                {
                    "type": "inline_keyboard",
                    "payload": {"buttons": [[{"type": "callback", "text": "Да", "payload": "ob:c"}]]},
                }
            ],
        },
    }
    update = translate(fake.press_payload(42, "ob:c", bots_message))
    assert update is not None and update.callback_query is not None
    query = update.callback_query
    assert query.data == "ob:c" and query.from_user.id == ids.user_to_aiogram(42)
    assert query.id.startswith("cb.")
    assert query.message is not None and query.message.text == "Выберите"  # type: ignore[union-attr]
    assert query.message.chat.id == ids.user_to_aiogram(42)
    assert ids.mid_from_aiogram(query.message.message_id) == "mid.abc"
    assert query.message.html_text == "<b>Выберите</b>"  # type: ignore[union-attr]
    assert query.message.reply_markup.inline_keyboard[0][0].callback_data == "ob:c"  # type: ignore[union-attr]


async def test_a_press_on_a_deleted_message_has_no_message(fake: FakeMax) -> None:
    update = translate(fake.press_payload(42, "x", None))
    assert update is not None and update.callback_query is not None
    assert update.callback_query.message is None


async def test_a_file_is_a_document_the_bot_can_fetch_again(fake: FakeMax) -> None:
    fake.base_url = "http://127.0.0.1:1"
    update = translate(fake.send_file(42, "План 2024.xlsx", b"PK\x03\x04"))
    assert update is not None and update.message is not None
    document = update.message.document
    assert document is not None and document.file_name == "План 2024.xlsx" and document.file_size == 4
    assert document.mime_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ids.file_from_id(document.file_id).url == "http://127.0.0.1:1/files/ftok1"


async def test_updates_vmeste_does_not_use_and_broken_ones_are_skipped(fake: FakeMax) -> None:
    assert (
        translate({"update_type": "dialog_muted", "timestamp": 1, "chat_id": 1, "user": fake.user(1)}) is None
    )
    assert (
        translate({"update_type": "bot_stopped", "timestamp": 1, "chat_id": 1, "user": fake.user(1)}) is None
    )
    assert translate({"update_type": "message_created", "timestamp": 1}) is None
    assert translate({"update_type": "message_callback", "callback": {"user": {"user_id": 1 << 62}}}) is None
