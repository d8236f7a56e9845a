"""Dates as people write them in Russian plans: «апрель-май 2019», «С 18 по 23 марта 2024 г», «Ежеквартально».

``parse_when`` never raises: whatever it cannot read becomes ``precision="unknown"`` with a warning.

Year inference for a month written without a year (documented rule, tested):

* academic-year plan (1 Sep Y .. 31 Aug Y+1): September–December fall in Y, January–August in Y+1;
* calendar plan ("на 2019-2020 гг.", «на 2018 год», «на май 2022 года»): the plan's first year;
* no period in the title but an approval date («от 15 августа 2007 г.»): the first such month on or after it;
* no period and no approval date, but rows with written years: the year that puts the month nearest to them;
* none of these: the year stays unknown (``starts_on``/``ends_on`` are ``None``) with a warning, and the row is
  imported as «срок уточняется». A date is never guessed.

A range's end follows its start: «Март-октябрь» is March..October of one year, «Ноябрь-январь» runs into the
next year. A list of months («Июнь, июль», «Ноябрь декабрь 2008») spans the first to the last. A day written
without a year («23.04-24.06», «11.05. -20.05.22») takes the year written later in the cell, else the plan's.
The phrases «ежемесячно», «1 раз в квартал», «по запросу»… are in ``phrases.PHRASES``.

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
from services.plan_import.phrases import (
    EVERY_N_MONTHS_RE,
    EVERY_TWO_WEEKS_RE,
    N_PER_MONTH_RE,
    N_PER_YEAR_RE,
    N_WORDS,
    find_phrase,
)

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

_ACADEMIC_YEAR_RE = re.compile(r"(?<!\d)(\d{4})\s*[/-]\s*(\d{4}|\d{2})\s*(?:уч\b|учеб)")
_ACADEMIC_WORDS_RE = re.compile(r"учебн\w*\s+год|\bуч\.?\s*(?:год|г\b)")
_QUARTER_RE = re.compile(
    r"(?<![\w])(iv|i{1,3}|[1-4])\s*(?:-?(?:й|ый|ом))?(?:\s*(?:-|и|,)\s*(iv|i{1,3}|[1-4])\s*(?:-?(?:й|ый|ом))?)?"
    r"\s*(?:квартал\w*|кв\b\.?)" + OPT_Y
)
_HALF_RE = re.compile(r"(?<![\w])(ii|i|[12])\s*(?:-?(?:е|ое|ом))?\s*полугоди\w*" + OPT_Y)
# «23.04», «11.05.», «01.05.22», «15.03.2024»: the year may be missing
_ANY_NUM_DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?(?![\d])(?!\.\d)\.?")
_TO_ONLY_RE = re.compile(r"^\s*(?:-|по|до)\s*$")
_DEADLINE_RE = re.compile(r"(?:^|\s)(?:до|не\s+позднее|не\s+позже|к)\s*$")
_DAY_RANGE_RE = re.compile(r"(?<![\w.])" + D + TO + D + r"\s+" + M + OPT_Y)
_DAY_MONTH_RANGE_RE = re.compile(r"(?<![\w.])" + D + r"\s+" + M + OPT_Y + TO + D + r"\s+" + M + OPT_Y)
_DAY_MONTH_RE = re.compile(r"(?<![\w.])" + D + r"\s+" + M + OPT_Y)
_DAY_TO_MONTH_RE = re.compile(r"(?<![\w.])" + D + r"\s+" + M + OPT_Y + TO + M + OPT_Y)
_MONTH_LIST_RE = re.compile(M + OPT_Y + r"(?:\s*(?:,|;|\s|и|-)\s*" + M + OPT_Y + r")+")
_MONTH_ITEM_RE = re.compile(M + OPT_Y)
_MONTH_RANGE_RE = re.compile(M + OPT_Y + TO + M + OPT_Y)
_MONTH_ONE_RE = re.compile(M + OPT_Y)
_YEAR_RANGE_RE = re.compile(r"(?<!\d)" + Y + r"\s*([-/])\s*" + Y + r"(?!\d)")
_YEAR_RE = re.compile(r"(?<![\d.])" + Y + r"(?![\d.]\d)")
_HAS_DATE_RE = re.compile(r"\bm\d\d\b|\d{1,2}\.\d{1,2}|(?<!\d)\d{4}(?!\d)|квартал|полугоди|четверт")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_SPAN_PRECISIONS = {"day", "days", "dates", "month", "months", "quarter"}


def normalize_when(text: str) -> str:
    """Lower-case, unify dashes, split «январь2023», replace month words by ``mNN`` and drop «г./года»."""
    s = _DASHES_RE.sub("-", text.lower().replace("ё", "е"))
    s = _LETTER_DIGIT_RE.sub(" ", s)
    s = _MONTH_RE.sub(_month_token, s)
    s = _YEAR_SUFFIX_RE.sub(r"\1", s)
    s = _SPLIT_DATE_RE.sub(r"\1.\2.\3", s)  # «29. 06.2013»: a space typed inside a date
    s = _GLUED_TO_RE.sub(r"\1 ", s)  # «с 28.01. по-31.01.»
    s = _MONTH_COMMA_YEAR_RE.sub(r"\1 \2", s)  # «Декабрь, 2024»
    s = _ROMAN_MONTHS_RE.sub(_roman_months, s)  # «IX – XII»
    return _SPACES_RE.sub(" ", s).strip()


_GLUED_TO_RE = re.compile(r"(?<!\w)(по|до)-(?=\s*\d)")
_MONTH_COMMA_YEAR_RE = re.compile(r"(m\d\d)\s*,\s*((?:19|20|21)\d\d)(?!\d)")
_ROMAN_NUMERAL = r"(?:xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)"
# a whole cell of Roman month numbers, two or more: «IX – XII», «IX, XII, III»
_ROMAN_MONTHS_RE = re.compile(rf"^{_ROMAN_NUMERAL}(?:\s*[-,;]\s*{_ROMAN_NUMERAL})+$")
ROMAN_MONTHS = {
    r: n
    for n, r in enumerate(("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"), start=1)
}


def _roman_months(match: re.Match[str]) -> str:
    return re.sub(_ROMAN_NUMERAL, lambda m: f" m{ROMAN_MONTHS[m.group(0)]:02d} ", match.group(0))


_SPLIT_DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})\.\s+(\d{1,2})\.((?:19|20|21)?\d\d)\b")


def _month_token(match: re.Match[str]) -> str:
    return f" m{int(match.lastgroup[1:]):02d} " if match.lastgroup else match.group(0)


def looks_like_date(text: str) -> bool:
    """The cell names a month, a day.month, a year, a quarter or a half-year (used to find the date column
    of a table that has no header row)."""
    return bool(_HAS_DATE_RE.search(normalize_when(text or "")))


def parse_when(text: str, plan_period: PlanPeriod | None = None) -> When:
    """Read a «Сроки» cell. Never raises."""
    try:
        when = _parse(normalize_when(text or ""), plan_period)
    except Exception as exc:  # last-resort guard: a date cell must never break an import
        return When(warnings=[f"date not understood ({type(exc).__name__})"])
    _check_inside_period(when, plan_period)
    return when


def _parse(s: str, period: PlanPeriod | None) -> When:
    for reader in _READERS if s else ():
        when = reader(s, period)
        if when is not None:
            return when
    in_month = _read_in_month_plan(s, period)  # only where no date was read: «23.04-24.06» is two dates
    if in_month is not None:
        return in_month
    if not s:
        return When(warnings=["no date given"])
    return When(warnings=[f"date not understood: «{s[:60]}»"])


# --- a plan for one month («План работы на декабрь 2009 г.») ------------------------------------------------

_TIME = (
    r"(?:с|в|открытие в)?\s*(?:\d{1,2}[.:-]\d\d\.?(?:\s*-\s*\d{1,2}[.:-]\d\d\.?)?"
    r"|\d{1,2}(?:[.:-]\d\d)?\s*(?:(?:-|до)\s*\d{1,2}(?:[.:-]\d\d)?\s*)?час\w*)"
)
_TIME_ONLY_RE = re.compile(rf"^{_TIME}$")
_TIMES_RE = re.compile(rf"^{_TIME}(?:\s*[,;]?\s+{_TIME})*$")  # «14 часов с 10 до 15 часов»


def is_time_of_day(text: str) -> bool:
    """Only times of day: «9.00 – 9.30», «10-00», «14 часов с 10 до 15 часов»."""
    return bool(_TIMES_RE.match(normalize_when(text or "")))


_WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
_WEEKDAYS_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
# «в течение месяца», «3 неделя», «последняя неделя», «2-я декада», «в конце месяца»: some days of the month
_WITHIN_MONTH_RE = re.compile(
    r"^(?:в\s+)?(?:(?:течени[ея]|теч\.?)\s*(?:всего\s+)?(?:месяца|мес\b\.?)|(?:\d(?:\s*-?\s*(?:я|ая|й))?|перв\w*|втор\w*|трет\w*|четв[её]рт\w*"
    r"|последн\w*)\s+(?:недел|декад)\w*|(?:начал\w*|середин\w*|кон[ец]\w*)\s+месяца)$"
)
_DAY_ONLY_RE = re.compile(r"^(\d{1,2})\s*(?:\(\s*([а-я]+)\s*\))?$")


def _read_in_month_plan(s: str, period: PlanPeriod | None) -> When | None:
    """In a plan whose title names one month: a bare day number («14», «1 (суббота)») is that day of the
    month; a cell with only a time («11.00», «с 10-00») is some day of the month. An empty cell stays
    unknown: it may be a merged cell that holds another row's date."""
    if period is None or period.inferred or period.academic:
        return None
    first, last = period.starts_on, period.ends_on
    if first == last:  # a programme of one day («/1 июня 2015 года/»): a time is that day
        return When(first, first, "day") if _TIMES_RE.match(s) else None
    if (last - first).days < 31 and _TIMES_RE.match(s) and not _is_whole_month(first, last):
        # a camp «с 01 по 25 июня 2023г.»: «8:30-9:00» is every day of it
        return When(first, last, "days", warnings=["day not given: the plan's days"])
    if not _is_whole_month(first, last):
        return None
    if _TIME_ONLY_RE.match(s) or _WITHIN_MONTH_RE.search(s):
        return When(first, last, "month", warnings=["day not given: the plan's month"])
    match = _DAY_ONLY_RE.match(s)
    if not match:
        return None
    warnings: list[str] = []
    day = _make_date(first.year, first.month, int(match.group(1)), warnings)
    if day is None:
        return When(warnings=warnings)
    weekday = match.group(2)
    if weekday and weekday not in (_WEEKDAYS[day.weekday()], _WEEKDAYS_SHORT[day.weekday()]):
        if weekday not in _WEEKDAYS + _WEEKDAYS_SHORT:
            return None
        warnings.append(f"{day.isoformat()} is not a {weekday}")
    return When(day, day, "day", warnings=warnings)


