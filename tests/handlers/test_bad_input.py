import logging
from datetime import timedelta
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendMessage
from sqlalchemy import select

from db.models import User
from handlers import callbacks
from services.people.users import InviteService
from tests.factories import make_org, make_user
from tests.handlers.test_onboarding import onboard


async def test_unknown_command_and_free_text_get_a_hint(make_client):
    client = make_client(4001)
    await client.send("/dance")
    assert client.text == "Чтобы начать, нажмите /start."
    await onboard(client)
    await client.send("/dance")
    assert "Такой команды я не знаю" in client.text and client.buttons
    await client.send("когда следующий семинар?")
    assert "выберите действие кнопкой" in client.text


async def test_forged_and_stale_callbacks_get_a_fresh_menu(make_client):
    client = make_client(4002)
    await onboard(client)
    for data in (
        "garbage",
        "s:list:everyone::0:0:0",
        "s:list:all:dance:0:0:0",
        "s:list:all::0:209913:0",
        "e:open:notanumber",
        "e:open:999999:all::0:0:0",
        "o:open:424242",
        "st:set_org:x",
        "ob:org:1",
    ):
        before = len(client.session.requests)
        await client.press(data)
        assert len(client.session.requests) > before, data
        assert "устарело" in client.text or "Не нашли такую запись" in client.text, (data, client.text)


async def test_callbacks_before_consent_point_to_start(make_client, session):
    client = make_client(4003)
    await client.send("/start")
    await client.press("s:list:all::0:0:0")
    assert client.text == "Чтобы начать, нажмите /start."
    assert (await session.scalars(select(User))).all() == []


async def test_used_and_expired_invites_are_refused_politely(make_client, session, session_factory):
    expired = await InviteService(session).create("coordinator", None, timedelta(seconds=-1))
    client = make_client(4004)
    await client.send(f"/start inv_{expired.code}")
    assert any("Срок действия приглашения истёк" in t for t in client.texts())
    await client.send("/start inv_doesnotexist")
    assert any("Ссылка-приглашение не найдена" in t for t in client.texts())
    await onboard(client)
    async with session_factory() as s:
        assert (await s.get(User, 4004)).role == "parent"


async def test_a_user_who_blocked_the_bot_does_not_crash_it(make_client):
    client = make_client(4005)
    await onboard(client)
    client.session.blocked.add(4005)
    await client.send("/menu")  # the answer fails with 403; the error is logged, not raised
    assert isinstance(client.session.requests[-1], SendMessage)


async def test_oversized_text_in_a_form_is_refused_with_the_limit(make_client):
    client = make_client(900001)
    await client.send("/start")
    await client.click("Даю согласие")
    await client.click("Русский")
    await client.send("/new_event")
    await client.send("x" * 5000)
    assert "не больше 200 знаков" in client.text


EXTREMES = ("2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809", "1" * 40)


def forged_with_extreme_ids() -> list[str]:
    """Every action of every callback class, each integer field in turn carrying a number beyond the database's
    id range (PostgreSQL's id columns are 32-bit); the other fields keep their defaults."""
    forged = []
    for name in callbacks.__all__:
        cls = getattr(callbacks, name)
        if not (isinstance(cls, type) and issubclass(cls, CallbackData)):
            continue
        fields = cls.model_fields
        acts = next(
            (
                list(f.annotation)
                for f in fields.values()
                if isinstance(f.annotation, type) and issubclass(f.annotation, StrEnum)
            ),
            [None],
        )
        numbers = [k for k, f in fields.items() if f.annotation is int or "int" in str(f.annotation)]
        for act in acts:
            for index, field in enumerate(numbers):
                values = []
                for key, info in fields.items():
                    if key == field:
                        values.append(EXTREMES[(len(forged) + index) % len(EXTREMES)])
                    elif isinstance(info.annotation, type) and issubclass(info.annotation, StrEnum):
                        values.append(str(act))
                    elif info.is_required():
                        values.append("1")
                    else:
                        values.append(str(info.default))
                forged.append(":".join([cls.__prefix__, *values]))
    return forged


async def test_buttons_with_ids_beyond_the_database_range_are_outdated(make_client, session, caplog):
    """A forged button whose number no id column can hold is an outdated menu, not an error: on both databases,
    for every callback class and field, and for a member of staff (who gets past every role filter)."""
    org = await make_org(session, "ЦППМСП", "resource")
    await make_user(session, 4010, role="admin", organization_id=org.id)
    client = make_client(4010)
    await client.send("/menu")
    forged = [f"ack:{number}" for number in EXTREMES] + forged_with_extreme_ids()
    assert len(forged) > 100
    caplog.set_level(logging.INFO)
    for data in forged:
        before = len(client.session.requests)
        await client.press(data)
        assert len(client.session.requests) > before, data
        assert "устарело" in client.text, (data, client.text)
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures == [], [r.getMessage() for r in failures]


async def test_ids_written_as_text_in_buttons_are_bounded_too(make_client, session, caplog):
    """Some buttons carry an organization, a registration or a number of seats as text: a number beyond the id
    range, or digits no id is written with («²», «١٢»), get a polite answer, never an error."""
    org = await make_org(session, "ЦППМСП", "resource")
    await make_user(session, 4011, role="admin", organization_id=org.id)
    client = make_client(4011)
    await client.send("/menu")
    caplog.set_level(logging.INFO)
    for bad in ("2147483648", "9223372036854775808", "²", "١٢"):
        for data in (
            f"st:set_org:{bad}",
            f"st:org:{bad}",
            f"sf:bind:{org.id}:0:{bad}",
            f"ra:att_x:1:{bad}",
            f"ra:cap_set:1:{bad}",
            f"ob:org:{bad}:",
            f"ob:org_page:{bad}:",
            f"sa:closes_in:1:{bad}",
        ):
            await client.press(data)
            assert "Что-то пошло не так" not in client.text, (data, client.text)
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures == [], [r.getMessage() for r in failures]
