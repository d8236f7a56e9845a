"""Surveys through the dispatcher: a parent answers one question per screen; a coordinator loads a file, opens a
round, reads the results, charts and export, and makes a seminar from a requested topic."""

import io

from aiogram.methods import SendDocument, SendPhoto
from openpyxl import load_workbook
from sqlalchemy import select

from db.models import Event, Survey, SurveyAnswer, SurveyResponse, SurveyRound
from services.surveys.surveys import SurveyService
from tests.conftest import ADMIN_ID
from tests.factories import make_user
from tests.handlers.test_coordinator import onboard_admin
from tests.handlers.test_onboarding import onboard
from tests.surveys.helpers import NEEDS_OK, SURVEYS, admin, load, open_round, respond


async def open_monitoring(session):
    survey = await load(session, "parent_monitoring")
    return await open_round(session, survey)


async def test_a_parent_answers_goes_back_leaves_resumes_and_sends(make_client, session, session_factory):
    round_ = await open_monitoring(session)
    client = make_client(8001)
    await onboard(client)
    await client.click("Опросы")
    assert "Комфортно ли ребёнку" in client.text
    await client.click("Комфортно ли ребёнку")
    assert "Опрос анонимный" in client.text and "9 вопросов" in client.text
    await client.click("Начать")
    assert "Вопрос 1 из 9" in client.text and "Где учится ваш ребёнок?" in client.text
    await client.send("в школе")  # text where a choice is expected: the choices again
    assert "выберите ответ кнопкой" in client.text
    assert "Начальная школа" in [label for label, _ in client.buttons]
    await client.click("Начальная школа")
    assert "Вопрос 2 из 9" in client.text
    await client.click("Назад")
    assert "Вопрос 1 из 9" in client.text and "✅ Начальная школа" in [label for label, _ in client.buttons]
    await client.click("Дальше")
    await client.click("4")
    assert "Вопрос 3 из 9" in client.text
    await client.send("/menu")  # leave in the middle
    await client.click("Опросы")
    await client.click("Комфортно ли ребёнку")
    await client.click("Продолжить (вопрос 3 из 9)")
    assert "Насколько ребёнок там в безопасности" in client.text
    await client.click("5 —")
    await client.click("3")
    assert "Отметьте всё, что есть" in client.text
    await client.click("Психолог")
    await client.click("Другое")
    assert "Напишите свой вариант" in client.text
    await client.send("Нейропсихолог")
    labels = [label for label, _ in client.buttons]
    assert "☑️ Психолог" in labels and "☑️ Другое: Нейропсихолог" in labels
    await client.click("Готово")
    await client.click("Да")
    assert "Вопрос 7 из 10" in client.text  # the follow-up question now applies
    await client.click("Помогли частично")
    await client.click("5 —")
    await client.click("Да")
    assert "Что стоило бы изменить" in client.text
    await client.send("я" * 501)
    assert "можно не больше 500" in client.text
    await client.send("Пандус у входа")
    assert "Все вопросы пройдены" in client.text and "Нейропсихолог" in client.text
    assert "нельзя будет изменить" in client.text
    assert "→ 4 из 5" in client.text  # the answer as its button said it, not a bare «4»
    async with session_factory() as s:
        assert (await s.scalars(select(SurveyResponse))).all() == []  # nothing is written before sending
    await client.click("Отправить")
    assert "Спасибо" in client.text
    async with session_factory() as s:
        response = (await s.scalars(select(SurveyResponse))).one()
        answers = {(a.question_id, a.value): a.text for a in await s.scalars(select(SurveyAnswer))}
    assert response.user_id is None and response.round_id == round_.id
    assert (
        answers[("support", "other")] == "Нейропсихолог" and answers[("comment", "text")] == "Пандус у входа"
    )
    assert answers[("bullying_handled", "partly")] is None and len(answers) == 11
    # an old button of the same survey, and opening it again: a clear answer, nothing stored twice
    await client.press(f"sv:pick:{round_.id}:0:primary")
    assert "Вы уже ответили" in client.session.alerts()[-1]
    await client.send("/menu")
    await client.click("Опросы")
    assert client.buttons[0][0] == "✅ Комфортно ли ребёнку в школе или детском саду"
    await client.click("Комфортно ли ребёнку")
    assert "Вы уже ответили на этот опрос" in client.text
    async with session_factory() as s:
        assert len((await s.scalars(select(SurveyResponse))).all()) == 1