# --- keyword shapes -------------------------------------------------------------------------------------


def _is_whole_month(first: date, last: date) -> bool:
    whole = (last.year, last.month, 1, calendar.monthrange(last.year, last.month)[1])
    return (first.year, first.month, first.day, last.day) == whole


def _read_on_request(s: str, period: PlanPeriod | None) -> When | None:
    if find_phrase(s, "on_request"):
        return When(precision="on_request")
    return None


def _read_ongoing(s: str, period: PlanPeriod | None) -> When | None:
    if find_phrase(s, "ongoing"):
        return _spanning(period, "ongoing", None)
    return None


def _read_recurring(s: str, period: PlanPeriod | None) -> When | None:
    per_month, every, fortnight = (
        N_PER_MONTH_RE.search(s),
        EVERY_N_MONTHS_RE.search(s),
        EVERY_TWO_WEEKS_RE.search(s),
    )
    if fortnight:
        return _spanning(period, "recurring", "n_per_year:26")
    if every:
        n = _count(every.group(1))
        return _spanning(period, "recurring", "monthly" if n == 1 else f"n_per_year:{12 // n}")
    if per_month and _count(per_month.group(1)) > 1:
        return _spanning(period, "recurring", f"n_per_year:{12 * _count(per_month.group(1))}")
    match = N_PER_YEAR_RE.search(s)
    if match:
        raw = match.group(1)
        n = int(raw) if raw.isdigit() else N_WORDS[raw]
        recurrence = "yearly" if n == 1 else f"n_per_year:{n}"
        return _spanning(period, "recurring", recurrence) if n > 0 else None
    phrase = find_phrase(s, "recurring")
    if phrase:
        return _spanning(period, "recurring", phrase.recurrence)
    return None


