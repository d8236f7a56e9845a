"""The notification registry (services/notices.py): every kind has one entry, the entries agree with what the
planners put in the rows, and the planners run in their order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.notices import REGISTRY
from services.notifications.registry import BROADCAST, EVENT, ROUND, NoticeKind, Registry, render_broadcast
from services.notifications.rules import (
    EventInfo,
    NotifyKind,
    Planned,
    Recipient,
    plan_event_feedback,
    plan_event_notice,
    plan_event_reminders,
    plan_item_due,
    plan_registration_closing,
    plan_survey_closing,
    plan_survey_invites,
)

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
FAR = timedelta(days=30)  # a horizon that lets every timed notice be planned now
EVENT_INFO = EventInfo(7, NOW + timedelta(days=10))
EVERYTHING = Recipient(1, notify_24h=True, notify_2h=True, notify_deadlines=True)


def test_every_kind_has_exactly_one_entry():
    assert set(REGISTRY.kinds) == {str(kind) for kind in NotifyKind}
    assert all(REGISTRY.kinds[str(kind)].kind == kind for kind in NotifyKind)


def test_a_kind_registered_twice_is_refused():
    entry = NoticeKind(NotifyKind.BROADCAST, about=(BROADCAST,))
    with pytest.raises(ValueError, match="broadcast"):
        Registry([entry, entry])


def test_the_planners_run_once_each_in_their_order():
    assert list(REGISTRY.planners) == [
        "event_reminders",
        "registration_closing",
        "plan_items_due",
        "survey_invitations",
        "survey_closing",
        "event_feedback",
    ]


def planned_of_every_kind() -> list[Planned]:
    """One row of each kind as the planners and the services' hooks write it (the broadcast's copies are
    written by INSERT … SELECT in the broadcast repository, with only the broadcast's id in the payload)."""
    planned = plan_event_reminders(EVENT_INFO, [EVERYTHING], NOW + timedelta(days=9, hours=23), FAR)
    planned += plan_registration_closing(EVENT_INFO, NOW + timedelta(days=5), [EVERYTHING], NOW, FAR)
    planned += plan_item_due(7, NOW + timedelta(days=8), [1], NOW + timedelta(days=7, hours=1), FAR)
    planned += plan_survey_invites(3, NOW, NOW + timedelta(days=7), [1])
    planned += plan_survey_closing(3, NOW + timedelta(days=4), [1], NOW + timedelta(days=3, hours=1), FAR)
    planned += plan_event_feedback(7, 3, NOW, [1])
    for kind in (NotifyKind.EVENT_MOVED, NotifyKind.EVENT_CANCELLED, NotifyKind.WAITLIST_PROMOTED):
        planned += plan_event_notice(kind, "notify-event-moved", EVENT_INFO, [1], NOW)
    planned.append(
        Planned(1, NotifyKind.BROADCAST, "broadcast:5", NOW, "broadcast:5:1", payload={"broadcast_id": 5})
    )
    return planned


def test_each_entry_is_about_exactly_what_its_rows_point_to():
    planned = planned_of_every_kind()
    assert {str(p.kind) for p in planned} == set(REGISTRY.kinds)  # the sample covers every kind
    subjects = (EVENT, ROUND, BROADCAST)
    for p in planned:
        entry = REGISTRY.kinds[str(p.kind)]
        pointed = {s.name for s in subjects if s.key in p.payload}
        assert {s.name for s in entry.about} == pointed, p.kind
        if entry.render is not render_broadcast:
            assert "key" in p.payload, p.kind  # rendered from the locale


def test_preferences_switch_off_only_the_kinds_people_choose():
    chosen = {str(kind): entry.preference for kind, entry in REGISTRY.kinds.items() if entry.preference}
    assert chosen == {
        "event_24h": "notify_24h",
        "event_2h": "notify_2h",
        "reg_closing": "notify_deadlines",
    }