async def test_stale_button_shows_the_current_question_and_a_closed_round_says_so(make_client, session, dp):
    from aiogram.fsm.storage.base import StorageKey

    round_ = await open_monitoring(session)
    client = make_client(8002)
    await onboard(client)
    await client.send("/surveys")
    await client.click("Комфортно ли ребёнку")
    await client.click("Начать")
    await client.press(f"sv:pick:{round_.id}:5:yes")  # a button of question 6 while on question 1
    assert "Эта кнопка от другого вопроса" in client.text and "Вопрос 1 из 9" in client.text
    await client.press(f"sv:pick:{round_.id}:0:dance")  # not a value of the question
    assert "Эта кнопка от другого вопроса" in client.text
    await SurveyService(session).close_round(await admin(session), round_.id)
    await client.click("Начальная школа")
    assert "Этот опрос уже закрыт" in client.session.alerts()[-1]
    key = StorageKey(bot_id=client.bot.id, chat_id=8002, user_id=8002, destiny="surveys")
    assert await dp.storage.get_data(key) == {}  # the unsent answers of a closed round are dropped
    await client.send("/surveys")
    assert "Сейчас открытых опросов для вас нет" in client.text


async def test_a_survey_for_teachers_is_not_offered_to_parents(make_client, session):
    survey = await load(session, "teacher_needs")
    round_ = await open_round(session, survey, audience="teachers")
    client = make_client(8003)
    await onboard(client)
    await client.send("/surveys")
    assert "Сейчас открытых опросов для вас нет" in client.text
    await client.press(f"sv:start:{round_.id}:-1:")
    assert "предназначен для других участников" in client.session.alerts()[-1]


async def test_named_feedback_can_be_changed_and_sent_again(make_client, session, session_factory):
    from tests.factories import make_event

    await load(session, "event_feedback")
    event = await make_event(session, "Клуб «Особый ребёнок»")
    client = make_client(8004)
    await onboard(client)
    round_ = await SurveyService(session).open_feedback_round(event.id, [8004])
    await client.send("/surveys")
    await client.click("Отзыв о мероприятии")
    assert "Опрос именной" in client.text
    await client.click("Начать")
    await client.click("4")
    await client.click("Нет")
    await client.click("Да, всё удобно")
    await client.click("Пропустить")
    await client.click("Отправить")
    assert "Изменить их можно до" in client.text
    await client.send("/surveys")
    await client.click("Отзыв о мероприятии")
    await client.click("Изменить ответы")
    assert "✅ 4 из 5" in [label for label, _ in client.buttons]
    await client.click("5 —")
    for _ in range(2):  # «useful» and «accessible» keep their answers
        await client.click("Дальше")
    await client.click("Пропустить")
    await client.click("Отправить")
    async with session_factory() as s:
        response = (await s.scalars(select(SurveyResponse))).one()
        values = {(a.question_id, a.value) for a in await s.scalars(select(SurveyAnswer))}
    assert response.user_id == 8004 and response.round_id == round_.id
    assert values == {("overall", "5"), ("useful", "no"), ("accessible", "yes_all")}
    await client.send("/mydata")
    assert "Именные ответы на опросы: 1" in client.text


YAML_BAD = """\
key: broken
title: {ru: Опрос}
description: {ru: Т, en: T}
audience: parents
anonymous: maybe
questions:
  - id: q1
    kind: choice
    text: {ru: А, en: A}
"""