def _count(raw: str) -> int:
    return int(raw) if raw.isdigit() else N_WORDS[raw]


def _read_schedule(s: str, period: PlanPeriod | None) -> When | None:
    """«По отдельному графику» with no date beside it: the plan gives no date (one may follow in the cell)."""
    if find_phrase(s, "schedule") and not _HAS_DATE_RE.search(s):
        return When(warnings=["by a separate schedule: no date given"])
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
    if not find_phrase(s, "whole_year") or _YEAR_RE.search(s):
        return None
    if (
        period is not None
        and period.inferred
        and not period.academic
        and period.starts_on.year != period.ends_on.year
    ):
        # rows over 2015-2016 and no period in the title: which year?
        return When(warnings=["no plan period to place it in"])
    return _spanning(period, "academic_year" if period is not None and period.academic else "year", None)


# --- quarters and halves ---------------------------------------------------------------------------------


def _read_quarter(s: str, period: PlanPeriod | None) -> When | None:
    match = _QUARTER_RE.search(s)
    if not match:
        return None
    quarter = _ROMAN.get(match.group(1)) or int(match.group(1))
    last_quarter = (_ROMAN.get(match.group(2)) or int(match.group(2))) if match.group(2) else quarter
    first_month = 3 * (quarter - 1) + 1
    year = _year(match.group(3)) if match.group(3) else _infer_year(first_month, period)
    if last_quarter < quarter:
        return None
    return _month_span(year, first_month, year, 3 * last_quarter, "quarter")


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


