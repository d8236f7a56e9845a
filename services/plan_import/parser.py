"""``parse_plan``: a file's bytes → ``ParsedPlan`` (title, period, events, skipped rows, warnings).

Rows of a table, after its header row:

* a row with a single non-empty, non-numeric cell is a section heading («I. Организационные мероприятия»,
  a merged Word row); it is not a data row and names the section of the rows below it;
* a repeated header row and a column-number row («1 2 3 4 5» under a Word header) are not data rows;
* every other non-empty row is a data row: it becomes an event, or a ``Skip`` with a reason when it has no
  title. So ``len(events) + len(skipped)`` is the number of data rows, and nothing is lost silently.

Several tables: every table whose header is recognised is used (every Word table, every sheet of a
workbook); a table without a header with no more columns than the previous plan table continues it (a table
split across pages); others (signatures, approvals, contents) are reported in ``warnings`` (not for
spreadsheets). Text between two plan tables («Сентябрь 2014», «II. Работа с родителями») names the section of
the rows below it. Row indices and sections carry on across tables.

A header needs a title column («Мероприятие», «Содержание», «Вид деятельности»…) and one more that a plan has
(dates, responsible, place, goal, result, audience): «№ | Содержание | Стр.» is a table of contents, not a plan.
A text copy may lose the header's empty «№» cell: data rows one cell wider than the header that start with a
number are read with that number as the row's «№».

A row with no date of its own (no date column, or an empty date cell) under a heading that is a date
(«Сентябрь 2014», «I квартал») takes the heading's date.

The plan's period: the title's («на 2023/2024 учебный год», «на 2018 год», «на май 2022 года»), else the first
one named in the text above the table, else the approval date («от 15 августа 2007 г.»: months without a year
are placed on or after it), else the rows' written dates (months without a year go to the nearest year).

A «направление» (direction) column, when present, is folded into ``section`` («heading — direction»); a «Форма
проведения» column left of the title column opens the title.
A text copy with one cell a line and nothing marking the cells is read by its header run and its row numbers
(``_collect_one_cell_a_line``).
A document with no plan table raises ``PlanFormatError("no_table")``.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.plan_import.classify import classify_audience, classify_kind
from services.plan_import.dates import (
    first_plan_period,
    looks_like_date,
    parse_approval_date,
    parse_plan_period,
    parse_when,
)
from services.plan_import.models import ParsedPlan, PlanEvent, PlanFormatError, PlanPeriod, Skip
from services.plan_import.normalize import Row, Table, clean_text, one_line
from services.plan_import.readers import RawDocument, is_number_like, read_document
from services.plan_import.workbook import (
    export_columns,
    export_title_and_period,
    exported_audience,
    exported_kind,
    read_exported,
)

HEADER_SEARCH_ROWS = 40

_COLUMN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("number", r"^(?:№|n|no|номер)(?:\s|$)|п\s*/\s*п"),
        ("responsible", r"ответствен|исполнител"),
        ("when", r"срок|период|дата|даты|время|когда|^месяц"),
        ("venue", r"площадк|место"),
        ("goal", r"\bцел[ьи]|задач"),
        ("result", r"результат|продукт|отчетност"),
        ("direction", r"направлени"),
        ("audience", r"^(?:на\s+кого|для\s+кого|участники|целев\w*\s+(?:аудитор|групп)|категори)"),
        ("form", r"^форм[аы]\b"),
        ("title", r"мероприят|наименовани|название|содержание|\bтема|вид\w*\s+деятельност"),
    )
)
_HEADER_PUNCT_RE = re.compile(r"[^\w№/\s]")
_PLAN_TITLE_LINE_RE = re.compile(r"^(?:план|программа|перечень)\b")
_ROW_NUMBER_RE = re.compile(
    r"^(\d{1,3})(?:\.(\d{1,2}))?[.)]?$"
)  # «3», «3.», «3)», and «3.1» under a section «3.»
_BRACKETS_RE = re.compile(r"\([^()]*\)")
_TITLE_LINE_RE = re.compile(
    r"\bплан\b|\bп л а н\b|дорожн\w*\s+карт|календарн\w*\s+план|программ\w*\s+мероприят", re.I
)
_KEY_RE = re.compile(r"[\W_]+")
_BARE_PLAN_RE = re.compile(r"п ?л ?а ?н", re.I)
_EXPLICIT = {"day", "days", "dates", "month", "months", "quarter", "year"}
_MONTH_WORDS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма[йя]",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
_PLAN_COLUMNS = {"when", "responsible", "venue", "goal", "result", "audience", "direction"}


@dataclass(slots=True)
class _Layout:
    columns: dict[str, int]
    header: Row
    width: int
    exported: bool = False  # the header of a workbook exported from a preview (``workbook.py``)


@dataclass(slots=True)
class _DataRow:
    index: int
    section: str | None
    cells: Row
    layout: _Layout  # the header of the table the row is in (tables of one document may differ)


@dataclass(slots=True)
class _Collected:
    rows: list[_DataRow] = field(default_factory=list)
    pre_text: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    layout: _Layout | None = None


# --- public API -------------------------------------------------------------------------------------------


def parse_plan(data: bytes, filename: str) -> ParsedPlan:
    """Read a plan file. Raises only ``PlanFormatError`` (codes: empty, too_large, unsupported_type,
    corrupt, no_table, scanned, encrypted, web_page, old_word)."""
    document = read_document(data, filename)
    collected = _collect_rows(document)
    if collected.layout is None:
        collected = _collect_headerless(document) or _collect_one_cell_a_line(document) or collected
    if collected.layout is None:
        raise PlanFormatError("no_table", "no table with a plan header (мероприятие, сроки, ответственный…)")
    if collected.layout.exported:
        return _read_export(filename, collected)
    intro = "\n\n".join(part for part in (document.leading_text, "\n".join(collected.pre_text)) if part)
    title = find_title(intro)
    period = parse_plan_period(title) or first_plan_period(intro)
    plan = ParsedPlan(source=filename, title=title, period=period, warnings=list(collected.warnings))
    approved = parse_approval_date(intro) if period is None else None
    if approved is not None:
        plan.period = PlanPeriod(
            approved, _add_months(approved, 12) - timedelta(days=1), False, inferred=True, after=approved
        )
        plan.warnings.append(
            f"plan period not found in the title; months placed from the approval date {approved}"
        )
    if (
        not any("when" in row.layout.columns for row in collected.rows)
        and "when" not in collected.layout.columns
    ):
        plan.warnings.append("no date column (Сроки) found: dates are unknown")
    _fill_rows(plan, collected)
    if plan.period is None:
        _infer_period(plan, collected)
    if not collected.rows:
        plan.warnings.append("the plan table has no rows")
    return plan


def find_title(intro: str) -> str | None:
    """The first line naming a plan («План мероприятий…», «Дорожная карта», «Календарный план…») together
    with the lines that follow it up to a blank line; else the first line of the intro."""
    lines = intro.split("\n")
    for start, line in enumerate(lines):
        if _TITLE_LINE_RE.search(line):
            block: list[str] = []
            for following in lines[start : start + 4]:
                if not following.strip():
                    if _BARE_PLAN_RE.fullmatch(one_line(" ".join(block))):  # «П Л А Н», then a blank line
                        continue
                    break
                block.append(following)
            return one_line(" ".join(block)) or None
    first = next((line for line in lines if line.strip()), "")
    return one_line(first) or None


def expand_occurrences(event: PlanEvent, period: PlanPeriod | None) -> list[date]:
    """Dates a schedule can show for an event: its dates list, or the occurrences of a recurring row over
    the event's span (or the plan period): weekly every 7 days, monthly on the 1st of each month, quarterly
    every 3 months from the start, yearly every 12 months, n_per_year:N N evenly spread dates per year.
    Other rows give their start date, if any."""
    if event.dates:
        return list(event.dates)
    start = event.starts_on or (period.starts_on if period else None)
    end = event.ends_on or (period.ends_on if period else None)
    if event.recurrence is None or start is None or end is None:
        return [event.starts_on] if event.starts_on else []
    return _recurrence_dates(event.recurrence, start, end)


def to_json_dict(plan: ParsedPlan) -> dict:
    """The fixed JSON shape printed by ``python -m bot import-plan PATH --dry-run --json``."""
    return {
        "source": plan.source,
        "title": plan.title,
        "period": {
            "starts_on": _iso(plan.period.starts_on if plan.period else None),
            "ends_on": _iso(plan.period.ends_on if plan.period else None),
        },
        "events": [_event_json(event) for event in plan.events],
        "skipped": [{"index": s.index, "reason": s.reason, "text": s.text} for s in plan.skipped],
        "warnings": list(plan.warnings),
    }


# --- tables → data rows -------------------------------------------------------------------------------


def _collect_rows(document: RawDocument) -> _Collected:
    collected = _Collected()
    lines = [one_line(line) for line in document.leading_text.split("\n") if line.strip()]
    section: str | None = lines[-1] if lines and _is_date_heading(lines[-1]) else None
    for number, table in enumerate(document.tables, start=1):
        found = find_header(table)
        if found is not None:
            header_at, layout = found
            if document.first_table_only and collected.layout is not None:
                break
            if collected.layout is None:
                collected.pre_text.extend(" ".join(row) for row in table[:header_at])
                above = [one_line(" ".join(row)) for row in table[:header_at] if any(row)]
                if above and _is_date_heading(above[-1]):  # «Сентябрь 2014» right above the table
                    section = above[-1]
            else:  # text between two plan tables heads the rows of the next one
                headings = [one_line(" ".join(row)) for row in table[:header_at] if any(row)]
                section = headings[-1] if headings else section
            collected.layout, body = layout, table[header_at + 1 :]
        elif collected.layout is not None and _continues(table, collected.layout):
            body = table
        else:
            if collected.layout is None:  # text above the plan (a title between approval tables) is its intro
                collected.pre_text.extend(" ".join(cell for cell in row if cell) for row in table)
            if not document.quiet and (collected.layout is not None or not document.first_table_only):
                collected.warnings.append(f"table {number} ignored: no plan header ({len(table)} rows)")
            continue
        section = _collect_body(body, collected, section)
    return collected


def _collect_headerless(document: RawDocument) -> _Collected | None:
    """A plan table with no header row at all: rows of (when, what) — «Сентябрь | Открытие учебного года».
    Read only where no table has a plan header, from the first table of two to four columns whose rows (three
    or more) nearly all hold a date in one column; the event is the column of the longest text that holds
    no dates."""
    for table in document.tables:
        rows = [row for row in table if sum(1 for cell in row if cell) >= 2]
        width = max(map(len, rows), default=0)
        if len(rows) < 3 or width > 4:
            continue
        dated = [sum(1 for row in rows if at < len(row) and looks_like_date(row[at])) for at in range(width)]
        when_at = max(range(width), key=dated.__getitem__)
        others = [at for at in range(width) if at != when_at and dated[at] * 2 < len(rows)]
        if dated[when_at] * 10 < len(rows) * 9 or not others:
            continue
        title_at = max(others, key=lambda at: sum(len(row[at]) for row in rows if at < len(row)))
        collected = _Collected(layout=_Layout({"when": when_at, "title": title_at}, [], width))
        first = table.index(rows[0])
        collected.pre_text.extend(" ".join(cell for cell in row if cell) for row in table[:first])
        collected.warnings.append(
            f"the plan table has no header row: dates read from column {when_at + 1}, "
            f"events from column {title_at + 1}"
        )
        _collect_body(table[first:], collected, None)
        return collected
    return None


_SIGNATURE_RE = re.compile(
    r"^(?:директор|заместитель|зам\.|глава|председатель|начальник|заведующ|исполнитель|руководитель|подпись|_{3})",
    re.I,
)
_TIME_CELL_RE = re.compile(r"\d{1,2}[.:]\d\d|\bчас", re.I)


def _collect_one_cell_a_line(document: RawDocument) -> _Collected | None:
    """A text copy with one cell a line and nothing marking the cells (a table copied from a web page or a
    PDF viewer; blank lines anywhere or nowhere). The header is a run of three or more short lines that
    each name a column («№», «Наименование», «Дата») and together make a plan header; each row opens with
    its number (1, 2, 3…). A row of more lines than columns keeps its extra lines in the title (paragraphs
    of the title cell) up to the first line that is a date or a time, which opens the date cell; the last
    column takes what remains. A signature line («Директор…») after a complete row ends the table."""
    if document.kind != "text" or document.tables:
        return None
    lines = [one_line(line) for line in document.leading_text.split("\n") if line.strip()]
    for at in range(len(lines)):
        run = 0
        while at + run < len(lines) and _names_a_column(lines[at + run]):
            run += 1
        columns = map_columns(lines[at : at + run]) if run >= 3 else None
        if columns is None:
            continue
        header = lines[at : at + run]
        if "number" not in columns:  # the header's «№» cell was blank; every row still opens with its number
            columns = {"number": 0, **{name: place + 1 for name, place in columns.items()}}
            header = ["", *header]
        layout = _Layout(columns, header, len(header))
        rows: list[list[str]] = []
        top, sub = 0, 0
        for line in lines[at + run :]:
            number = _ROW_NUMBER_RE.match(line)
            first, second = (int(number.group(1)), number.group(2)) if number else (0, None)
            if number and second is None and first == top + 1:
                rows.append([line])
                top, sub = first, 0
            elif number and second is not None and first == top and int(second) == sub + 1:
                if sub == 0 and len(rows[-1]) <= 2:  # «1.» «Организационные мероприятия» heads rows 1.1, 1.2…
                    rows[-1] = [" ".join(rows[-1])]
                rows.append([line])
                sub += 1
            elif rows and len(rows[-1]) >= len(header) - 1 and _SIGNATURE_RE.match(line):
                break
            elif rows:
                rows[-1].append(line)
        if not rows:
            return None
        collected = _Collected(layout=layout, pre_text=lines[:at])
        collected.warnings.append("a text copy with one cell a line: rows read by their numbers")
        _collect_body([_fit_row(row, layout) for row in rows], collected, None)
        return collected
    return None


def _names_a_column(line: str) -> bool:
    """A short line naming a column; a line naming a period («мероприятий на май месяц») or opening with
    «План» («План мероприятий к Дню Победы») is the plan's title."""
    text = " ".join(_HEADER_PUNCT_RE.sub(" ", line.lower().replace("ё", "е")).split())
    return (
        len(text) <= 60
        and any(pattern.search(text) for _, pattern in _COLUMN_PATTERNS)
        and not looks_like_date(line)
        and not _PLAN_TITLE_LINE_RE.match(text)
    )


