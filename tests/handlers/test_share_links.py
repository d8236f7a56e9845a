"""Share links: «Поделиться» on an event card gives `t.me/<bot>?start=ev_<id>`, on an open survey round
`t.me/<bot>?start=sv_<round id>`; opening one lands on that card or survey, through consent and onboarding for
someone new."""

from sqlalchemy import select

from db.models import User
from handlers.events.callbacks import EventAct, EventCb
from handlers.surveys.callbacks import SurveyAdminAct, SurveyAdminCb
from services.surveys.surveys import SurveyService
from tests.conftest import ADMIN_ID
from tests.factories import make_event
from tests.handlers.test_coordinator import onboard_admin
from tests.handlers.test_onboarding import onboard
from tests.surveys.helpers import admin, load, open_round


async def test_share_gives_a_link_that_opens_the_card(make_client, session):
    event = await make_event(session, "Клуб для родителей")
    parent = make_client(1001)
    await onboard(parent)
    await parent.press(EventCb(act=EventAct.OPEN, id=event.id).pack())
    await parent.click("Поделиться")
    assert f"https://t.me/vmeste_test_bot?start=ev_{event.id}" in parent.text
    assert "Клуб для родителей" in parent.text
    await parent.click("Назад к мероприятию")
    assert "Поделиться 🔗" in [label for label, _ in parent.buttons]

    await parent.send(f"/start ev_{event.id}")
    assert "Клуб для родителей" in parent.text and "Записаться" in " ".join(
        label for label, _ in parent.buttons
    )


async def test_a_newcomer_goes_through_consent_and_lands_on_the_card(make_client, session, session_factory):
    event = await make_event(session, "Семинар о поддержке семьи")
    newcomer = make_client(2002)
    await newcomer.send(f"/start ev_{event.id}")
    assert "Что мы храним" in newcomer.text
    async with session_factory() as s:
        assert (await s.scalars(select(User))).all() == []  # nothing stored before consent
    await newcomer.click("Даю согласие")
    await newcomer.click("Русский")
    await newcomer.click("родитель")
    await newcomer.click("Пропустить")
    await newcomer.click("Обычный вид")
    assert "Семинар о поддержке семьи" in newcomer.text
    assert any("Записаться" in label for label, _ in newcomer.buttons)


async def test_a_link_to_a_missing_event_is_answered_politely(make_client, session):
    parent = make_client(1001)
    await onboard(parent)
    await parent.send("/start ev_999999")
    assert "Мероприятие по этой ссылке не найдено" in parent.text
    await parent.send("/start ev_abc")  # not a number: an ordinary start
    assert "Мероприятие по этой ссылке" not in parent.text


async def test_a_link_with_a_mangled_number_is_an_ordinary_start(make_client, session, caplog):
    """Digits Python reads but no id is («²», Arabic-Indic digits), or a number beyond any id: no error."""
    parent = make_client(1002)
    await onboard(parent)
    for link in ("ev_²", "ev_١٢", "ev_99999999999999999999"):
        await parent.send(f"/start {link}")
        assert "Что-то пошло не так" not in parent.text, link
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_a_coordinator_shares_an_open_survey_round(make_client, session):
    round_ = await open_round(session, await load(session, "parent_monitoring"))
    coordinator = make_client(ADMIN_ID)
    await onboard_admin(coordinator)
    await coordinator.press(SurveyAdminCb(act=SurveyAdminAct.ROUND, id=round_.id).pack())
    await coordinator.click("Поделиться")
    assert f"https://t.me/vmeste_test_bot?start=sv_{round_.id}" in coordinator.text
    assert "Ссылка на опрос «" in coordinator.text
    await coordinator.click("Назад к опросу")
    assert "Поделиться 🔗" in [label for label, _ in coordinator.buttons]

    parent = make_client(1001)
    await onboard(parent)
    await parent.send(f"/start sv_{round_.id}")
    assert "Опрос анонимный" in parent.text and any("Начать" in label for label, _ in parent.buttons)
    await parent.click("Поделиться")  # a parent passes it on to the class chat
    assert f"https://t.me/vmeste_test_bot?start=sv_{round_.id}" in parent.text
    await parent.click("Назад к опросу")
    assert "Опрос анонимный" in parent.text


async def test_a_newcomer_goes_through_consent_and_lands_on_the_survey(make_client, session, session_factory):
    round_ = await open_round(session, await load(session, "parent_monitoring"))
    newcomer = make_client(2003)
    await newcomer.send(f"/start sv_{round_.id}")
    assert "Что мы храним" in newcomer.text
    async with session_factory() as s:
        assert await s.get(User, 2003) is None  # nothing stored before consent
    await newcomer.click("Даю согласие")
    await newcomer.click("Русский")
    await newcomer.click("родитель")
    await newcomer.click("Пропустить")
    await newcomer.click("Обычный вид")
    assert "Опрос анонимный" in newcomer.text and "9 вопросов" in newcomer.text
    await newcomer.click("Начать")
    assert "Вопрос 1 из 9" in newcomer.text


async def test_a_link_to_a_closed_or_missing_survey_is_answered_politely(make_client, session):
    round_ = await open_round(session, await load(session, "parent_monitoring"))
    await SurveyService(session).close_round(await admin(session), round_.id)
    parent = make_client(1001)
    await onboard(parent)
    await parent.send(f"/start sv_{round_.id}")
    assert "Этот опрос уже закрыт или не найден" in parent.text
    assert [label for label, _ in parent.buttons] == ["К списку опросов 📝", "В главное меню"]
    await parent.send("/start sv_999999")
    assert "Этот опрос уже закрыт или не найден" in parent.text

    coordinator = make_client(ADMIN_ID)
    await onboard_admin(coordinator)
    await coordinator.press(SurveyAdminCb(act=SurveyAdminAct.ROUND, id=round_.id).pack())
    assert "Поделиться 🔗" not in [label for label, _ in coordinator.buttons]
    await coordinator.press(SurveyAdminCb(act=SurveyAdminAct.SHARE, id=round_.id).pack())  # an old button
    assert "sv_" not in coordinator.text
    assert any("закрыт" in alert for alert in coordinator.session.alerts())
