"""A network of 150 organizations with long names, through the dispatcher: every picker goes a page at a time and
every organization can be chosen. (The suite's `telegram_limits` fixture fails any test whose requests break
Telegram's limits, so each screen seen here is also checked for 4096 characters, 100 buttons, 64 bytes.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Organization, User
from tests.conftest import ADMIN_ID
from tests.factories import make_user

COUNT = 150
LONG = "Государственное бюджетное образовательное учреждение " * 9  # ~480 characters; short names take 120


@pytest.fixture
async def orgs(session) -> list[Organization]:
    roles = ("resource", "school", "kindergarten")
    items = [
        Organization(name=f"{LONG}{n:03}", short_name=f"{LONG[:116]}{n:03}", network_role=roles[n % 3])
        for n in range(COUNT)
    ]
    session.add_all(items)
    await session.commit()
    return items


def org_ids(client) -> set[str]:
    return {data.rsplit(":", 1)[-1] for _, data in client.buttons if data}


async def walk_pages(client, prefix: str) -> set[int]:
    """Press «Далее» until the last page; the organization ids the pickers' buttons carried (packed as `prefix`)."""
    seen: set[int] = set()
    for _ in range(COUNT):
        values = [
            data[len(prefix) :].split(":")[0]
            for _, data in client.buttons
            if data and data.startswith(prefix)
        ]
        seen |= {int(value) for value in values if value.isdigit()}
        if not any(label.startswith("Далее") for label, _ in client.buttons):
            return seen
        assert "Страница" in " ".join(label for label, _ in client.buttons)
        await client.click("Далее")
    raise AssertionError("the pages never end")


async def test_onboarding_offers_every_organization_a_page_at_a_time(make_client, orgs, session_factory):
    client = make_client(5001)
    await client.send("/start")
    await client.click("Даю согласие")
    await client.click("Русский")
    await client.click("родитель")
    assert len(client.buttons) < 30 and "Страница 1 из 8" in [label for label, _ in client.buttons]
    seen = await walk_pages(client, "ob:org:")
    assert seen == {o.id for o in orgs}
    last = orgs[-1]  # sorted by name: the last page holds it
    await client.press(f"ob:org:{last.id}:")
    await client.click("Обычный вид")  # the optional question about reading
    assert "Готово" in client.text
    async with session_factory() as s:
        assert (await s.get(User, 5001)).organization_id == last.id


async def test_settings_and_the_organizations_list_page(make_client, orgs, session, session_factory):
    await make_user(session, 5002)
    client = make_client(5002)
    await client.send("/settings")
    await client.click("Организация")
    assert await walk_pages(client, "st:set_org:") == {o.id for o in orgs}
    await client.click("Назад: стр. 7")
    assert "Страница 7 из 8" in [label for label, _ in client.buttons]
    choice = next(data for _, data in client.buttons if data and data.startswith("st:set_org:"))
    await client.press(choice)
    async with session_factory() as s:
        assert (await s.get(User, 5002)).organization_id == int(choice.rsplit(":", 1)[1])

    await client.send("/start")
    await client.click("Организации")
    assert "Страница 1 из 8" in client.text
    assert await walk_pages(client, "o:open:") == {o.id for o in orgs}
    assert "Страница 8 из 8" in client.text


async def test_coordinators_pick_among_150_organizations(make_client, orgs, session):
    admin = make_client(ADMIN_ID)
    await admin.send("/start")
    await admin.click("Даю согласие")
    await admin.click("Русский")
    await admin.send("/broadcast")
    await admin.send("Собрание в пятницу")
    await admin.click("Участникам организации")
    assert "Участникам какой организации?" in admin.text
    assert await walk_pages(admin, "bc:aud:org:") == {o.id for o in orgs}
    await admin.click("Назад: стр. 7")
    choice = next(data for _, data in admin.buttons if data and data.startswith("bc:aud:org:"))
    await admin.press(choice)
    assert "Собрание в пятницу" in " ".join(admin.texts())
    assert (await session.scalars(select(Organization))).all()