def _fit_row(cells: list[str], layout: _Layout) -> Row:
    """The lines of one row in the header's columns (see ``_collect_one_cell_a_line``)."""
    width = layout.width
    if len(cells) <= width:
        return cells
    title_at, when_at = layout.columns["title"], layout.columns.get("when")
    row = cells[:title_at]
    rest = cells[title_at:]
    if when_at is not None and when_at > title_at:
        dated = next(
            (i for i in range(1, len(rest)) if looks_like_date(rest[i]) or _TIME_CELL_RE.search(rest[i])),
            None,
        )
        cut = max(1, min(dated if dated is not None else 1, len(rest) - (width - title_at - 1)))
        row.append("\n".join(rest[:cut]))
        rest = rest[cut:]
        between = rest[: when_at - title_at - 1]
        row.extend(between)
        rest = rest[len(between) :]
        dates = 1
        while dates < len(rest) - (width - when_at - 1) and (
            looks_like_date(rest[dates]) or _TIME_CELL_RE.search(rest[dates])
        ):
            dates += 1
        row.append("\n".join(rest[:dates]))
        rest = rest[dates:]
    free = width - len(row)
    if free <= 0:
        return row
    return [*row, *rest[: free - 1], "\n".join(rest[free - 1 :])]


def _continues(table: Table, layout: _Layout) -> bool:
    """A table without a header continues the plan (a table split across pages) when it has the plan's
    columns, or no more of them and numbered rows; a table of signatures («Директор | ____ | И.И. Иванов»)
    does not."""
    widest = max(map(len, table))
    if widest > layout.width:
        return False
    rows = [row for row in table if sum(1 for cell in row if cell) > 1]
    return widest == layout.width or bool(rows and is_number_like(rows[0][0]))


