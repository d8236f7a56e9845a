"""Signing up, needs, cancelling and «My registrations», through the dispatcher as a person would."""

from datetime import UTC, datetime, timedelta

from aiogram.methods import SendDocument, SendMessage
from sqlalchemy import select

from db.models import Event, Notification, Registration
from services.registration.registrations import RegistrationService
from tests.factories import make_event, make_user


def card(event_id: int) -> str:
    return f"e:open:{event_id}:all::0:0:0"


async def _reg(session_factory, event_id, user_id):
    async with session_factory() as s:
        return await s.scalar(
            select(Registration).where(Registration.event_id == event_id, Registration.user_id == user_id)
        )


async def open_card(client, event_id: int) -> None:
    if not client.session.messages.get(client.id):
        await client.send("/menu")
    await client.press(card(event_id))


def labels(client) -> list[str]:
    return [label for label, _ in client.buttons]


async def test_a_max_person_asked_for_a_name_is_told_the_list_shows_their_max_id(
    make_client, session
) -> None:
    from db.models.user import MAX_PERSON_BASE

    event = await make_event(session, "Семинар-практикум «Поощрение успехов»", capacity=2)
    await make_user(session, MAX_PERSON_BASE + 6001)
    client = make_client(MAX_PERSON_BASE + 6001)
    await open_card(client, event.id)
    await client.click("Записаться")
    await client.click("Как записать вас")
    assert "под вашим ID в MAX." in client.text and "Telegram" not in client.text


async def test_parent_registers_states_needs_and_a_name(make_client, session, session_factory):
    event = await make_event(session, "Семинар-практикум «Поощрение успехов»", capacity=2)
    await make_user(session, 6001)
    client = make_client(6001)
    await open_card(client, event.id)
    assert "Мест: 2" in client.text and "Свободно мест: 2" in client.text
    await client.click("Записаться")
    assert "Готово, место за вами" in client.text
    assert "мы не спрашиваем о диагнозах" in client.text
    await client.click("Сурдопереводчик")
    assert "Сурдопереводчик — выбрано ✓" in labels(client)
    await client.click("Тихая комната")
    await client.click("Тихая комната")  # pressed twice: unticked
    await client.click("Другое")
    await client.send("Нужна парковка рядом со входом")
    assert "Сохранено" in client.text
    assert "Вы отметили: Сурдопереводчик, Нужна парковка рядом со входом" in client.text
    await client.click("Как записать вас")
    assert "Имя видит только организатор" in client.text and "/forget" in client.text
    assert "под вашим ID в Telegram." in client.text
    await client.send("Анна, мама Миши")
    assert "В списке организатора: Анна, мама Миши" in client.text
    await client.click("Готово")
    assert "✅ Вы записаны." in client.text and "Свободно мест: 1" in client.text
    assert "Отменить запись" in labels(client) and "Записаться ✍️" not in labels(client)
    registration = await _reg(session_factory, event.id, 6001)
    assert (registration.status, registration.needs, registration.needs_other, registration.display_name) == (
        "confirmed",
        "sign_language",
        "Нужна парковка рядом со входом",
        "Анна, мама Миши",
    )


async def test_too_long_other_need_is_refused_and_asked_again(make_client, session, session_factory):
    event = await make_event(session, capacity=2)
    await make_user(session, 6002)
    client = make_client(6002)
    await open_card(client, event.id)
    await client.click("Записаться")
    await client.click("Другое")
    await client.send("я" * 150)
    assert "Слишком длинно: не больше 100 знаков" in client.text
    assert (await _reg(session_factory, event.id, 6002)).needs_other is None


async def test_full_event_waitlist_and_promotion_message(
    make_client, session, session_factory, recording, deliver
):
    event = await make_event(session, "Клуб выходного дня", capacity=1)
    for user_id in (6101, 6102, 6103):
        await make_user(session, user_id)
    first, second, third = make_client(6101), make_client(6102), make_client(6103)
    await open_card(first, event.id)
    await first.click("Записаться")
    await open_card(second, event.id)
    assert "Свободных мест нет. В листе ожидания: 0" in second.text
    await second.click("Встать в лист ожидания")
    assert "вы в листе ожидания, 1-й по очереди" in second.text
    await open_card(third, event.id)
    await third.click("Встать в лист ожидания")
    assert "2-й по очереди" in third.text
    recording.blocked.add(6103)  # the third person blocked the bot: nothing breaks

    await open_card(first, event.id)
    await first.click("Отменить запись")
    assert "Отменить запись на «Клуб выходного дня»?" in first.text
    await first.click("Да, отменить")
    assert "Запись отменена" in first.text
    async with session_factory() as s:  # queued in the cancellation's transaction, sent by the sender
        queued = (await s.scalars(select(Notification).where(Notification.kind == "waitlist_promoted"))).all()
    assert [(n.user_id, n.status, n.urgent) for n in queued] == [(6102, "pending", True)]
    assert (await deliver()).sent == 1
    told = [m for m in recording.of_type(SendMessage) if m.chat_id == 6102 and "Освободилось место" in m.text]
    assert len(told) == 1 and "«Клуб выходного дня»" in told[0].text
    button = told[0].reply_markup.inline_keyboard[0][0]
    assert (button.text, button.callback_data) == ("К мероприятию 📄", f"e:open:{event.id}:::0:0:0")
    assert (await _reg(session_factory, event.id, 6102)).status == "confirmed"
    recording.blocked.discard(6103)
    await open_card(third, event.id)
    assert "Вы в листе ожидания: 1-й по очереди" in third.text


