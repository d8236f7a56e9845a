from sqlalchemy import select

from db.models import User
from services.core.a11y import PICTOGRAMS
from tests.conftest import ADMIN_ID


async def onboard(client, role_label="родитель", org_label="Пропустить"):
    await client.send("/start")
    await client.click("Даю согласие")
    await client.click("Русский")
    await client.click(role_label)
    await client.click(org_label)
    await client.click("Обычный вид")


async def test_start_shows_consent_and_stores_nothing_before_it(make_client, session):
    client = make_client(1001)
    await client.send("/start")
    assert "Что мы храним" in client.text
    assert [label for label, _ in client.buttons] == ["Даю согласие", "Не сейчас"]
    assert (await session.scalars(select(User))).all() == []


async def test_the_consent_names_the_id_on_the_persons_own_messenger(make_client):
    from db.models.user import MAX_PERSON_BASE

    telegram, on_max = make_client(1002), make_client(MAX_PERSON_BASE + 1002)
    await telegram.send("/start")
    await on_max.send("/start")
    assert "ваш ID в Telegram (это не номер телефона)" in telegram.text
    assert "ваш ID в MAX (это не номер телефона)" in on_max.text and "Telegram" not in on_max.text


async def test_decline_keeps_nothing(make_client, session):
    client = make_client(1002)
    await client.send("/start")
    await client.click("Не сейчас")
    assert "ничего не сохранили" in client.text
    assert (await session.scalars(select(User))).all() == []


async def test_full_onboarding_as_parent(make_client, session_factory):
    client = make_client(1003)
    await onboard(client, "родитель")
    assert "Готово" in client.text
    labels = [label for label, _ in client.buttons]
    assert "Расписание 📅" in labels and "Новое мероприятие ➕" not in labels
    async with session_factory() as s:
        user = await s.get(User, 1003)
    assert user.role == "parent" and user.language == "ru" and user.consent_at is not None


async def test_english_speaker_gets_english(make_client, session_factory):
    client = make_client(1004, first_name="John", language_code="en")
    await client.send("/start")
    assert "What we keep" in client.text
    await client.click("I agree")
    await client.click("English")
    await client.click("teacher")
    await client.click("Skip")
    await client.click("The usual way")
    assert "Hello, John" in client.text
    async with session_factory() as s:
        assert (await s.get(User, 1004)).language == "en"


async def test_admin_ids_become_admins(make_client, session_factory):
    client = make_client(ADMIN_ID)
    await client.send("/start")
    await client.click("Даю согласие")
    await client.click("Русский")
    await client.click("Обычный вид")
    assert "Новое мероприятие ➕" in [label for label, _ in client.buttons]
    async with session_factory() as s:
        assert (await s.get(User, ADMIN_ID)).role == "admin"


async def test_the_reading_question_is_asked_once_after_the_organization(
    make_client, session_factory, recording
):
    client = make_client(1005)
    await client.send("/start")
    await client.click("Даю согласие")
    await client.click("Русский")
    await client.click("родитель")
    await client.click("Пропустить")
    assert "Как вам удобнее читать" in client.text
    assert [label for label, _ in client.buttons] == [
        "Для экранного диктора",
        "Простой язык",
        "И то, и другое",
        "Обычный вид",
    ]
    await client.click("Для экранного диктора")
    assert "Готово" in client.text
    async with session_factory() as s:
        user = await s.get(User, 1005)
    assert user.screen_reader and not user.plain_language
    # The menu now reads without pictograms: every button begins with its word.
    labels = [label for label, _ in client.buttons]
    assert "Расписание" in labels and all(not PICTOGRAMS.search(label) for label in labels)
    await client.press("ob:a11y:forged:")
    assert "устарело" in client.text or any("устарело" in a for a in recording.alerts())
