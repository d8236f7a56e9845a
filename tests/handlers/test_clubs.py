"""Parent clubs through the dispatcher: a coordinator creates one and attaches a meeting, a parent joins, skips a
meeting, asks anonymously; the host reads the questions."""

from sqlalchemy import select

from db.models import Club, ClubMember, ClubQuestion, Event, Registration
from tests.factories import make_event, make_org, make_user
from tests.handlers.test_registration import labels, open_card


async def test_club_from_creation_to_an_anonymous_question(make_client, session, session_factory):
    org = await make_org(session, "ЦППМСП", "resource")
    await make_user(session, 8000, "coordinator", organization_id=org.id)
    await make_user(session, 8001)
    first = await make_event(
        session, "Встреча клуба: режим дня", in_days=5, kind="club", organization_id=org.id
    )
    second = await make_event(session, "Встреча клуба: игры", in_days=12, kind="club", organization_id=org.id)
    coordinator, parent = make_client(8000), make_client(8001)

    await coordinator.send("/menu")
    await coordinator.click("Клубы для родителей")
    assert "Клубов пока нет" in coordinator.text
    await coordinator.click("Новый клуб")
    await coordinator.send("Клуб «Особый ребёнок»")
    await coordinator.click("Пропустить")
    assert "Клуб создан" in coordinator.text
    for meeting in (first, second):
        await coordinator.press(f"ra:roster:{meeting.id}:")
        await coordinator.click("Сделать встречей клуба")
        await coordinator.click("Особый ребёнок")
        assert "Готово: это встреча клуба. Записаны участники клуба: 0" in coordinator.text

    await parent.send("/menu")
    await parent.click("Клубы для родителей")
    await parent.click("Особый ребёнок")
    assert "Вы пока не в клубе" in parent.text and "Встреча клуба: режим дня" in parent.text
    await parent.click("Вступить в клуб")
    assert "Вы записаны на ближайшие встречи: 2" in parent.text
    assert parent.text.count("вы записаны") == 2
    await parent.click("Не приду: Встреча клуба: режим дня")
    assert "на эту встречу вас не ждём" in parent.text
    assert "Встреча клуба: режим дня · " in parent.text and "вы не придёте" in parent.text
    assert any("Всё-таки приду" in label for label in labels(parent))
    await open_card(parent, second.id)
    assert "✅ Вы записаны." in parent.text

    await parent.send("/menu")
    await parent.click("Клубы для родителей")
    await parent.click("Особый ребёнок")
    assert "Вопросы участников 📝" not in labels(parent)
    await parent.click("Анонимный вопрос")
    assert "Он анонимный" in parent.text
    await parent.send("Как договориться со школой о тьюторе?")
    assert "Вопрос передан ведущему анонимно" in parent.text

    await coordinator.send("/menu")
    await coordinator.click("Клубы для родителей")
    await coordinator.click("Особый ребёнок")
    await coordinator.click("Вопросы участников")
    assert "Как договориться со школой о тьюторе?" in coordinator.text
    assert "8001" not in coordinator.text

    async with session_factory() as s:
        club = (await s.scalars(select(Club))).one()
        assert (club.title, club.organization_id, club.host_user_id) == (
            "Клуб «Особый ребёнок»",
            org.id,
            8000,
        )
        question = (await s.scalars(select(ClubQuestion))).one()
        assert question.event_id == first.id  # for the club's next meeting
        regs = (await s.execute(select(Registration.event_id, Registration.status))).all()
        assert sorted(tuple(r) for r in regs) == sorted([(first.id, "cancelled"), (second.id, "confirmed")])
        assert (await s.get(Event, first.id)).club_id == club.id

    await parent.send("/mydata")
    assert "Клубы: Клуб «Особый ребёнок»" in parent.text
    assert "Встреча клуба: игры · записаны" in parent.text
    await parent.send("/menu")
    await parent.click("Клубы для родителей")
    await parent.click("Особый ребёнок")
    await parent.click("Выйти из клуба")
    await parent.click("Да, выйти")
    assert "Вы вышли из клуба" in parent.text
    async with session_factory() as s:
        assert (await s.scalars(select(ClubMember))).all() == []


async def test_only_members_ask_and_only_hosts_read(make_client, session, session_factory):
    org = await make_org(session)
    club = Club(title="Клуб выходного дня", organization_id=org.id)
    session.add(club)
    await session.commit()
    await make_user(session, 8101)
    parent = make_client(8101)
    await parent.send("/menu")
    await parent.press(f"cl:ask:{club.id}:0")
    assert parent.session.alerts()[-1] == "Задавать вопросы могут участники клуба."
    await parent.press(f"cl:questions:{club.id}:0")
    assert parent.session.alerts()[-1] == "Вопросы видит только ведущий клуба."
    await parent.press("cl:new:0:0")
    assert parent.session.alerts()[-1] == "Это действие доступно только координаторам сети."
    async with session_factory() as s:
        assert (await s.scalars(select(ClubQuestion))).all() == []
