"""Imported plans become the schedule: a parsed plan (``services.plan_import``) is saved as events.

* **One plan, one record.** A plan is known by its organization and its title (its file name when it has no
  title): importing it again updates the same ``plans`` row and the same events (matched by ``source_key``),
  never duplicates them. Rows no longer in the file are marked cancelled; rows in it are published again.
* **Schedule entries.** Most rows give one event. A recurring row («ежеквартально», «2 раза в год» over the
  plan's period) gives one event per occurrence (``expand_occurrences``), each spanning the time until the
  next one: quarterly over 2019/2020 is «сентябрь – ноябрь 2019», «декабрь 2019 – февраль 2020», … A list of
  dates gives one event per date. At most ``MAX_OCCURRENCES`` entries come from one row.
* **Permissions.** Only staff import; a coordinator bound to an organization imports only into it. The command
  line imports as the system (``imported_by`` NULL).

Nothing here knows about Telegram: the bot and the command line both call this module.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Organization, Plan, User
from db.repositories.organizations import OrganizationRepo
from db.repositories.plans import PlanRepo
from services.core.domain import Audience, EventStatus, Kind, Precision
from services.core.errors import ValidationFailed
from services.core.i18n import L
from services.core.organizations import pickable
from services.core.permissions import bound_organization, require_own_organization, require_staff
from services.core.schedule_cache import ScheduleCache
from services.core.when import day_bounds
from services.plan_import import (
    ParsedPlan,
    PlanEvent,
    PlanFormatError,
    PlanPeriod,
    expand_occurrences,
    parse_plan,
)
from services.plan_import.workbook import export_xlsx

#: File name endings a plan may have (an empty one is read by content: tab text or CSV).
PLAN_EXTENSIONS = frozenset(
    {
        "",
        ".docx",
        ".xlsx",
        ".xlsm",
        ".csv",
        ".tsv",
        ".txt",
        ".text",
        ".pdf",
        ".doc",
        ".xls",
        ".odt",
        ".ods",
        ".rtf",
    }
)
MAX_OCCURRENCES = 60
TEXT_LIMIT = 500  # String(500) columns of events

#: A file that cannot be read as a plan (``PlanFormatError.code``) → the message a coordinator reads.
FORMAT_ERRORS = {
    "empty": "import-error-empty",
    "too_large": "import-error-too-large",
    "unsupported_type": "import-error-unsupported-type",
    "corrupt": "import-error-corrupt",
    "no_table": "import-error-no-table",
    "scanned": "import-error-scanned",
    "encrypted": "import-error-encrypted",
    "web_page": "import-error-web-page",
    "old_word": "import-error-old-word",
}

#: The parser's warnings (English, part of the command line's JSON) → locale keys and their variables.
WARNINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^date not understood", "import-warn-date-unclear"),
        (r"^by a separate schedule", "import-warn-by-schedule"),
        (r"^plan period not found in the title; months placed from the approval date (?P<date>\S+)$",
         "import-warn-period-approval"),
        (r"^no date given$", "import-warn-no-date"),
        (r"^no plan period to place it in$", "import-warn-no-period"),
        (r"^deadline: by (?P<date>\S+)$", "import-warn-deadline"),
        (r"^year (?P<year>\d+) read as the start year", "import-warn-year-shifted"),
        (r"^year not given and no plan period", "import-warn-no-year"),
        (r"^invalid date (?P<date>\S+)$", "import-warn-invalid-date"),
        (r"^impossible date (?P<date>\S+) read as (?P<read>\S+)$", "import-warn-impossible-date"),
        (r"^range end before its start", "import-warn-swapped"),
        (r"^invalid month$", "import-warn-invalid-month"),
        (r"^outside the plan period$", "import-warn-outside-period"),
        (r"^no date column", "import-warn-no-date-column"),
        (r"^the plan table has no rows$", "import-warn-no-rows"),
        (r"^table (?P<n>\d+) ignored: no plan header \((?P<rows>\d+) rows\)$", "import-warn-table-ignored"),
        (r"^plan period not found in the title; inferred from the rows: (?P<start>\S+)\.\.(?P<end>\S+)$",
         "import-warn-period-inferred"),
        (r"^plan period not found in the title$", "import-warn-period-missing"),
        (r"^day not given: the plan's month$", "import-warn-plan-month"),
        (r"^day not given: the plan's days$", "import-warn-plan-days"),
        (r"^day not given: the section's month$", "import-warn-section-month"),
        (r"^(?P<date>\d{4}-\d\d-\d\d) is not a (?P<weekday>\S+)$", "import-warn-weekday"),
        (r"^a text copy with one cell a line", "import-warn-cell-per-line"),
        (r"^the plan table has no header row: dates read from column (?P<when>\d+), events from column (?P<what>\d+)",
         "import-warn-no-header"),
    )
)  # fmt: skip
SKIP_REASONS = {"empty title": "import-skip-empty-title"}
_PRECISIONS = frozenset(Precision)
_KINDS = frozenset(Kind)
_AUDIENCES = frozenset(Audience)


@dataclass(frozen=True, slots=True)
class Entry:
    """One schedule entry a plan row gives: its days and how precisely they are meant."""

    number: int  # 0 for a single entry, 0, 1, 2… for occurrences
    starts_on: date | None
    ends_on: date | None
    precision: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    plan_id: int
    added: int  # new schedule entries
    updated: int  # entries that were already there from an earlier import of the plan
    removed: int  # entries of an earlier import that are no longer in the plan (now cancelled)
    skipped: int  # rows of the file that gave no event
    events: int  # schedule entries the plan gives now
    organization_id: int | None


# --- reading a file ---------------------------------------------------------------------------------------


def check_upload(user: User | None, file_name: str | None, file_size: int | None, max_bytes: int) -> None:
    """What can be told before downloading a file someone sent: who they are, its type and its size."""
    require_staff(user)
    if PurePath(file_name or "").suffix.lower() not in PLAN_EXTENSIONS:
        raise ValidationFailed("import-error-unsupported-type")
    if file_size is not None and file_size > max_bytes:
        raise ValidationFailed("import-error-too-large", limit=megabytes(max_bytes))
    if file_size == 0:
        raise ValidationFailed("import-error-empty")


def read_plan(data: bytes, file_name: str, max_bytes: int) -> ParsedPlan:
    """Parse a file; a file that is not a plan becomes a ``ValidationFailed`` with a message to show."""
    if len(data) > max_bytes:
        raise ValidationFailed("import-error-too-large", limit=megabytes(max_bytes))
    try:
        return parse_plan(data, file_name)
    except PlanFormatError as error:
        raise ValidationFailed(
            FORMAT_ERRORS.get(error.code, "import-error-corrupt"), limit=megabytes(max_bytes)
        ) from error


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.3g}"


def describe_warning(raw: str) -> tuple[str, dict[str, str]]:
    """A parser warning as a locale key and its variables; unknown ones keep their text."""
    for pattern, key in WARNINGS:
        match = pattern.search(raw)
        if match:
            return key, {name: value for name, value in match.groupdict().items() if value is not None}
    return "import-warn-other", {"text": raw}


def plan_workbook(t: L, plan: ParsedPlan) -> bytes:
    """«Скачать как Excel»: the plan's rows as understood, for the coordinator to correct and send back."""

    def warning_words(raw: str) -> str:
        key, args = describe_warning(raw)
        return t(key, **args)

    return export_xlsx(plan, t, warning_words)