def _collect_body(body: Table, collected: _Collected, section: str | None) -> str | None:
    layout = collected.layout
    assert layout is not None
    for row in body:
        non_empty = [cell for cell in row if cell]
        if not non_empty or row == layout.header or _is_column_numbers(row):
            continue
        if len(non_empty) == 1 and not is_number_like(non_empty[0]):
            section = one_line(non_empty[0])
            continue
        if not layout.exported and _repeats_header(row, layout):  # the next table's header, its words changed
            continue
        if not layout.exported and _is_new_header(row):  # a second table further down the same sheet
            columns = map_columns(row)
            assert columns is not None
            layout = collected.layout = _Layout(columns, row, max(len(row), max(columns.values()) + 1))
            continue
        collected.rows.append(_DataRow(len(collected.rows), section, row, layout))
    return section


def _repeats_header(row: Row, layout: _Layout) -> bool:
    """A row naming the same columns at the same places as the table's header, not numbered: the header of
    the next plan on the same page («Наименование мероприятия на май 2015г.» after «…на июнь 2015г.»)."""
    return bool(row and row[0] and not is_number_like(row[0]) and map_columns(row) == layout.columns)


def _is_new_header(row: Row) -> bool:
    """A row of short words naming three plan columns or more («№ | Мероприятие | Срок | Ответственный»)."""
    cells = [cell for cell in row if cell]
    if any(len(cell) > 40 or is_number_like(cell) for cell in cells):
        return False
    columns = map_columns(row)
    return columns is not None and len(columns) >= 3 and len(columns) >= 0.75 * len(cells)


