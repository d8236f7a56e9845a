"""A coordinator's broadcast through the dispatcher: the announcement with its formatting, the audience and its
size, a preview, send; progress in one message and the final report; «Ознакомлен»; an organization's bounds."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

import pytest
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import EditMessageText, SendMessage, SendVoice
from aiogram.types import Message, MessageEntity, Voice
from sqlalchemy import select

from bot.scheduler import create_outbox, show_progress, start_broadcasts
from bot.sender import ChatPacer, Sender
from db.models import Broadcast, BroadcastAck, Notification, User
from handlers.callbacks import AckCb, BroadcastCb
from services.broadcasts import speech
from services.broadcasts.broadcasts import BroadcastDraft, BroadcastService
from services.core.errors import PermissionDenied
from services.runtime.ratelimit import TokenBucket
from tests.factories import make_org, make_user

COORDINATOR = 4001
NOT_YOUR_ORG = "Рассылать можно только людям своей организации."
_ids = itertools.count(50_000)


@pytest.fixture
def sender(bot, settings, session_factory, translator) -> Sender:
    outbox = create_outbox(settings, session_factory, translator)
    return Sender(bot, outbox, TokenBucket(1000.0), concurrency=8, pacer=ChatPacer(0.0))


async def network(session):
    school = await make_org(session, "Школа № 34", "base")
    centre = await make_org(session, "ЦППМСП", "resource")
    for user_id in range(1, 6):
        await make_user(session, user_id, organization_id=school.id)
    for user_id in range(6, 9):
        await make_user(session, user_id, role="teacher", organization_id=centre.id)
    await make_user(session, 9, language="en", organization_id=centre.id)
    return school, centre


async def send_formatted(client, text: str, bold: str) -> None:
    message = Message(
        message_id=next(_ids),
        date=datetime.now(UTC),
        chat=client.chat,
        from_user=client.user,
        text=text,
        entities=[MessageEntity(type="bold", offset=text.index(bold), length=len(bold))],
    )
    await client._feed(message=message)


async def test_coordinator_sends_a_formatted_announcement_and_sees_the_report(
    make_client, session, session_factory, bot, sender, recording, translator
) -> None:
    await network(session)
    await make_user(session, COORDINATOR, role="coordinator")  # not bound: the whole network
    client = make_client(COORDINATOR)
    await client.send("/menu")
    await client.click("Рассылка")
    assert "Напишите объявление" in client.text
    await send_formatted(client, "Родительское собрание в пятницу в 18:00", "в пятницу")
    assert "Кому отправить" in client.text
    await client.click("Родителям")
    # The preview: the copy as recipients will see it, then the count.
    assert "Получателей: <b>6</b>" in client.text  # 1–5 and 9 (parents), not the teachers
    preview = [r.text for r in recording.of_type(SendMessage) if r.chat_id == COORDINATOR]
    assert "Родительское собрание <b>в пятницу</b> в 18:00" in preview
    await client.click("Ознакомлен")
    assert any("Кнопка «Ознакомлен»: включено" in text for text, _ in client.buttons)
    async with session_factory() as s:
        assert (await s.scalars(select(Notification))).all() == []  # nothing before «send»

    await client.click("Отправить сейчас")
    assert "Идёт рассылка" in client.text and "Доставлено: 0 из 6" in client.text
    report = await sender.drain()
    assert report.sent == 6
    copies = [r for r in recording.of_type(SendMessage) if r.chat_id != COORDINATOR]
    assert sorted(r.chat_id for r in copies) == [1, 2, 3, 4, 5, 9]
    assert all(r.text == "Родительское собрание <b>в пятницу</b> в 18:00" for r in copies)
    by_chat = {r.chat_id: r for r in copies}
    assert by_chat[1].reply_markup.inline_keyboard[0][0].text == "Ознакомлен"
    assert by_chat[9].reply_markup.inline_keyboard[0][0].text == "Got it"  # the button in their language

    # A parent acknowledges (twice: counted once).
    parent = make_client(1)
    ack = by_chat[1].reply_markup.inline_keyboard[0][0].callback_data
    await parent.press(ack, recording.messages[1][max(recording.messages[1])])
    await parent.press(ack, recording.messages[1][max(recording.messages[1])])
    assert recording.alerts()[-2:] == [
        "Спасибо! Отметили, что вы ознакомились.",
        "Вы уже отметили, что ознакомились.",
    ]

    edits = len(recording.of_type(EditMessageText))
    await show_progress(bot, session_factory, translator)
    assert len(recording.of_type(EditMessageText)) == edits + 1  # the same message, edited
    assert "Рассылка завершена" in client.text and "Доставлено: 6 из 6" in client.text
    assert "Ознакомились: 1" in client.text
    await client.click("Кто ознакомился")
    assert 'tg://user?id=1"' in recording.of_type(SendMessage)[-1].text
    async with session_factory() as s:
        broadcast = (await s.scalars(select(Broadcast))).one()
        assert (broadcast.status, broadcast.total, broadcast.with_ack) == ("done", 6, True)
        assert len((await s.scalars(select(BroadcastAck))).all()) == 1


async def test_a_bound_coordinator_reaches_only_their_organization(
    make_client, session, session_factory, recording
) -> None:
    school, centre = await network(session)
    await make_user(session, COORDINATOR, role="coordinator", organization_id=centre.id)
    client = make_client(COORDINATOR)
    await client.send("/broadcast")
    await client.send("Семинар для педагогов переносится")
    await client.click("Всем")
    assert "Получателей: <b>5</b>" in client.text  # 6, 7, 8, 9 and the coordinator: the centre's people only
    await client.click("Выбрать других")
    await client.click("Участникам организации")  # their own, without asking which
    assert "Получателей: <b>5</b>" in client.text
    # A forged button for another organization is refused by the service.
    await client.click("Выбрать других")
    await client.press(BroadcastCb(act="aud", v="org", id=school.id).pack())
    assert recording.alerts()[-1] == NOT_YOUR_ORG
    async with session_factory() as s:
        author = await s.get(User, COORDINATOR)
        with pytest.raises(PermissionDenied):
            await BroadcastService(s).create(author, BroadcastDraft("x", "org", school.id))
        with pytest.raises(PermissionDenied):
            await BroadcastService(s).count(await s.get(User, 1), "all")


async def test_a_parent_cannot_start_a_broadcast(make_client, session) -> None:
    await network(session)
    parent = make_client(1)
    await parent.send("/broadcast")
    assert "Напишите объявление" not in parent.text
    await parent.press(
        BroadcastCb(act="new").pack(),
        Message(message_id=1, date=datetime.now(UTC), chat=parent.chat, text="меню"),
    )
    assert "Напишите объявление" not in parent.text


async def test_a_scheduled_broadcast_waits_for_its_time_and_can_be_stopped(
    make_client, session, session_factory, sender, bot, translator, recording
) -> None:
    await network(session)
    await make_user(session, COORDINATOR, role="admin")
    client = make_client(COORDINATOR)
    await client.send("/broadcast")
    await client.send("Фестиваль «Вместе» в субботу")
    await client.click("Всем")
    await client.click("Отправить позже")
    when = datetime.now(UTC) + timedelta(days=1)
    await client.send(when.astimezone(bot_tz()).strftime("%d.%m.%Y %H:%M"))
    assert "Рассылка запланирована" in client.text and "Получателей сейчас: 10" in client.text
    await start_broadcasts(session_factory)
    assert (await sender.drain()).sent == 0  # not yet

    async with session_factory() as s:
        broadcast = (await s.scalars(select(Broadcast))).one()
        broadcast.scheduled_at = datetime.now(UTC) - timedelta(seconds=1)  # its time has come
        await s.commit()
    await start_broadcasts(session_factory)
    await client.click("Остановить")
    assert "Рассылка остановлена" in client.text
    assert (await sender.drain()).sent == 0
    async with session_factory() as s:
        rows = (await s.scalars(select(Notification))).all()
        assert len(rows) == 10 and {r.status for r in rows} == {"withdrawn"}


def bot_tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Moscow")


def test_ack_callback_data_is_small() -> None:
    assert len(AckCb(b=2_000_000_000).pack()) <= 64


async def test_an_events_list_and_its_waitlist_and_a_clubs_members(make_client, session, recording) -> None:
    from db.models import Club, ClubMember, Registration
    from tests.factories import make_event

    school, centre = await network(session)
    await make_user(session, COORDINATOR, role="coordinator", organization_id=school.id)
    ours = await make_event(session, "Семинар школы", organization_id=school.id)
    theirs = await make_event(session, "Семинар центра", organization_id=centre.id)
    club = Club(title="Клуб родителей школы", organization_id=school.id)
    session.add(club)
    await session.flush()
    session.add_all(
        [
            Registration(event_id=ours.id, user_id=1, status="confirmed", seq=1),
            Registration(event_id=ours.id, user_id=2, status="confirmed", seq=2),
            Registration(event_id=ours.id, user_id=3, status="waitlisted", seq=3),
            ClubMember(club_id=club.id, user_id=4),
        ]
    )
    await session.commit()
    client = make_client(COORDINATOR)
    await client.send("/broadcast")
    await client.send("Аудитория поменялась")
    await client.click("Записавшимся на мероприятие")
    assert [text for text, _ in client.buttons][:-1] == ["Семинар школы"]  # only their organization's
    await client.click("Семинар школы")
    assert "Получателей: <b>2</b>" in client.text
    await client.click("Выбрать других")
    await client.click("Листу ожидания")
    await client.click("Семинар школы")
    assert "Получателей: <b>1</b>" in client.text
    await client.click("Выбрать других")
    await client.click("Участникам клуба")
    await client.click("Клуб родителей школы")
    assert "Получателей: <b>1</b>" in client.text
    await client.click("Выбрать других")
    await client.press(BroadcastCb(act="aud", v="event", id=theirs.id).pack())  # forged
    assert recording.alerts()[-1] == NOT_YOUR_ORG


async def test_a_survey_rounds_non_respondents_within_the_coordinators_organization(
    make_client, session, session_factory, sender, recording
) -> None:
    from tests.surveys.helpers import MONITORING_OK, load, open_round, respond

    school, centre = await network(session)
    survey = await load(session, "parent_monitoring")  # anonymous: the «has answered» mark tells who answered
    ours = await open_round(session, survey, "org", organization_id=school.id)
    theirs = await open_round(session, survey, "org", organization_id=centre.id)
    await respond(session, await session.get(User, 1), ours.id, MONITORING_OK)
    await make_user(session, COORDINATOR, role="coordinator", organization_id=school.id)
    client = make_client(COORDINATOR)
    await client.send("/menu")
    await client.click("Рассылка")
    await client.send("Напоминаем про опрос")
    await client.click("Не ответившим на опрос")
    assert "Какой опрос?" in client.text
    assert [text for text, _ in client.buttons].count(survey.title_ru) == 1  # only the school's round
    await client.click(survey.title_ru)
    assert "Получателей: <b>4</b>" in client.text  # parents 2–5 of the school; 1 has answered
    await client.click("Отправить сейчас")
    await sender.drain()
    copies = {r.chat_id for r in recording.of_type(SendMessage) if r.text == "Напоминаем про опрос"}
    assert sorted(copies - {COORDINATOR}) == [2, 3, 4, 5]  # the coordinator saw the preview
    async with session_factory() as s:
        with pytest.raises(PermissionDenied):
            await BroadcastService(s).count(await s.get(User, COORDINATOR), "survey", theirs.id)
        admin = await make_user(s, 4002, role="admin")
        assert await BroadcastService(s).count(admin, "survey", theirs.id) == 4  # the centre's 6–9


async def send_voice(client, file_id: str) -> None:
    message = Message(
        message_id=next(_ids),
        date=datetime.now(UTC),
        chat=client.chat,
        from_user=client.user,
        voice=Voice(file_id=file_id, file_unique_id=f"u-{file_id}", duration=4),
    )
    await client._feed(message=message)


async def test_a_voice_version_goes_to_screen_reader_and_plain_language_readers(
    make_client, session, session_factory, sender, recording
) -> None:
    await network(session)
    await make_user(session, COORDINATOR, role="coordinator")
    async with session_factory() as s:
        (await s.get(User, 2)).screen_reader = True
        (await s.get(User, 3)).plain_language = True
        await s.commit()
    client = make_client(COORDINATOR)
    await client.send("/broadcast")
    await client.send("Собрание в пятницу в 18:00")
    await client.click("Родителям")
    assert "голосовую версию" in client.text  # the hint
    labels = [label for label, _ in client.buttons]
    assert ("Сделать голосовую версию 🔊" in labels) == speech.available("ru")
    if speech.available("ru"):  # the synthesizer installed: the bot reads the text aloud
        await client.click("Сделать голосовую версию")
        made = recording.of_type(SendVoice)[-1]
        assert made.chat_id == COORDINATOR and made.duration >= 1
        assert recording.alerts()[-1].startswith("Голосовая версия готова")
        await client.click("Убрать голосовую версию")
        assert "Голосовая версия убрана" in client.text
    await send_voice(client, "recorded-voice")  # or the coordinator records one
    assert "Голосовая версия приложена" in client.text
    assert "Убрать голосовую версию" in [label for label, _ in client.buttons]
    await client.click("Отправить сейчас")
    assert (await sender.drain()).sent == 6
    voices = [r for r in recording.of_type(SendVoice) if r.chat_id != COORDINATOR]
    assert sorted((r.chat_id, r.voice) for r in voices) == [(2, "recorded-voice"), (3, "recorded-voice")]
    async with session_factory() as s:
        assert (await s.scalars(select(Broadcast))).one().voice_file_id == "recorded-voice"


OTHER_ORG = (
    "Эту рассылку отправила другая организация: остановить её или посмотреть отметки может только она."
)
NOT_YOURS = "Эту рассылку отправил другой координатор: остановить её или посмотреть отметки может только он."


async def test_a_coordinator_is_told_a_broadcast_is_another_organizations(make_client, session) -> None:
    """Stopping another organization's broadcast, or asking who acknowledged it, is refused with the reason (not
    «only coordinators», said to a coordinator); a colleague of the same organization is told it is not theirs."""
    school, centre = await network(session)
    author = await make_user(session, COORDINATOR, role="coordinator", organization_id=centre.id)
    await make_user(session, 4101, role="coordinator", organization_id=school.id)
    await make_user(session, 4102, role="coordinator", organization_id=centre.id)
    broadcast = await BroadcastService(session).create(
        author, BroadcastDraft("Семинар переносится", "all", None), at=datetime.now(UTC) + timedelta(days=1)
    )
    for who, refusal in ((4101, OTHER_ORG), (4102, NOT_YOURS)):
        client = make_client(who)
        await client.send("/menu")
        for act in ("cancel", "who"):
            await client.press(BroadcastCb(act=act, id=broadcast.id).pack())
            assert client.session.alerts()[-1] == refusal, (who, act)
    await session.refresh(broadcast)
    assert broadcast.status == "scheduled"


async def test_the_preview_waits_out_telegrams_per_chat_limit(make_client, session, bot, recording) -> None:
    """The preview sends three messages into the coordinator's chat at once; Telegram answers the second «retry
    after 1 s». The reply waits and goes again, so the coordinator sees the whole preview, not an error."""
    await network(session)
    await make_user(session, COORDINATOR, role="coordinator")
    client = make_client(COORDINATOR)
    await client.send("/broadcast")
    await client.send("Собрание в пятницу")
    recording.per_chat_interval = 0.5  # the emulated limit; it answers «retry after 1 s»
    await client.click("Родителям")
    assert recording.count_429 >= 1  # the limit was hit
    shown = client.texts()  # what the chat shows: messages Telegram accepted
    assert not any("Что-то пошло не так" in text for text in shown)
    assert shown[-3:-1] == ["👀 Так объявление увидят получатели:", "Собрание в пятницу"]
    assert "Получателей: <b>6</b>" in client.text and client.buttons
    # Outside the handling of an update (the sender, the scheduler) a 429 is not waited out here: the sender
    # has its own handling (it pauses and requeues), so the refusal reaches it at once.
    await asyncio.sleep(0.6)
    await bot.send_message(COORDINATOR, "раз")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(COORDINATOR, "два")


async def test_acknowledgements_after_the_report_update_it_and_past_broadcasts_can_be_opened(
    make_client, session, session_factory, bot, sender, recording, translator
) -> None:
    await network(session)
    await make_user(session, COORDINATOR, role="coordinator")
    client = make_client(COORDINATOR)
    await client.send("/broadcast")
    await client.click("Прошлые рассылки")
    assert "Рассылок ещё не было" in client.text
    await client.click("Новая рассылка")
    await send_formatted(client, "Собрание в пятницу", "в пятницу")
    await client.click("Родителям")
    await client.click("Ознакомлен")
    await client.click("Отправить сейчас")
    await sender.drain()
    await show_progress(bot, session_factory, translator)
    report = client.screen
    assert "Рассылка завершена" in report.text and "Ознакомились: 0" in report.text
    by_chat = {r.chat_id: r for r in recording.of_type(SendMessage) if r.chat_id in (1, 2)}
    for user_id in (1, 2):  # after the report was final
        ack = by_chat[user_id].reply_markup.inline_keyboard[0][0].callback_data
        await make_client(user_id).press(ack, recording.messages[user_id][max(recording.messages[user_id])])
    await show_progress(bot, session_factory, translator)
    assert "Ознакомились: 2" in recording.messages[COORDINATOR][report.message_id].text

    await client.send("/broadcast")
    await client.click("Прошлые рассылки")
    assert "Прошлые рассылки" in client.text
    await client.click("Собрание в пятницу")
    text = client.text
    assert "Доставлено: 6 из 6" in text and "Заблокировали бота: 0" in text and "Не доставлено: 0" in text
    assert "Ознакомились: 2" in text and 'tg://user?id=1"' in text and 'tg://user?id=2"' in text
    await client.click("Прошлые рассылки")
    await client.click("В главное меню")
    assert "Рассылка" in " ".join(label for label, _ in client.buttons)


async def test_a_discarded_broadcast_leaves_a_way_on(make_client, session) -> None:
    await make_user(session, COORDINATOR, role="coordinator")
    client = make_client(COORDINATOR)
    await client.send("/broadcast")
    await client.click("Отменить заполнение")
    assert "Рассылка отменена" in client.text
    labels = [label for label, _ in client.buttons]
    assert any("В главное меню" in label for label in labels) and any("Прошлые" in label for label in labels)


async def test_a_past_broadcast_to_a_large_audience_counts_who_acknowledged(
    make_client, session, session_factory, bot, sender, recording
) -> None:
    """Over 30 recipients the report counts the acknowledgements and offers «Кто ознакомился» instead of names."""
    for user_id in range(100, 140):
        await make_user(session, user_id)
    await make_user(session, COORDINATOR, role="coordinator")
    client = make_client(COORDINATOR)
    await client.send("/broadcast")
    await send_formatted(client, "Каникулы с понедельника", "с понедельника")
    await client.click("Родителям")
    await client.click("Ознакомлен")
    await client.click("Отправить сейчас")
    await sender.drain()
    acks = [r for r in recording.of_type(SendMessage) if r.chat_id in (100, 101, 102) and r.reply_markup]
    for copy in acks:
        data = copy.reply_markup.inline_keyboard[0][0].callback_data
        await make_client(copy.chat_id).press(
            data, recording.messages[copy.chat_id][max(recording.messages[copy.chat_id])]
        )
    await client.send("/broadcast")
    await client.click("Прошлые рассылки")
    await client.click("Каникулы с понедельника")
    assert "Ознакомились: 3" in client.text and "tg://user" not in client.text
    assert "Доставлено: 40 из 40" in client.text
    await client.click("Кто ознакомился")
    assert client.text.count("tg://user?id=") == 3


async def test_who_acknowledged_shows_a_max_person_by_their_max_id_not_as_a_telegram_link(
    make_client, session, sender
) -> None:
    """A MAX person has no Telegram profile to open: the list names them «MAX <their MAX id>»."""
    from db.models.user import MAX_PERSON_BASE

    await make_user(session, 1)
    await make_user(session, MAX_PERSON_BASE + 7001)
    await make_user(session, COORDINATOR, role="coordinator")
    client = make_client(COORDINATOR)
    await client.send("/broadcast")
    await send_formatted(client, "Собрание в пятницу", "в пятницу")
    await client.click("Родителям")
    await client.click("Ознакомлен")
    await client.click("Отправить сейчас")
    await sender.drain()
    [broadcast] = (await session.scalars(select(Broadcast))).all()
    session.add_all([BroadcastAck(broadcast_id=broadcast.id, user_id=u) for u in (1, MAX_PERSON_BASE + 7001)])
    await session.commit()
    await client.send("/broadcast")
    await client.click("Прошлые рассылки")
    await client.click("Собрание в пятницу")
    text = client.text
    assert "Ознакомились: 2" in text and 'tg://user?id=1"' in text and "MAX 7001" in text
    assert f"tg://user?id={MAX_PERSON_BASE + 7001}" not in text