async def test_coordinator_loads_a_file_opens_a_round_and_reads_results(
    make_client, session, session_factory
):
    client = make_client(ADMIN_ID)
    await onboard_admin(client)
    await client.send("/surveys")
    await client.click("Управление опросами")
    assert "Опросов ещё нет" in client.text
    await client.send_document("needs.yaml", content=YAML_BAD.encode())
    text = client.text
    assert "В файле есть ошибки (3)" in text and "Ничего не сохранено" in text
    assert "строка 2 <code>title.en</code>: нет обязательного поля «en»" in text
    assert "строка 5 <code>anonymous</code>" in text and "строка 8 <code>questions[0].kind</code>" in text
    async with session_factory() as s:
        assert (await s.scalars(select(Survey))).all() == []
    before = client.text
    await client.send_document("plan.docx", content=b"PK")  # other documents are not taken for surveys
    assert client.text != before and "файле" not in client.text
    await client.send_document("needs.yaml", content=(SURVEYS / "teacher_needs.yaml").read_bytes())
    assert "Опрос «Профессиональные запросы педагогов» загружен, вопросов: 7" in client.text
    await client.click("Открыть раунд")
    await client.click("педагоги и специалисты")
    await client.click("Сейчас")
    await client.click("Через 14 дней")
    assert "Раунд открыт" in client.text and "Ответили: 0 из 0" in client.text
    async with session_factory() as s:
        round_ = (await s.scalars(select(SurveyRound))).one()
    await client.click("Итоги")
    assert "Ответов меньше 5: итоги не показываем" in client.text
    async with session_factory() as s:
        for i in range(5):
            teacher = await make_user(s, 8100 + i, "teacher")
            topics = ["pmpk", "aoop"] if i < 3 else ["behaviour"]
            await respond(s, teacher, round_.id, {**NEEDS_OK, "topics": topics})
    await client.click("Назад")
    await client.click("Итоги")
    text = client.text
    assert "Ответили: 5 из 5 (100%)" in text
    assert "Самые нужные темы:" in text and "1. Адаптированные программы (АООП) — 3 (60%)" in text
    assert "• Учитель: 5 (100%)" in text and "Средняя оценка: 3.0" in text
    assert "педагог: 5 из 5 (100%)" in text
    await client.click("Создать семинар: Как выполнять рекомендации ПМПК")
    assert "Проверьте мероприятие" in client.text and "Как выполнять рекомендации ПМПК" in client.text
    assert "эту тему выбрали 3 из 5" in client.text and "Нужна дата начала" in client.text
    await client.click("Начало")
    await client.send("15.12.2030 15:00")
    await client.click("Сохранить")
    async with session_factory() as s:
        event = (await s.scalars(select(Event))).one()
    assert (event.title, event.kind, event.audience) == (
        "Как выполнять рекомендации ПМПК",
        "seminar",
        "teachers",
    )
    # charts, export and closing from the round's screen
    await client.send("/surveys")
    await client.click("Управление опросами")
    await client.click("Раунды и итоги")
    await client.click("Профессиональные запросы")
    await client.click("Диаграммы")
    photos = client.session.of_type(SendPhoto)
    assert len(photos) == 5 and all(p.photo.data.startswith(b"\x89PNG") for p in photos)
    assert photos[1].caption.startswith("2. Какие темы вам сейчас нужнее всего?")
    await client.click("Назад")
    await client.click("Выгрузка в Excel")
    document = client.session.of_type(SendDocument)[-1]
    book = load_workbook(io.BytesIO(document.document.data))
    assert book.sheetnames == ["Сводка", "Ответы"] and book["Ответы"].max_row == 7
    await client.click("Закрыть раунд")
    await client.click("Да, закрыть")
    assert "Раунд закрыт" in client.text and "закрыт" in client.text


async def test_a_parent_forging_coordinator_buttons_changes_nothing(make_client, session, session_factory):
    round_ = await open_monitoring(session)
    client = make_client(8005)
    await onboard(client)
    for data in (
        f"sa:close_yes:{round_.id}:",
        f"sa:export:{round_.id}:",
        "sa:home:0:",
        f"sa:seminar:{round_.id}:aoop",
    ):
        await client.press(data)
        assert "Это меню устарело" in client.text
    await client.send_document("survey.yaml", content=(SURVEYS / "teacher_needs.yaml").read_bytes())
    async with session_factory() as s:
        assert (await s.get(SurveyRound, round_.id)).closes_at == round_.closes_at
        assert len((await s.scalars(select(Survey))).all()) == 1
    assert not client.session.of_type(SendDocument)


async def test_forget_drops_unsent_answers_too(make_client, session, dp):
    from aiogram.fsm.storage.base import StorageKey

    round_ = await open_monitoring(session)
    client = make_client(8006)
    await onboard(client)
    await client.send("/surveys")
    await client.click("Комфортно ли ребёнку")
    await client.click("Начать")
    await client.click("Колледж")
    key = StorageKey(bot_id=client.bot.id, chat_id=8006, user_id=8006, destiny="surveys")
    assert str(round_.id) in await dp.storage.get_data(key)
    await client.send("/forget")
    await client.click("Да, удалить")
    assert await dp.storage.get_data(key) == {}


