from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import Event, Registration
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.people.users import UserService
from services.registration.registrations import NEEDS_OTHER_MAX, RegistrationService, event_hours
from tests.factories import make_event, make_org, make_user


async def _people(session, *ids, role="parent"):
    return [await make_user(session, i, role) for i in ids]


async def _statuses(session, event_id):
    rows = await session.scalars(
        select(Registration)
        .where(Registration.event_id == event_id)
        .order_by(Registration.seq)
        .execution_options(populate_existing=True)
    )
    return [(r.user_id, r.status) for r in rows]


async def test_seats_then_waitlist_with_positions(session):
    event = await make_event(session, capacity=2)
    a, b, c, d = await _people(session, 1, 2, 3, 4)
    service = RegistrationService(session)
    assert (await service.register(a, event.id)).position is None
    assert (await service.register(b, event.id)).position is None
    assert (await service.register(c, event.id)).position == 1
    assert (await service.register(d, event.id)).position == 2
    place = await service.place(event, d.id)
    assert (place.seats.left, place.seats.waitlisted, place.position) == (0, 2, 2)
    assert await _statuses(session, event.id) == [
        (1, "confirmed"),
        (2, "confirmed"),
        (3, "waitlisted"),
        (4, "waitlisted"),
    ]


async def test_pressing_again_changes_nothing(session):
    event = await make_event(session, capacity=5)
    (a,) = await _people(session, 1)
    service = RegistrationService(session)
    first = await service.register(a, event.id)
    again = await service.register(a, event.id)
    assert (first.already, again.already) == (False, True)
    assert await session.scalar(select(func.count()).select_from(Registration)) == 1


async def test_deadline_start_cancelled_and_closed_events_refuse_sign_up(session):
    (a,) = await _people(session, 1)
    service = RegistrationService(session)
    past_deadline = await make_event(
        session, registration_deadline=datetime.now(UTC) - timedelta(hours=1), capacity=5
    )
    started = await make_event(session, in_days=-0.01)
    cancelled = await make_event(session, status="cancelled")
    closed = await make_event(session, registration_closed=True)
    undated = await make_event(session, starts_at=None, precision="on_request")
    for event, key in (
        (past_deadline, "reg-closed-deadline"),
        (started, "reg-closed-deadline"),
        (cancelled, "reg-closed-cancelled"),
        (closed, "reg-closed-by-host"),
        (undated, "reg-closed-no-date"),
    ):
        with pytest.raises(ValidationFailed) as error:
            await service.register(a, event.id)
        assert error.value.key == key
    assert await session.scalar(select(func.count()).select_from(Registration)) == 0
    with pytest.raises(NotFound):
        await service.register(a, 999_999)


async def test_cancel_promotes_the_first_waiting_and_reports_them(session):
    event = await make_event(session, capacity=1)
    a, b, c = await _people(session, 1, 2, 3)
    b.language = "en"
    await session.commit()
    service = RegistrationService(session)
    for person in (a, b, c):
        await service.register(person, event.id)
    promoted = await service.cancel(a, event.id)
    assert [(p.user_id, p.language, p.event_id) for p in promoted] == [(2, "en", event.id)]
    assert await _statuses(session, event.id) == [(1, "cancelled"), (2, "confirmed"), (3, "waitlisted")]
    assert (await service.place(event, c.id)).position == 1
    # A waiting person leaving frees no seat: nobody is promoted.
    assert await service.cancel(c, event.id) == []
    with pytest.raises(ValidationFailed) as error:  # a second cancel is answered, not applied twice
        await service.cancel(c, event.id)
    assert error.value.key == "reg-not-registered"


async def test_registering_again_after_cancelling_goes_to_the_end(session):
    event = await make_event(session, capacity=1)
    a, b = await _people(session, 1, 2)
    service = RegistrationService(session)
    await service.register(a, event.id)
    await service.register(b, event.id)
    await service.cancel(a, event.id)
    again = await service.register(a, event.id)
    assert again.position == 1
    assert await _statuses(session, event.id) == [(2, "confirmed"), (1, "waitlisted")]


