"""The coordinator's side as it is used: screens found broken by going through them as a coordinator would."""

from tests.conftest import ADMIN_ID
from tests.handlers.test_coordinator import onboard_admin
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
