"""Who may do what, in one place. Every coordinator action checks here in the service, so a forged button from a
parent is refused even if it got past a router's filter: hidden buttons are not a permission system.

The one organization rule: an administrator, or a coordinator bound to no organization, acts for the whole
network; a coordinator bound to an organization acts only on that organization's things (events, clubs, survey
rounds, broadcasts, plans). Things with no organization belong to the whole network, so a bound coordinator may
not act on them either."""

from __future__ import annotations

from typing import Protocol, TypeVar

from services.core.domain import Role
from services.core.errors import PermissionDenied


class Person(Protocol):
    """What the rules read about a person (a `db.models.User` fits)."""

    @property
    def role(self) -> str: ...

    @property
    def organization_id(self) -> int | None: ...


class Owned(Protocol):
    """Anything that belongs to an organization or to the whole network (None)."""

    @property
    def organization_id(self) -> int | None: ...


P = TypeVar("P", bound=Person)


def is_staff(user: Person | None) -> bool:
    return user is not None and user.role in (Role.COORDINATOR, Role.ADMIN)


def require_staff(user: P | None) -> P:
    """The service-layer check behind every coordinator action."""
    if not is_staff(user):
        raise PermissionDenied()
    assert user is not None
    return user


def bound_organization(user: Person) -> int | None:
    """The organization a staff member is bound to, or None when they act for the whole network."""
    if user.role == Role.COORDINATOR:
        return user.organization_id
    return None


def within_reach(user: Person, organization_id: int | None) -> bool:
    """Whether something of `organization_id` is inside the person's binding (no staff check: see `may_manage`)."""
    bound = bound_organization(user)
    return bound is None or organization_id == bound


def may_manage(user: Person | None, organization_id: int | None) -> bool:
    """Staff who may act on something of `organization_id` (None: the whole network's)."""
    return user is not None and is_staff(user) and within_reach(user, organization_id)


def can_manage(user: Person | None, thing: Owned) -> bool:
    """`may_manage` for a thing with an `organization_id` (an event, a club, a survey round)."""
    return may_manage(user, thing.organization_id)


def require_manage(user: P | None, organization_id: int | None, key: str = "error-not-your-org") -> P:
    """Staff who may act on something of `organization_id`; PermissionDenied (with `key`) for staff of another
    organization, plain PermissionDenied for anyone else."""
    staff = require_staff(user)
    if not may_manage(staff, organization_id):
        raise PermissionDenied(key)
    return staff


def own_organization(user: Person, requested: int | None) -> int | None:
    """The organization a staff member creates something for: a bound coordinator's own, whatever was asked;
    anyone else's choice (None: the whole network)."""
    bound = bound_organization(user)
    return requested if bound is None else bound


def require_own_organization(
    user: Person, requested: int | None, key: str = "error-not-your-org"
) -> int | None:
    """`own_organization`, but a bound coordinator asking for another organization is refused."""
    bound = bound_organization(user)
    if bound is not None and requested is not None and requested != bound:
        raise PermissionDenied(key)
    return own_organization(user, requested)
