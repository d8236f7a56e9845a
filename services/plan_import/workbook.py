"""«Скачать как Excel»: the rows of a plan as the importer understood them, one row per item, and back.

The coordinator downloads the workbook from the preview, corrects cells in Excel and sends the file back; it
is then read cell by cell, not guessed again: what the coordinator wrote is what is saved. So exporting a plan
and importing the workbook gives the same events (tested), and a corrected cell changes exactly that value.

Layout of the sheet (every word comes from the locales, ``plan-xlsx-*``, in the coordinator's language):

* row 1: the plan's title (empty when it has none); row 2: «Период плана: 01.09.2023 – 31.08.2024»;
* row 4: the header (№, section, item, start, end, precision, recurrence, dates, audience, kind, responsible,
  place, goal, result, the date as written in the plan, warning);
* then one row per item; start and end are Excel dates, a list of dates is «01.08.2020, 01.08.2021».

A workbook is taken for such an export by its header: the item, start, end and precision columns under their
names in any of the bot's languages. Words in the precision, recurrence, audience and kind columns are read in
either language, or as their codes («month», «quarterly»); an unknown word or an unreadable date makes the row
«срок уточняется» with a warning, never a guess.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache

from services.plan_import.models import ParsedPlan, PlanEvent, PlanPeriod, When

#: Columns of the export, in order.
COLUMNS = (
    "number",
    "section",
    "title",
    "starts",
    "ends",
    "precision",
    "recurrence",
    "dates",
    "audience",
    "kind",
    "responsible",
    "venue",
    "goal",
    "result",
    "when",
    "warning",
)
REQUIRED = {"title", "starts", "ends", "precision"}
PRECISIONS = (
    "day", "days", "dates", "month", "months", "quarter", "year", "academic_year", "recurring", "ongoing",
    "on_request", "unknown",
)  # fmt: skip
RECURRENCES = ("weekly", "monthly", "quarterly", "yearly")
AUDIENCES = ("parents", "teachers", "children", "specialists", "all", "unknown")
KINDS = (
    "seminar", "club", "master_class", "conference", "competition", "festival", "consultation", "meeting",
    "training", "survey", "monitoring", "other",
)  # fmt: skip
_DATE_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2})")
_PERIOD_RE = re.compile(r"(\d{1,2}\.\d{1,2}\.\d{4})\s*[–—-]\s*(\d{1,2}\.\d{1,2}\.\d{4})")
_N_PER_YEAR_RE = re.compile(r"(\d{1,2})")

Words = Callable[..., str]  # a translator: key (and arguments) → text


# --- export ---------------------------------------------------------------------------------------------------


def export_xlsx(plan: ParsedPlan, t: Words, warning_text: Callable[[str], str]) -> bytes:
    """The plan as a workbook (see the module's docstring); ``warning_text`` words a parser warning."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = t("plan-xlsx-sheet")[:31]
    sheet.append([plan.title or ""])
    period = plan.period
    sheet.append(
        [
            t("plan-xlsx-period", start=_dotted(period.starts_on), end=_dotted(period.ends_on))
            if period
            else ""
        ]
    )
    sheet.append([])
    sheet.append([t(f"plan-xlsx-col-{name}") for name in COLUMNS])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for event in plan.events:
        sheet.append(_row(event, t, warning_text))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip(
        "ABCDEFGHIJKLMNOP", (5, 25, 50, 12, 12, 14, 14, 20, 14, 14, 25, 20, 25, 25, 20, 30), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(event: PlanEvent, t: Words, warning_text: Callable[[str], str]) -> list[object]:
    return [
        event.number or "",
        event.section or "",
        event.title,
        event.starts_on or "",
        event.ends_on or "",
        t(f"plan-xlsx-precision-{event.precision}"),
        _recurrence_words(event.recurrence, t),
        ", ".join(_dotted(day) for day in event.dates),
        t(f"plan-xlsx-audience-{event.audience}"),
        t(f"plan-xlsx-kind-{event.kind}"),
        event.responsible or "",
        event.venue or "",
        event.goal or "",
        event.result or "",
        event.when_text,
        "; ".join(warning_text(raw) for raw in event.warnings),
    ]


def _recurrence_words(recurrence: str | None, t: Words) -> str:
    if not recurrence:
        return ""
    if recurrence.startswith("n_per_year:"):
        return t("plan-xlsx-recurrence-n-per-year", n=int(recurrence.split(":", 1)[1]))
    return t(f"plan-xlsx-recurrence-{recurrence}")


def _dotted(day: date) -> str:
    return day.strftime("%d.%m.%Y")


# --- recognising and reading an export -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, dict[str, str]]:
    """Words of the export in every language of the bot → codes: {"column": {"начало": "starts", …}, …}."""
    from services.core.i18n import Translator  # the locales: every word the export writes

    translator = Translator()
    found: dict[str, dict[str, str]] = {
        "column": {},
        "precision": {},
        "recurrence": {},
        "audience": {},
        "kind": {},
    }
    for locale in translator.locales:
        for name in COLUMNS:
            found["column"][_key(translator.get(locale, f"plan-xlsx-col-{name}"))] = name
        for group, codes in (
            ("precision", PRECISIONS),
            ("recurrence", RECURRENCES),
            ("audience", AUDIENCES),
            ("kind", KINDS),
        ):
            for code in codes:
                found[group][_key(translator.get(locale, f"plan-xlsx-{group}-{code}"))] = code
                found[group][_key(code)] = code
        for n in range(2, 53):  # up to weekly: «2 раза в месяц» is 24 a year
            found["recurrence"][_key(translator.get(locale, "plan-xlsx-recurrence-n-per-year", n=n))] = (
                f"n_per_year:{n}"
            )
    return found


def export_columns(header: list[str]) -> dict[str, int] | None:
    """The columns of an exported workbook's header, or ``None`` when the header is not one."""
    words = vocabulary()["column"]
    columns: dict[str, int] = {}
    for at, cell in enumerate(header):
        name = words.get(_key(cell))
        if name is not None and name not in columns:
            columns[name] = at
    return columns if set(columns) >= REQUIRED else None


def export_title_and_period(lines: list[str]) -> tuple[str | None, PlanPeriod | None]:
    """Row 1 is the title (as written), row 2 the period line."""
    title: str | None = None
    period: PlanPeriod | None = None
    for line in lines:
        match = _PERIOD_RE.search(line)
        if match and period is None:
            first, last = _parse_date(match.group(1)), _parse_date(match.group(2))
            if first and last and first <= last:
                academic = (first.month, first.day, last.month, last.day) == (9, 1, 8, 31)
                period = PlanPeriod(first, last, academic and last.year == first.year + 1)
        elif title is None and line.strip() and not match:
            title = " ".join(line.split())
    return title, period


def read_exported(fields: dict[str, str]) -> When:
    """A row of an exported workbook: its dates and precision as written in its cells."""
    vocab = vocabulary()
    warnings: list[str] = []
    starts = _cell_date(fields.get("starts", ""), warnings)
    ends = _cell_date(fields.get("ends", ""), warnings)
    dates = sorted({d for d in (_cell_date(part, warnings) for part in _split(fields.get("dates", ""))) if d})
    precision_word = _key(fields.get("precision", ""))
    precision = vocab["precision"].get(precision_word)
    recurrence_word = _key(fields.get("recurrence", ""))
    recurrence = vocab["recurrence"].get(recurrence_word) if recurrence_word else None
    if recurrence_word and recurrence is None:
        warnings.append(f"date not understood: «{fields.get('recurrence', '')[:60]}»")
    if precision is None:
        if precision_word:
            warnings.append(f"date not understood: «{fields.get('precision', '')[:60]}»")
        precision = _precision_of(starts, ends or starts)
    if starts and ends is None:
        ends = starts
    if ends and starts is None:
        starts = ends
    if starts and ends and ends < starts:
        warnings.append("range end before its start: swapped")
        starts, ends = ends, starts
    if precision == "dates" and dates:
        starts, ends = dates[0], dates[-1]
    needs_dates = precision not in ("recurring", "ongoing", "on_request", "unknown")
    if warnings and needs_dates and starts is None:
        precision = "unknown"
    if precision == "unknown":
        starts = ends = None
        dates = []
        if not warnings:
            warnings.append("no date given")
    elif needs_dates and starts is None:
        warnings.append("no date given")
        precision = "unknown"
    return When(starts, ends, precision, recurrence, dates, warnings)  # type: ignore[arg-type]


def _precision_of(starts: date | None, ends: date | None) -> str:
    """The precision the dates themselves show, when the precision cell is empty or not understood."""
    if starts is None or ends is None:
        return "unknown"
    if starts.day == 1 and ends.day == calendar.monthrange(ends.year, ends.month)[1]:
        return "month" if (starts.year, starts.month) == (ends.year, ends.month) else "months"
    return "day" if starts == ends else "days"


def exported_audience(text: str) -> str | None:
    return vocabulary()["audience"].get(_key(text))


def exported_kind(text: str) -> str | None:
    return vocabulary()["kind"].get(_key(text))


def _cell_date(text: str, warnings: list[str]) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    found = _parse_date(text)
    if found is None:
        warnings.append(f"date not understood: «{text[:60]}»")
    return found


def _parse_date(text: str) -> date | None:
    match = _DATE_RE.search(text)
    if not match:
        return None
    day, month, year, iso_year, iso_month, iso_day = match.groups()
    try:
        if iso_year:
            return date(int(iso_year), int(iso_month), int(iso_day))
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[,;\n]+", text or "") if part.strip()]


def _key(text: object) -> str:
    if isinstance(text, datetime | date):
        return ""
    return " ".join(str(text or "").lower().replace("ё", "е").split())


__all__ = [
    "COLUMNS",
    "export_columns",
    "export_title_and_period",
    "export_xlsx",
    "exported_audience",
    "exported_kind",
    "read_exported",
    "vocabulary",
]