async def test_no_cancelling_after_the_start(session):
    event = await make_event(session, capacity=3)
    (a,) = await _people(session, 1)
    service = RegistrationService(session)
    await service.register(a, event.id)
    with pytest.raises(ValidationFailed) as error:
        await service.cancel(a, event.id, now=event.starts_at + timedelta(minutes=1))
    assert error.value.key == "reg-cancel-started"


async def test_needs_are_choices_and_a_short_text(session):
    event = await make_event(session)
    (a,) = await _people(session, 1)
    service = RegistrationService(session)
    await service.register(a, event.id)
    await service.toggle_need(a, event.id, "sign_language")
    await service.toggle_need(a, event.id, "step_free")
    await service.toggle_need(a, event.id, "childcare")
    registration = await service.toggle_need(a, event.id, "childcare")
    assert registration.needs == "step_free,sign_language"
    with pytest.raises(ValidationFailed):
        await service.toggle_need(a, event.id, "diagnosis")
    with pytest.raises(ValidationFailed) as error:
        await service.set_other_need(a, event.id, "я" * (NEEDS_OTHER_MAX + 1))
    assert error.value.key == "reg-other-long"
    registration = await service.set_other_need(a, event.id, "  место   для коляски ")
    assert registration.needs_other == "место для коляски"
    await service.set_display_name(a, event.id, "Анна, мама Миши")
    # Cancelling forgets the needs and the name.
    await service.cancel(a, event.id)
    stored = await service.repo.get(event.id, a.id)
    assert (stored.needs, stored.needs_other, stored.display_name) == ("", None, None)


async def test_capacity_raise_promotes_and_lowering_drops_nobody(session):
    org = await make_org(session)
    event = await make_event(session, capacity=1, organization_id=org.id)
    coordinator = await make_user(session, 50, "coordinator", organization_id=org.id)
    people = await _people(session, 1, 2, 3, 4)
    service = RegistrationService(session)
    for person in people:
        await service.register(person, event.id)
    roster = await service.set_capacity(coordinator, event.id, 3)
    assert [p.user_id for p in roster.promoted] == [2, 3]
    assert (roster.seats.confirmed, roster.seats.waitlisted) == (3, 1)
    roster = await service.set_capacity(coordinator, event.id, 1)
    assert (roster.seats.confirmed, roster.seats.waitlisted, roster.promoted) == (3, 1, [])
    roster = await service.set_capacity(coordinator, event.id, None)  # no limit: everyone gets a seat
    assert [p.user_id for p in roster.promoted] == [4]
    with pytest.raises(ValidationFailed):
        await service.set_capacity(coordinator, event.id, 0)


async def test_close_and_reopen_never_lifts_a_passed_deadline(session):
    event = await make_event(session, capacity=5)
    admin = await make_user(session, 50, "admin")
    (a,) = await _people(session, 1)
    service = RegistrationService(session)
    roster = await service.set_closed(admin, event.id, True)
    assert roster.closed_reason == "reg-closed-by-host"
    with pytest.raises(ValidationFailed):
        await service.register(a, event.id)
    await service.set_closed(admin, event.id, False)
    await service.register(a, event.id)
    with pytest.raises(ValidationFailed) as error:
        await service.set_closed(admin, event.id, False, now=event.starts_at + timedelta(hours=1))
    assert error.value.key == "reg-reopen-deadline"


async def test_attendance_all_present_then_exceptions(session):
    event = await make_event(session, capacity=5)
    admin = await make_user(session, 50, "admin")
    a, b, c = await _people(session, 1, 2, 3)
    service = RegistrationService(session)
    for person in (a, b, c):
        await service.register(person, event.id)
    with pytest.raises(ValidationFailed) as error:
        await service.mark_all_present(admin, event.id)
    assert error.value.key == "reg-attendance-early"
    later = event.starts_at + timedelta(hours=1)
    roster = await service.mark_all_present(admin, event.id, now=later)
    assert (roster.attended, roster.absent) == (3, 0)
    b_reg = next(r for r in roster.confirmed if r.user_id == 2)
    roster = await service.toggle_attended(admin, event.id, b_reg.id, now=later)
    assert (roster.attended, roster.absent) == (2, 1)
    other = await make_event(session)
    with pytest.raises(NotFound):  # a registration of another event through this event's button
        await service.toggle_attended(admin, other.id, b_reg.id, now=later)


