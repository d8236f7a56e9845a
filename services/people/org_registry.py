"""The whole registry from a spreadsheet: a template to fill in, a preview with each row's errors before anything is
saved, and saving that adds new sites and updates known ones by short name (never a second copy).

Columns are found by their header, in Russian or English, or by the field's code (`short_name`, `name`, `role`,
`address`, `contacts`, `offers`, `accessibility`, `archived`); their order does not matter. Rows with an error are
listed in the preview and left out when saving."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Organization
from db.repositories.organizations import OrganizationRepo
from services.core.domain import NetworkRole
from services.core.errors import ValidationFailed
from services.core.i18n import L
from services.core.permissions import Person
from services.core.schedule_cache import ScheduleCache
from services.people.organizations import FIELD_LIMITS, require_admin

COLUMNS = ("short_name", "name", "role", "address", "contacts", "offers", "accessibility", "archived")
FIELD_OF = {"role": "network_role"}
REGISTRY_MAX_ROWS = 2000
# Russian stems of the network roles, as people write them in a spreadsheet («Ресурсная площадка», «базовая»).
ROLE_STEMS = {
    "ресурс": NetworkRole.RESOURCE,
    "базов": NetworkRole.BASE,
    "пилот": NetworkRole.PILOT,
    "дополн": NetworkRole.ADDITIONAL,
    "партн": NetworkRole.PARTNER,
    "resource": NetworkRole.RESOURCE,
    "base": NetworkRole.BASE,
    "pilot": NetworkRole.PILOT,
    "additional": NetworkRole.ADDITIONAL,
    "partner": NetworkRole.PARTNER,
}
YES = {"да", "yes", "1", "true", "в архиве", "архив", "archived", "+"}
NO = {"нет", "no", "0", "false", "-", ""}


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # the row's number in the file, the header being row 1 of its table
    key: str  # a locale message
    value: str = ""


@dataclass(slots=True)
class RegistryRow:
    row: int
    values: dict[str, str | bool | None]
    action: str = "add"  # add, update, same


@dataclass(slots=True)
class RegistryPreview:
    rows: list[RegistryRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


class RegistryFileError(ValidationFailed):
    """The file as a whole cannot be read (not XLSX or CSV, no header row)."""


def header_aliases(translators: Iterable[L]) -> dict[str, str]:
    """Header text (casefolded) → column code, from each language's template headers and the codes themselves."""
    aliases = {code: code for code in COLUMNS}
    for t in translators:
        for code in COLUMNS:
            aliases[" ".join(t(f"orgs-col-{code}").split()).casefold().rstrip("*").strip()] = code
    return aliases


def template_xlsx(t: L) -> bytes:
    """An empty registry to fill in: the headers, one example row, and a sheet explaining the roles."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = t("orgs-template-sheet")
    sheet.append([t(f"orgs-col-{code}") for code in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([t(f"orgs-template-example-{code}") for code in COLUMNS])
    for column, width in zip("ABCDEFGH", (18, 50, 22, 40, 30, 50, 40, 12), strict=True):
        sheet.column_dimensions[column].width = width
    help_sheet = book.create_sheet(t("orgs-template-help-sheet"))
    help_sheet.append([t("orgs-template-help-role"), t("orgs-template-help-code")])
    for role in NetworkRole:
        help_sheet.append([t(f"org-role-{role.value}"), role.value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """The first sheet of a workbook or the rows of a CSV file, as text cells."""
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    if filename.lower().rsplit(".", 1)[-1] not in ("csv", "txt"):
        raise RegistryFileError("orgs-import-bad-file")
    text = decode_text(data)
    sample = "\n".join(text.splitlines()[:50])
    delimiter = max((";", "\t", ","), key=sample.count)
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise RegistryFileError("orgs-import-bad-file") from error


def _xlsx_rows(data: bytes) -> list[list[str]]:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise RegistryFileError("orgs-import-bad-file") from error
    try:
        sheet = book.worksheets[0]
        rows = [
            ["" if value is None else str(value).strip() for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        book.close()
    return rows


def parse_registry(rows: list[list[str]], aliases: dict[str, str]) -> RegistryPreview:
    """Rows of the file → the sites it describes and each row's errors (nothing compared with the database yet)."""
    header_at = next(
        (
            i
            for i, row in enumerate(rows[:20])
            if {"short_name", "name"} <= {aliases.get(_header(cell)) for cell in row}
        ),
        None,
    )
    if header_at is None:
        raise RegistryFileError("orgs-import-no-header")
    columns = {i: aliases.get(_header(cell)) for i, cell in enumerate(rows[header_at])}
    preview = RegistryPreview()
    seen: dict[str, int] = {}
    body = rows[header_at + 1 :]
    if len(body) > REGISTRY_MAX_ROWS:
        raise RegistryFileError("orgs-import-too-many", limit=REGISTRY_MAX_ROWS)
    for offset, cells in enumerate(body):
        number = header_at + offset + 2
        if not any(cell.strip() for cell in cells):
            continue
        raw = {code: cells[i].strip() for i, code in columns.items() if code and i < len(cells)}
        values, errors = _row_values(number, raw)
        short = str(values.get("short_name") or "")
        if short:
            if short.casefold() in seen:
                errors.append(RowError(number, "orgs-import-err-duplicate", short))
            seen.setdefault(short.casefold(), number)
        if errors:
            preview.errors.extend(errors)
        else:
            preview.rows.append(RegistryRow(number, values))
    return preview


