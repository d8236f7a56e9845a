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
    ROMAN_MONTHS,
    first_plan_period,
    is_time_of_day,
    looks_like_date,
    parse_approval_date,
    parse_plan_period,
    parse_when,
)
from services.plan_import.models import ParsedPlan, PlanEvent, PlanFormatError, PlanPeriod, Skip, When
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
        ("weekday", r"^(?:дн[иья]|день)\s+недели$"),
        ("when_end", r"(?:срок|дата)\w*\s+(?:окончани|завершени)|^(?:окончани|завершени)\w*$"),
        ("when", r"срок|период|дата|даты|время|когда|^месяц|^начал\w*$|^часы$"),
        ("venue", r"площадк|место"),
        ("goal", r"\bцел[ьи]|задач"),
        ("result", r"результат|продукт|отчетност"),
        ("direction", r"направлени"),
        ("audience", r"^(?:на\s+кого|для\s+кого|участники|целев\w*\s+(?:аудитор|групп)|категори)"),
        ("form", r"^форм[аы]\b"),
        (
            "title",
            r"мероприят|наименовани|название|содержание|\bтема|вид\w*\s+деятельност|^вид\w*\b|событи|^элемент\w*\s+режима|^режимн\w*\s+момент",
        ),
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
    months: dict[int, str] = field(default_factory=dict)  # a column per month («IX», «Октябрь»): its header


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
    intro_is_pre_text: bool = False  # the document's text is the table itself: only what is above it heads it


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
    leading = "" if collected.intro_is_pre_text else document.leading_text
    intro = "\n\n".join(part for part in (leading, "\n".join(collected.pre_text)) if part)
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
        not any("when" in row.layout.columns or row.layout.months for row in collected.rows)
        and "when" not in collected.layout.columns
        and not collected.layout.months
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
        named = _column_names(rows[0]) if rows else {}
        header = (
            bool(rows)
            and not any(map(_names_a_date, rows[0]))
            and len(named) * 2 >= len([cell for cell in rows[0] if cell])
        )  # a header that names no title column («Порядковый номер заезда | Дата начала | Дата окончания»)
        if header:
            rows = rows[1:]
        if len(rows) < 3 or width > 4:
            continue
        dated = [sum(1 for row in rows if at < len(row) and looks_like_date(row[at])) for at in range(width)]
        when_at = max(range(width), key=dated.__getitem__)
        others = [at for at in range(width) if at != when_at and dated[at] * 2 < len(rows)]
        if dated[when_at] * 10 < len(rows) * 9 or not others:
            continue
        title_at = max(others, key=lambda at: sum(len(row[at]) for row in rows if at < len(row)))
        columns = {"when": when_at, "title": title_at}
        if header:
            columns.update(
                {
                    name: at
                    for name, at in named.items()
                    if name == "when_end" and at not in (title_at, when_at)
                }
            )
        collected = _Collected(layout=_Layout(columns, [], width))
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
        header, run = [], 0
        while at + run < len(lines):
            line = lines[at + run]
            if _names_a_column(line):
                header.append(line)
            elif len(header) >= 2 and line[:1].islower() and len(line) <= 30 and not looks_like_date(line):
                # «Категория» «участников» inside a header run: one cell of two paragraphs
                header[-1] = f"{header[-1]} {line}"
            else:
                break
            run += 1
        columns = map_columns(header) if len(header) >= 3 else None
        if columns is None:
            continue
        if "number" not in columns:  # the header's «№» cell was blank; every row still opens with its number
            columns = {"number": 0, **{name: place + 1 for name, place in columns.items()}}
            header = ["", *header]
        layout = _Layout(columns, header, len(header))
        rows: list[list[str]] = []
        top, sub = 0, 0
        body = lines[at + run :]
        numbered = 0  # «1» «2» «3» «4» under the header: the columns' numbers, not rows of one line each
        while numbered < len(body) and body[numbered].rstrip(".") == str(numbered + 1):
            numbered += 1
        body = body[numbered if numbered >= 3 else 0 :]
        for position, line in enumerate(body):
            number = _ROW_NUMBER_RE.match(line)
            first, second = (int(number.group(1)), number.group(2)) if number else (0, None)
            complete = bool(rows) and len(rows[-1]) >= len(header)
            if number and second is None and (first == top + 1 or (complete and top <= first <= top + 2)):
                rows.append([line])  # a number typed twice («4», «4») or skipped («4», «6») after a whole row
                top, sub = first, 0
            elif number and second is not None and first == top and int(second) == sub + 1:
                if sub == 0 and len(rows[-1]) <= 2:  # «1.» «Организационные мероприятия» heads rows 1.1, 1.2…
                    rows[-1] = [" ".join(rows[-1])]
                rows.append([line])
                sub += 1
            elif (
                rows
                and len(rows[-1]) >= len(header) - 1
                and _SIGNATURE_RE.match(line)
                and not any(later.rstrip(".") == str(top + 1) for later in body[position + 1 :])
            ):  # «Директор…» after the last row; «Руководитель физ. воспитания,» inside a row is no signature
                break
            elif rows:
                rows[-1].append(line)
        if not rows:
            return None
        collected = _Collected(layout=layout, pre_text=lines[:at], intro_is_pre_text=True)
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
        and not line.rstrip().endswith(":")  # «К этому дню пройдут следующие мероприятия:» leads the table
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
    if rows and not is_number_like(rows[0][0]) and len(_column_names(rows[0])) >= 2:
        return False  # it opens with a header of its own («Виды работ | Объём нагрузки в часах | …»)
    return widest == layout.width or bool(rows and is_number_like(rows[0][0]))