_TERM_RE = re.compile(r"(?<![\w])(iv|i{1,3}|[1-4])\s*(?:-?(?:я|ая|ой|й))?\s*четверт\w*" + OPT_Y)
_TERM_MONTHS = {1: (9, 10), 2: (11, 12), 3: (1, 3), 4: (4, 5)}
_SUMMER_RE = re.compile(
    r"летн\w*\s+(?:период|каникул|месяц|оздоровительн\w*\s+кампани)\w*|(?<!\w)летом(?!\w)"
)


def _read_term(s: str, period: PlanPeriod | None) -> When | None:
    """A school term («III четверть», «в конце 1-й четверти»): I Sep–Oct, II Nov–Dec, III Jan–Mar, IV Apr–May."""
    match = _TERM_RE.search(s)
    if not match:
        return None
    first_month, last_month = _TERM_MONTHS[_ROMAN.get(match.group(1)) or int(match.group(1))]
    year = _year(match.group(2)) if match.group(2) else _infer_year(first_month, period)
    return _month_span(year, first_month, year, last_month, "months")


def _read_summer(s: str, period: PlanPeriod | None) -> When | None:
    """«летний период», «в летние каникулы», «летом 2024»: June to August."""
    if not _SUMMER_RE.search(s) or _HAS_MONTH_RE.search(s):
        return None
    written = _YEAR_RE.search(s)
    year = _year(written.group(1)) if written else _infer_year(6, period)
    return _month_span(year, 6, year, 8, "months")


_HAS_MONTH_RE = re.compile(r"\bm\d\d\b|\d{1,2}\.\d{1,2}")


