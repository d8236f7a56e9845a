from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from db.models import ClubMeetingOptout, ClubMember, ClubQuestion, Registration
from services.clubs.clubs import QUESTION_MAX, ClubService
from services.core.errors import PermissionDenied, ValidationFailed
from services.people.users import UserService
from services.registration.registrations import RegistrationService
from tests.factories import make_event, make_org, make_user


async def _club_with_meetings(session, capacity=None):
    org = await make_org(session, "Школа № 34", "base")
    host = await make_user(session, 900, "coordinator", organization_id=org.id)
    service = ClubService(session)
    club = await service.create(host, "Клуб «Особый ребёнок»", "Встречи родителей раз в месяц")
    first = await make_event(
        session, "Встреча 1", in_days=3, kind="club", organization_id=org.id, capacity=capacity
    )
    second = await make_event(session, "Встреча 2", in_days=30, kind="club", organization_id=org.id)
    past = await make_event(session, "Прошлая встреча", in_days=-10, kind="club", organization_id=org.id)
    for event in (first, second, past):
        await service.attach_meeting(host, event.id, club.id)
    return org, host, club, first, second, past


async def _regs(session, user_id):
    query = (
        select(Registration.event_id, Registration.status, Registration.via_club)
        .where(Registration.user_id == user_id)
        .order_by(Registration.event_id)
    )
    return [tuple(row) for row in (await session.execute(query)).all()]


async def test_members_are_registered_for_coming_meetings_and_may_skip_one(session):
    _, _, club, first, second, _ = await _club_with_meetings(session)
    parent = await make_user(session, 1)
    service = ClubService(session)
    placed = await service.join(parent, club.id)
    assert len(placed) == 2  # the past meeting is not offered
    assert await _regs(session, 1) == [(first.id, "confirmed", True), (second.id, "confirmed", True)]

    await RegistrationService(session).cancel(parent, first.id)  # «I won't come to this one»
    view = await service.view(parent, club.id)
    assert [(m.event.title, m.going) for m in view.meetings] == [("Встреча 1", False), ("Встреча 2", True)]
    assert await session.get(ClubMeetingOptout, (first.id, 1)) is not None

    # A new meeting attached later registers the member, but the skipped one stays skipped.
    third = await make_event(
        session, "Встреча 3", in_days=60, kind="club", organization_id=club.organization_id
    )
    host = await session.get(type(parent), 900)
    assert await service.attach_meeting(host, third.id, club.id) == 1
    assert await service.attach_meeting(host, first.id, club.id) == 0
    statuses = {event_id: status for event_id, status, _ in await _regs(session, 1)}
    assert statuses == {first.id: "cancelled", second.id: "confirmed", third.id: "confirmed"}

    # Changing one's mind: registering again for the skipped meeting drops the opt-out.
    await RegistrationService(session).register(parent, first.id)
    assert await session.get(ClubMeetingOptout, (first.id, 1), populate_existing=True) is None


async def test_club_meeting_seats_still_count_and_leaving_frees_them(session):
    _, _, club, first, _, _ = await _club_with_meetings(session, capacity=1)
    a, b = await make_user(session, 1), await make_user(session, 2)
    service = ClubService(session)
    await service.join(a, club.id)
    await service.join(b, club.id)
    assert (await _regs(session, 2))[0] == (first.id, "waitlisted", True)
    promoted = await service.leave(a, club.id)
    assert [(p.user_id, p.event_id) for p in promoted] == [(2, first.id)]
    assert await session.get(ClubMember, (club.id, 1)) is None
    assert {status for _, status, _ in await _regs(session, 1)} == {"cancelled"}
    # Joining again registers again (leaving dropped the opt-outs it made).
    await service.join(a, club.id)
    assert [s for _, s, _ in await _regs(session, 1)] == ["waitlisted", "confirmed"]
    with pytest.raises(ValidationFailed):
        await service.join(a, club.id)


async def test_anonymous_questions_keep_no_trace_of_who_asked(session):
    _, host, club, first, _, _ = await _club_with_meetings(session)
    parent, outsider = await make_user(session, 1), await make_user(session, 2)
    service = ClubService(session)
    await service.join(parent, club.id)
    with pytest.raises(PermissionDenied):
        await service.ask(outsider, club.id, "Можно прийти с ребёнком?")
    with pytest.raises(ValidationFailed):
        await service.ask(parent, club.id, "?" * (QUESTION_MAX + 1))
    await service.ask(parent, club.id, "Как говорить с учителем о тьюторе?")
    assert {c.key for c in inspect(ClubQuestion).columns} == {
        "id",
        "club_id",
        "event_id",
        "text",
        "created_at",
    }
    questions = await service.questions(host, club.id)
    assert [(q.text, e.id) for q, e in questions] == [("Как говорить с учителем о тьюторе?", first.id)]
    with pytest.raises(PermissionDenied):
        await service.questions(parent, club.id)


async def test_another_orgs_coordinator_cannot_attach_meetings(session):
    _, _, club, _, _, _ = await _club_with_meetings(session)
    other = await make_org(session, "ДДТ", "additional")
    stranger = await make_user(session, 901, "coordinator", organization_id=other.id)
    foreign = await make_event(session, "Чужая встреча", kind="club", organization_id=other.id)
    with pytest.raises(PermissionDenied):
        await ClubService(session).attach_meeting(stranger, foreign.id, club.id)
    parent = await make_user(session, 1)
    with pytest.raises(PermissionDenied):
        await ClubService(session).create(parent, "Мой клуб", None)


async def test_forget_removes_memberships_and_registrations(session):
    _, host, club, first, _, _ = await _club_with_meetings(session)
    parent = await make_user(session, 1)
    await ClubService(session).join(parent, club.id)
    await RegistrationService(session).cancel(parent, first.id)
    await UserService(session).forget(1)
    for model in (ClubMember, Registration, ClubMeetingOptout):
        rows = (await session.scalars(select(model).where(model.user_id == 1))).all()
        assert rows == [], model.__name__
    assert (await ClubService(session).view(host, club.id)).members == 0


async def test_leaving_does_not_touch_meetings_that_started(session):
    _, _, club, first, _, _ = await _club_with_meetings(session)
    parent = await make_user(session, 1)
    service = ClubService(session)
    await service.join(parent, club.id)
    await service.leave(parent, club.id, now=first.starts_at + timedelta(minutes=5))
    statuses = [s for _, s, _ in await _regs(session, 1)]
    assert statuses == ["confirmed", "cancelled"]