def _collect_body(body: Table, collected: _Collected, section: str | None) -> str | None:
    layout = collected.layout
    assert layout is not None
    for row in body:
        non_empty = [cell for cell in row if cell]
        if not non_empty or row == layout.header or _is_column_numbers(row):
            continue
        if not layout.months and not collected.rows and month_columns(row):  # «IX | X | … | V» under «Сроки»
            layout.months = month_columns(row)
            if len(row) > len(layout.header):  # «Сроки» was one merged cell over the months: columns move
                first, extra = min(layout.months), len(layout.months) - 1
                layout.columns = {
                    name: at + extra if at > first else at for name, at in layout.columns.items()
                }
                layout.width = max(layout.width + extra, len(row))
            continue
        if len(set(non_empty)) == 1 and not is_number_like(non_empty[0]):
            # a merged heading, over the whole row or all but its number cell
            section = one_line(non_empty[0])
            continue
        if not layout.exported and _repeats_header(row, layout):  # the next table's header, its words changed
            continue
        if not layout.exported and _is_new_header(row):  # a second table further down the same sheet
            columns = map_columns(row)
            assert columns is not None
            layout = collected.layout = _Layout(columns, row, max(len(row), max(columns.values()) + 1))
            continue
        parent = collected.rows[-1] if collected.rows else None
        if parent is not None and parent.layout is layout and _heads_subrows(parent.cells, row, layout):
            collected.rows.pop()  # «1 | Организационные мероприятия | | » over «1.1», «1.2»: a numbered section
            section = one_line(" ".join(cell for cell in parent.cells if cell))
        collected.rows.append(_DataRow(len(collected.rows), section, row, layout))
    return section


def _heads_subrows(parent: Row, row: Row, layout: _Layout) -> bool:
    """The row above holds only a number and a name, and this row's number is that number's first sub-number."""
    at = layout.columns.get("number")
    if at is None or at >= len(parent) or at >= len(row):
        return False
    number, sub = parent[at].strip().rstrip("."), row[at].strip().rstrip(".")
    filled = [cell for i, cell in enumerate(parent) if cell and i != at]
    return bool(number.isdigit() and sub == f"{number}.1" and len(filled) == 1)


def _repeats_header(row: Row, layout: _Layout) -> bool:
    """A row naming the same columns at the same places as the table's header, not numbered: the header of
    the next plan on the same page («Наименование мероприятия на май 2015г.» after «…на июнь 2015г.»)."""
    return bool(row and row[0] and not is_number_like(row[0]) and map_columns(row) == layout.columns)


def _is_new_header(row: Row) -> bool:
    """A row of short words naming three plan columns or more («№ | Мероприятие | Срок | Ответственный»)."""
    cells = [cell for cell in row if cell]
    if any(len(cell) > 90 or is_number_like(cell) or looks_like_date(cell) for cell in cells):
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
            return at, _Layout(columns, row, width, months=month_columns(row))
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
    if "when" in columns and _header_text(header[columns["when"]]).startswith("месяц"):  # «Месяц» | «Дата»
        day_at = next(
            (
                at
                for at, cell in enumerate(header)
                if at not in columns.values() and re.search(r"^(?:дата|число|срок)", _header_text(cell))
            ),
            None,
        )
        if day_at is not None:
            columns["when_day"] = day_at
    if "title" not in columns and "form" in columns:  # «Формы работы» is the only column naming the item
        columns["title"] = columns.pop("form")
    if "title" not in columns and "direction" in columns:  # «Направления деятельности» names the items
        columns["title"] = columns.pop("direction")
    if "title" not in columns or not (_PLAN_COLUMNS & set(columns) or month_columns(header)):
        return None
    return columns