def _header(cell: str) -> str:
    return " ".join(cell.split()).casefold().rstrip("*").strip()


def _row_values(number: int, raw: dict[str, str]) -> tuple[dict[str, str | bool | None], list[RowError]]:
    values: dict[str, str | bool | None] = {}
    errors: list[RowError] = []
    for code in ("short_name", "name"):
        text = " ".join(raw.get(code, "").split())
        if not text:
            errors.append(RowError(number, f"orgs-import-err-{code}-missing"))
        elif len(text) > FIELD_LIMITS[code]:
            errors.append(RowError(number, "orgs-import-err-too-long", text[:40]))
        values[code] = text
    role_text = raw.get("role", "").strip().casefold()
    role = next((r for stem, r in ROLE_STEMS.items() if role_text.startswith(stem)), None)
    if role_text and role is None:
        errors.append(RowError(number, "orgs-import-err-role", raw.get("role", "")[:40]))
    values["network_role"] = (
        role.value if role else None
    )  # None: a new site is a partner, a known one keeps it
    for code in ("address", "contacts", "offers", "accessibility"):
        if code not in raw:
            continue
        text = raw[code].strip()
        if len(text) > FIELD_LIMITS[code]:
            errors.append(RowError(number, "orgs-import-err-too-long", text[:40]))
        values[code] = text or None
    if "archived" in raw:
        flag = raw["archived"].strip().casefold()
        if flag in YES:
            values["archived"] = True
        elif flag in NO:
            values["archived"] = None if not flag else False
        else:
            errors.append(RowError(number, "orgs-import-err-archived", raw["archived"][:40]))
    return values, errors


class RegistryImportService:
    def __init__(self, session: AsyncSession, cache: ScheduleCache | None = None) -> None:
        self.session = session
        self.repo = OrganizationRepo(session)
        self.cache = cache  # the schedule shows organizations' names: dropped after an import

    async def preview(self, rows: list[list[str]], aliases: dict[str, str]) -> RegistryPreview:
        """What saving would do, row by row; writes nothing."""
        preview = parse_registry(rows, aliases)
        known = await self._known()
        for row in preview.rows:
            org = known.get(str(row.values["short_name"]).casefold())
            if org is None:
                row.action = "add"
            else:
                row.action = "update" if _changes(org, row.values) else "same"
        return preview

    async def save(
        self, actor: Person | None, rows: list[list[str]], aliases: dict[str, str], *, trusted: bool = False
    ) -> RegistryPreview:
        """Add new sites and update known ones (by short name, in any letter case); rows with errors are left
        out. One transaction: a failure saves nothing."""
        if not trusted:
            require_admin(actor)
        preview = await self.preview(rows, aliases)
        known = await self._known()
        for row in preview.rows:
            org = known.get(str(row.values["short_name"]).casefold())
            if org is None:
                org = Organization(network_role=NetworkRole.PARTNER.value, archived=False)
                self.session.add(org)
            for key, value in row.values.items():
                if key in ("network_role", "archived") and value is None:
                    continue
                setattr(org, key, value)
        await self.session.commit()
        if self.cache is not None:
            self.cache.invalidate()
        return preview

    async def _known(self) -> dict[str, Organization]:
        return {org.short_name.casefold(): org for org in await self.repo.all(include_archived=True)}


def _changes(org: Organization, values: dict[str, str | bool | None]) -> bool:
    for key, value in values.items():
        if key in ("network_role", "archived") and value is None:
            continue
        if getattr(org, key) != value:
            return True
    return False


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else cp1251 (CSV saved from a Russian Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")
