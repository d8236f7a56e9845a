import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import Invite, User
from services.core.errors import PermissionDenied, ValidationFailed
from services.people.users import InviteService, UserService
from tests.factories import make_org, make_user


async def test_invite_makes_a_coordinator_of_its_organization_once(session):
    org = await make_org(session)
    invite = await InviteService(session).create("coordinator", org.id, timedelta(days=7))
    users = UserService(session)
    first = await users.give_consent(10, "ru")
    await users.redeem_invite(first, invite.code)
    assert (first.role, first.organization_id) == ("coordinator", org.id)
    second = await users.give_consent(11, "ru")
    with pytest.raises(ValidationFailed) as info:
        await users.redeem_invite(second, invite.code)
    assert info.value.key == "invite-used"
    assert second.role is None


async def test_expired_and_unknown_invites_are_refused(session):
    invite = await InviteService(session).create("admin", None, timedelta(days=1))
    users = UserService(session)
    user = await users.give_consent(12, "ru")
    later = datetime.now(UTC) + timedelta(days=2)
    assert (await users.check_invite(invite.code, later)).reason == "expired"
    assert (await users.check_invite("nope")).reason == "unknown"
    with pytest.raises(ValidationFailed):
        await users.redeem_invite(user, invite.code, later)


async def test_concurrent_redemptions_of_one_invite_grant_one_role(session_factory):
    async with session_factory() as s:
        invite = await InviteService(s).create("coordinator", None, timedelta(days=1))
        for uid in range(20, 30):
            await UserService(s).give_consent(uid, "ru")

    async def redeem(uid: int) -> bool:
        async with session_factory() as s:
            service = UserService(s)
            try:
                await service.redeem_invite(await service.get(uid), invite.code)
                return True
            except ValidationFailed:
                return False

    results = await asyncio.gather(*(redeem(uid) for uid in range(20, 30)))
    assert results.count(True) == 1
    async with session_factory() as s:
        assert await s.scalar(select(func.count()).where(User.role == "coordinator")) == 1
        assert (await s.get(Invite, invite.code)).used_by is not None


async def test_people_cannot_make_themselves_staff(session):
    user = await make_user(session, 40, "parent")
    with pytest.raises(PermissionDenied):
        await UserService(session).set_role(user, "coordinator")
    assert (await session.get(User, 40)).role == "parent"


async def test_forget_deletes_the_person_and_unlinks_invites(session):
    user = await UserService(session).give_consent(50, "ru")
    invite = await InviteService(session).create("coordinator", None, timedelta(days=1))
    code = invite.code
    await UserService(session).redeem_invite(user, code)
    await UserService(session).forget(50)
    session.expire_all()
    assert await session.get(User, 50) is None
    assert (await session.get(Invite, code)).used_by is None


async def test_reading_settings_are_off_at_first_and_kept_when_chosen(session, session_factory):
    users = UserService(session)
    person = await users.give_consent(7301, "ru")
    assert (person.screen_reader, person.plain_language) == (False, False)
    await users.set_reading(person, screen_reader=True)
    await users.set_reading(person, plain_language=True)
    await users.toggle_reading(person, "screen_reader")
    async with session_factory() as other:
        row = await other.get(User, 7301)
        assert row is not None and (row.screen_reader, row.plain_language) == (False, True)
    await users.set_reading(person, screen_reader=True, plain_language=False)
    async with session_factory() as other:
        row = await other.get(User, 7301)
        assert row is not None and (row.screen_reader, row.plain_language) == (True, False)


async def test_a_forged_reading_setting_changes_nothing(session):
    users = UserService(session)
    person = await users.give_consent(7302, "ru")
    for field in ("role", "is_active", "notify_24h", ""):
        with pytest.raises(ValidationFailed):
            await users.toggle_reading(person, field)
    assert (person.role, person.is_active, person.notify_24h, person.screen_reader) == (
        None,
        True,
        True,
        False,
    )


async def test_consent_keeps_a_person_as_their_messenger_and_account_there(session):
    """A Telegram person and a MAX person with the same account number are two people, each on their own messenger."""
    from bot.max.ids import user_to_aiogram

    users = UserService(session)
    await users.give_consent(777, "ru")
    await users.give_consent(user_to_aiogram(777), "en")
    rows = (await session.execute(select(User.id, User.messenger, User.account_id).order_by(User.id))).all()
    assert [tuple(r) for r in rows] == [(777, "telegram", 777), (user_to_aiogram(777), "max", 777)]