def find_header(table: Table) -> tuple[int, _Layout] | None:
    """The first row among the first ``HEADER_SEARCH_ROWS`` whose wording maps to plan columns."""
    for at, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        exported = export_columns(row)
        if exported is not None:
            return at, _Layout(exported, row, max(len(row), max(exported.values()) + 1), exported=True)
        columns = map_columns(row)
        if columns is not None:
            width = max(len(row), max(columns.values()) + 1)
            return at, _Layout(columns, row, width)
    return None


def map_columns(header: Row) -> dict[str, int] | None:
    """Map header wording to fields, whatever the order; ``None`` unless a title column and one more
    known column are found. An empty first header cell is the «№» column (Word plans often leave it blank).
    A long cell counts by its first clause («Наименование и форма проведения мероприятия, ожидаемое количество
    участников, возрастная категория»)."""
    columns: dict[str, int] = {}
    for at, cell in enumerate(header):
        bare = _BRACKETS_RE.sub(" ", cell.lower().replace("ё", "е"))  # «(школьники, молодежь, …)» explains
        text = " ".join(_HEADER_PUNCT_RE.sub(" ", bare).split())
        if len(text) > 80:  # a data cell, unless its first clause names the column and the rest explains it
            text = " ".join(_HEADER_PUNCT_RE.sub(" ", bare.split(",")[0]).split())
            if len(text) > 80 or not any(pattern.search(text) for _, pattern in _COLUMN_PATTERNS):
                return None
        name = next((name for name, pattern in _COLUMN_PATTERNS if pattern.search(text)), None)
        if name is None and at == 0 and not text:
            name = "number"
        if name is not None and name not in columns:
            columns[name] = at
    if "title" not in columns and "form" in columns:  # «Формы работы» is the only column naming the item
        columns["title"] = columns.pop("form")
    if "title" not in columns or not _PLAN_COLUMNS & set(columns):
        return None
    return columns


