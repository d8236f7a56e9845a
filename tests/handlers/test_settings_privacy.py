from sqlalchemy import select

from db.models import User
from tests.factories import make_org, make_user
from tests.handlers.test_onboarding import onboard


async def test_settings_change_language_role_org_and_reminders(make_client, session, session_factory):
    org = await make_org(session, "ДДТ", "additional")
    client = make_client(5001)
    await onboard(client)
    await client.send("/settings")
    assert "Напоминание за сутки: включено" in client.text
    await client.click("Напоминание за сутки")
    assert "Напоминание за сутки: выключено" in client.text
    await client.click("Роль")
    await client.click("педагог")
    await client.click("Организация")
    await client.click("ДДТ")
    assert "Организация: ДДТ" in client.text and "Роль: педагог" in client.text
    await client.click("Язык")
    await client.click("English")
    assert "Reminder a day before: off" in client.text
    async with session_factory() as s:
        user = await s.get(User, 5001)
    assert (user.language, user.role, user.organization_id, user.notify_24h, user.notify_2h) == (
        "en",
        "teacher",
        org.id,
        False,
        True,
    )


async def test_forged_role_change_to_coordinator_is_refused(make_client, session_factory):
    client = make_client(5002)
    await onboard(client)
    await client.press("st:set_role:coordinator")
    assert "только координаторам" in client.session.alerts()[-1]
    async with session_factory() as s:
        assert (await s.get(User, 5002)).role == "parent"


async def test_mydata_shows_everything_and_forget_deletes_it(make_client, session_factory):
    client = make_client(5003)
    await onboard(client)
    await client.send("/mydata")
    text = client.text
    for label in (
        "Мессенджер: Telegram",
        "ID в Telegram: 5003",
        "Язык: русский",
        "Роль: родитель",
        "Согласие дано",
        "Напоминания",
    ):
        assert label in text
    await client.click("Удалить мои данные")
    await client.click("Нет, оставить")
    async with session_factory() as s:
        assert await s.get(User, 5003) is not None
    await client.send("/forget")
    await client.click("Да, удалить")
    assert "все ваши данные удалены" in client.text
    async with session_factory() as s:
        assert (await s.scalars(select(User))).all() == []
    await client.send("/menu")
    assert client.text == "Чтобы начать, нажмите /start."


async def test_mydata_names_a_max_persons_messenger_and_their_max_id(make_client, session):
    from db.models.user import MAX_PERSON_BASE

    await make_user(session, MAX_PERSON_BASE + 5004)
    client = make_client(MAX_PERSON_BASE + 5004)
    await client.send("/mydata")
    assert "Мессенджер: MAX" in client.text and "ID в MAX: 5004" in client.text
    assert "Telegram" not in client.text and str(MAX_PERSON_BASE) not in client.text


async def test_reading_switches_say_their_state_and_change_the_screens(
    make_client, session_factory, recording
):
    client = make_client(5009)
    await onboard(client)
    await client.send("/settings")
    assert "Для экранного диктора: выключено" in client.text and "Простой язык: выключено" in client.text
    await client.click("Для экранного диктора")
    assert recording.alerts()[-1] == "Режим для экранного диктора: включено."
    assert "Для экранного диктора: включено" in client.text
    labels = [label for label, _ in client.buttons]
    assert "Для экранного диктора: включено" in labels and "Простой язык: выключено" in labels
    await client.click("Простой язык")
    assert recording.alerts()[-1] == "Простой язык: включено."
    async with session_factory() as s:
        user = await s.get(User, 5009)
    assert user.screen_reader and user.plain_language
    await client.send("/mydata")
    assert "Для экранного диктора: включено, Простой язык: включено" in client.text
    await client.press("st:reading:is_admin")  # a forged switch changes nothing
    async with session_factory() as s:
        assert (await s.get(User, 5009)).role == "parent"
