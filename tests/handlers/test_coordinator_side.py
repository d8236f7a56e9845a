"""The coordinator's side as it is used: screens found broken by going through them as a coordinator would."""

from datetime import datetime

from tests.conftest import ADMIN_ID
from tests.handlers.test_coordinator import onboard_admin
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