# --- numeric dates -----------------------------------------------------------------------------------------


_DAY_LIST_RE = re.compile(r"(?<![\d.,])((?:\d{1,2}\s*,\s*)+\d{1,2})\s*\.\s*(\d{1,2})\.(\d{4}|\d{2})(?!\d)")


_BARE_DAY_RANGE_RE = re.compile(
    r"(?<![\d.:])(\d{1,2})\.?\s*(-|по)\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?(?![\d:])(?!\.\d)"
)


_CLOCK_RANGE_RE = re.compile(r"^\s*(?:с\s*)?(\d{1,2})[.:](\d\d)\.?\s*(?:-|до)\s*(\d{1,2})[.:](\d\d)\.?\s*$")


def _spread_bare_day_range(match: re.Match[str]) -> str:
    """«01.- 08.05.15», «1-8.05.2015», «10-14.10»: the first day takes the month (and year) written after."""
    first, to, last, month, year = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(first) <= 31 and 1 <= int(last) <= 31):
        return match.group(0)
    tail = f".{year}" if year else ""
    return f"{first}.{month}{tail} {to} {last}.{month}{tail}"


def _spread_day_list(match: re.Match[str]) -> str:
    """«01,08,15. 10.16» → «01.10.16 08.10.16 15.10.16»: days written once before their month and year."""
    month, year = match.group(2), match.group(3)
    return " ".join(f"{day.strip()}.{month}.{year}" for day in match.group(1).split(","))


def _read_numeric(s: str, period: PlanPeriod | None) -> When | None:
    """«15.03.2024», «01.05.22», «23.04-24.06», «11.05. -20.05.22», «01.08.2020 01.08.2021», «1, 8, 15.10.16»,
    «01.- 08.05.15» (the first day written without its month and year)."""
    clock = _CLOCK_RANGE_RE.match(s)
    if clock and (int(clock.group(2)) > 12 or int(clock.group(4)) > 12 or clock.group(2) == "00"):
        return None  # «9.20 - 12.10»: from 9:20 to 12:10, not the 12th of October
    s = _BARE_DAY_RANGE_RE.sub(_spread_bare_day_range, s)
    s = _DAY_LIST_RE.sub(_spread_day_list, s)
    matches = [m for m in _ANY_NUM_DATE_RE.finditer(s) if 1 <= int(m.group(2)) <= 12 and int(m.group(1)) >= 1]
    if not matches:
        return None
    warnings: list[str] = []
    years = _numeric_years(matches, period)
    if len(matches) == 2 and _TO_ONLY_RE.match(s[matches[0].end() : matches[1].start()]):
        start = _make_date(years[0], matches[0].group(2), matches[0].group(1), warnings)
        end = _make_date(years[1], matches[1].group(2), matches[1].group(1), warnings)
        if start and end and start > end and not matches[0].group(3) and start.year > MIN_YEAR:
            start = _make_date(start.year - 1, start.month, start.day, warnings)  # «31.08-15.09» in 2015/16
        return _range(start, end, "days", warnings)
    found = [
        _make_date(year, m.group(2), m.group(1), warnings) for year, m in zip(years, matches, strict=True)
    ]
    return _dates_when(found, s[: matches[0].start()], warnings)


def _numeric_years(matches: list[re.Match[str]], period: PlanPeriod | None) -> list[int | None]:
    """A date without a year takes the next written year (a year earlier if it comes after that date in the
    year), else the plan's year for its month."""
    years: list[int | None] = [None] * len(matches)
    following: tuple[int, int, int] | None = None  # (year, month, day) of the next date with a year
    for at in range(len(matches) - 1, -1, -1):
        m = matches[at]
        day, month = int(m.group(1)), int(m.group(2))
        if m.group(3):
            years[at] = _year(m.group(3))
            written = years[at]
            if written is not None and not _year_fits(written, period):  # «26.09.14г» in a 2015/2016 plan
                continue  # a slip of that date: the others keep the plan's year
            following = (written, month, day) if written is not None else following
        elif following is not None:
            year, f_month, f_day = following
            years[at] = year if (month, day) <= (f_month, f_day) else year - 1
        else:
            years[at] = _infer_year(month, period)
    return years


