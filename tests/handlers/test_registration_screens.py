"""Every registration and club screen, in both languages: each button carries words, no message key leaks out."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from db.models import Event
from services.clubs.clubs import ClubService
from services.registration.registrations import RegistrationService
from tests.factories import make_event, make_org, make_user
from tests.handlers.test_registration import open_card

WORD = re.compile(r"[A-Za-zА-Яа-яЁё]{2,}")
RAW_KEY = re.compile(r"\b(?:reg|btn|club|clubs|mine|record|roster|need|export|attendance|mydata)-[a-z_-]+\b")


@pytest.mark.parametrize("language", ["ru", "en"])
async def test_screens_have_words_and_no_raw_keys(make_client, session, session_factory, language):
    org = await make_org(session)
    admin_id, member_id = 9900, 9901
    admin = await make_user(session, admin_id, "admin", language=language)
    member = await make_user(session, member_id, "teacher", language=language)
    event = await make_event(session, "Seminar", capacity=1, kind="club", organization_id=org.id)
    past = await make_event(session, "Past seminar", capacity=3, organization_id=org.id)
    async with session_factory() as s:
        club = await ClubService(s).create(admin, "Club", "About")
        await ClubService(s).attach_meeting(admin, event.id, club.id)
        await ClubService(s).join(member, club.id)
        service = RegistrationService(s)
        await service.register(admin, event.id)  # the member took the seat first: the admin waits
        await service.register(member, past.id)
        await service.toggle_need(member, past.id, "childcare")
        await service.mark_all_present(admin, past.id, now=past.starts_at + timedelta(hours=1))
        stored = await s.get(Event, past.id)
        stored.starts_at = datetime.now(UTC) - timedelta(days=2)
        stored.ends_at = stored.starts_at + timedelta(hours=2)
        await s.commit()

    seen: list[tuple[str, list[str]]] = []
    staff, person = (
        make_client(admin_id, language_code=language),
        make_client(member_id, language_code=language),
    )

    def look(client):
        seen.append((client.text, [label for label, _ in client.buttons]))

    await open_card(person, event.id)
    look(person)
    await person.press(f"rg:needs:{event.id}:")
    look(person)
    await person.press(f"rg:other:{event.id}:")
    look(person)
    await person.press("rg:mine:0:")
    look(person)
    await person.press("rg:record:0:")
    look(person)
    await person.press("cl:list:0:0")
    look(person)
    await person.press(f"cl:open:{club.id}:0")
    look(person)
    await person.send("/mydata")
    look(person)
    for data in (
        f"ra:roster:{event.id}:",
        f"ra:cap:{event.id}:",
        f"ra:roster:{past.id}:",
        f"ra:att:{past.id}:",
        f"cl:open:{club.id}:0",
        f"cl:questions:{club.id}:0",
        f"cl:attach_menu:0:{past.id}",
        f"rg:cancel_ask:{event.id}:",
    ):
        if not staff.session.messages.get(admin_id):
            await staff.send("/menu")
        await staff.press(data)
        look(staff)

    assert len({text for text, _ in seen}) == len(seen), "a screen did not open"
    for text, labels in seen:
        assert not RAW_KEY.search(text), text
        for label in labels:
            assert WORD.search(label), f"a button without words: {label!r}"
            assert not RAW_KEY.search(label), label
