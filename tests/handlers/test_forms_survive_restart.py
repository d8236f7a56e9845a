"""A restart in the embedded mode (no Redis): the dispatcher is built again on the same database, as
`python -m bot` does after a crash, and a half-written event form and a pending plan import go on where they were.
(The SIGKILL drill with the real process is tests/e2e/test_restart_mid_form.py.)"""

from __future__ import annotations

from sqlalchemy import func, select

from bot.factory import create_dispatcher
from db.models import Event, FsmRecord
from tests.client import TgClient
from tests.factories import make_org
from tests.handlers.test_coordinator import become_coordinator
from tests.plan_import.builders import seed_bytes


def restarted(client: TgClient, settings, session_factory, translator) -> TgClient:
    """The same person talking to a freshly built dispatcher: nothing of the old one's memory is left."""
    dp = create_dispatcher(settings, session_factory, translator=translator)
    return TgClient(dp, client.bot, client.session, client.id)


async def test_a_half_written_event_form_goes_on_after_a_restart(
    make_client, session, session_factory, settings, translator
):
    org = await make_org(session, "ЦППМСП")
    client = make_client(3101)
    await become_coordinator(client, session, org.id)
    await client.click("Новое мероприятие")
    await client.send("Круглый стол «Инклюзия в школе»")
    await client.click("семинар")
    await client.click("родители")
    await client.send("15.12.2030 18:00")
    asked = client.text
    async with session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(FsmRecord)) >= 1  # the form is in the database

    client = restarted(client, settings, session_factory, translator)
    await client.send("15.12.2030 19:30")  # the end time, the next step after the start
    assert client.text != asked
    await client.click("Пропустить")  # description
    await client.send("20")
    await client.click("Пропустить")  # venue
    await client.click("Пропустить")  # online link
    await client.click("Пропустить")  # registration deadline
    assert "Круглый стол «Инклюзия в школе»" in client.text  # the preview keeps the title given before
    await client.click("Сохранить")
    assert "Мероприятие сохранено" in client.text
    async with session_factory() as s:
        event = (await s.scalars(select(Event).where(Event.title == "Круглый стол «Инклюзия в школе»"))).one()
    assert event.capacity == 20 and event.organization_id == org.id


async def test_a_pending_plan_import_is_saved_after_a_restart(
    make_client, session, session_factory, settings, translator
):
    org = await make_org(session, "ЦКРОиР")
    client = make_client(7101)
    await become_coordinator(client, session, org.id)
    await client.send_document("003_plan.txt", content=seed_bytes("003"))
    assert "Предпросмотр плана" in client.text

    client = restarted(client, settings, session_factory, translator)
    await client.click("Сохранить")
    assert "План сохранён. Добавлено 27, обновлено 0, пропущено 0." in client.text
    async with session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(Event)) == 27