def _year_fits(year: int, period: PlanPeriod | None) -> bool:
    """A year written in a cell is one of the years of the plan's period read from its title (or there is none)."""
    if period is None or period.inferred:
        return True
    return period.starts_on.year <= year <= period.ends_on.year


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


def _read_day_to_month(s: str, period: PlanPeriod | None) -> When | None:
    """«с 15 июня 2009 года по январь 2010 года»: from a day to the end of a month."""
    match = _DAY_TO_MONTH_RE.search(s)
    if not match:
        return None
    d1, m1, y1, m2, y2 = match.groups()
    year2 = _year(y2) if y2 else _infer_year(int(m2), period)
    year1 = _year(y1) if y1 else _start_year(int(m1), int(m2), year2, period)
    warnings: list[str] = []
    start = _make_date(year1, m1, d1, warnings)
    end = None if year2 is None else date(year2, int(m2), calendar.monthrange(year2, int(m2))[1])
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


_DAY_WORD_LIST_RE = re.compile(r"(?<![\w.])((?:\d{1,2}\s*(?:,|;|и)\s*)+)(\d{1,2})\s+(m\d\d)\b")


def _spread_day_word_list(match: re.Match[str]) -> str:
    """«10, 17, 24 m10» → «10 m10, 17 m10, 24 m10»: days written once before their month."""
    days = [*re.findall(r"\d{1,2}", match.group(1)), match.group(2)]
    return ", ".join(f"{day} {match.group(3)}" for day in days)


def _read_day_month(s: str, period: PlanPeriod | None) -> When | None:
    """«20 сентября», «14 марта (четверг)», «10, 17, 24 октября», «5 и 19 декабря 2024»."""
    s = _DAY_WORD_LIST_RE.sub(_spread_day_word_list, s)
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
    if _MONTH_ONE_RE.search(s[: match.start()]) or _MONTH_ONE_RE.search(s[match.end() :]):
        return None  # «апрель, май - июнь, июль»: a list of months, read from the first to the last
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
    else:  # the end follows the start: «Март-октябрь» is one year, «Ноябрь-январь» runs into the next
        year1 = _infer_year(m1, period)
        if period is not None and period.academic and m1 in (7, 8) and m2 >= 9:
            year1 = _infer_year(m2, period)  # «Август-сентябрь» opens the school year
        year2 = None if year1 is None else (year1 if m2 >= m1 else year1 + 1)
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


def _read_month_list(s: str, period: PlanPeriod | None) -> When | None:
    """«Июнь, июль», «Ноябрь декабрь 2008 г.», «сентябрь, январь, май»: from the first month to the last."""
    match = _MONTH_LIST_RE.search(s)
    if not match:
        return None
    items = [
        (int(m.group(1)), _year(m.group(2)) if m.group(2) else None)
        for m in _MONTH_ITEM_RE.finditer(match.group(0))
    ]
    months = [month for month, _ in items]
    years: list[int | None] = [year for _, year in items]
    if years[-1] is not None or any(y is not None for y in years):
        for at in range(len(items) - 2, -1, -1):  # a missing year follows the next written one
            if years[at] is None and years[at + 1] is not None:
                years[at] = years[at + 1] if months[at] <= months[at + 1] else years[at + 1] - 1
        for at in range(1, len(items)):
            if years[at] is None and years[at - 1] is not None:
                years[at] = years[at - 1] if months[at] >= months[at - 1] else years[at - 1] + 1
    else:
        years[0] = _infer_year(months[0], period)
        for at in range(1, len(items)):
            previous = years[at - 1]
            years[at] = None if previous is None else previous + (months[at] < months[at - 1])
    if all(year is not None for year in years):  # «Апрель, май, сентябрь 2017 г. Июнь–август 2017 г.»
        first = min(zip(years, months, strict=True))
        last = max(zip(years, months, strict=True))
        return _month_span(first[0], first[1], last[0], last[1], "months")
    return _month_span(years[0], months[0], years[-1], months[-1], "months")


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
    _read_schedule,
    _read_quarter,
    _read_half,
    _read_term,
    _read_summer,
    _read_numeric,
    _read_day_month_range,
    _read_day_to_month,
    _read_day_range,
    _read_day_month,
    _read_month_range,
    _read_month_list,
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
    """The year of a month written without one (see the module's docstring)."""
    if period is None:
        return None
    if period.after is not None:
        return period.after.year if month >= period.after.month else period.after.year + 1
    if period.near is not None:
        first, last = period.near
        return min(
            range(first.year - 1, last.year + 2),
            key=lambda year: (_months_away(year, month, first, last), year),
        )
    first = period.starts_on.year
    if period.academic:
        return first if month >= 9 else first + 1
    return first


