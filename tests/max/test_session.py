"""The Bot API methods Vmeste calls, made through `MaxSession` against the emulated MAX Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from io import BytesIO

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import BotCommand, BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.max import ids
from bot.max.session import MaxSession, create_max_bot
from bot.max.updates import translate
from tests.fake_max import BOT_USER_ID, TOKEN, FakeMax

PERSON = 42
CHAT = ids.user_to_aiogram(PERSON)


@pytest.fixture
async def fake() -> AsyncIterator[FakeMax]:
    async with FakeMax() as fake:
        yield fake


@pytest.fixture
async def bot(fake: FakeMax) -> AsyncIterator[Bot]:
    bot = create_max_bot(MaxSession(TOKEN, fake.base_url))
    yield bot
    await bot.session.close()


def kb(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=x, callback_data=f"d:{x}")] for x in labels]
    )


async def test_a_message_with_buttons_reaches_the_person(fake: FakeMax, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "<b>Добро пожаловать</b> в «Вместе»", reply_markup=kb("Согласен"))
    (call,) = fake.made("POST /messages")
    assert call.query["user_id"] == str(PERSON) and call.query["disable_link_preview"] == "true"
    assert call.body["format"] == "html" and call.body["text"] == "<b>Добро пожаловать</b> в «Вместе»"
    screen = fake.screen(PERSON)
    assert fake.text(screen) == "Добро пожаловать в «Вместе»"
    assert screen["body"]["markup"] == [{"type": "strong", "from": 0, "length": 16}]
    assert fake.buttons(screen) == [("Согласен", "d:Согласен")]
    assert ids.mid_from_aiogram(sent.message_id) == screen["body"]["mid"]
    assert sent.chat.id == CHAT and sent.text == "Добро пожаловать в «Вместе»"
    assert sent.html_text == "<b>Добро пожаловать</b> в «Вместе»"


async def test_a_text_over_4000_characters_arrives_whole_in_several_messages(fake: FakeMax, bot: Bot) -> None:
    lines = [f"{i}. Семинар для родителей" for i in range(400)]
    await bot.send_message(CHAT, "\n".join(lines), reply_markup=kb("Назад"))
    messages = fake.dialog(PERSON)
    assert len(messages) > 1 and all(len(fake.text(m)) <= 4000 for m in messages)
    assert "".join(fake.text(m) for m in messages).split("\n") == lines
    assert [bool(fake.buttons(m)) for m in messages] == [False] * (len(messages) - 1) + [True]


async def test_an_edit_changes_text_and_buttons_in_place(fake: FakeMax, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "Первый экран", reply_markup=kb("Дальше"))
    await bot.edit_message_text(
        "Второй экран", chat_id=CHAT, message_id=sent.message_id, reply_markup=kb("Назад")
    )
    (only,) = fake.dialog(PERSON)
    assert fake.text(only) == "Второй экран" and fake.buttons(only) == [("Назад", "d:Назад")]
    await bot.edit_message_reply_markup(
        chat_id=CHAT, message_id=sent.message_id, reply_markup=kb("Ознакомлен")
    )
    assert fake.text(fake.dialog(PERSON)[0]) == "Второй экран"
    assert fake.buttons(fake.dialog(PERSON)[0]) == [("Ознакомлен", "d:Ознакомлен")]
    await bot.edit_message_text("Без кнопок", chat_id=CHAT, message_id=sent.message_id)
    assert fake.buttons(fake.dialog(PERSON)[0]) == []  # as in Telegram: no keyboard given, none kept


async def test_an_edit_over_4000_characters_is_cut_with_an_ellipsis(fake: FakeMax, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "Коротко")
    await bot.edit_message_text("<b>" + "слово " * 900 + "</b>", chat_id=CHAT, message_id=sent.message_id)
    (only,) = fake.dialog(PERSON)
    assert fake.text(only).endswith("…") and len(fake.text(only)) <= 4000


async def test_an_edit_of_a_message_that_is_not_on_max_is_a_bad_request(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=12345)


async def test_a_callback_is_answered_once_with_the_notice(fake: FakeMax, bot: Bot) -> None:
    assert await bot.answer_callback_query("cb.7", text="Записано") is True
    assert await bot.answer_callback_query("cb.8") is True
    assert fake.answers == {"cb.7": [{"notification": "Записано"}], "cb.8": [{}]}


async def test_a_document_goes_through_the_upload_flow_and_can_be_sent_again(fake: FakeMax, bot: Bot) -> None:
    sent = await bot.send_document(
        CHAT, BufferedInputFile(b"BEGIN:VCALENDAR", "event.ics"), caption="<b>Календарь</b>"
    )
    assert [c.method for c in fake.calls] == ["POST /uploads", "UPLOAD file", "POST /messages"]
    assert fake.calls[0].query == {"type": "file"}
    message = fake.dialog(PERSON)[-1]
    assert fake.text(message) == "Календарь"
    (attachment,) = message["body"]["attachments"]
    assert attachment["filename"] == "event.ics" and attachment["size"] == 15
    assert sent.document is not None and sent.document.file_name == "event.ics"
    await bot.send_document(CHAT, sent.document.file_id)  # a broadcast sends the same file to everyone
    assert [c.method for c in fake.calls][-1] == "POST /messages" and len(fake.made("UPLOAD file")) == 1
    assert (
        fake.dialog(PERSON)[-1]["body"]["attachments"][0]["payload"]["token"]
        == attachment["payload"]["token"]
    )


async def test_a_photo_is_uploaded_as_an_image(fake: FakeMax, bot: Bot) -> None:
    await bot.send_photo(CHAT, BufferedInputFile(b"\x89PNG....", "chart.png"), caption="Итоги")
    assert fake.calls[0].query == {"type": "image"}
    (attachment,) = fake.dialog(PERSON)[-1]["body"]["attachments"]
    assert attachment["type"] == "image" and "photos" in attachment["payload"]


async def test_a_telegram_file_id_cannot_be_sent_on_max(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest):
        await bot.send_document(CHAT, "BQACAgIAAxkBAAIBZ2V")


async def test_a_file_the_person_sent_is_downloaded(fake: FakeMax, bot: Bot) -> None:
    update = translate(fake.send_file(PERSON, "plan.docx", b"word file bytes"))
    assert update is not None and update.message is not None and update.message.document is not None
    file = await bot.get_file(update.message.document.file_id)
    assert file.file_path is not None and file.file_path.startswith(fake.base_url)
    out = BytesIO()
    await bot.download(update.message.document.file_id, destination=out)
    assert out.getvalue() == b"word file bytes"
    with pytest.raises(TelegramBadRequest):
        await bot.get_file("AgACAgIAAxkBAAIC")


async def test_commands_and_the_bot_itself(fake: FakeMax, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Начать")], language_code="en")
    assert fake.commands == []  # MAX keeps one list: only the list without a language goes there
    await bot.set_my_commands([BotCommand(command="start", description="Начать")])
    assert fake.commands == [{"name": "start", "description": "Начать"}]
    me = await bot.get_me()
    assert me.id == ids.user_to_aiogram(BOT_USER_ID) and me.is_bot and me.username == "vmeste_bot"
    assert await bot.delete_message(CHAT, (await bot.send_message(CHAT, "x")).message_id) is True
    assert fake.dialog(PERSON) == []


async def test_a_person_who_stopped_the_bot_is_forbidden(fake: FakeMax, bot: Bot) -> None:
    fake.stopped.add(PERSON)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(CHAT, "Напоминание")


async def test_too_many_requests_is_retry_after(fake: FakeMax, bot: Bot) -> None:
    fake.rate_limit = 2
    await bot.send_message(CHAT, "1")
    await bot.send_message(CHAT, "2")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(CHAT, "3")
    assert caught.value.retry_after == 1 and fake.count_429 == 1  # MAX documents no retry time: one second
    fake.retry_after = 7
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(CHAT, "4")
    assert caught.value.retry_after == 7


async def test_a_wrong_token_and_no_server(fake: FakeMax) -> None:
    wrong = create_max_bot(MaxSession("not-the-token", fake.base_url))
    with pytest.raises(TelegramUnauthorizedError):
        await wrong.get_me()
    await wrong.session.close()
    gone = create_max_bot(MaxSession(TOKEN, "http://127.0.0.1:9"))
    with pytest.raises(TelegramNetworkError):
        await gone.send_message(CHAT, "x")
    await gone.session.close()


async def test_telegram_chats_and_unknown_methods_are_refused(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(900001, "a Telegram person")
    with pytest.raises(TelegramBadRequest):
        await bot.send_location(CHAT, latitude=55.7, longitude=37.6)