def _is_column_numbers(row: Row) -> bool:
    return len(row) >= 2 and all(cell.rstrip(".") == str(at) for at, cell in enumerate(row, start=1))


# --- data rows → events ---------------------------------------------------------------------------------


def _fill_rows(plan: ParsedPlan, collected: _Collected) -> None:
    seen: Counter[str] = Counter()
    plan.events.clear()
    plan.skipped.clear()
    for row in collected.rows:
        cells = row.cells
        layout = row.layout
        columns = layout.columns
        if "number" not in columns and len(cells) == len(layout.header) + 1 and is_number_like(cells[0]):
            columns = {"number": 0, **{name: at + 1 for name, at in columns.items()}}
        fields = {name: cells[at] if at < len(cells) else "" for name, at in columns.items()}
        title = _with_form(one_line(fields.get("form")), one_line(fields.get("title")), columns)
        if not title:
            text = one_line(" | ".join(cell for cell in row.cells if cell))
            plan.skipped.append(Skip(row.index, "empty title", text))
            continue
        section = _section(row.section, one_line(fields.get("direction")))
        base_key = f"{_key_text(section)}|{_key_text(title)}"
        seen[base_key] += 1
        plan.events.append(_event(row.index, section, title, fields, plan.period, base_key, seen[base_key]))