def _months_away(year: int, month: int, first: date, last: date) -> int:
    at, start, end = year * 12 + month, first.year * 12 + first.month, last.year * 12 + last.month
    return 0 if start <= at <= end else min(abs(at - start), abs(at - end))


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
# a line that is only one day: «/1 июня 2015 года/», «(12.06.2003)» — the day of a programme
_PERIOD_SPAN_RE = re.compile(
    r"^[\s/()\[\]:]*(?:\w+\s+\w+:\s*)?(\d{1,2}\.\d{1,2}\.\d{2,4}\s*(?:-|по)\s*\d{1,2}\.\d{1,2}\.\d{2,4})\s*(?:г\.?|года)?[\s/()\[\]]*$"
)
_PERIOD_DAY_RE = re.compile(
    r"^[\s/()\[\]]*(\d{1,2})(?:\s+m|\.)(\d\d)(?:\s+|\.)((?:19|20|21)\d\d)[\s/()\[\]]*$"
)
_APPROVAL_RE = re.compile(
    r"\bот\s+[«\"„“]?\s*(\d{1,2})\s*[»\"”“]?\s*(?:\.\s*(\d{1,2})\s*\.|m(\d\d))\s*(\d{4})(?!\d)"
)


def parse_plan_period(title_text: str | None) -> PlanPeriod | None:
    """«на 2023/2024 учебный год» → 2023-09-01..2024-08-31 (academic); «НА 2019-2020 ГГ.» → 2019..2020;
    «на 2018 год», «в 2010 году» → that year; «на май 2022 года» → that month (``_anchored_period``); a line
    that is only days («/1 июня 2015 года/», «26.05.2025-17.06.2025») → those days."""
    s = _DASHES_RE.sub("-", (title_text or "").lower())
    match = _PERIOD_ACADEMIC_RE.search(s)
    if match:
        first = int(match.group(1))
        return PlanPeriod(date(first, 9, 1), date(first + 1, 8, 31), academic=True)
    anchored = _anchored_period(s)
    if anchored is not None:
        return anchored
    match = next(
        (m for m in _PERIOD_RANGE_RE.finditer(s) if not _HISTORIC_RE.search(s[: m.start()][-60:])), None
    )
    if match:
        first = int(match.group(1) or match.group(3))
        last = int(match.group(2) or match.group(4))
        if first <= last:
            return PlanPeriod(date(first, 1, 1), date(last, 12, 31), academic=False)
    span = _PERIOD_SPAN_RE.match(s)
    if span:  # «26.05.2025-17.06.2025» on a line of its own above the table
        when = _parse(normalize_when(span.group(1)), None)
        if when.precision == "days" and when.starts_on and when.ends_on and not when.warnings:
            return PlanPeriod(when.starts_on, when.ends_on, academic=False)
    match = _PERIOD_DAY_RE.match(normalize_when(title_text or ""))
    if match:
        warnings: list[str] = []
        day = _make_date(int(match.group(3)), int(match.group(2)), int(match.group(1)), warnings)
        if day is not None and not warnings:
            return PlanPeriod(day, day, academic=False)
    return None


