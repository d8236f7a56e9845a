"""The coordinator's side as it is used: screens found broken by going through them as a coordinator would."""

from datetime import datetime

from aiogram.types import CallbackQuery, Update

from tests.conftest import ADMIN_ID
from tests.factories import make_event
from tests.handlers.test_coordinator import onboard_admin
from tests.handlers.test_onboarding import onboard
from tests.recording import buttons
from tests.surveys.helpers import SURVEYS


async def test_a_survey_card_opens_from_the_coordinators_list(make_client, session):
    client = make_client(ADMIN_ID)
    await onboard_admin(client)
    await client.send_document("needs.yaml", content=(SURVEYS / "teacher_needs.yaml").read_bytes())
    await client.click("Управление опросами")
    await client.click("Профессиональные запросы педагогов")
    assert "Что-то пошло не так" not in client.text
    assert "Код: <code>teacher-needs</code>" in client.text and "Вопросов: 7" in client.text
    labels = [label for label, _ in client.buttons]
    assert any("Открыть раунд" in label for label in labels) and any("Назад" in label for label in labels)
    await client.click("Назад")
    assert "Профессиональные запросы педагогов" in " ".join(label for label, _ in client.buttons)


async def test_every_press_is_answered_exactly_once_over_the_main_flows(make_client, session, recording):
    """Telegram refuses a second answer to a press (the recording session refuses it too): count them."""
    event = await make_event(session, "Семинар для родителей", capacity=5, audience="all")
    parent = make_client(6301)
    await onboard(parent, "родитель")
    await parent.click("Расписание")
    await parent.click("Семинар для родителей")
    card = parent.screen
    await parent.click("Записаться")
    await parent.press(f"rg:join:{event.id}:", card)  # already registered: one alert, the needs screen
    assert recording.alerts()[-1] == "Вы уже записаны, повторно записываться не нужно."
    await parent.press(
        f"ra:att_all:{event.id}:"
    )  # a coordinator's button forged by a parent: the error handler
    await parent.press("zz:nonsense")  # an outdated button: the fallback
    await parent.press(f"e:ics:{event.id}:all::0:0:0")
    await parent.send("/my")
    admin = make_client(ADMIN_ID)
    await onboard_admin(admin)
    await admin.press(f"ra:roster:{event.id}:")
    await admin.press(f"ra:att:{event.id}:")  # before the start: refused with an alert
    await admin.press(f"ra:export:{event.id}:csv")
    await admin.send("/broadcast")
    await admin.click("Отменить заполнение")
    counts = recording.answers_per_press()
    presses = [r for r in recording.requests if type(r).__name__ == "AnswerCallbackQuery"]
    assert len(counts) >= 10 and presses
    assert {press: n for press, n in counts.items() if n != 1} == {}


#: Labels that lead back: to the previous screen, a list, the menu, or out of a form.
WAYS_BACK = (
    "Назад",
    "В главное меню",
    "К расписанию",
    "К списку",
    "К мероприятию",
    "Отменить заполнение",
    "Отмена",
    "Об организации",
)
#: Buttons the walk does not press: they change data, send files or messages, or leave for another chat.
NOT_PRESSED = (
    "Да",
    "Сохранить",
    "Отправить",
    "Excel",
    "CSV",
    "календарь",
    "Удалить",
    "Отменить мероприятие",
    "Закрыть",
    "Остановить",
    "Выгрузка",
    "Диаграммы",
    "Записаться",
    "Встать",
    "Поделиться",
    "Скачать",
    "Согласие",
    "Язык",
)


async def test_every_coordinator_screen_has_a_way_back(make_client, session, settings):
    """Walk the coordinator's screens three presses deep from the main menu: each shows a way back."""
    from services.demo import seed_demo

    await seed_demo(session, settings.tz, datetime.now(settings.tz).date())
    client = make_client(ADMIN_ID)
    await onboard_admin(client)
    await client.send_document("needs.yaml", content=(SURVEYS / "teacher_needs.yaml").read_bytes())
    await client.send("/menu")
    menu = client.screen
    dead_ends: list[str] = []
    seen: set[str] = set()

    async def walk(path: list[str], depth: int) -> None:
        screen = client.screen
        for label, data in [(label, data) for label, data in client.buttons if data and ":" in data]:
            if data in seen or any(word in label for word in NOT_PRESSED) or data.startswith("m:"):
                continue
            seen.add(data)
            await client.press(data, screen)
            if client.screen.reply_markup is None or not any(
                any(word in text for word in WAYS_BACK) for text, _ in client.buttons
            ):
                dead_ends.append(" → ".join([*path, label]) + f": {client.text[:60]!r}")
            elif depth > 1:
                await walk([*path, label], depth - 1)

    for label, data in [(label, data) for label, data in buttons(menu.reply_markup) if data]:
        if any(word in label for word in NOT_PRESSED):
            continue
        await client.send("/menu")
        await client.press(data, client.screen)
        if not any(any(word in text for word in WAYS_BACK) for text, _ in client.buttons):
            dead_ends.append(f"{label}: {client.text[:60]!r}")
            continue
        await walk([label], 2)
    assert len(seen) > 20
    assert dead_ends == [], "\n".join(dead_ends)


async def test_presses_too_old_to_answer_still_do_their_work_and_get_the_polite_answer(
    make_client, session, recording, dp, bot
):
    """Presses Telegram no longer takes an answer for (they waited while the bot was down): the screen is shown
    all the same, and a refused press gets its polite text as a message with the way to the menu; nothing fails."""
    event = await make_event(session, "Семинар для родителей", capacity=5, audience="all")
    parent = make_client(6302)
    await onboard(parent, "родитель")

    async def held_up(press_id: str, data: str) -> None:
        recording.answered.add(press_id)  # Telegram refuses any answer to it
        press = CallbackQuery(
            id=press_id, from_user=parent.user, chat_instance="ci", message=parent.screen, data=data
        )
        await dp.feed_update(bot, Update(update_id=abs(hash(press_id)) % 10**9, callback_query=press))

    await held_up("held-1", f"rg:join:{event.id}:")
    assert "Что-то пошло не так" not in parent.text and "Семинар для родителей" in parent.text
    await held_up("held-2", "rg:join:999999:")  # an event that is gone
    assert "Что-то пошло не так" not in parent.text and "Не нашли такую запись" in parent.text
    assert any("В главное меню" in label for label, _ in parent.buttons)
    await held_up("held-3", "zz:nonsense")  # an outdated button
    assert "Что-то пошло не так" not in parent.text
