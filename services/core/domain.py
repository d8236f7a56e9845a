"""The network's vocabulary: roles, event kinds, audiences, date precisions. Plain values, no framework types.
The enums themselves live in db/enums.py (the database stores them); this module adds the rules built on them."""

from __future__ import annotations

from db.enums import Audience, EventStatus, Kind, NetworkRole, Precision, Role

__all__ = [
    "AUDIENCE_FILTERS",
    "FILTER_KINDS",
    "SELF_SERVICE_ROLES",
    "Audience",
    "EventStatus",
    "Kind",
    "NetworkRole",
    "Precision",
    "Role",
    "default_audience_filter",
]

#: Roles a person may pick for themselves; staff roles come only through an invite or ADMIN_IDS.
SELF_SERVICE_ROLES = (Role.PARENT, Role.TEACHER, Role.SPECIALIST)


#: Kinds offered as schedule filters (the others are shown but not filtered on separately).
FILTER_KINDS = (
    Kind.SEMINAR,
    Kind.CLUB,
    Kind.MASTER_CLASS,
    Kind.CONFERENCE,
    Kind.FESTIVAL,
    Kind.CONSULTATION,
    Kind.MEETING,
    Kind.TRAINING,
)


#: Which event audiences a schedule filter shows. An item whose plan names no audience (`unknown`) is for everyone.
AUDIENCE_FILTERS: dict[str, tuple[str, ...]] = {
    "parents": (Audience.PARENTS, Audience.CHILDREN, Audience.ALL, Audience.UNKNOWN),
    "teachers": (Audience.TEACHERS, Audience.SPECIALISTS, Audience.ALL, Audience.UNKNOWN),
}


def default_audience_filter(role: str | None) -> str:
    """The schedule a person sees first: parents see what is for families, staff what is for teachers."""
    if role == Role.PARENT:
        return "parents"
    if role in (Role.TEACHER, Role.SPECIALIST):
        return "teachers"
    return "all"
