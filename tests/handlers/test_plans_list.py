"""Coordinators' list of imported plans: a past plan stays visible, its items page through, archive and restore,
delete with a confirmation (future events cancelled, their people told), and a coordinator of another
organization is refused."""

from __future__ import annotations

from datetime import date

from aiogram.methods import SendMessage
from sqlalchemy import func, select

from db.models import Event, Plan, Registration
from tests.factories import make_event, make_org, make_user
from tests.handlers.test_coordinator import become_coordinator
from tests.handlers.test_plan_import import SEED_003, coordinator
from tests.plan_import.builders import seed_bytes


async def test_a_past_plan_is_listed_and_its_items_page_through(make_client, session, session_factory):
    client, _ = await coordinator(make_client, session, 7301)
    await client.send_document(SEED_003, content=seed_bytes("003"))  # the 2023/2024 school year: all past
    await client.click("Сохранить")
    assert "План сохранён" in client.text
    assert [label for label, _ in client.buttons] == ["Открыть план", "К списку планов", "В главное меню"]

    await client.send("/menu")
    await client.click("Планы")
    listing = client.text
    assert "Импортированные планы" in listing
    assert "Календарный план работы реализации инновационного проекта" in listing
    assert "Период: 2023/2024 учебный год · ЦКРОиР" in listing
    assert "Записей в расписании: 27 (строк в файле: 27, пропущено: 0)" in listing
    assert 'Загрузил: <a href="tg://user?id=7301">7301</a>' in listing

    await client.click("Календарный план работы")
    card = client.text
    assert "Файл: 003_plan.txt" in card and "Организация: ЦКРОиР" in card
    assert "Записей в расписании: 27 (действуют: 27, отменены: 0)" in card

    await client.click("Пункты плана")
    first_page = client.text
    assert "Пункты плана «Календарный план работы" in first_page
    assert "Страница 1 из 3" in first_page
    assert first_page.count("• ") == 10
    assert "Заседание педагогического совета" in first_page  # August 2023: long past, still here
    await client.click("Далее: стр. 2")
    assert "Страница 2 из 3" in client.text and client.text != first_page
    await client.click("К плану")
    assert "Записей в расписании: 27" in client.text
    await client.click("К списку планов")
    assert "Импортированные планы" in client.text


async def test_archive_hides_the_plan_until_the_archive_is_shown(make_client, session, session_factory):
    client, _ = await coordinator(make_client, session, 7302)
    await client.send_document(SEED_003, content=seed_bytes("003"))
    await client.click("Сохранить")
    await client.click("Открыть план")
    await client.click("В архив")
    assert "План в архиве" in client.text
    await client.click("К списку планов")
    assert "Планов пока нет" in client.text
    await client.click("Показать архив планов")
    assert "Архив планов" in client.text and "Календарный план работы" in client.text
    await client.click("Календарный план работы")
    await client.click("Вернуть из архива")
    assert "План в архиве" not in client.text
    await client.click("К списку планов")
    assert "Архив планов" in client.text and "В архиве планов нет." in client.text
    await client.click("К текущим планам")
    assert "Календарный план работы" in client.text
    assert await _events(session_factory, Event.status == "published") == 27  # archiving keeps the events


async def _events(session_factory, *where) -> int:
    async with session_factory() as s:
        return await s.scalar(select(func.count()).select_from(Event).where(*where)) or 0


async def _plan_with_future_and_past(session, org_id: int, by: int) -> tuple[Plan, Event, Event]:
    plan = Plan(
        key="future-plan",
        title="План на 2027 год",
        source_name="plan2027.xlsx",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        organization_id=org_id,
        imported_by=by,
        rows_count=2,
        events_count=2,
    )
    session.add(plan)
    await session.commit()
    future = await make_event(
        session, "Семинар по плану", in_days=10, organization_id=org_id, plan_id=plan.id, source_key="k1"
    )
    past = await make_event(
        session, "Прошедшая встреча", in_days=-30, organization_id=org_id, plan_id=plan.id, source_key="k2"
    )
    return plan, future, past


