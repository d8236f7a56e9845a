"""Share links: «Поделиться» on an event card gives `t.me/<bot>?start=ev_<id>`; opening it lands on that card,
through consent and onboarding for someone new."""

from sqlalchemy import select

from db.models import User
from handlers.events.callbacks import EventAct, EventCb
from tests.factories import make_event
from tests.handlers.test_onboarding import onboard


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