def describe_skip(reason: str) -> str:
    return SKIP_REASONS.get(reason, "import-skip-other")


def warnings_count(plan: ParsedPlan) -> int:
    return len(plan.warnings) + sum(len(event.warnings) for event in plan.events)


# --- plan rows → schedule entries -------------------------------------------------------------------------


def schedule_entries(event: PlanEvent, period: PlanPeriod | None) -> list[Entry]:
    """The schedule entries of one plan row (see the module's docstring)."""
    if event.recurrence:
        days = expand_occurrences(event, period)
        end = event.ends_on or (period.ends_on if period else None)
        if days and end is not None:
            return _windows(days, end)
    if event.precision == Precision.DATES and event.dates:
        return [Entry(n, day, day, Precision.DAY) for n, day in enumerate(event.dates[:MAX_OCCURRENCES])]
    return [Entry(0, event.starts_on, event.ends_on, event.precision)]


def _windows(days: list[date], end: date) -> list[Entry]:
    entries: list[Entry] = []
    for n, day in enumerate(days[:MAX_OCCURRENCES]):
        last = days[n + 1] - timedelta(days=1) if n + 1 < len(days) else max(end, day)
        entries.append(Entry(n, day, last, _window_precision(day, last)))
    return entries


def _window_precision(start: date, end: date) -> str:
    if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        return Precision.MONTH if (start.year, start.month) == (end.year, end.month) else Precision.MONTHS
    return Precision.DAY if start == end else Precision.DAYS


def entries_count(plan: ParsedPlan) -> int:
    return sum(len(schedule_entries(event, plan.period)) for event in plan.events)


def plan_key(organization_id: int | None, plan: ParsedPlan) -> str:
    """The plan's identity within its organization: its title, else its file name."""
    name = plan.title or "file:" + PurePath(plan.source).stem
    words = re.sub(r"[\W_]+", " ", name.lower().replace("ё", "е")).strip()
    return hashlib.sha1(f"{organization_id or 0}|{words}".encode()).hexdigest()[:16]


def _cut(text: str | None, limit: int = TEXT_LIMIT) -> str | None:
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- saving -------------------------------------------------------------------------------------------------


