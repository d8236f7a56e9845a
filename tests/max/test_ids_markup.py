"""The id scheme and the formatting and keyboard translation, without a server."""

from __future__ import annotations

import pytest
from aiogram.types import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.max import ids
from bot.max.markup import (
    TEXT_LIMIT,
    entities_from_markup,
    fit_html,
    keyboard_attachment,
    markup_from_attachments,
    split_html,
    to_max_html,
)

TELEGRAM_USER_MAX = (1 << 52) - 1  # Telegram user ids have at most 52 significant bits
TELEGRAM_GROUP_MIN = -(10**13)  # supergroups: -100…, far above -(2**60)


def test_max_people_and_chats_never_take_a_telegram_id() -> None:
    for max_id in (0, 1, 12345, 10**12, (1 << 60) - 1):
        person = ids.user_to_aiogram(max_id)
        assert person > TELEGRAM_USER_MAX and ids.is_max(person) and ids.is_max_user(person)
        assert ids.recipient(person) == ids.Recipient(user_id=max_id)
    for chat in (-100000000, -1, 5, (1 << 60) - 1, -((1 << 60) - 1)):
        group = ids.chat_to_aiogram(chat)
        assert group < TELEGRAM_GROUP_MIN and ids.is_max(group) and not ids.is_max_user(group)
        assert ids.recipient(group) == ids.Recipient(chat_id=chat)
    for telegram_id in (1, 900001, TELEGRAM_USER_MAX, -1001234567890):
        assert not ids.is_max(telegram_id)
        with pytest.raises(ids.IdOutOfRange):
            ids.recipient(telegram_id)


def test_an_id_too_large_is_refused_not_wrapped() -> None:
    with pytest.raises(ids.IdOutOfRange):
        ids.user_to_aiogram(1 << 60)
    with pytest.raises(ids.IdOutOfRange):
        ids.user_to_aiogram(-5)


def test_message_ids_round_trip_and_foreign_ones_are_refused() -> None:
    for mid in (
        "mid.ffffff8d3a2a0b6e0198c5ccd2b95c3a",
        "mid.0000000000000001a9c0",
        "0",
        "bot_started.5.1700000000000",
    ):
        assert ids.mid_from_aiogram(ids.mid_to_aiogram(mid)) == mid
    for foreign in (0, 1, 1000, 2**40):
        with pytest.raises(ValueError):
            ids.mid_from_aiogram(foreign)


def test_update_ids_are_stable_and_out_of_telegram_range() -> None:
    a, b = ids.update_id("message_callback", "cb.1"), ids.update_id("message_callback", "cb.1")
    assert a == b != ids.update_id("message_callback", "cb.2")
    assert (1 << 61) <= a < (1 << 63)  # fits processed_updates.update_id (BIGINT)


def test_file_ids_carry_url_and_token_and_refuse_telegram_ones() -> None:
    file = ids.MaxFile(url="https://i.max.ru/f?x=1", token="tok", kind="file")
    assert ids.file_from_id(file.file_id()) == file
    for foreign in ("BQACAgIAAxkBAAIB", "mxf.!!!", "mxf." + "e30", ""):
        with pytest.raises(ValueError):
            ids.file_from_id(foreign)


def test_telegram_html_becomes_max_html() -> None:
    assert to_max_html("<b>a</b> <strong>b</strong> <i>c</i> <u>d</u> <s>e</s>") == (
        "<b>a</b> <b>b</b> <i>c</i> <u>d</u> <s>e</s>"
    )
    assert to_max_html('<tg-spoiler>x</tg-spoiler> <span class="tg-spoiler">y</span>') == "x y"
    assert to_max_html('<pre><code class="language-py">a &lt; b</code></pre>') == "<pre>a &lt; b</pre>"
    assert (
        to_max_html('<a href="https://x.ru/?a=1&amp;b=2">l</a>')
        == '<a href="https://x.ru/?a=1&amp;b=2">l</a>'
    )
    assert to_max_html("<b>open <i>both") == "<b>open <i>both</i></b>"
    assert to_max_html("stray </b> close") == "stray  close"


