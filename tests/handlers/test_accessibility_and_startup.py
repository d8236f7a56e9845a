import re
from datetime import datetime

from aiogram.methods import SetMyCommands

from bot.lifespan import set_commands
from services.demo import seed_demo
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
