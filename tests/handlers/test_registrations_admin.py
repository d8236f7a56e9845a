"""The coordinator's side through the dispatcher: roster, needs summary, seats, closing, attendance, export."""

import io
from datetime import UTC, datetime, timedelta

from aiogram.methods import SendDocument, SendMessage
from openpyxl import load_workbook
from sqlalchemy import select

from db.models import Event, Notification, Registration
from services.registration.registrations import RegistrationService
from tests.factories import make_event, make_org, make_user
from tests.handlers.test_registration import labels, open_card


async def _queued(session_factory) -> list[int]:
    """Who has a waitlist promotion notice in the outbox."""
    async with session_factory() as s:
        query = select(Notification.user_id).where(Notification.kind == "waitlist_promoted")
        return sorted((await s.scalars(query)).all())


async def _signed_up(session_factory, event_id, people, needs=None):
    async with session_factory() as s:
        service = RegistrationService(s)
        for user in people:
            await service.register(user, event_id)
        for user, need in (needs or {}).items():
            await service.toggle_need(user, event_id, need)


async def test_roster_needs_summary_capacity_and_closing(
    make_client, session, session_factory, recording, deliver
):
    org = await make_org(session, "Школа № 34", "base")
    event = await make_event(session, "Семинар для родителей", capacity=2, organization_id=org.id)
    await make_user(session, 7000, "coordinator", organization_id=org.id)
    people = [await make_user(session, i) for i in (7001, 7002, 7003)]
    await _signed_up(
        session_factory,
        event.id,
        people,
        {people[0]: "step_free", people[1]: "step_free", people[2]: "childcare"},
    )
    coordinator = make_client(7000)
    await open_card(coordinator, event.id)
    await coordinator.click("Записавшиеся")
    text = coordinator.text
    assert "Записано: 2 из 2 · в листе ожидания: 1" in text
    assert "• Вход без ступенек: 2" in text and "• Присмотр за ребёнком во время встречи: 1" in text
    assert "1. без имени · id 7001" in text and "Лист ожидания:" in text and "1. без имени · id 7003" in text

    await coordinator.click("Число мест")
    assert "Сколько мест сделать?" in coordinator.text
    await coordinator.click("3 места")
    assert "Переведено из листа ожидания: 1" in coordinator.text
    assert "Записано: 3 из 3 · в листе ожидания: 0" in coordinator.text
    assert await _queued(session_factory) == [7003]
    await deliver()
    told = [m for m in recording.of_type(SendMessage) if m.chat_id == 7003]
    assert len(told) == 1 and "Освободилось место" in told[0].text

    await coordinator.click("Закрыть запись")
    assert "Запись закрыта." in coordinator.text and "Открыть запись 🔓" in labels(coordinator)
    await make_user(session, 7004)
    parent = make_client(7004)
    await open_card(parent, event.id)
    assert "Запись закрыта организатором" in parent.text and "Записаться ✍️" not in labels(parent)
    await coordinator.click("Открыть запись")
    assert "Запись снова открыта." in coordinator.text
    await open_card(parent, event.id)
    assert "Записаться ✍️" not in labels(parent) and "Встать в лист ожидания ⏳" in labels(parent)
    async with session_factory() as s:
        stored = await s.get(Event, event.id)
    assert (stored.capacity, stored.registration_closed) == (3, False)


async def test_attendance_all_present_then_exceptions_and_export(make_client, session, session_factory):
    event = await make_event(session, "Мастер-класс", capacity=5, in_days=1)
    await make_user(session, 7100, "admin")
    people = [await make_user(session, i, "teacher") for i in (7101, 7102)]
    await _signed_up(session_factory, event.id, people)
    async with session_factory() as s:  # the master class took place yesterday
        stored = await s.get(Event, event.id)
        stored.starts_at = datetime.now(UTC) - timedelta(days=1)
        stored.ends_at = stored.starts_at + timedelta(hours=4)
        await s.commit()
    admin = make_client(7100)
    await admin.send("/menu")
    await admin.press(f"ra:roster:{event.id}:")
    await admin.click("Отметить присутствие")
    assert "Сначала отметьте всех пришедшими" in admin.text
    await admin.click("Все пришли")
    assert "Пришли: 2, не пришли: 0" in admin.text
    await admin.click("7102")
    assert "Пришли: 1, не пришли: 1" in admin.text
    assert "❌ без имени · 7102" in labels(admin)
    async with session_factory() as s:
        rows = (await s.scalars(select(Registration).order_by(Registration.user_id))).all()
        assert [(r.user_id, r.attended) for r in rows] == [(7101, True), (7102, False)]

    await admin.click("Назад")
    await admin.click("Excel")
    document = admin.session.of_type(SendDocument)[-1]
    assert document.document.filename == f"registrations-event-{event.id}.xlsx"
    sheet = load_workbook(io.BytesIO(document.document.data)).active
    assert [sheet.cell(row=r, column=2).value for r in (2, 3)] == [7101, 7102]
    assert [sheet.cell(row=r, column=13).value for r in (2, 3, 4)] == ["был(а)", "не был(а)", 1]

    teacher = make_client(7101)
    await teacher.send("/settings")
    await teacher.click("Мои часы обучения")
    assert "Мастер-класс" in teacher.text and "4 ч" in teacher.text