_MONTH_HEADER_RE = re.compile(
    r"^(?:" + "|".join(_MONTH_WORDS) + r")[а-я]*\.?(?:\s+(?:19|20|21)\d\d\s*г?\.?)?$"
)
_MARK_RE = re.compile(r"^[+хxvV✓✔•*■●☑✅]+$|^да$", re.I)


def month_columns(header: Row) -> dict[int, str]:
    """Columns named by months («Сентябрь», «Окт.», «IX» … «V»): a plan that marks each item's months with «+»
    (three such columns at least, else none)."""
    by_prefix: dict[str, dict[int, str]] = {}  # a header of two rows reads «Сроки проведения IX», «… X»
    for at, cell in enumerate(header):
        words = one_line(cell).split(" ")
        for cut in (0, len(words) - 1, len(words) - 2):
            if cut < 0 or (cut and not words[:cut]):
                continue
            prefix, tail = " ".join(words[:cut]), " ".join(words[cut:])
            text = tail.lower().replace("ё", "е")
            if _MONTH_HEADER_RE.match(text):
                by_prefix.setdefault(prefix, {})[at] = tail
                break
            if text in ROMAN_MONTHS:
                by_prefix.setdefault(prefix, {})[at] = _MONTH_NAMES[ROMAN_MONTHS[text] - 1]
                break
    for found in sorted(by_prefix.values(), key=len, reverse=True):
        if len({month.lower() for month in found.values()}) >= 3:
            return found
    return {}


_MONTH_NAMES = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


def _months_marked(cells: Row, months: dict[int, str]) -> str:
    """The months a row marks («+» under «Ноябрь» and «Март» → «Ноябрь, Март»); a day or a date written in a
    month's cell instead of a mark is kept («16» under «Январь» → «16 Январь»)."""
    parts: list[str] = []
    for at, month in months.items():
        cell = one_line(cells[at]) if at < len(cells) else ""
        if not cell:
            continue
        if _MARK_RE.match(cell):
            parts.append(month)
        elif re.fullmatch(r"\d{1,2}(?:\s*,\s*\d{1,2})*", cell):
            parts.append(f"{cell} {month}")
        else:
            parts.append(cell if looks_like_date(cell) else month)
    return ", ".join(parts)


def _header_text(cell: str) -> str:
    return " ".join(_HEADER_PUNCT_RE.sub(" ", _BRACKETS_RE.sub(" ", cell.lower().replace("ё", "е"))).split())


def _column_names(row: Row) -> dict[str, int]:
    """The plan columns the cells of a row name, whatever else it lacks."""
    named: dict[str, int] = {}
    for at, cell in enumerate(row):
        text = _header_text(cell)
        name = (
            next((name for name, pattern in _COLUMN_PATTERNS if pattern.search(text)), None) if text else None
        )
        if name is not None and name not in named and len(text) <= 80:
            named[name] = at
    return named


def _is_column_numbers(row: Row) -> bool:
    return len(row) >= 2 and all(cell.rstrip(".") == str(at) for at, cell in enumerate(row, start=1))


# --- data rows → events ---------------------------------------------------------------------------------


