from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from db.models import Event
from services.people.users import InviteService
from tests.conftest import ADMIN_ID
from tests.factories import make_event, make_org, make_user
from tests.handlers.test_onboarding import onboard


async def become_coordinator(client, session, org_id=None):
    invite = await InviteService(session).create("coordinator", org_id, timedelta(days=1))
    await client.send(f"/start inv_{invite.code}")
    await client.click("Даю согласие")
    assert any("Приглашение принято. Ваша роль: координатор" in t for t in client.texts())
    await client.click("Русский")
    await client.click("Обычный вид")


async def test_coordinator_creates_an_event_with_validation_and_preview(
    make_client, session, session_factory
):
    org = await make_org(session, "Школа № 34", "base")
    client = make_client(3001)
    await become_coordinator(client, session, org.id)
    await client.click("Новое мероприятие")
    assert "Как называется мероприятие" in client.text
    await client.send("Я" * 300)
    assert "Название слишком длинное" in client.text
    await client.send("Семинар-практикум для родителей «Поощрение успехов»")
    await client.click("семинар")
    await client.click("родители")
    await client.send("31.11.2030 18:00")
    assert "Такой даты нет в календаре: 31.11.2030" in client.text
    await client.send("15.12.2030 18:00")
    await client.send("15.12.2030 17:00")
    assert "Конец не может быть раньше начала" in client.text
    await client.send("15.12.2030 19:30")
    await client.click("Пропустить")  # description
    await client.send("двадцать")
    assert "Число мест" in client.text
    await client.send("20")
    assert "Где пройдёт мероприятие" in client.text
    await client.click("Школа № 34")  # the venue: an organization picked from the list
    await client.click("Пропустить")  # online link
    assert "До какого времени можно записаться" in client.text
    await client.send("16.12.2030")
    assert "Запись должна закончиться раньше начала" in client.text  # asked again
    await client.send("14.12.2030")  # a date alone: to the end of that day; not asked for the organization
    preview = client.text
    assert "Проверьте мероприятие" in preview and "15 декабря 2030, 18:00–19:30" in preview
    assert "Где: Школа № 34" in preview and "Запись до 14.12 23:59" in preview
    async with session_factory() as s:
        assert (await s.scalars(select(Event))).all() == []  # nothing is written before «save»
    await client.click("Сохранить")
    assert "Мероприятие сохранено" in client.text
    async with session_factory() as s:
        event = (await s.scalars(select(Event))).one()
    assert (
        event.title,
        event.kind,
        event.audience,
        event.capacity,
        event.organization_id,
        event.created_by,
    ) == (
        "Семинар-практикум для родителей «Поощрение успехов»",
        "seminar",
        "parents",
        20,
        org.id,
        3001,
    )
    assert event.starts_at == datetime(2030, 12, 15, 15, 0, tzinfo=UTC)
    assert event.venue == "Школа № 34"
    assert event.registration_deadline == datetime(2030, 12, 14, 20, 59, 59, tzinfo=UTC)


async def test_a_past_start_is_refused_at_its_own_question(make_client, session):
    client = make_client(ADMIN_ID)
    await onboard_admin(client)
    await client.send("/new_event")
    await client.send("Совещание")
    await client.click("встреча")
    await client.click("все участники")
    await client.send("01.01.2020")
    assert "Дата начала уже прошла" in client.text  # said at once, at its own question
    assert "Когда начало" in client.text
    await client.send("01.01.2031")
    assert "Когда начало" not in client.text


async def onboard_admin(client):
    await client.send("/start")
    await client.click("Даю согласие")
    await client.click("Русский")
    await client.click("Обычный вид")


async def test_edit_and_cancel_own_event(make_client, session, session_factory):
    org = await make_org(session, "ДДТ", "additional")
    event = await make_event(session, "Фестиваль", organization_id=org.id, audience="all")
    client = make_client(3002)
    await become_coordinator(client, session, org.id)
    await client.press(f"e:open:{event.id}:all::0:0:0")
    await client.click("Изменить")
    await client.click("Название")
    await client.send("Фестиваль «От сердца к сердцу»")
    await client.click("Сохранить")
    await client.click("Отменить мероприятие")
    assert "Отменить мероприятие «Фестиваль «От сердца к сердцу»»?" in client.text
    await client.click("Да, отменить")
    assert "Мероприятие отменено" in client.text
    async with session_factory() as s:
        saved = await s.get(Event, event.id)
    assert (saved.title, saved.status) == ("Фестиваль «От сердца к сердцу»", "cancelled")


async def test_bound_coordinator_cannot_touch_another_orgs_event(make_client, session, session_factory):
    mine, other = await make_org(session, "Школа № 34"), await make_org(session, "Школа № 627")
    event = await make_event(session, "Чужой семинар", organization_id=other.id)
    client = make_client(3003)
    await become_coordinator(client, session, mine.id)
    await client.press(f"e:open:{event.id}:all::0:0:0")
    assert not any("Изменить" in label for label, _ in client.buttons)
    await client.press(f"ea:cancel_yes:{event.id}:")  # a forged button
    assert "только мероприятия своей организации" in client.session.alerts()[-1]
    async with session_factory() as s:
        assert (await s.get(Event, event.id)).status == "published"


async def test_parent_forging_coordinator_callbacks_changes_nothing(make_client, session, session_factory):
    event = await make_event(session, "Семинар")
    client = make_client(3004)
    await onboard(client)
    for data in (f"ea:cancel_yes:{event.id}:", f"ea:edit:{event.id}:", "ea:new:0:", "ea:save:0:"):
        await client.press(data)
        assert "Это меню устарело" in client.text
    async with session_factory() as s:
        assert (await s.get(Event, event.id)).status == "published"
    await make_user(session, 3005, "parent")


async def test_the_venue_is_picked_from_pages_of_organizations_or_typed(
    make_client, session, session_factory
):
    for number in range(1, 23):
        await make_org(session, f"Школа № {number:02d}", "base", address=f"ул. Школьная, {number}")
    await make_org(session, "Школа № 00", "base", archived=True)  # archived: not offered
    client = make_client(ADMIN_ID)
    await onboard_admin(client)
    await client.send("/new_event")
    await client.send("Родительский клуб")
    await client.click("встреча")
    await client.click("все участники")
    await client.send("15.12.2030 18:00")
    await client.click("Пропустить")  # end
    await client.click("Пропустить")  # description
    await client.click("Пропустить")  # seats
    labels = [label for label, _ in client.buttons]
    assert "Где пройдёт мероприятие" in client.text and "Школа № 00" not in labels
    assert "Школа № 20" in labels and "Школа № 21" not in labels
    await client.click("Далее: стр. 2")
    assert "Школа № 22" in [label for label, _ in client.buttons]
    await client.press("ea:choose:0:999")  # an organization that is not there: a polite answer
    assert "Где пройдёт мероприятие" in client.text
    await client.send("ул. Ленина, 5, актовый зал")  # or a free address
    assert "Ссылка для онлайн-участия" in client.text
    await client.send("https://meet.example/club")
    await client.click("Пропустить")  # registration deadline
    await client.click("Пропустить")  # organization
    assert "Где: ул. Ленина, 5, актовый зал" in client.text and "Запись до" not in client.text
    await client.click("Сохранить")
    async with session_factory() as s:
        event = (await s.scalars(select(Event))).one()
    assert (event.venue, event.online_link) == ("ул. Ленина, 5, актовый зал", "https://meet.example/club")
