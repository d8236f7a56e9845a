from datetime import UTC, datetime, timedelta

from aiogram.methods import SendDocument
from sqlalchemy import select

from db.models import Event
from services.demo import seed_demo
from tests.conftest import ADMIN_ID
from tests.factories import make_event, make_org, make_user
from tests.handlers.test_onboarding import onboard


async def test_schedule_card_and_calendar_file(make_client, session, settings):
    await seed_demo(session, settings.tz, datetime.now(settings.tz).date())
    client = make_client(2001)
    await onboard(client, "родитель")
    await client.click("Расписание")
    assert "Показаны: для родителей" in client.text
    assert "Клуб для родителей обучающихся с ОВЗ" in client.text
    assert "Семинар «Здоровьесберегающая школа" not in client.text  # that one is for teachers
    await client.click("Клуб для родителей")
    card = client.text
    assert "Когда:" in card and "Где: Школа № 34" in card and "Мест: 20" in card
    assert "Для кого: родители" in card
    await client.click("Добавить в календарь")
    document = client.session.of_type(SendDocument)[-1]
    body = document.document.data.decode().replace("\r\n ", "")  # unfold long lines
    assert "SUMMARY:Клуб для родителей обучающихся с ОВЗ и детей-инвалидов" in body
    assert document.document.filename.endswith(".ics")
    await client.click("К расписанию")
    assert "Показаны: для родителей" in client.text


async def test_paging_and_filters(make_client, session):
    for day in range(1, 13):
        await make_event(session, f"Семинар №{day:02d}", in_days=day, audience="all")
    await make_event(session, "Клуб выходного дня", in_days=2, kind="club", audience="parents")
    client = make_client(2002)
    await onboard(client, "педагог")
    await client.send("/schedule")
    assert "Страница 1 из 3" in client.text and "Семинар №01" in client.text
    assert "Клуб выходного дня" not in client.text  # a teacher sees what is for teachers first
    await client.click("Дальше")
    assert "Страница 2 из 3" in client.text and "6. <b>Семинар №06" in client.text
    await client.click("Для кого")
    await client.click("для родителей")
    assert "Клуб выходного дня" in client.text and "Страница 1 из 3" in client.text
    await client.click("Вид")
    await client.click("клубы для родителей")
    assert "Клуб выходного дня" in client.text and "Семинар №01" not in client.text
    await client.click("Организация")
    await client.click("Все организации")
    await client.click("Месяц")
    assert "Любой месяц" in [label for label, _ in client.buttons]


async def test_organizations_grouped_with_upcoming_events(make_client, session, settings):
    await seed_demo(session, settings.tz, datetime.now(settings.tz).date())
    client = make_client(2003)
    await onboard(client)
    await client.click("Организации")
    text = client.text
    assert (
        text.index("Ресурсные площадки")
        < text.index("Базовые площадки")
        < text.index("Дополнительные площадки")
    )
    await client.click("ЦППМСП Невского района")
    assert "Что предлагает: Консультации психолога" in client.text
    assert "Ближайшие мероприятия" in client.text
    await client.click("Все мероприятия организации")
    assert "ЦППМСП Невского района" in client.text
    await client.click("Об организации")  # back to the organization it was opened from
    assert "Что предлагает: Консультации психолога" in client.text


async def test_cancelled_event_card_says_so_and_offers_no_calendar(make_client, session):
    event = await make_event(session, "Круглый стол", status="cancelled")
    client = make_client(2004)
    await onboard(client)
    await client.press(f"e:open:{event.id}:all::0:0:0")
    assert "Мероприятие отменено" in client.text
    assert not any("календарь" in label for label, _ in client.buttons)


async def test_event_with_html_in_title_is_escaped(make_client, session):
    await make_event(session, "<b>Семинар</b> & встреча", audience="all")
    client = make_client(2005)
    await onboard(client)
    await client.send("/schedule")
    assert "&lt;b&gt;Семинар&lt;/b&gt; &amp; встреча" in client.text


async def test_upcoming_event_by_another_org_visible_to_all(make_client, session):
    org = await make_org(session, "ДДТ", "additional")
    await make_user(session, 2099, "coordinator", organization_id=org.id)
    await make_event(
        session,
        "Фестиваль",
        organization_id=org.id,
        audience="all",
        starts_at=datetime.now(UTC) + timedelta(days=1),
    )
    client = make_client(2006)
    await onboard(client)
    await client.send("/schedule")
    assert "Фестиваль" in client.text
    assert (await session.scalars(select(Event.title))).all() == ["Фестиваль"]


async def test_a_cancelled_event_is_marked_in_the_schedule_people_just_saw(make_client, session):
    """Pages are cached; a change made in the bot is seen at once, not when the cache expires. A cancelled event
    stays listed, marked, until it would have ended, and its card offers no sign-up."""
    await make_event(session, "Клуб выходного дня", in_days=2, kind="club", audience="parents")
    await make_event(session, "Семинар-практикум «Поощрение успехов»", in_days=3, audience="parents")
    parent = make_client(2101)
    await onboard(parent, "родитель")
    await parent.send("/schedule")
    assert "Клуб выходного дня" in parent.text

    admin = make_client(ADMIN_ID)
    await admin.send("/start")
    await admin.click("Даю согласие")
    await admin.click("Русский")
    await admin.click("Обычный вид")
    await admin.send("/schedule")
    await admin.click("Клуб выходного дня")
    await admin.click("Отменить мероприятие")
    await admin.click("Да")

    await parent.send("/schedule")
    assert "Отменено: Клуб выходного дня" in parent.text
    assert "Поощрение успехов" in parent.text and "Отменено: Семинар" not in parent.text
    await parent.click("Отменено: Клуб выходного дня")
    assert "Мероприятие отменено" in parent.text
    assert not any("Записаться" in label for label, _ in parent.buttons)
    await parent.click("К расписанию")
    assert "Отменено: Клуб выходного дня" in parent.text


async def test_a_cancelled_event_leaves_the_schedule_once_it_would_have_ended(make_client, session):
    now = datetime.now(UTC)
    await make_event(session, "Прошедший отменённый", starts_at=now - timedelta(hours=3), status="cancelled")
    await make_event(
        session, "Отменённый без даты", starts_at=None, precision="on_request", status="cancelled"
    )
    await make_event(session, "Идущий отменённый", starts_at=now - timedelta(hours=1), status="cancelled")
    parent = make_client(2102)
    await onboard(parent, "родитель")
    await parent.send("/schedule")
    assert "Отменено: Идущий отменённый" in parent.text
    assert "Прошедший отменённый" not in parent.text and "Отменённый без даты" not in parent.text


async def test_an_item_with_no_audience_in_its_plan_is_in_everyones_default_schedule(make_client, session):
    await make_event(session, "Единый методический день", in_days=2, audience="unknown")
    await make_event(session, "Семинар для педагогов", in_days=3, audience="teachers")
    parent = make_client(2111)
    await onboard(parent, "родитель")
    await parent.send("/schedule")
    assert "Показаны: для родителей" in parent.text
    assert "Единый методический день" in parent.text and "Семинар для педагогов" not in parent.text
    teacher = make_client(2112)
    await onboard(teacher, "педагог")
    await teacher.send("/schedule")
    assert "Единый методический день" in teacher.text and "Семинар для педагогов" in teacher.text