def _fill_rows(plan: ParsedPlan, collected: _Collected) -> None:
    seen: Counter[str] = Counter()
    carried_day: str | None = None
    carried_weekday: str | None = None
    plan.events.clear()
    plan.skipped.clear()
    for row in collected.rows:
        cells = row.cells
        layout = row.layout
        columns = layout.columns
        if "number" not in columns and len(cells) == len(layout.header) + 1 and is_number_like(cells[0]):
            columns = {"number": 0, **{name: at + 1 for name, at in columns.items()}}
        fields = {name: cells[at] if at < len(cells) else "" for name, at in columns.items()}
        day = clean_text(fields.pop("when_day", ""))
        if day:  # «15» under «Дата» beside «Октябрь» under «Месяц»
            fields["when"] = f"{day} {clean_text(fields.get('when'))}".strip()
        end = clean_text(fields.pop("when_end", ""))
        if end and clean_text(fields.get("when")) not in ("", end):  # «Дата начала» | «Дата окончания»
            fields["when"] = f"{clean_text(fields.get('when'))} - {end}"
        elif end:
            fields["when"] = end
        if layout.months and (not fields.get("when") or _MARK_RE.match(one_line(fields.get("when")))):
            fields["when"] = _months_marked(cells, layout.months)
        title = _with_form(one_line(fields.get("form")), one_line(fields.get("title")), columns)
        if not re.search(r"[^\W\d_]", title):  # «266,33», «10»: a number in the title column is no item
            text = one_line(" | ".join(cell for cell in row.cells if cell))
            plan.skipped.append(Skip(row.index, "empty title", text))
            continue
        weekday = one_line(fields.pop("weekday", ""))
        if weekday or "weekday" not in columns:  # «Вторник» in a cyclogram's merged first cell: its block
            carried_weekday = weekday.lower() if _WEEKDAY_RE.match(weekday.lower()) else None
        number = one_line(fields.get("number"))
        if number and not is_number_like(number) and _is_date_heading(number):  # «28.03.2022 понедельник»
            carried_day, fields["number"] = number, ""  # in the «№» cell, merged down over the day's rows
        elif number:
            carried_day = None
        section = _section(row.section, one_line(fields.get("direction")))
        stacked = _stacked_items(clean_text(fields.get("title")), clean_text(fields.get("when")))
        if stacked is not None:  # «Педсовет / 1. … / 2. …» beside «30.08 / 05.09 / …»: one item a paragraph
            heading, items = stacked
            section = _section(" — ".join(p for p in (row.section, heading) if p) or None, "")
            for number, item, when in items:
                key = f"{_key_text(section)}|{_key_text(item)}"
                seen[key] += 1
                item_fields = {**fields, "title": item, "when": when, "number": number}
                plan.events.append(_event(row.index, section, item, item_fields, plan.period, key, seen[key]))
            continue
        base_key = f"{_key_text(section)}|{_key_text(title)}"
        seen[base_key] += 1
        plan.events.append(
            _event(
                row.index,
                section,
                title,
                fields,
                plan.period,
                base_key,
                seen[base_key],
                carried_day,
                carried_weekday,
            )
        )


def _names_a_date(text: str) -> bool:
    """A day, days or months (a time of day alone, «с 8.00 до 14.00 часов», is not a date)."""
    return parse_when(text).precision in ("day", "days", "dates", "month", "months", "quarter", "year")


_WEEKDAY_RE = re.compile(r"^(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\b")
_SOME_MONTH = PlanPeriod(date(2001, 1, 1), date(2001, 1, 31), academic=False)


def _names_a_time(text: str) -> bool:
    """A date, a period phrase («в теч. месяца», «ежемесячно», «до 15.09») or a deadline."""
    return looks_like_date(text) or parse_when(text, _SOME_MONTH).precision != "unknown"


_INLINE_ITEM_RE = re.compile(r"(?<=[\s.!»\"])\s*(\d{1,2}\s*\.\s*(?=[«\"A-ZА-ЯЁ]))")
_ITEM_LINE_RE = re.compile(r"^\s*(\d{1,2})\s*[.)]\s*(?=[^\W\d_]|[«\"])")


def _stacked_items(title: str, when: str) -> tuple[str, list[tuple[str, str, str]]] | None:
    """Several numbered items stacked in one row's cells, each with its own date in the date cell, in the same
    order («1. Подготовка документации…» «2. Составление отчёта…» beside «05.09» «31.08-15.09»): the items and
    their dates, paired only when the date cell holds exactly one date (or blank-separated group) an item."""
    if "\n" not in title and re.match(r"1\s*\.\s*\S", title):  # «1.Праздник … 2.Досуг …» run together
        title = _INLINE_ITEM_RE.sub(lambda m: "\n" + m.group(1), title)
    lines = title.split("\n")
    starts = [at for at, line in enumerate(lines) if _ITEM_LINE_RE.match(line)]
    if len(starts) < 2:
        return None
    numbers = [int(_ITEM_LINE_RE.match(lines[at]).group(1)) for at in starts]  # type: ignore[union-attr]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    heading = one_line(" ".join(lines[: starts[0]]))
    items = [
        (str(number), one_line(_ITEM_LINE_RE.sub("", " ".join(lines[a:b]), count=1)))
        for number, a, b in zip(numbers, starts, [*starts[1:], len(lines)], strict=True)
    ]
    for chunks in (
        [one_line(chunk) for chunk in re.split(r"\n\s*\n", when) if chunk.strip()],
        [line.strip() for line in when.split("\n") if line.strip()],
    ):
        if heading and len(chunks) == len(items) + 1:
            chunks = chunks[1:]  # the heading's own date («Педсовет» on 30.08) comes first
        if len(chunks) == len(items) and all(map(_names_a_time, chunks)):
            return heading, [(n, item, chunk) for (n, item), chunk in zip(items, chunks, strict=True)]
    agenda = sum(1 for _, item in items if _AGENDA_RE.match(item.lower()))
    if not heading and numbers[0] == 1 and agenda * 2 < len(items):  # a list of items under one date
        return heading, [(n, item, when) for n, item in items]
    return None  # «1. О развитии… 2. Отчёт…»: the questions of one meeting, not items of their own


