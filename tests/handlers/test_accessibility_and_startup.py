import re
from datetime import datetime

from aiogram.methods import SetMyCommands, SetMyDescription, SetMyShortDescription
from aiogram.types import BotCommandScopeChat

from bot.lifespan import set_commands, set_profile
from services.demo import seed_demo
from tests.factories import make_user
from tests.handlers.test_coordinator import become_coordinator

WORD = re.compile(r"[A-Za-zА-Яа-яЁё]{2,}")


async def test_commands_are_set_per_language(bot, recording, translator):
    await set_commands(bot, translator)
    calls = {c.language_code: c for c in recording.of_type(SetMyCommands)}
    assert set(calls) == {"ru", "en", None}
    ru = {c.command: c.description for c in calls["ru"].commands}
    en = {c.command: c.description for c in calls["en"].commands}
    assert ru["schedule"] == "Расписание мероприятий" and en["schedule"] == "Event schedule"
    assert (
        set(ru)
        == set(en)
        == {
            "start",
            "menu",
            "schedule",
            "my",
            "surveys",
            "settings",
            "mydata",
            "forget",
            "help",
        }
    )


async def test_every_button_a_screen_reader_meets_has_words(make_client, session, settings):
    """Walk the screens a coordinator can open and check that no button is an emoji alone."""
    await seed_demo(session, settings.tz, datetime.now(settings.tz).date())
    client = make_client(6001)
    await become_coordinator(client, session)
    seen: set[str] = set()
    for path in (
        ["Расписание", "Клуб для родителей"],
        ["Расписание", "Для кого"],
        ["Расписание", "Вид"],
        ["Расписание", "Месяц"],
        ["Организации", "ДДТ"],
        ["Настройки", "Язык"],
        ["Мои данные", "Удалить"],
        ["Новое мероприятие"],
        ["Помощь"],
    ):
        await client.send("/menu")
        seen.update(label for label, _ in client.buttons)
        for label in path:
            await client.click(label)
            seen.update(label for label, _ in client.buttons)
    assert len(seen) > 40
    assert [label for label in seen if not WORD.search(label)] == []


async def test_the_profile_is_set_per_language_and_staff_chats_get_the_staff_commands(
    bot, recording, translator, session, session_factory
):
    await make_user(session, 9001, "admin")
    await make_user(session, 9002, "coordinator", language="en")
    await make_user(session, 9003, "parent")
    await make_user(session, 9004, "coordinator", is_active=False)  # blocked the bot: left alone
    await set_profile(bot, translator, session_factory)

    descriptions = {c.language_code: c.description for c in recording.of_type(SetMyDescription)}
    shorts = {c.language_code: c.short_description for c in recording.of_type(SetMyShortDescription)}
    assert set(descriptions) == set(shorts) == {"ru", "en", None}
    assert descriptions["ru"] == descriptions[None] and "инклюзивного образования" in descriptions["ru"]
    assert "inclusive-education" in descriptions["en"] and "Vmeste" in shorts["en"]
    assert shorts["ru"] == shorts[None] and len(shorts["ru"]) <= 120

    public = [c for c in recording.of_type(SetMyCommands) if c.scope is None]
    assert {c.language_code for c in public} == {"ru", "en", None}
    assert all("new_event" not in {b.command for b in c.commands} for c in public)
    staff = {c.scope.chat_id: c for c in recording.of_type(SetMyCommands) if c.scope is not None}
    assert set(staff) == {9001, 9002}
    assert all(isinstance(c.scope, BotCommandScopeChat) and c.language_code is None for c in staff.values())
    ru = {b.command: b.description for b in staff[9001].commands}
    en = {b.command: b.description for b in staff[9002].commands}
    assert ru["new_event"] == "Новое мероприятие (для координаторов)" and ru["broadcast"].startswith(
        "Рассылка"
    )
    assert en["new_event"] == "New event (for coordinators)" and "schedule" in en  # the public ones too


async def test_a_refused_profile_call_does_not_stop_the_start(
    bot, recording, translator, session, session_factory, caplog
):
    await make_user(session, 9011, "coordinator")
    recording.blocked.add(9011)
    recording.refused |= {"SetMyDescription", "SetMyCommands"}
    await set_profile(bot, translator, session_factory)  # no exception
    assert len(recording.of_type(SetMyShortDescription)) == 3  # the rest is still set
    assert "could not set description (ru)" in caplog.text and "could not set staff commands" in caplog.text