async def test_delete_asks_then_cancels_future_events_and_tells_their_people(
    make_client, session, session_factory, deliver, recording
):
    client, org = await coordinator(make_client, session, 7303)
    plan, future, past = await _plan_with_future_and_past(session, org.id, 7303)
    await make_user(session, 7390)
    session.add(Registration(event_id=future.id, user_id=7390, status="confirmed", seq=1))
    await session.commit()

    await client.send("/menu")
    await client.click("Планы")
    await client.click("План на 2027 год")
    await client.click("Удалить план")
    assert "Удалить план «План на 2027 год»?" in client.text
    await client.click("Нет, не удалять")
    assert "Записей в расписании: 2 (действуют: 2, отменены: 0)" in client.text
    await client.click("Удалить план")
    await client.click("Да, удалить план")
    assert "План «План на 2027 год» удалён. Отменено мероприятий: 1." in client.text
    assert [label for label, _ in client.buttons] == ["К списку планов", "В главное меню"]

    async with session_factory() as s:
        assert await s.get(Plan, plan.id) is None
        kept_future, kept_past = await s.get(Event, future.id), await s.get(Event, past.id)
    assert (kept_future.status, kept_past.status) == ("cancelled", "published")
    assert kept_future.plan_id is None and kept_past.plan_id is None
    await deliver()
    told = [m for m in recording.of_type(SendMessage) if m.chat_id == 7390]
    assert len(told) == 1 and "Мероприятие отменено" in told[0].text and "Семинар по плану" in told[0].text

    await client.click("К списку планов")
    assert "Планов пока нет" in client.text


async def test_a_coordinator_of_another_organization_cannot_open_or_delete_it(
    make_client, session, session_factory
):
    _, org = await coordinator(make_client, session, 7304)
    plan, future, _ = await _plan_with_future_and_past(session, org.id, 7304)
    other_org = await make_org(session, "Школа № 5", "base")
    stranger = make_client(7305)
    await become_coordinator(stranger, session, other_org.id)
    await stranger.send("/menu")
    await stranger.click("Планы")
    assert "План на 2027 год" not in stranger.text and "Планов пока нет" in stranger.text
    await stranger.press(f"pl:del_yes:{plan.id}:0:0")
    assert "Вы можете менять только мероприятия своей организации." in stranger.session.alerts()
    async with session_factory() as s:
        assert await s.get(Plan, plan.id) is not None
        assert (await s.get(Event, future.id)).status == "published"


async def test_a_parent_pressing_a_plans_button_is_refused(make_client, session, session_factory):
    await make_org(session, "ЦКРОиР")
    parent = make_client(7306)
    await make_user(session, 7306)
    await parent.send("/menu")
    assert not any("Планы" in label for label, _ in parent.buttons)
    await parent.press("pl:list:0:0:0")
    assert "Это действие доступно только координаторам сети." in parent.session.alerts()
    async with session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(Plan)) == 0


async def test_many_plans_with_long_names_page_within_telegrams_limits(make_client, session):
    client, org = await coordinator(make_client, session, 7307, "Ц" * 120)
    for n in range(20):
        session.add(
            Plan(
                key=f"long-{n}",
                title=f"{n:02} " + "План мероприятий по сопровождению " * 14,
                source_name="план.xlsx",
                organization_id=org.id,
                imported_by=7307,
            )
        )
    await session.commit()
    await client.send("/menu")
    await client.click("Планы")
    assert "Страница 1 из 3" in client.text and len(client.text) <= 4096
    await client.click("Далее: стр. 2")
    assert "Страница 2 из 3" in client.text
    await client.click("Далее: стр. 3")
    assert "Страница 3 из 3" in client.text
    assert len([data for _, data in client.buttons if data and data.startswith("pl:open:")]) == 4