async def test_attendance_before_the_start_is_refused(make_client, session, session_factory):
    event = await make_event(session, capacity=5)
    await make_user(session, 7200, "admin")
    await _signed_up(session_factory, event.id, [await make_user(session, 7201)])
    admin = make_client(7200)
    await admin.send("/menu")
    await admin.press(f"ra:roster:{event.id}:")
    assert "Записавшиеся: Семинар для родителей" in admin.text
    assert not any("присутствие" in label for label in labels(admin))  # not offered before the start
    await admin.press(f"ra:att:{event.id}:")  # an old or forged button: the screen does not open either
    assert admin.session.alerts()[-1] == "Присутствие можно отметить, когда мероприятие начнётся."
    assert "Сначала отметьте всех пришедшими" not in admin.text
    await admin.press(f"ra:att_all:{event.id}:")
    assert admin.session.alerts()[-1] == "Присутствие можно отметить, когда мероприятие начнётся."
    async with session_factory() as s:
        assert (await s.scalars(select(Registration.attended))).all() == [None]


async def test_bound_coordinator_sees_only_own_events_and_parent_forgery_is_refused(
    make_client, session, session_factory
):
    mine, other = await make_org(session, "Школа № 34"), await make_org(session, "Школа № 627")
    foreign = await make_event(session, "Чужой семинар", capacity=5, organization_id=other.id)
    await make_user(session, 7300, "coordinator", organization_id=mine.id)
    await make_user(session, 7301)
    coordinator, parent = make_client(7300), make_client(7301)
    await open_card(coordinator, foreign.id)
    assert "Записавшиеся 👥" not in labels(coordinator)
    await coordinator.press(f"ra:roster:{foreign.id}:")
    assert "только мероприятия своей организации" in coordinator.session.alerts()[-1]
    await coordinator.press(f"ra:cap_set:{foreign.id}:50")
    await parent.send("/menu")
    for data in (f"ra:cap_set:{foreign.id}:50", f"ra:close:{foreign.id}:", f"ra:export:{foreign.id}:csv"):
        await parent.press(data)
        assert "Это меню устарело" in parent.text
    async with session_factory() as s:
        stored = await s.get(Event, foreign.id)
    assert (stored.capacity, stored.registration_closed) == (5, False)
    assert not parent.session.of_type(SendDocument)


async def test_more_seats_in_the_edit_form_move_the_waitlist_up(
    make_client, session, session_factory, recording, deliver
):
    event = await make_event(session, "Круглый стол", capacity=1)
    await make_user(session, 7400, "admin")
    people = [await make_user(session, i) for i in (7401, 7402)]
    await _signed_up(session_factory, event.id, people)
    admin = make_client(7400)
    await open_card(admin, event.id)
    await admin.click("Изменить")
    await admin.click("Места")
    await admin.send("2")
    await admin.click("Сохранить")
    assert "Мероприятие сохранено" in admin.text
    async with session_factory() as s:
        rows = (await s.scalars(select(Registration).order_by(Registration.user_id))).all()
    assert [r.status for r in rows] == ["confirmed", "confirmed"]
    assert await _queued(session_factory) == [7402]
    assert (await deliver()).sent == 1
    assert any(m.chat_id == 7402 and "Освободилось место" in m.text for m in recording.of_type(SendMessage))


async def test_cancelled_event_offers_no_sign_up(make_client, session):
    event = await make_event(session, "Фестиваль", capacity=10, status="cancelled")
    await make_user(session, 7501)
    parent = make_client(7501)
    await open_card(parent, event.id)
    assert "Мероприятие отменено" in parent.text and "Запись закрыта" not in parent.text
    assert not any("Записаться" in label or "ожидания" in label for label in labels(parent))


async def test_overview_lists_own_coming_events_with_counts(make_client, session, session_factory):
    mine, other = await make_org(session, "Школа № 34"), await make_org(session, "ДДТ")
    seminar = await make_event(session, "Семинар школы", capacity=1, organization_id=mine.id)
    await make_event(session, "Без записи", organization_id=mine.id)  # no seats, nobody signed up
    await make_event(session, "Прошедший", capacity=5, in_days=-3, organization_id=mine.id)
    await make_event(session, "Семинар ДДТ", capacity=5, organization_id=other.id)
    await make_user(session, 7600, "coordinator", organization_id=mine.id)
    await _signed_up(session_factory, seminar.id, [await make_user(session, i) for i in (7601, 7602)])
    coordinator = make_client(7600)
    await coordinator.send("/menu")
    await coordinator.click("Записи на мероприятия")
    text = coordinator.text
    assert "Семинар школы" in text and "записано 1/1, ждут 1" in text
    assert "Без записи" not in text and "Прошедший" not in text and "Семинар ДДТ" not in text
    await coordinator.click("Семинар школы")
    assert "Записано: 1 из 1 · в листе ожидания: 1" in coordinator.text
    await make_user(session, 7603)
    parent = make_client(7603)
    await parent.send("/menu")
    assert not any("Записи на мероприятия" in label for label in labels(parent))
