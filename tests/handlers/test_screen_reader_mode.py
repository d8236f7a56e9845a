"""A person who reads with a screen reader, driven through the main flows: what they meet has words, not marks."""

from collections import Counter
from datetime import datetime

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from sqlalchemy import select

from db.models import User
from services.core.a11y import PICTOGRAMS, starts_with_word
from services.demo import seed_demo
from tests.recording import buttons
from tests.surveys.helpers import load, open_round


async def reader(make_client, recording, user_id: int, role: str = "родитель"):
    """A person who answers the onboarding question «Для экранного диктора»; what came before it is dropped from
    the recording (it was shown before they chose)."""
    client = make_client(user_id)
    await client.send("/start")
    await client.click("Даю согласие")
    await client.click("Русский")
    await client.click(role)
    await client.click("Пропустить")
    mark = len(recording.requests)
    await client.click("Для экранного диктора")
    del recording.requests[:mark]
    return client


def check_everything_shown(recording, chat_id: int) -> list[str]:
    """Every message and button sent or edited for the chat, and every notice: no pictogram, labels begin with a
    word, messages under 1,000 characters. Returns the notices."""
    shown = [
        r
        for r in recording.requests
        if isinstance(r, SendMessage | EditMessageText) and getattr(r, "chat_id", chat_id) == chat_id
    ]
    assert len(shown) > 12
    for request in shown:
        assert not PICTOGRAMS.search(request.text), request.text
        assert len(request.text) < 1000, request.text
        for label, _ in buttons(request.reply_markup):
            assert not PICTOGRAMS.search(label) and starts_with_word(label), label
    notices = [r.text for r in recording.of_type(AnswerCallbackQuery) if r.text]
    assert all(not PICTOGRAMS.search(n) for n in notices), notices
    # No press answered twice.
    counts = Counter(r.callback_query_id for r in recording.of_type(AnswerCallbackQuery))
    assert [k for k, n in counts.items() if n > 1] == []
    return notices


async def test_a_parent_with_a_screen_reader_meets_words_notices_and_new_screens(
    make_client, recording, session, session_factory, settings
):
    await seed_demo(session, settings.tz, datetime.now(settings.tz).date())
    await open_round(session, await load(session, "parent_monitoring"))
    client = await reader(make_client, recording, 7301)
    async with session_factory() as s:
        assert (await s.scalars(select(User).where(User.id == 7301))).one().screen_reader

    await client.send("/menu")
    before = len(recording.of_type(SendMessage))
    await client.click("Расписание")
    assert len(recording.of_type(SendMessage)) == before + 1  # a new screen, not an edit
    assert "Расписание" in client.text
    if any("Дальше" in label for label, _ in client.buttons):
        await client.click("Дальше")
        assert recording.alerts()[-1].startswith("Страница 2 из")
    await client.send("/schedule")
    await client.click("Клуб для родителей")
    assert recording.alerts()[-1].startswith("Открыто: ")
    assert "Когда:" in client.text
    await client.click("Записаться")
    assert recording.alerts()[-1] in {"Записали вас"} or recording.alerts()[-1].startswith(
        "Вы в листе ожидания"
    )
    await client.click("Сурдопереводчик")
    assert recording.alerts()[-1] == "Выбрано: Сурдопереводчик"
    assert "Сурдопереводчик — выбрано" in [label for label, _ in client.buttons]
    await client.click("Сурдопереводчик")
    assert recording.alerts()[-1] == "Снят выбор: Сурдопереводчик"
    assert "Сурдопереводчик — не выбрано" in [label for label, _ in client.buttons]
    await client.click("Готово")
    await client.send("/my")
    await client.send("/surveys")
    assert client.buttons[0][0].endswith("ждёт ответа")
    await client.click("Комфортно ли ребёнку")
    await client.click("Начать")
    question = client.screen.message_id
    await client.press(
        client.buttons[0][1] or ""
    )  # the first answer: the next question comes as a new message
    assert recording.alerts()[-1].startswith("Выбрано: ")
    assert client.screen.message_id != question
    await client.send("/settings")
    await client.click("Простой язык")
    assert recording.alerts()[-1] == "Простой язык: включено."
    await client.send("/mydata")
    await client.send("/help")
    check_everything_shown(recording, 7301)


async def test_a_coordinator_with_a_screen_reader_meets_words(make_client, recording, session, settings):
    from tests.handlers.test_coordinator import become_coordinator

    await seed_demo(session, settings.tz, datetime.now(settings.tz).date())
    client = make_client(7302)
    await become_coordinator(client, session)
    await client.send("/settings")
    await client.click("Для экранного диктора")
    for path in (
        ["Расписание", "Клуб для родителей"],
        ["Расписание", "Для кого"],
        ["Расписание", "Вид"],
        ["Расписание", "Месяц"],
        ["Организации", "ДДТ"],
        ["Настройки", "Язык"],
        ["Мои данные"],
        ["Опросы"],
        ["Клубы"],
        ["Новое мероприятие"],
        ["Помощь"],
    ):
        await client.send("/menu")
        for label in path:
            await client.click(label)
    # From here on (after the switch) everything has words.
    first = next(
        i
        for i, r in enumerate(recording.requests)
        if isinstance(r, AnswerCallbackQuery) and r.text == "Режим для экранного диктора: включено."
    )
    del recording.requests[: first + 1]
    check_everything_shown(recording, 7302)


async def test_plain_language_brings_the_easy_to_read_texts(make_client, recording, session, settings):
    await seed_demo(session, settings.tz, datetime.now(settings.tz).date())
    await open_round(session, await load(session, "parent_monitoring"))
    client = make_client(7303)
    await client.send("/start")
    await client.click("Даю согласие")
    await client.click("Русский")
    await client.click("родитель")
    await client.click("Пропустить")
    await client.click("Простой язык")
    await client.send("/schedule")
    assert "Что показано:" in client.text  # schedule-filters-plain
    await client.click("Клуб для родителей")
    assert "Кто проводит:" in client.text or "Когда:" in client.text  # the card's plain lines
    await client.click("Записаться")
    assert "Готово! Вы записаны." in client.text or "Мы записали вас в очередь" in client.text
    assert "Что вам нужно, чтобы прийти на встречу?" in client.text
    await client.send("/surveys")
    assert "можно ответить до" in client.text  # surveys-until-plain, with the date in words
    await client.click("Комфортно ли ребёнку")
    assert "Никто не узнает" in client.text or "именной" in client.text.lower()
