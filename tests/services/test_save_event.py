"""Saving the event form is one action: the edit, the waitlist moving up into new seats and their notices are
committed together, after one permission check."""

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from db.models import Event, Notification, Registration
from services.core.errors import PermissionDenied, ValidationFailed
from services.events.events import EventDraft
from services.provider import Services
from tests.factories import make_event, make_org, make_user


class Wakes:
    def __init__(self) -> None:
        self.count = 0

    def wake(self) -> None:
        self.count += 1


def _commits(session) -> list[int]:
    seen: list[int] = []
    sa_event.listen(session.sync_session, "after_commit", lambda _: seen.append(1))
    return seen


async def _full_event_with_waitlist(session, org_id=None):
    event = await make_event(session, "Семинар", capacity=1, organization_id=org_id)
    services = Services(session=session, tz=ZoneInfo("Europe/Moscow"))
    for person in [await make_user(session, i, "parent") for i in (1, 2, 3)]:
        await services.registrations.register(person, event.id)
    return event


async def test_more_seats_in_the_form_promote_the_waitlist_in_the_same_commit(session):
    event = await _full_event_with_waitlist(session)
    admin = await make_user(session, 50, "admin")
    notifier = Wakes()
    services = Services(session=session, tz=ZoneInfo("Europe/Moscow"), notifier=notifier)
    draft = EventDraft.from_event(event)
    draft.capacity = 2
    commits = _commits(session)
    saved = await services.save_event(admin, event.id, draft)
    assert saved.capacity == 2
    assert len(commits) == 1  # the edit and the promotion: one transaction
    assert notifier.count == 1  # the sender is woken after it
    rows = await session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id)
        .order_by(Registration.seq)
        .execution_options(populate_existing=True)
    )
    assert [(r.user_id, r.status) for r in rows] == [(1, "confirmed"), (2, "confirmed"), (3, "waitlisted")]
    told = await session.scalars(select(Notification.user_id).where(Notification.kind == "waitlist_promoted"))
    assert list(told) == [2]


async def test_a_coordinator_of_another_organization_changes_nothing(session):
    mine, other = await make_org(session, "Школа № 34"), await make_org(session, "Школа № 627")
    event = await _full_event_with_waitlist(session, other.id)
    coordinator = await make_user(session, 60, "coordinator")
    coordinator.organization_id = mine.id
    await session.commit()
    services = Services(session=session, tz=ZoneInfo("Europe/Moscow"))
    draft = EventDraft.from_event(event)
    draft.capacity, draft.organization_id = 3, None
    with pytest.raises(PermissionDenied):
        await services.save_event(coordinator, event.id, draft)
    stored = await session.get(Event, event.id, populate_existing=True)
    assert stored.capacity == 1
    waiting = await session.scalars(select(Registration.user_id).where(Registration.status == "waitlisted"))
    assert sorted(waiting) == [2, 3]


async def test_a_bad_draft_is_refused_and_lets_go_of_the_event(session):
    event = await _full_event_with_waitlist(session)
    admin = await make_user(session, 50, "admin")
    services = Services(session=session, tz=ZoneInfo("Europe/Moscow"))
    draft = EventDraft.from_event(event)
    draft.capacity = 0
    with pytest.raises(ValidationFailed):
        await services.save_event(admin, event.id, draft)
    assert not session.in_transaction()  # the event's lock is not held past the refusal
    stored = await session.get(Event, event.id, populate_existing=True)
    assert stored.capacity == 1