async def test_parent_and_other_org_coordinator_are_refused_by_the_service(session):
    mine, other = await make_org(session, "Школа № 34"), await make_org(session, "Школа № 627")
    event = await make_event(session, capacity=5, organization_id=other.id)
    parent = await make_user(session, 1, "parent")
    bound = await make_user(session, 2, "coordinator", organization_id=mine.id)
    service = RegistrationService(session)
    for call in (
        lambda u: service.roster(u, event.id),
        lambda u: service.set_capacity(u, event.id, 50),
        lambda u: service.set_closed(u, event.id, True),
        lambda u: service.mark_all_present(u, event.id),
    ):
        with pytest.raises(PermissionDenied):
            await call(parent)
        with pytest.raises(PermissionDenied) as error:
            await call(bound)
        assert error.value.key == "error-not-your-org"
    stored = await session.get(Event, event.id, populate_existing=True)
    assert (stored.capacity, stored.registration_closed) == (5, False)


async def test_mine_and_the_training_record(session):
    teacher = await make_user(session, 1, "teacher")
    admin = await make_user(session, 50, "admin")
    (other,) = await _people(session, 2)
    soon = await make_event(session, "Скоро", capacity=1, in_days=2)
    full = await make_event(session, "Полный", capacity=1, in_days=3)
    past = await make_event(session, "Прошёл", in_days=5, capacity=10)
    service = RegistrationService(session)
    await service.register(teacher, soon.id)
    await service.register(other, full.id)
    await service.register(teacher, full.id)
    await service.register(teacher, past.id)
    await service.mark_all_present(admin, past.id, now=past.starts_at + timedelta(hours=3))
    mine = await service.mine(teacher, now=past.ends_at + timedelta(days=1))
    assert [(i.event.title, i.registration.status, i.position) for i in mine.past] == [
        ("Прошёл", "confirmed", None),
        ("Полный", "waitlisted", 1),
        ("Скоро", "confirmed", None),
    ]
    now = datetime.now(UTC)
    mine = await service.mine(teacher, now=now)
    assert [(i.event.title, i.position) for i in mine.upcoming] == [
        ("Скоро", None),
        ("Полный", 1),
        ("Прошёл", None),
    ]
    record = await service.record(teacher)
    assert [(i.event.title, i.hours) for i in record.items] == [("Прошёл", 2.0)]
    assert record.total_hours == 2.0


def test_event_hours_round_to_half_an_hour():
    start = datetime(2030, 1, 1, 10, tzinfo=UTC)
    assert (
        event_hours(Event(starts_at=start, ends_at=start + timedelta(minutes=95), precision="exact")) == 1.5
    )
    assert event_hours(Event(starts_at=start, ends_at=None, precision="exact")) == 0.0
    assert event_hours(Event(starts_at=start, ends_at=start + timedelta(days=1), precision="day")) == 0.0


async def test_forget_releases_seats_and_deletes_registrations(session):
    event = await make_event(session, capacity=1)
    a, b = await _people(session, 1, 2)
    service = RegistrationService(session)
    await service.register(a, event.id)
    await service.register(b, event.id)
    await service.toggle_need(a, event.id, "quiet_room")
    promoted = await UserService(session).forget(a.id)
    assert [p.user_id for p in promoted] == [2]
    assert await _statuses(session, event.id) == [(2, "confirmed")]


async def test_nobody_is_moved_into_a_past_or_cancelled_event(session):
    admin = await make_user(session, 50, "admin")
    a, b = await _people(session, 1, 2)
    service = RegistrationService(session)
    over = await make_event(session, "Прошёл", capacity=1, in_days=1)
    called_off = await make_event(session, "Отменён", capacity=1)
    for event in (over, called_off):
        await service.register(a, event.id)
        await service.register(b, event.id)
    stored = await session.get(Event, over.id)
    stored.starts_at = datetime.now(UTC) - timedelta(days=1)
    stored.ends_at = stored.starts_at + timedelta(hours=1)
    (await session.get(Event, called_off.id)).status = "cancelled"
    await session.commit()
    roster = await service.set_capacity(admin, called_off.id, 5)
    assert roster.promoted == [] and roster.seats.waitlisted == 1
    assert await UserService(session).forget(a.id) == []  # the person's rows just go with them
    assert await _statuses(session, over.id) == [(2, "waitlisted")]