async def test_stale_and_late_presses_get_a_clear_answer_and_change_nothing(
    make_client, session, session_factory
):
    event = await make_event(session, capacity=5)
    await make_user(session, 6201)
    client = make_client(6201)
    await open_card(client, event.id)
    old_card = client.screen
    await client.click("Записаться")
    await client.press(f"rg:join:{event.id}:", old_card)  # the old card's button, pressed again
    assert client.session.alerts()[-1] == "Вы уже записаны, повторно записываться не нужно."
    async with session_factory() as s:
        rows = (await s.scalars(select(Registration))).all()
        assert len(rows) == 1
        stored = await s.get(Event, event.id)
        stored.registration_deadline = datetime.now(UTC) - timedelta(minutes=1)
        await s.commit()
    await make_user(session, 6202)
    late = make_client(6202)
    await late.press(f"rg:join:{event.id}:", old_card)
    assert late.session.alerts()[-1] == "🔒 Запись закончилась."
    assert await _reg(session_factory, event.id, 6202) is None
    late.dp["schedule_cache"].invalidate()  # the deadline was changed behind the bot's back
    await open_card(late, event.id)
    assert "Запись закончилась" in late.text and "Записаться ✍️" not in labels(late)
    await late.press(f"rg:cancel:{event.id}:")  # cancelling what one does not have
    assert late.session.alerts()[-1] == "Вы не записаны на это мероприятие."


async def test_my_registrations_lists_confirmed_waiting_and_past(make_client, session, session_factory):
    teacher = await make_user(session, 6301, "teacher")
    other = await make_user(session, 6302)
    admin = await make_user(session, 6399, "admin")
    soon = await make_event(session, "Мастер-класс «Сенсорная интеграция»", capacity=5, in_days=2)
    full = await make_event(session, "Конференция", capacity=1, in_days=4)
    done = await make_event(session, "Семинар для педагогов", capacity=5, in_days=1)
    async with session_factory() as s:
        service = RegistrationService(s)
        await service.register(teacher, soon.id)
        await service.register(other, full.id)
        await service.register(teacher, full.id)
        await service.register(teacher, done.id)
        await service.mark_all_present(admin, done.id, now=done.starts_at + timedelta(hours=1))
        stored = await s.get(Event, done.id)  # the seminar is over now
        stored.starts_at = datetime.now(UTC) - timedelta(days=3)
        stored.ends_at = stored.starts_at + timedelta(hours=3)
        await s.commit()
    client = make_client(6301)
    await client.send("/menu")
    await client.click("Мои записи")
    text = client.text
    assert "Мастер-класс «Сенсорная интеграция»" in text and "✅ вы записаны" in text
    assert "Конференция" in text and "⏳ лист ожидания, 1-й" in text
    assert text.index("Прошедшие") < text.index("Семинар для педагогов")
    assert "Семинар для педагогов" in text and "были" in text
    await client.click("Мои часы обучения")
    assert "Семинар для педагогов" in client.text and "Всего: 1 мероприятие, 3 ч" in client.text
    await client.click("CSV")
    document = client.session.of_type(SendDocument)[-1]
    body = document.document.data.decode("utf-8-sig")
    assert "Семинар для педагогов" in body and body.splitlines()[-1] == "Итого;1;;3.0"
    await client.send("/settings")  # the record is in the profile too
    assert "Мои часы обучения 🎓" in labels(client)


async def test_parent_sees_no_record_button_and_an_empty_list(make_client, session):
    await make_user(session, 6401)
    client = make_client(6401)
    await client.send("/my")
    assert "Вы пока никуда не записаны" in client.text
    assert "Мои часы обучения 🎓" not in labels(client)


async def test_mydata_shows_registrations_and_forget_releases_the_seat(
    make_client, session, session_factory, recording, deliver
):
    event = await make_event(session, "Круглый стол", capacity=1)
    await make_user(session, 6501)
    await make_user(session, 6502)
    client, waiting = make_client(6501), make_client(6502)
    await open_card(client, event.id)
    await client.click("Записаться")
    await client.click("Присмотр за ребёнком")
    await client.click("Как записать вас")
    await client.send("Ольга")
    await open_card(waiting, event.id)
    await waiting.click("лист ожидания")
    await client.send("/mydata")
    assert "Ваши записи:" in client.text
    assert (
        "• Круглый стол · записаны · нужно: Присмотр за ребёнком во время встречи · имя в списке: Ольга"
        in (client.text)
    )
    await client.send("/forget")
    await client.click("Да, удалить")
    async with session_factory() as s:
        assert (await s.scalars(select(Registration).where(Registration.user_id == 6501))).all() == []
    assert (await _reg(session_factory, event.id, 6502)).status == "confirmed"
    assert (await deliver()).sent == 1  # the promotion notice, queued when the seat was given up
    assert any(m.chat_id == 6502 and "Освободилось место" in m.text for m in recording.of_type(SendMessage))


async def test_a_card_shown_to_many_people_shows_each_their_own_place(make_client, session):
    """The common part of a card is kept between people; the seats and the person's own place never are."""
    event = await make_event(session, "Круглый стол для родителей", capacity=2)
    await make_user(session, 6101)
    await make_user(session, 6102)
    first, second = make_client(6101), make_client(6102)

    await open_card(first, event.id)
    await first.press(f"rg:join:{event.id}:")
    await open_card(first, event.id)
    assert "Вы записаны" in first.text and "Свободно мест: 1" in first.text
    assert "Отменить запись" in labels(first)

    await open_card(second, event.id)  # the same card, now from the kept common part
    assert "Круглый стол для родителей" in second.text
    assert "Вы записаны" not in second.text and "Свободно мест: 1" in second.text
    assert "Записаться ✍️" in labels(second) and "Отменить запись" not in labels(second)
    assert labels(second)[-1] == labels(first)[-1]  # the common rows follow the person's own buttons