def test_a_long_text_is_split_at_line_ends_with_tags_balanced() -> None:
    line = "Строка &amp; <i>курсив</i> и <b>жирный текст</b>.\n"
    text = "<blockquote>" + line * 200 + "</blockquote>"
    pieces = split_html(to_max_html(text))
    assert len(pieces) > 1
    for piece in pieces:
        assert len(piece) <= TEXT_LIMIT
        assert piece.startswith("<blockquote>") and piece.endswith("</blockquote>")
        assert piece.count("<i>") == piece.count("</i>") and piece.count("<b>") == piece.count("</b>")
        assert piece.removesuffix("</blockquote>").endswith("\n")  # cut after a line, not inside one
    joined = "".join(p.removeprefix("<blockquote>").removesuffix("</blockquote>") for p in pieces)
    assert joined == line * 200  # nothing lost, nothing doubled


def test_a_word_longer_than_a_message_is_still_cut() -> None:
    pieces = split_html("x" * 9000)
    assert [len(p) for p in pieces] == [4000, 4000, 1000]
    assert split_html("") == [""]


def test_an_edit_keeps_one_message_and_says_it_was_cut() -> None:
    text = "<b>" + "слово " * 1000 + "</b>"
    fitted = fit_html(text)
    assert len(fitted) <= TEXT_LIMIT and fitted.endswith("…</b>")
    assert fit_html("<b>short</b>") == "<b>short</b>"


def _kb(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=list(rows))


def test_keyboards_become_callback_link_and_clipboard_buttons() -> None:
    attachment = keyboard_attachment(
        _kb(
            [InlineKeyboardButton(text="Да", callback_data="ok:1")],
            [InlineKeyboardButton(text="Сайт", url="https://example.org")],
            [InlineKeyboardButton(text="Код", copy_text=CopyTextButton(text="ABC"))],
        )
    )
    assert attachment == {
        "type": "inline_keyboard",
        "payload": {
            "buttons": [
                [{"type": "callback", "text": "Да", "payload": "ok:1"}],
                [{"type": "link", "text": "Сайт", "url": "https://example.org"}],
                [{"type": "clipboard", "text": "Код", "payload": "ABC"}],
            ]
        },
    }
    assert markup_from_attachments([attachment]) == _kb(
        [InlineKeyboardButton(text="Да", callback_data="ok:1")],
        [InlineKeyboardButton(text="Сайт", url="https://example.org")],
    )
    assert keyboard_attachment(None) is None
    assert keyboard_attachment(_kb()) is None


def test_keyboards_are_reshaped_to_max_limits() -> None:
    wide = [InlineKeyboardButton(text=str(i), callback_data=str(i)) for i in range(10)]
    rows = keyboard_attachment(_kb(wide))["payload"]["buttons"]  # type: ignore[index]
    assert [len(r) for r in rows] == [7, 3]
    links = [InlineKeyboardButton(text=str(i), url=f"https://e.org/{i}") for i in range(5)]
    rows = keyboard_attachment(_kb(links))["payload"]["buttons"]  # type: ignore[index]
    assert [len(r) for r in rows] == [3, 2]
    many = [[InlineKeyboardButton(text=str(i), callback_data=str(i))] for i in range(100)]
    rows = keyboard_attachment(_kb(*many))["payload"]["buttons"]  # type: ignore[index]
    assert len(rows) <= 30 and sum(len(r) for r in rows) == 100
    assert [b["payload"] for r in rows for b in r] == [str(i) for i in range(100)]  # order kept
    long = InlineKeyboardButton(text="я" * 300, callback_data="x")
    (row,) = keyboard_attachment(_kb([long]))["payload"]["buttons"]  # type: ignore[index]
    assert len(row[0]["text"]) == 128


def test_max_markup_becomes_entities() -> None:
    entities = entities_from_markup(
        [
            {"type": "strong", "from": 0, "length": 4},
            {"type": "link", "from": 5, "length": 3, "url": "https://x.ru"},
            {"type": "user_mention", "from": 0, "length": 1},
            {"type": "emphasized", "from": "bad", "length": 1},
        ]
    )
    assert [(e.type, e.offset, e.length, e.url) for e in entities or []] == [
        ("bold", 0, 4, None),
        ("text_link", 5, 3, "https://x.ru"),
    ]
