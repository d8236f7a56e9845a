from sqlalchemy import event

from db.models import User
from db.repositories.users import UserRepo
from services.people.users import UserService
from services.user_cache import UserCache
from tests.factories import make_user


def count_statements(engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


async def test_a_remembered_person_comes_back_without_a_query_and_can_be_changed(engine, session_factory):
    cache = UserCache(ttl=30)
    async with session_factory() as s:
        user = await make_user(s, 7001, "parent")
        cache.remember(s, user, 7001, ok=True)
    statements = count_statements(engine)
    async with session_factory() as s:
        cached = await cache.load(s, 7001)
        assert (cached.id, cached.role, cached.language) == (7001, "parent", "ru")
        assert statements == []  # no SELECT for the person
        await UserService(s).set_language(cached, "en")
        cache.remember(s, cached, 7001, ok=True)
    async with session_factory() as s:
        assert (await s.get(User, 7001)).language == "en"
        assert (await cache.load(s, 7001)).language == "en"


async def test_bulk_changes_and_errors_forget_the_person(session_factory):
    cache = UserCache(ttl=30)
    async with session_factory() as s:
        user = await make_user(s, 7002, "parent")
        cache.remember(s, user, 7002, ok=True)
        await UserRepo(s).delete(7002)
        await s.commit()
        cache.remember(s, user, 7002, ok=True)
        assert await cache.load(s, 7002) is None
        other = await make_user(s, 7003, "teacher")
        cache.remember(s, other, 7003, ok=False)
        assert await cache.load(s, 7003) is None


async def test_expired_entries_and_a_disabled_cache_read_the_database(session_factory):
    now = [0.0]
    cache = UserCache(ttl=5, clock=lambda: now[0])
    async with session_factory() as s:
        user = await make_user(s, 7004)
        cache.remember(s, user, 7004, ok=True)
        now[0] = 6
        assert await cache.load(s, 7004) is None
        off = UserCache(ttl=0)
        off.remember(s, user, 7004, ok=True)
        assert await off.load(s, 7004) is None


async def test_a_slower_update_with_an_older_copy_does_not_overwrite_a_newer_one(session_factory):
    """Two clicks of one person handled at once: the role step commits, then the next click, which read the
    person before that commit, ends. Its older copy must not be what the cache keeps."""
    cache = UserCache(ttl=30)
    async with session_factory() as s:
        cache.remember(s, await make_user(s, 7005, "parent"), 7005, ok=True)
    async with session_factory() as slow, session_factory() as quick:
        stale = await cache.load(slow, 7005)
        fresh = await cache.load(quick, 7005)
        await UserService(quick).set_role(fresh, "teacher")
        cache.remember(quick, fresh, 7005, ok=True)
        cache.remember(slow, stale, 7005, ok=True)  # the slower update ends last
    async with session_factory() as s:
        remembered = await cache.load(s, 7005) or await s.get(User, 7005)
        assert remembered.role == "teacher"
