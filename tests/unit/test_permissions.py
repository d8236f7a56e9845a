"""The permission rules in one place (services/core/permissions.py): staff, and the organization binding."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from services.core.errors import PermissionDenied
from services.core.permissions import (
    bound_organization,
    can_manage,
    is_staff,
    may_manage,
    own_organization,
    require_manage,
    require_own_organization,
    require_staff,
    within_reach,
)


@dataclass
class Person:
    role: str
    organization_id: int | None = None


@dataclass
class Thing:
    organization_id: int | None


PARENT = Person("parent", 1)
TEACHER = Person("teacher", 1)
ADMIN = Person("admin", 1)  # an administrator's organization binds nothing
NETWORK_COORDINATOR = Person("coordinator", None)
BOUND_COORDINATOR = Person("coordinator", 1)


def test_staff_are_coordinators_and_administrators():
    assert [is_staff(p) for p in (None, PARENT, TEACHER, ADMIN, NETWORK_COORDINATOR, BOUND_COORDINATOR)] == [
        False,
        False,
        False,
        True,
        True,
        True,
    ]
    assert require_staff(BOUND_COORDINATOR) is BOUND_COORDINATOR
    for person in (None, PARENT, TEACHER):
        with pytest.raises(PermissionDenied):
            require_staff(person)


def test_only_a_coordinator_with_an_organization_is_bound():
    assert bound_organization(BOUND_COORDINATOR) == 1
    assert bound_organization(NETWORK_COORDINATOR) is None
    assert bound_organization(ADMIN) is None
    assert bound_organization(PARENT) is None


@pytest.mark.parametrize(
    ("person", "organization_id", "allowed"),
    [
        (ADMIN, 2, True),
        (ADMIN, None, True),
        (NETWORK_COORDINATOR, 2, True),
        (NETWORK_COORDINATOR, None, True),
        (BOUND_COORDINATOR, 1, True),
        (BOUND_COORDINATOR, 2, False),
        (BOUND_COORDINATOR, None, False),  # the whole network's things are not one organization's
        (PARENT, 1, False),
        (TEACHER, 1, False),
        (None, 1, False),
    ],
)
def test_the_organization_rule(person, organization_id, allowed):
    assert may_manage(person, organization_id) is allowed
    assert can_manage(person, Thing(organization_id)) is allowed
    if allowed:
        assert require_manage(person, organization_id) is person
    else:
        with pytest.raises(PermissionDenied) as refused:
            require_manage(person, organization_id)
        expected = "error-not-your-org" if is_staff(person) else "error-permission"
        assert refused.value.key == expected


def test_within_reach_is_the_binding_alone():
    assert within_reach(PARENT, 2)  # not bound; whether a parent may act at all is `is_staff`'s question
    assert within_reach(BOUND_COORDINATOR, 1)
    assert not within_reach(BOUND_COORDINATOR, 2)


def test_a_bound_coordinator_creates_for_their_own_organization():
    assert own_organization(BOUND_COORDINATOR, 2) == 1
    assert own_organization(BOUND_COORDINATOR, None) == 1
    assert own_organization(NETWORK_COORDINATOR, 2) == 2
    assert own_organization(ADMIN, None) is None
    assert require_own_organization(BOUND_COORDINATOR, None) == 1
    assert require_own_organization(BOUND_COORDINATOR, 1) == 1
    assert require_own_organization(ADMIN, 2) == 2
    with pytest.raises(PermissionDenied) as refused:
        require_own_organization(BOUND_COORDINATOR, 2)
    assert refused.value.key == "error-not-your-org"
