"""The network's vocabulary: roles, event kinds, audiences, date precisions. Plain values, no framework types."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PARENT = "parent"
    TEACHER = "teacher"
    SPECIALIST = "specialist"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self in (Role.COORDINATOR, Role.ADMIN)


#: Roles a person may pick for themselves; staff roles come only through an invite or ADMIN_IDS.
SELF_SERVICE_ROLES = (Role.PARENT, Role.TEACHER, Role.SPECIALIST)


class Kind(StrEnum):
    SEMINAR = "seminar"
    CLUB = "club"
    MASTER_CLASS = "master_class"
    CONFERENCE = "conference"
    COMPETITION = "competition"
    FESTIVAL = "festival"
    CONSULTATION = "consultation"
    MEETING = "meeting"
    TRAINING = "training"
    SURVEY = "survey"
    MONITORING = "monitoring"
    OTHER = "other"


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


class Audience(StrEnum):
    PARENTS = "parents"
    TEACHERS = "teachers"
    CHILDREN = "children"
    SPECIALISTS = "specialists"
    ALL = "all"
    UNKNOWN = "unknown"


class NetworkRole(StrEnum):
    RESOURCE = "resource"
    BASE = "base"
    PILOT = "pilot"
    ADDITIONAL = "additional"
    PARTNER = "partner"


class Precision(StrEnum):
    EXACT = "exact"  # a start time is known
    DAY = "day"
    DAYS = "days"
    DATES = "dates"
    MONTH = "month"
    MONTHS = "months"
    QUARTER = "quarter"
    YEAR = "year"
    ACADEMIC_YEAR = "academic_year"
    RECURRING = "recurring"
    ONGOING = "ongoing"
    ON_REQUEST = "on_request"
    UNKNOWN = "unknown"


class EventStatus(StrEnum):
    PUBLISHED = "published"
    CANCELLED = "cancelled"


#: Which event audiences a schedule filter shows.
AUDIENCE_FILTERS: dict[str, tuple[str, ...]] = {
    "parents": (Audience.PARENTS, Audience.CHILDREN, Audience.ALL),
    "teachers": (Audience.TEACHERS, Audience.SPECIALISTS, Audience.ALL),
}


def default_audience_filter(role: str | None) -> str:
    """The schedule a person sees first: parents see what is for families, staff what is for teachers."""
    if role == Role.PARENT:
        return "parents"
    if role in (Role.TEACHER, Role.SPECIALIST):
        return "teachers"
    return "all"