# «на I полугодие 2025 года», «на 2 квартал 2024 г.», «на сентябрь-декабрь 2024», «с 01.09.2024 по 31.05.2025»,
# «(1-10 декабря 2025 года)», «на летний период 2025 года»: a period phrase right after its anchor word, read as a
# date cell is. The words between the anchor and the year must all be date words, so that «…Победы в Великой
# Отечественной войне 1941-1945 гг., на 2025 год» is the year 2025, not the war's years.
# years of a war or a siege named in a title («…Победы в Великой Отечественной войне 1941-1945 гг.») are history
_HISTORIC_RE = re.compile(r"(?:войн\w*|\bвов\b|побед\w*|блокад\w*|оборон\w*|битв\w*)\W*(?:\w+\W+){0,3}\W*$")
_PERIOD_ANCHORS = (r"\bна\s+", r"\bс\s+", r"\(\s*", r"\bв\s+", r"\bпериод\s+")
_PERIOD_WORD_RE = re.compile(
    r"^(?:m\d\d|\d{1,4}|\.|i{1,3}|iv|с|по|до|и|на|период|летн\w*|осенн\w*|зимн\w*|весенн\w*|каникул\w*|"
    r"полугоди\w*|квартал\w*|четверт\w*|учебн\w*|уч|календарн\w*|год\w*|гг|г|-|я|й|е|ое|ый)$"
)
_PERIOD_PRECISIONS = {"day", "days", "month", "months", "quarter", "year", "academic_year"}
_RANGE_ON_RE = re.compile(r"\s*(?:-|по|до)\s*")


def _anchored_period(title: str) -> PlanPeriod | None:
    for anchor in _PERIOD_ANCHORS:
        for start in re.finditer(anchor, title):
            year = _YEAR_IN_TEXT_RE.search(title, start.end())
            if year is None:
                continue
            end = year.end()
            on = _RANGE_ON_RE.match(title, end)
            if on is not None:  # «с 01.09.2024 по 31.05.2025», «2024-2026 годы»: the range's end too
                later = _YEAR_IN_TEXT_RE.search(title, on.end())
                if later is not None and later.start() - on.end() <= 12:
                    end = later.end()
            begin = start.start() if start.group(0).startswith("с") else start.end()
            text = normalize_when(title[begin:end])
            words = re.findall(r"m\d\d\b|[^\W\d_]+|\d+|-", text)
            if len(text) > 45 or not all(_PERIOD_WORD_RE.match(word) for word in words):
                continue
            when = _parse(text, None)
            if when.precision == "year" and _HISTORIC_RE.search(title[max(0, begin - 60) : begin]):
                continue
            if when.precision in _PERIOD_PRECISIONS and when.starts_on and when.ends_on and not when.warnings:
                return PlanPeriod(when.starts_on, when.ends_on, academic=when.precision == "academic_year")
    return None


_YEAR_IN_TEXT_RE = re.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)(?:\s*(?:г\.|года|г\b))?")


def first_plan_period(text: str | None) -> PlanPeriod | None:
    """The period named first in a text (line by line, a line together with the next one), so that the
    title's «на 2018 год» wins over a «2017/2018 учебного года» further down."""
    lines = [line for line in (text or "").split("\n") if line.strip()]
    for at, line in enumerate(lines):
        period = parse_plan_period(line)
        if period is None and at + 1 < len(lines):
            period = parse_plan_period(f"{line} {lines[at + 1]}")
        if period is not None:
            return period
    return None


def parse_approval_date(text: str | None) -> date | None:
    """The first «от 15 августа 2007 г.», «от 27.11.2007 г», «от «31» августа 2023 г.» in a text."""
    for match in _APPROVAL_RE.finditer(normalize_when(text or "")):
        day, month, word_month, year = match.groups()
        month_number = int(month or word_month)
        warnings: list[str] = []
        found = _make_date(int(year), month_number, int(day), warnings) if 1 <= month_number <= 12 else None
        if found is not None and not warnings:
            return found
    return None
