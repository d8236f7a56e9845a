"""Dates as people write them in Russian plans: «апрель-май 2019», «С 18 по 23 марта 2024 г», «Ежеквартально».

``parse_when`` never raises: whatever it cannot read becomes ``precision="unknown"`` with a warning.

Year inference for a month written without a year (documented rule, tested):

* academic-year plan (1 Sep Y .. 31 Aug Y+1): September–December fall in Y, January–August in Y+1;
* calendar plan ("на 2019-2020 гг."): the plan's first year;
* no plan period: the year stays unknown (``starts_on``/``ends_on`` are ``None``) with a warning.

A month range whose only year is written at its end and which wraps the new year («Ноябрь - Январь 2023»)
is read literally (Nov 2022 .. Jan 2023) unless that falls outside the plan period while reading the year as
the start's year (Nov 2023 .. Jan 2024) falls inside it: then the latter is taken, with a warning.

A deadline («до 1 сентября 2021») is placed on that day (precision "day") with a "deadline" warning.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date

from services.plan_import.models import PlanPeriod, Precision, When

MIN_YEAR, MAX_YEAR = 1900, 2199

_MONTH_PATTERNS = (
    r"январ\w*|янв\b\.?",
    r"феврал\w*|фев\b\.?",
    r"март\w*|мар\b\.?",
    r"апрел\w*|апр\b\.?",
    r"ма[йяе]\b",
    r"июн[ьяеию]?\b",
    r"июл[ьяеию]?\b",
    r"август\w*|авг\b\.?",
    r"сентябр\w*|сент?\b\.?",
    r"октябр\w*|окт\b\.?",
    r"ноябр\w*|ноя\b\.?",
    r"декабр\w*|дек\b\.?",
)
_MONTH_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<m{i + 1}>{p})" for i, p in enumerate(_MONTH_PATTERNS)) + r")",
)
_DASHES_RE = re.compile(r"[‐‑‒–—―−]")
_LETTER_DIGIT_RE = re.compile(r"(?<=[а-яa-z])(?=\d)|(?<=\d)(?=[а-яa-z])")
_YEAR_SUFFIX_RE = re.compile(r"(\d{4})\s*(?:гг|г|годы|годов|года|году|год)\b\.?")
_SPACES_RE = re.compile(r"\s+")

Y = r"(\d{4})"
OPT_Y = r"(?:\s*(\d{4}))?"
M = r"m(\d\d)"
D = r"(\d{1,2})"
NUM_DATE = r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)"
TO = r"\s*(?:-|по|до)\s*"

_ON_REQUEST_RE = re.compile(r"по\s+(?:запрос|мере\s+необходимост|необходимост|требовани|заявк)")
_ONGOING_RE = re.compile(r"постоянн|систематическ|в\s+течение\s+всего\s+(?:периода|срока|проекта)")
_N_WORDS = {"один": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6}
_N_PER_YEAR_RE = re.compile(
    r"(\d{1,2}|один|два|две|три|четыре|пять|шесть)\s*раз\w*\s+в\s+(?:учебн\w*\s+)?год"
)
_RECURRENCE_RES = (
    (re.compile(r"еженедельн|раз\s+в\s+неделю"), "weekly"),
    (re.compile(r"ежемесячн|раз\s+в\s+месяц"), "monthly"),
    (re.compile(r"ежекварт|раз\s+в\s+квартал"), "quarterly"),
    (re.compile(r"раз\s+в\s+полугоди"), "n_per_year:2"),
    (re.compile(r"ежегодн|(?<!\d\s)(?<!\d)раз\s+в\s+год"), "yearly"),
)
_ACADEMIC_YEAR_RE = re.compile(r"(?<!\d)(\d{4})\s*[/-]\s*(\d{4}|\d{2})\s*(?:уч\b|учеб)")
_ACADEMIC_WORDS_RE = re.compile(r"учебн\w*\s+год")
_WHOLE_YEAR_RE = re.compile(r"в\s+течени[еи]\s+(?:всего\s+)?(?:календарного\s+)?года?\b")
_QUARTER_RE = re.compile(r"(?<![\w])(iv|i{1,3}|[1-4])\s*(?:-?(?:й|ый|ом))?\s*квартал\w*" + OPT_Y)
_HALF_RE = re.compile(r"(?<![\w])(ii|i|[12])\s*(?:-?(?:е|ое|ом))?\s*полугоди\w*" + OPT_Y)
_NUM_RANGE_RE = re.compile(r"(?<!\d)" + NUM_DATE + TO + NUM_DATE)
_NUM_DATE_RE = re.compile(r"(?<![\d.])" + NUM_DATE)
_DEADLINE_RE = re.compile(r"(?:^|\s)(?:до|не\s+позднее|не\s+позже|к)\s*$")
_DAY_RANGE_RE = re.compile(D + TO + D + r"\s+" + M + OPT_Y)
_DAY_MONTH_RANGE_RE = re.compile(D + r"\s+" + M + OPT_Y + TO + D + r"\s+" + M + OPT_Y)
_DAY_MONTH_RE = re.compile(r"(?<![\d.])" + D + r"\s+" + M + OPT_Y)
_MONTH_RANGE_RE = re.compile(M + OPT_Y + TO + M + OPT_Y)
_MONTH_ONE_RE = re.compile(M + OPT_Y)
_YEAR_RANGE_RE = re.compile(r"(?<!\d)" + Y + r"\s*([-/])\s*" + Y + r"(?!\d)")
_YEAR_RE = re.compile(r"(?<![\d.])" + Y + r"(?![\d.]\d)")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_SPAN_PRECISIONS = {"day", "days", "dates", "month", "months", "quarter"}


def normalize_when(text: str) -> str:
    """Lower-case, unify dashes, split «январь2023», replace month words by ``mNN`` and drop «г./года»."""
    s = _DASHES_RE.sub("-", text.lower().replace("ё", "е"))
    s = _LETTER_DIGIT_RE.sub(" ", s)
    s = _MONTH_RE.sub(_month_token, s)
    s = _YEAR_SUFFIX_RE.sub(r"\1", s)
    return _SPACES_RE.sub(" ", s).strip()


def _month_token(match: re.Match[str]) -> str:
    return f" m{int(match.lastgroup[1:]):02d} " if match.lastgroup else match.group(0)


def parse_when(text: str, plan_period: PlanPeriod | None = None) -> When:
    """Read a «Сроки» cell. Never raises."""
    try:
        when = _parse(normalize_when(text or ""), plan_period)
    except Exception as exc:  # last-resort guard: a date cell must never break an import
        return When(warnings=[f"date not understood ({type(exc).__name__})"])
    _check_inside_period(when, plan_period)
    return when


def _parse(s: str, period: PlanPeriod | None) -> When:
    if not s:
        return When(warnings=["no date given"])
    for reader in _READERS:
        when = reader(s, period)
        if when is not None:
            return when
    return When(warnings=[f"date not understood: «{s[:60]}»"])


# --- keyword shapes -------------------------------------------------------------------------------------


def _read_on_request(s: str, period: PlanPeriod | None) -> When | None:
    if _ON_REQUEST_RE.search(s):
        return When(precision="on_request")
    return None


def _read_ongoing(s: str, period: PlanPeriod | None) -> When | None:
    if _ONGOING_RE.search(s):
        return _spanning(period, "ongoing", None)
    return None


def _read_recurring(s: str, period: PlanPeriod | None) -> When | None:
    match = _N_PER_YEAR_RE.search(s)
    if match:
        raw = match.group(1)
        n = int(raw) if raw.isdigit() else _N_WORDS[raw]
        recurrence = "yearly" if n == 1 else f"n_per_year:{n}"
        return _spanning(period, "recurring", recurrence) if n > 0 else None
    for pattern, recurrence in _RECURRENCE_RES:
        if pattern.search(s):
            return _spanning(period, "recurring", recurrence)
    return None


def _spanning(period: PlanPeriod | None, precision: Precision, recurrence: str | None) -> When:
    if period is None:
        return When(precision=precision, recurrence=recurrence, warnings=["no plan period to place it in"])
    return When(period.starts_on, period.ends_on, precision, recurrence)


def _read_academic_year(s: str, period: PlanPeriod | None) -> When | None:
    match = _ACADEMIC_YEAR_RE.search(s)
    if match:
        first = _year(match.group(1))
        if first is None or first + 1 > MAX_YEAR:
            return None
        return When(date(first, 9, 1), date(first + 1, 8, 31), "academic_year")
    if _ACADEMIC_WORDS_RE.search(s) and not _YEAR_RE.search(s):
        if period is None:
            return When(precision="academic_year", warnings=["no plan period to place it in"])
        first = period.starts_on.year if period.academic or period.starts_on.month >= 9 else None
        first = first if first is not None else period.starts_on.year
        return When(date(first, 9, 1), date(min(first + 1, MAX_YEAR), 8, 31), "academic_year")
    return None


def _read_whole_year(s: str, period: PlanPeriod | None) -> When | None:
    if not _WHOLE_YEAR_RE.search(s) or _YEAR_RE.search(s):
        return None
    return _spanning(period, "year", None)


# --- quarters and halves ---------------------------------------------------------------------------------


def _read_quarter(s: str, period: PlanPeriod | None) -> When | None:
    match = _QUARTER_RE.search(s)
    if not match:
        return None
    quarter = _ROMAN.get(match.group(1)) or int(match.group(1))
    first_month = 3 * (quarter - 1) + 1
    year = _year(match.group(2)) if match.group(2) else _infer_year(first_month, period)
    return _month_span(year, first_month, year, first_month + 2, "quarter")


def _read_half(s: str, period: PlanPeriod | None) -> When | None:
    """«I полугодие»: in an academic plan it is Sep–Dec (the school half-year), otherwise Jan–Jun."""
    match = _HALF_RE.search(s)
    if not match:
        return None
    half = _ROMAN.get(match.group(1)) or int(match.group(1))
    explicit = _year(match.group(2)) if match.group(2) else None
    if period is not None and period.academic and explicit is None:
        first = period.starts_on.year
        if half == 1:
            return _month_span(first, 9, first, 12, "months")
        return _month_span(first + 1, 1, first + 1, 5, "months")
    year = explicit if explicit is not None else _infer_year(1, period)
    start = 1 if half == 1 else 7
    return _month_span(year, start, year, start + 5, "months")


# --- numeric dates -----------------------------------------------------------------------------------------


def _read_numeric(s: str, period: PlanPeriod | None) -> When | None:
    matches = list(_NUM_DATE_RE.finditer(s))
    if not matches:
        return None
    warnings: list[str] = []
    pair = _NUM_RANGE_RE.search(s)
    if pair and len(matches) == 2:
        start = _make_date(pair.group(3), pair.group(2), pair.group(1), warnings)
        end = _make_date(pair.group(6), pair.group(5), pair.group(4), warnings)
        return _range(start, end, "days", warnings)
    found = [_make_date(m.group(3), m.group(2), m.group(1), warnings) for m in matches]
    return _dates_when(found, s[: matches[0].start()], warnings)


def _dates_when(found: list[date | None], before_first: str, warnings: list[str]) -> When:
    """A list of dates: one is a day (a deadline when «до» stands before it), several are precision "dates"."""
    dates = sorted({d for d in found if d is not None})
    if not dates:
        return When(warnings=warnings)
    if len(dates) == 1:
        if _DEADLINE_RE.search(before_first):
            warnings.append(f"deadline: by {dates[0].isoformat()}")
        return When(dates[0], dates[0], "day", warnings=warnings)
    return When(dates[0], dates[-1], "dates", dates=dates, warnings=warnings)


# --- day + month words ---------------------------------------------------------------------------------


def _read_day_month_range(s: str, period: PlanPeriod | None) -> When | None:
    match = _DAY_MONTH_RANGE_RE.search(s)
    if not match:
        return None
    d1, m1, y1, d2, m2, y2 = match.groups()
    year2 = _year(y2) if y2 else _infer_year(int(m2), period)
    year1 = _year(y1) if y1 else _start_year(int(m1), int(m2), year2, period)
    warnings: list[str] = []
    start = _make_date(year1, m1, d1, warnings)
    end = _make_date(year2, m2, d2, warnings)
    return _range(start, end, "days", warnings)


def _read_day_range(s: str, period: PlanPeriod | None) -> When | None:
    match = _DAY_RANGE_RE.search(s)
    if not match:
        return None
    d1, d2, month, y = match.groups()
    year = _year(y) if y else _infer_year(int(month), period)
    warnings: list[str] = []
    start = _make_date(year, month, d1, warnings)
    end = _make_date(year, month, d2, warnings)
    return _range(start, end, "days", warnings)


def _read_day_month(s: str, period: PlanPeriod | None) -> When | None:
    matches = list(_DAY_MONTH_RE.finditer(s))
    if not matches:
        return None
    warnings: list[str] = []
    last_year = next((_year(m.group(3)) for m in reversed(matches) if m.group(3)), None)
    found = []
    for m in matches:
        year = _year(m.group(3)) if m.group(3) else last_year or _infer_year(int(m.group(2)), period)
        found.append(_make_date(year, m.group(2), m.group(1), warnings))
    return _dates_when(found, s[: matches[0].start()], warnings)


# --- months and years --------------------------------------------------------------------------------------


def _read_month_range(s: str, period: PlanPeriod | None) -> When | None:
    match = _MONTH_RANGE_RE.search(s)
    if not match:
        return None
    m1, y1, m2, y2 = int(match.group(1)), match.group(2), int(match.group(3)), match.group(4)
    warnings: list[str] = []
    if y1 and y2:
        year1, year2 = _year(y1), _year(y2)
    elif y2:
        year2 = _year(y2)
        year1 = _start_year(m1, m2, year2, period)
        if year1 is not None and year2 is not None and m1 > m2:
            year1, year2 = _fit_wrapped_range(m1, m2, year2, period, warnings)
    elif y1:
        year1 = _year(y1)
        year2 = None if year1 is None else (year1 if m2 >= m1 else year1 + 1)
    else:
        year1 = _infer_year(m1, period)
        year2 = _infer_year(m2, period)
        if year1 is not None and year2 is not None and (year2, m2) < (year1, m1):
            year2 = year1 + 1
    when = _month_span(year1, m1, year2, m2, "months")
    when.warnings[:0] = warnings
    return when


def _fit_wrapped_range(
    m1: int, m2: int, year2: int, period: PlanPeriod | None, warnings: list[str]
) -> tuple[int, int]:
    """«Ноябрь - Январь 2023»: literal is Nov 2022..Jan 2023; prefer Nov 2023..Jan 2024 if only it fits."""
    literal = (year2 - 1, year2)
    if period is None or year2 + 1 > MAX_YEAR:
        return literal
    alternative = (year2, year2 + 1)

    def fits(years: tuple[int, int]) -> bool:
        start = date(years[0], m1, 1)
        end = date(years[1], m2, calendar.monthrange(years[1], m2)[1])
        return period.starts_on <= start and end <= period.ends_on

    if not fits(literal) and fits(alternative):
        warnings.append(f"year {year2} read as the start year: {year2}-{m1:02d} .. {year2 + 1}-{m2:02d}")
        return alternative
    return literal


def _read_month(s: str, period: PlanPeriod | None) -> When | None:
    match = _MONTH_ONE_RE.search(s)
    if not match:
        return None
    month = int(match.group(1))
    year = _year(match.group(2)) if match.group(2) else _infer_year(month, period)
    return _month_span(year, month, year, month, "month")


def _read_year_range(s: str, period: PlanPeriod | None) -> When | None:
    match = _YEAR_RANGE_RE.search(s)
    if not match:
        return None
    first, sep, last = _year(match.group(1)), match.group(2), _year(match.group(3))
    if first is None or last is None or last < first:
        return None
    if sep == "/" and last == first + 1:
        return When(date(first, 9, 1), date(last, 8, 31), "academic_year")
    return When(date(first, 1, 1), date(last, 12, 31), "year")


def _read_year(s: str, period: PlanPeriod | None) -> When | None:
    for match in _YEAR_RE.finditer(s):
        year = _year(match.group(1))
        if year is not None:
            return When(date(year, 1, 1), date(year, 12, 31), "year")
    return None


_READERS: tuple[Callable[[str, PlanPeriod | None], When | None], ...] = (
    _read_on_request,
    _read_ongoing,
    _read_recurring,
    _read_academic_year,
    _read_whole_year,
    _read_quarter,
    _read_half,
    _read_numeric,
    _read_day_month_range,
    _read_day_range,
    _read_day_month,
    _read_month_range,
    _read_month,
    _read_year_range,
    _read_year,
)


# --- helpers ---------------------------------------------------------------------------------------------


def _year(raw: str | int | None) -> int | None:
    if raw is None:
        return None
    value = int(raw)
    if isinstance(raw, str) and len(raw) == 2:
        value += 2000
    return value if MIN_YEAR <= value <= MAX_YEAR else None


def _infer_year(month: int, period: PlanPeriod | None) -> int | None:
    if period is None:
        return None
    first = period.starts_on.year
    if period.academic:
        return first if month >= 9 else first + 1
    return first


def _start_year(m1: int, m2: int, year2: int | None, period: PlanPeriod | None) -> int | None:
    if year2 is None:
        return _infer_year(m1, period)
    return year2 if m1 <= m2 else year2 - 1


def _make_date(year: str | int | None, month: str | int, day: str | int, warnings: list[str]) -> date | None:
    y = _year(year) if isinstance(year, str) else year
    m, d = int(month), int(day)
    if y is None:
        warnings.append("year not given and no plan period to infer it")
        return None
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and d >= 1):
        warnings.append(f"invalid date {d:02d}.{m:02d}.{y}")
        return None
    last = calendar.monthrange(y, m)[1]
    if d > last:
        if d > 31:
            warnings.append(f"invalid date {d:02d}.{m:02d}.{y}")
            return None
        warnings.append(f"impossible date {d:02d}.{m:02d}.{y} read as {last:02d}.{m:02d}.{y}")
        d = last
    return date(y, m, d)


def _range(start: date | None, end: date | None, precision: Precision, warnings: list[str]) -> When:
    if start is None or end is None:
        return When(warnings=warnings)
    if end < start:
        warnings.append("range end before its start: swapped")
        start, end = end, start
    if start == end:
        precision = "day"
    return When(start, end, precision, warnings=warnings)


def _month_span(year1: int | None, month1: int, year2: int | None, month2: int, precision: Precision) -> When:
    if year1 is None or year2 is None:
        return When(precision=precision, warnings=["year not given and no plan period to infer it"])
    if not (1 <= month1 <= 12 and 1 <= month2 <= 12):
        return When(warnings=["invalid month"])
    year1, year2 = max(year1, MIN_YEAR), min(year2, MAX_YEAR)
    start = date(year1, month1, 1)
    end = date(year2, month2, calendar.monthrange(year2, month2)[1])
    warnings: list[str] = []
    if end < start:
        warnings.append("range end before its start: swapped")
        start = date(year2, month2, 1)
        end = date(year1, month1, calendar.monthrange(year1, month1)[1])
    if precision == "months" and (year1, month1) == (year2, month2):
        precision = "month"
    return When(start, end, precision, warnings=warnings)


def _check_inside_period(when: When, period: PlanPeriod | None) -> None:
    if period is None or period.inferred or when.precision not in _SPAN_PRECISIONS:
        return
    if when.starts_on is None or when.ends_on is None:
        return
    if when.starts_on < period.starts_on or when.ends_on > period.ends_on:
        when.warnings.append("outside the plan period")


# --- plan period ---------------------------------------------------------------------------------------

_PERIOD_ACADEMIC_RE = re.compile(r"(?<!\d)((?:19|20|21)\d\d)\s*[/-]\s*(\d{4}|\d{2})\s*(?:уч\b|учеб)")
_PERIOD_RANGE_RE = re.compile(
    r"(?<!\d)((?:19|20|21)\d\d)\s*[-/]\s*((?:19|20|21)\d\d)\s*(?:гг|годы|год|г\b)"
    r"|\bна\s+((?:19|20|21)\d\d)\s*-\s*((?:19|20|21)\d\d)(?!\d)"
)
_PERIOD_YEAR_RE = re.compile(r"\bна\s+((?:19|20|21)\d\d)\s*(?:г\b|год)")


def parse_plan_period(title_text: str | None) -> PlanPeriod | None:
    """«на 2023/2024 учебный год» → 2023-09-01..2024-08-31 (academic); «НА 2019-2020 ГГ.» → 2019..2020."""
    s = _DASHES_RE.sub("-", (title_text or "").lower())
    match = _PERIOD_ACADEMIC_RE.search(s)
    if match:
        first = int(match.group(1))
        return PlanPeriod(date(first, 9, 1), date(first + 1, 8, 31), academic=True)
    match = _PERIOD_RANGE_RE.search(s)
    if match:
        first = int(match.group(1) or match.group(3))
        last = int(match.group(2) or match.group(4))
        if first <= last:
            return PlanPeriod(date(first, 1, 1), date(last, 12, 31), academic=False)
    match = _PERIOD_YEAR_RE.search(s)
    if match:
        year = int(match.group(1))
        return PlanPeriod(date(year, 1, 1), date(year, 12, 31), academic=False)
    return None
