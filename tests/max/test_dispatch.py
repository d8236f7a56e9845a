"""A parent on MAX, through the real dispatcher: MAX updates fetched from the emulated MAX Bot API by long
polling, translated, handled by the same routers as Telegram's, answered through `MaxSession`; the test reads
what the person sees on the MAX side."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.max import ids
from bot.max.polling import MaxPoller, webhook_handler
from bot.max.session import MaxSession, create_max_bot
from db.models import User
from tests.fake_max import TOKEN, FakeMax

PARENT = 4242


@pytest.fixture
async def fake() -> AsyncIterator[FakeMax]:
    async with FakeMax() as fake:
        yield fake


@pytest.fixture
async def max_bot(fake: FakeMax) -> AsyncIterator[Bot]:
    bot = create_max_bot(MaxSession(TOKEN, fake.base_url))
    yield bot
    await bot.session.close()


@pytest.fixture
def poller(dp: Dispatcher, max_bot: Bot) -> MaxPoller:
    session = max_bot.session
    assert isinstance(session, MaxSession)
    return MaxPoller(dp, max_bot, session.client, timeout=0)


async def pump(poller: MaxPoller) -> None:
    """Fetch and handle everything MAX holds for the bot now."""
    while await poller.poll_once(timeout=0):
        pass


async def test_start_shows_the_consent_screen_with_buttons(
    fake: FakeMax, poller: MaxPoller, session: AsyncSession
) -> None:
    fake.start_bot(PARENT)
    await pump(poller)
    screen = fake.screen(PARENT)
    assert "Добро пожаловать в «Вместе»!" in fake.text(screen)
    assert {"type": "strong", "from": 0, "length": len("Добро пожаловать в «Вместе»!")} in screen["body"][
        "markup"
    ]
    assert [label for label, _ in fake.buttons(screen)] == ["Даю согласие", "Не сейчас"]
    assert all(b["type"] == "callback" for b in screen["body"]["attachments"][0]["payload"]["buttons"][0])
    assert (await session.scalars(select(User))).all() == []  # nothing kept before consent


async def test_a_press_is_answered_once_and_edits_the_screen_in_place(
    fake: FakeMax, poller: MaxPoller, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    fake.start_bot(PARENT)
    await pump(poller)
    consent_mid = fake.screen(PARENT)["body"]["mid"]
    press = fake.press(PARENT, "Даю согласие")
    await pump(poller)
    assert fake.answers == {press["callback"]["callback_id"]: [{}]}
    (screen,) = fake.dialog(PARENT)  # the same message, edited: no new message
    assert screen["body"]["mid"] == consent_mid
    assert fake.text(screen) == "Выберите язык / Choose your language"
    assert [label for label, _ in fake.buttons(screen)] == ["Русский", "English"]
    async with session_factory() as s:
        person = await s.get(User, ids.user_to_aiogram(PARENT))
    assert person is not None and person.consent_at is not None


async def test_a_parent_reaches_the_menu_and_the_schedule(fake: FakeMax, poller: MaxPoller) -> None:
    fake.start_bot(PARENT)
    await pump(poller)
    for label in ("Даю согласие", "Русский", "родитель", "Пропустить", "Обычный вид"):
        fake.press(PARENT, label)
        await pump(poller)
    menu = fake.screen(PARENT)
    assert "Готово!" in fake.text(menu) and "Здравствуйте, Анна!" in fake.text(menu)
    labels = [label for label, _ in fake.buttons(menu)]
    assert "Расписание 📅" in labels and "Новое мероприятие ➕" not in labels
    rows = menu["body"]["attachments"][0]["payload"]["buttons"]
    assert all(len(row) <= 7 for row in rows) and len(rows) <= 30
    fake.press(PARENT, "Расписание")
    await pump(poller)
    assert "Расписание" in fake.text(fake.screen(PARENT))
    assert len(fake.answers) == 6 and all(len(a) == 1 for a in fake.answers.values())


async def test_a_stale_press_gets_a_polite_answer(fake: FakeMax, poller: MaxPoller) -> None:
    fake.start_bot(PARENT)
    await pump(poller)
    fake.press_payload(PARENT, "no-such:button", fake.screen(PARENT))
    await pump(poller)
    ((answer,),) = fake.answers.values()
    assert answer.get("notification")  # a notice, not silence, and the bot did not fail


async def test_english_locale_and_the_deep_link_payload(fake: FakeMax, poller: MaxPoller) -> None:
    fake.start_bot(PARENT, payload="inv_nosuchcode", locale="en-GB")
    await pump(poller)
    texts = [fake.text(m) for m in fake.dialog(PARENT)]
    assert any("What we keep" in t for t in texts)
    assert len(texts) == 2  # the invite was checked (and refused) before the consent screen


async def test_webhook_handler_refuses_a_wrong_secret_and_handles_an_update(
    fake: FakeMax, dp: Dispatcher, max_bot: Bot
) -> None:
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer

    app = web.Application()
    app.router.add_post("/max/webhook", webhook_handler(dp, max_bot, "s3cret_value"))
    async with TestClient(TestServer(app)) as client:
        update = fake.start_bot(PARENT)
        refused = await client.post("/max/webhook", json=update, headers={"X-Max-Bot-Api-Secret": "wrong"})
        assert refused.status == 401 and fake.dialog(PARENT) == []
        accepted = await client.post(
            "/max/webhook", json=update, headers={"X-Max-Bot-Api-Secret": "s3cret_value"}
        )
        assert accepted.status == 200
    assert "Добро пожаловать" in fake.text(fake.screen(PARENT))


def test_settings_turn_max_on_with_a_token_only() -> None:
    from bot.max.factory import create_max_bot_from_settings
    from bot.settings import load_settings

    off = load_settings(_env_file=None, bot_token="1:x", max_bot_token="")
    assert not off.max_enabled and create_max_bot_from_settings(off) is None
    on = load_settings(
        _env_file=None, bot_token="1:x", max_bot_token="abc", max_api_base="http://127.0.0.1:1"
    )
    bot = create_max_bot_from_settings(on)
    assert on.max_enabled and bot is not None and isinstance(bot.session, MaxSession)
    assert bot.session.client.base == "http://127.0.0.1:1"
    with pytest.raises(ValueError):
        load_settings(_env_file=None, max_webhook_secret="bad secret!")


async def test_a_coordinator_on_max_imports_a_plan_file_downloaded_twice(
    fake: FakeMax, poller: MaxPoller, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    from datetime import timedelta

    from sqlalchemy import func

    from db.models import Event
    from services.people.users import InviteService
    from tests.factories import make_org
    from tests.plan_import.builders import seed_bytes

    org = await make_org(session, "ЦКРОиР")
    invite = await InviteService(session).create("coordinator", org.id, timedelta(days=1))
    await session.commit()
    fake.start_bot(PARENT, payload=f"inv_{invite.code}")
    await pump(poller)
    for label in ("Даю согласие", "Русский"):
        fake.press(PARENT, label)
        await pump(poller)
    assert any("Ваша роль: координатор" in fake.text(m) for m in fake.dialog(PARENT))

    fake.send_file(PARENT, "003_plan.txt", seed_bytes("003"))
    await pump(poller)
    preview = fake.screen(PARENT)
    assert "Мероприятий в плане: 27." in fake.text(preview)
    assert fake.buttons(preview)[0][0] == "Сохранить 💾"
    fake.press(PARENT, "Сохранить")
    await pump(poller)
    assert "План сохранён. Добавлено 27" in fake.text(fake.screen(PARENT))
    assert fake.downloads == ["ftok1", "ftok1"]  # the preview, then «Сохранить» fetches it again by its id
    async with session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(Event)) == 27


async def test_a_parent_on_max_gets_the_event_as_an_ics_file(
    fake: FakeMax, poller: MaxPoller, session: AsyncSession
) -> None:
    from handlers.callbacks import EventCb
    from tests.factories import make_event, make_user

    await make_user(session, ids.user_to_aiogram(PARENT))
    event = await make_event(session, "Семинар «Особый ребёнок»")
    fake.start_bot(PARENT)
    await pump(poller)
    fake.press_payload(PARENT, EventCb(act="ics", id=event.id).pack(), fake.screen(PARENT))
    await pump(poller)
    upload = fake.made("UPLOAD file")
    assert len(upload) == 1 and upload[0].body["filename"] == f"vmeste-event-{event.id}.ics"
    sent = fake.dialog(PARENT)[-1]
    (attachment,) = sent["body"]["attachments"]
    assert attachment["type"] == "file" and attachment["filename"].endswith(".ics")
    assert "календарь" in fake.text(sent)
    _, content = fake.uploads[attachment["payload"]["token"]]
    assert content.startswith(b"BEGIN:VCALENDAR") and "Особый ребёнок".encode() in content