def _with_form(form: str, title: str, columns: dict[str, int]) -> str:
    """A «Форма проведения» column left of the name column reads as the title's first words: «Спортивные
    эстафеты» | «Новогодние забавы» is «Спортивные эстафеты «Новогодние забавы»». One right of it is left out."""
    form = form.rstrip(" .,;:")
    if not form or "form" not in columns or columns["form"] > columns.get("title", -1):
        return title
    if not title or _key_text(title).startswith(_key_text(form)):
        return title or form
    return f"{form} {title}" if title[0] in "«\"'“„" else f"{form} «{title}»"


def _event(
    index: int,
    section: str | None,
    title: str,
    fields: dict[str, str],
    period: PlanPeriod | None,
    base_key: str,
    occurrence: int,
) -> PlanEvent:
    when_text = clean_text(fields.get("when"))
    if not when_text and section:  # no date of its own: the heading's date, if the heading is one
        heading = parse_when(section.split(" — ")[0], period)
        if heading.precision not in ("unknown", "on_request"):
            when_text = section.split(" — ")[0]
    when = parse_when(when_text, period)
    if when.precision == "unknown" and "\n" in when_text:  # «10.00\n103 кабинет»: a time, then the place
        first_line = parse_when(when_text.split("\n")[0], period)
        if first_line.precision != "unknown":
            when = first_line
    if when.starts_on is None and when.precision in _EXPLICIT:  # «февраль» in a plan with no year: unplaced
        when.precision = "unknown"
    goal = _optional(fields.get("goal"))
    kind = classify_kind(title)
    return PlanEvent(
        index=index,
        number=_optional(one_line(fields.get("number")).rstrip(".)")),
        section=section,
        title=title,
        goal=goal,
        result=_optional(fields.get("result")),
        responsible=_optional(fields.get("responsible")),
        venue=_optional(fields.get("venue")),
        when_text=when_text,
        starts_on=when.starts_on,
        ends_on=when.ends_on,
        precision=when.precision,
        recurrence=when.recurrence,
        dates=when.dates,
        audience=classify_audience(title, goal, kind),
        kind=kind,
        warnings=list(when.warnings),
        source_key=hashlib.sha1(f"{base_key}#{occurrence}".encode()).hexdigest()[:16],
    )


def _read_export(filename: str, collected: _Collected) -> ParsedPlan:
    """A workbook exported from a preview: every value is read from its cell (see ``workbook.py``)."""
    layout = collected.layout
    assert layout is not None
    title, period = export_title_and_period(collected.pre_text)
    plan = ParsedPlan(source=filename, title=title, period=period, warnings=list(collected.warnings))
    seen: Counter[str] = Counter()
    for row in collected.rows:
        fields = {name: row.cells[at] if at < len(row.cells) else "" for name, at in layout.columns.items()}
        title_text = one_line(fields.get("title"))
        if not title_text:
            text = one_line(" | ".join(cell for cell in row.cells if cell))
            plan.skipped.append(Skip(row.index, "empty title", text))
            continue
        section = _optional(one_line(fields.get("section"))) or None
        base_key = f"{_key_text(section)}|{_key_text(title_text)}"
        seen[base_key] += 1
        when = read_exported(fields)
        kind = exported_kind(fields.get("kind", "")) or classify_kind(title_text)
        goal = _optional(fields.get("goal"))
        plan.events.append(
            PlanEvent(
                index=row.index,
                number=_optional(one_line(fields.get("number")).rstrip(".)")),
                section=section,
                title=title_text,
                goal=goal,
                result=_optional(fields.get("result")),
                responsible=_optional(fields.get("responsible")),
                venue=_optional(fields.get("venue")),
                when_text=clean_text(fields.get("when")),
                starts_on=when.starts_on,
                ends_on=when.ends_on,
                precision=when.precision,
                recurrence=when.recurrence,
                dates=when.dates,
                audience=exported_audience(fields.get("audience", ""))
                or classify_audience(title_text, goal, kind),
                kind=kind,
                warnings=list(when.warnings),
                source_key=hashlib.sha1(f"{base_key}#{seen[base_key]}".encode()).hexdigest()[:16],
            )
        )
    return plan


