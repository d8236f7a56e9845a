"""The network's vocabulary: roles, event kinds, audiences, date precisions, event status. Plain values kept in
the database; the services re-import them (services/core/domain.py), so db/ imports nothing from services/."""

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