async def test_coordinator_types_the_dates_of_a_round_that_opens_later(make_client, session, session_factory):
    from datetime import UTC, datetime

    survey = await load(session, "parent_monitoring")
    client = make_client(ADMIN_ID)
    await onboard_admin(client)
    await client.press(f"sa:aud:{survey.id}:")
    await client.click("родители")
    await client.send("31.02.2030")
    assert "Такой даты нет в календаре" in client.text
    await client.send("01.09.2030 09:00")
    assert "Когда закрыть?" in client.text
    await client.send("15.09.2030")
    assert "Раунд открыт" in client.text and "ещё не начался" in client.text
    async with session_factory() as s:
        round_ = (await s.scalars(select(SurveyRound))).one()
    assert round_.opens_at == datetime(2030, 9, 1, 6, 0, tzinfo=UTC)
    assert round_.closes_at == datetime(2030, 9, 15, 21, 0, tzinfo=UTC)  # the whole of 15 September, Moscow
    assert round_.invited_at is None  # invited by the planner when it opens
    parent = make_client(8007)
    await onboard(parent)
    await parent.send("/surveys")
    assert "Сейчас открытых опросов для вас нет" in parent.text


async def test_a_round_opened_now_invites_its_audience_at_once(
    make_client, session, session_factory, recording, deliver
):
    from aiogram.methods import SendMessage

    from db.models import Notification

    survey = await load(session, "teacher_needs")
    for user_id in (8201, 8202):
        await make_user(session, user_id, "teacher")
    await make_user(session, 8203, "parent")
    client = make_client(ADMIN_ID)
    await onboard_admin(client)
    await client.press(f"sa:aud:{survey.id}:")
    await client.click("педагоги и специалисты")
    await client.click("Сейчас")
    await client.click("Через 14 дней")
    assert "Раунд открыт" in client.text
    async with session_factory() as s:
        round_ = (await s.scalars(select(SurveyRound))).one()
        queued = (await s.scalars(select(Notification).order_by(Notification.user_id))).all()
    assert round_.invited_at is not None
    assert [(n.user_id, n.kind) for n in queued] == [(8201, "survey_invite"), (8202, "survey_invite")]
    await deliver()  # quiet hours may hold them till the morning; the sender decides when they go
    sent = [m for m in recording.of_type(SendMessage) if m.chat_id in (8201, 8202, 8203)]
    for message in sent:
        assert "Новый опрос" in message.text
        assert message.reply_markup.inline_keyboard[0][0].callback_data == f"sv:open:{round_.id}:-1:"
    assert {m.chat_id for m in sent} <= {8201, 8202}


async def test_a_question_few_people_answered_is_not_shown(make_client, session):
    survey = await load(session, "parent_monitoring")
    round_ = await open_round(session, survey)
    from tests.surveys.helpers import MONITORING_OK, parents

    family = await parents(session, 8200, 5)
    for i, user in enumerate(family):
        bullied = {"bullying": "yes", "bullying_handled": "helped"} if i < 2 else {}
        await respond(session, user, round_.id, {**MONITORING_OK, **bullied})
    client = make_client(ADMIN_ID)
    await onboard_admin(client)
    await client.press(f"sa:results:{round_.id}:")
    text = "\n".join(client.texts())  # long results come in several messages
    assert (
        "Как школа или детский сад помогли в этой ситуации?</b>\nОтветили на вопрос: 2\nменьше 5 ответов"
        in text
    )
    assert "Помогли, всё решили" not in text
    assert "• Да: 2 (40%)" in text


async def test_english_speakers_get_the_english_texts_and_every_button_has_words(make_client, session):
    import re

    word = re.compile(r"[A-Za-zА-Яа-яЁё]{2,}")
    survey = await load(session, "teacher_needs")
    await open_round(session, survey, audience="teachers")
    client = make_client(8008, first_name="Jane", language_code="en")
    await client.send("/start")
    await client.click("I agree")
    await client.click("English")
    await client.click("teacher")
    await client.click("Skip")
    await client.click("Surveys")
    await client.click("Teachers' professional needs")
    assert "This survey is anonymous" in client.text and "6 questions" in client.text
    seen = set()
    await client.click("Start")
    assert "Question 1 of 6" in client.text and "What is your job?" in client.text
    for step in ("Tutor", "Adapted educational programmes", "Done", "Seminar", "Done", "4 of 5"):
        seen.update(label for label, _ in client.buttons)
        await client.click(step)
    assert "How confident" not in client.text and "inclusive education" in client.text
    seen.update(label for label, _ in client.buttons)
    assert [label for label in seen if not word.search(label)] == []