def _infer_period(plan: ParsedPlan, collected: _Collected) -> None:
    """No period in the title: take the academic year (or the calendar years) that the dated rows cover,
    and read the rows again so that recurring and ongoing rows span it."""
    dated = [e for e in plan.events if e.precision in _EXPLICIT and e.starts_on and e.ends_on]
    if not dated:
        plan.warnings.append("plan period not found in the title")
        return
    first = min(e.starts_on for e in dated if e.starts_on)
    last = max(e.ends_on for e in dated if e.ends_on)
    academic_start = first.year if first.month >= 9 else first.year - 1
    near = (first, last)
    if last <= date(academic_start + 1, 8, 31):
        period = PlanPeriod(
            date(academic_start, 9, 1), date(academic_start + 1, 8, 31), True, inferred=True, near=near
        )
    else:
        period = PlanPeriod(date(first.year, 1, 1), date(last.year, 12, 31), False, inferred=True, near=near)
    plan.period = period
    plan.warnings.append(
        f"plan period not found in the title; inferred from the rows: {period.starts_on}..{period.ends_on}"
    )
    _fill_rows(plan, collected)


def _is_date_heading(text: str) -> bool:
    """A short line that is only a month, a quarter or days: «Сентябрь 2014», «I квартал», «Октябрь»
    (not the title's «на 2023/2024 учебный год»)."""
    if len(text) > 40 or re.search(r"\bплан|\bна\s", text, re.I):
        return False
    if re.fullmatch(r"\s*(?:" + "|".join(_MONTH_WORDS) + r")\w*\s*", text.lower()):
        return True
    return parse_when(text).precision in ("month", "months", "quarter", "day", "days")


def _section(heading: str | None, direction: str) -> str | None:
    if heading and direction:
        return f"{heading} — {direction}"
    return heading or direction or None


def _optional(text: str | None) -> str | None:
    cleaned = clean_text(text)
    return cleaned or None


def _key_text(text: str | None) -> str:
    return _KEY_RE.sub(" ", (text or "").lower().replace("ё", "е")).strip()


# --- occurrences and JSON -----------------------------------------------------------------------------------


def _recurrence_dates(recurrence: str, start: date, end: date) -> list[date]:
    if recurrence == "weekly":
        return [date.fromordinal(day) for day in range(start.toordinal(), end.toordinal() + 1, 7)]
    if recurrence.startswith("n_per_year:"):
        return _spread_per_year(int(recurrence.split(":", 1)[1]), start, end)
    step = {"monthly": 1, "quarterly": 3, "yearly": 12}.get(recurrence)
    if step is None:
        return [start]
    first = start if start.day == 1 or step != 1 else _add_months(start.replace(day=1), 1)
    return _month_steps(first, end, step)


def _month_steps(first: date, end: date, step: int) -> list[date]:
    found: list[date] = []
    current, k = first, 0
    while current <= end:
        found.append(current)
        k += 1
        current = _add_months(first, step * k)
    return found


def _spread_per_year(n: int, start: date, end: date) -> list[date]:
    if n <= 0:
        return []
    if 12 % n == 0:
        return _month_steps(start, end, 12 // n)
    found: list[date] = []
    year_start = start
    while year_start <= end:
        next_year = _add_months(year_start, 12)
        length = (next_year - year_start).days
        for k in range(n):
            day = date.fromordinal(year_start.toordinal() + (k * length) // n)
            if day <= end:
                found.append(day)
        year_start = next_year
    return found


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _event_json(event: PlanEvent) -> dict:
    return {
        "index": event.index,
        "number": event.number,
        "section": event.section,
        "title": event.title,
        "goal": event.goal,
        "result": event.result,
        "responsible": event.responsible,
        "venue": event.venue,
        "when_text": event.when_text,
        "starts_on": _iso(event.starts_on),
        "ends_on": _iso(event.ends_on),
        "precision": event.precision,
        "recurrence": event.recurrence,
        "dates": [d.isoformat() for d in event.dates],
        "audience": event.audience,
        "kind": event.kind,
        "warnings": list(event.warnings),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


__all__ = ["expand_occurrences", "find_header", "find_title", "map_columns", "parse_plan", "to_json_dict"]