_AGENDA_RE = re.compile(
    r"^(?:о|об|обо|отч[её]т\w*|утверждени\w*|выбор\w*|рассмотрени\w*|итог\w*|результат\w*|анализ\w*|"
    r"информаци\w*|согласовани\w*|обсуждени\w*|ознакомлени\w*|подведени\w*|принятие|избрани\w*)\b"
)


def _with_form(form: str, title: str, columns: dict[str, int]) -> str:
    """A «Форма проведения» column left of the name column reads as the title's first words: «Спортивные
    эстафеты» | «Новогодние забавы» is «Спортивные эстафеты «Новогодние забавы»». One right of it is left out."""
    form = form.rstrip(" .,;:")
    if not form or "form" not in columns or columns["form"] > columns.get("title", -1):
        return title
    if not title or _key_text(title).startswith(_key_text(form)):
        return title or form
    return f"{form} {title}" if title[0] in "«\"'“„" else f"{form} «{title}»"


def _under_heading(when: When, when_text: str, heading: When) -> When:
    """A row under a date heading that gives less than a date of its own: «3 неделя», «15», «по согласованию»
    under «Октябрь»; «9-00», «09.30-11.00 Спортзал» under «Дата - 03.05.2017»; «В течение семестра» under
    «1 ПОЛУГОДИЕ». What the row says wins where it is a date of its own."""
    first, last = heading.starts_on, heading.ends_on
    if first is None or last is None:
        return when
    plan_month = bool(
        {"day not given: the plan's month", "day not given: the plan's days"} & set(when.warnings)
    )
    if heading.precision == "day" and (when.precision == "unknown" or plan_month):
        within = parse_when(when_text, PlanPeriod(first, last, academic=False))
        return within if within.precision == "day" else When(first, last, "day")
    if when.precision != "unknown":
        return when
    if heading.precision == "month":
        within = parse_when(when_text, PlanPeriod(first, last, academic=False))
        if within.precision != "unknown":
            return within
        return When(first, last, "month", warnings=["day not given: the section's month"])
    if heading.precision in ("months", "quarter"):
        return When(first, last, heading.precision, warnings=["day not given: the section's month"])
    return when


def _event(
    index: int,
    section: str | None,
    title: str,
    fields: dict[str, str],
    period: PlanPeriod | None,
    base_key: str,
    occurrence: int,
    date_heading: str | None = None,
    weekday: str | None = None,
) -> PlanEvent:
    when_text = clean_text(fields.get("when"))
    heading_text = date_heading or (section.split(" — ")[0] if section else None)
    heading = parse_when(heading_text, period) if heading_text else None
    if not when_text and heading is not None and heading.precision not in ("unknown", "on_request"):
        when_text = heading_text or ""  # no date of its own: the heading's date, if the heading is one
    when = parse_when(when_text, period)
    if when.precision == "unknown" and "\n" in when_text:  # «10.00\n103 кабинет»: a time, then the place
        first_line = parse_when(when_text.split("\n")[0], period)
        if first_line.precision != "unknown":
            when = first_line
    if heading is not None and when_text != heading_text:
        when = _under_heading(when, when_text, heading)
    if weekday and period is not None and (when.precision == "unknown" or is_time_of_day(when_text)):
        when = When(period.starts_on, period.ends_on, "recurring", "weekly")  # «9.00 – 9.30» on Tuesdays
    if when.starts_on is None and when.precision != "on_request":
        # «февраль», «постоянно» in a plan that gives no year at all: not placed
        when.precision, when.recurrence = "unknown", None
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
    if first.year == last.year and first.month < 9:
        # «Январь 2023», «Январь – август 2023»: the calendar year, not a school year
        period = PlanPeriod(date(first.year, 1, 1), date(first.year, 12, 31), False, inferred=True, near=near)
    elif last <= date(academic_start + 1, 8, 31):
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