class PlanImportService:
    def __init__(self, session: AsyncSession, tz: ZoneInfo, cache: ScheduleCache | None = None) -> None:
        self.session = session
        self.tz = tz
        self.plans = PlanRepo(session)
        self.cache = cache

    async def target_organization(self, user: User | None, org_id: int | None = None) -> Organization | None:
        """Where a person's import goes: a bound coordinator's own organization, else the one asked for (or
        their own, or none). Raises PermissionDenied for anyone but staff, NotFound for an unknown one."""
        staff = require_staff(user)
        if bound_organization(staff) is not None:
            org_id = require_own_organization(staff, org_id)
        elif org_id is None:  # their own organization, unless it is archived: then the whole network
            own = (
                await OrganizationRepo(self.session).get(staff.organization_id)
                if staff.organization_id
                else None
            )
            return own if own is not None and not own.archived else None
        return await self._organization(org_id)

    async def import_plan(
        self, user: User | None, plan: ParsedPlan, org_id: int | None = None
    ) -> ImportResult:
        """A coordinator's import (the bot)."""
        org = await self.target_organization(user, org_id)
        assert user is not None
        return await self._save(plan, org.id if org else None, user.id)

    async def import_as_system(self, plan: ParsedPlan, org_id: int | None = None) -> ImportResult:
        """An import from the command line: no person behind it."""
        org = await self._organization(org_id)
        return await self._save(plan, org.id if org else None, None)

    async def _organization(self, org_id: int | None) -> Organization | None:
        if org_id is None:
            return None
        return await pickable(self.session, org_id)  # an archived organization takes no new plans

    async def _save(self, plan: ParsedPlan, org_id: int | None, imported_by: int | None) -> ImportResult:
        key = plan_key(org_id, plan)
        record = await self.plans.by_key(key)
        if record is None:
            record = await self.plans.add(Plan(key=key, source_name=plan.source[:255]))
        existing = {event.source_key: event for event in await self.plans.events_of(record.id)}
        seen: set[str] = set()
        new: list[dict[str, object]] = []
        for item in plan.events:
            for entry in schedule_entries(item, plan.period):
                source_key = f"plan:{key}:{item.source_key}:{entry.number}"
                seen.add(source_key)
                values = self._values(item, entry, org_id)
                event = existing.get(source_key)
                if event is None:
                    new.append(
                        {**values, "source_key": source_key, "plan_id": record.id, "created_by": imported_by}
                    )
                    continue
                for name, value in values.items():
                    if getattr(event, name) != value:
                        setattr(event, name, value)
        removed = 0
        for source_key, event in existing.items():
            if source_key not in seen and event.status != EventStatus.CANCELLED:
                event.status = EventStatus.CANCELLED
                removed += 1
        await self.plans.insert_events(new)
        self._describe(record, plan, org_id, imported_by, len(seen))
        await self.session.commit()
        if self.cache is not None:
            self.cache.invalidate()
        return ImportResult(
            plan_id=record.id,
            added=len(new),
            updated=len(seen) - len(new),
            removed=removed,
            skipped=len(plan.skipped),
            events=len(seen),
            organization_id=org_id,
        )

    def _values(self, item: PlanEvent, entry: Entry, org_id: int | None) -> dict[str, object]:
        """An entry's columns, the same for a new event and an update."""
        return {
            "title": _cut(item.title) or "—",
            "section": _cut(item.section),
            "description": item.goal,
            "result": item.result,
            "responsible": _cut(item.responsible),
            "venue": _cut(item.venue),
            "when_text": _cut(item.when_text),
            "precision": entry.precision if entry.precision in _PRECISIONS else Precision.UNKNOWN,
            "recurrence": item.recurrence,
            "kind": item.kind if item.kind in _KINDS else Kind.OTHER,
            "audience": item.audience if item.audience in _AUDIENCES else Audience.UNKNOWN,
            "organization_id": org_id,
            "starts_at": day_bounds(entry.starts_on, self.tz)[0] if entry.starts_on else None,
            "ends_at": day_bounds(entry.ends_on, self.tz)[1] if entry.ends_on else None,
            "status": EventStatus.PUBLISHED,
        }

    @staticmethod
    def _describe(
        record: Plan, plan: ParsedPlan, org_id: int | None, imported_by: int | None, events: int
    ) -> None:
        record.title = _cut(plan.title)
        record.source_name = plan.source[:255] or "—"
        record.starts_on = plan.period.starts_on if plan.period else None
        record.ends_on = plan.period.ends_on if plan.period else None
        record.organization_id = org_id
        record.imported_by = imported_by
        record.imported_at = utcnow()
        record.rows_count = len(plan.events) + len(plan.skipped)
        record.events_count = events
        record.skipped_count = len(plan.skipped)
        record.warnings_count = warnings_count(plan)
        record.archived = False  # importing an archived plan again brings it back to the list
