"""When an event happens, in words a parent reads at a glance, and dates typed by coordinators."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from services.core.domain import Precision
from services.core.errors import ValidationFailed
from services.core.i18n import L

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _day_month_year(d: date, locale: str) -> str:
    return format_date(d, "d MMMM y", locale=locale)


def _day_month(d: date, locale: str) -> str:
    return format_date(d, "d MMMM", locale=locale)


def _month_year(d: date, locale: str) -> str:
    return format_date(d, "LLLL y", locale=locale)


def _month(d: date, locale: str) -> str:
    return format_date(d, "LLLL", locale=locale)


def _days(start: date, end: date, locale: str) -> str:
    if start == end:
        return _day_month_year(start, locale)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day_month_year(end, locale)}"
    if start.year == end.year:
        return f"{_day_month(start, locale)} – {_day_month_year(end, locale)}"
    return f"{_day_month_year(start, locale)} – {_day_month_year(end, locale)}"


def _months(start: date, end: date, locale: str) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return _month_year(start, locale)
    if start.year == end.year:
        return f"{_month(start, locale)} – {_month_year(end, locale)}"
    return f"{_month_year(start, locale)} – {_month_year(end, locale)}"


def describe_when(
    t: L,
    tz: ZoneInfo,
    precision: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    recurrence: str | None = None,
    when_text: str | None = None,
) -> str:
    """«18–23 марта 2024», «апрель 2024», «ежеквартально», «по запросу», «25 ноября 2026, 18:00–20:00»."""
    locale = t.locale
    start = starts_at.astimezone(tz) if starts_at else None
    end = ends_at.astimezone(tz) if ends_at else None
    if precision == Precision.RECURRING:
        if recurrence and recurrence.startswith("n_per_year:"):
            return t("when-n-per-year", n=int(recurrence.split(":", 1)[1]))
        return t(f"when-every-{recurrence or 'other'}")
    if precision == Precision.ONGOING:
        return t("when-ongoing")
    if precision == Precision.ON_REQUEST:
        return t("when-on-request")
    if start is None and precision == Precision.UNKNOWN:  # an imported row whose date could not be read
        return t("when-to-be-set-text", text=when_text) if when_text else t("when-to-be-set")
    if start is None:
        return when_text or t("when-unknown")
    end_date = end.date() if end else start.date()
    if precision == Precision.EXACT:
        text = f"{_day_month_year(start.date(), locale)}, {start:%H:%M}"
        if end and end.date() == start.date() and end > start:
            text += f"–{end:%H:%M}"
        elif end and end.date() != start.date():
            text = f"{text} – {_day_month_year(end.date(), locale)}, {end:%H:%M}"
        return text
    if precision in (Precision.DAY, Precision.DAYS, Precision.DATES):
        return _days(start.date(), end_date, locale)
    if precision in (Precision.MONTH, Precision.MONTHS):
        return _months(start.date(), end_date, locale)
    if precision == Precision.QUARTER:
        quarter = (start.month - 1) // 3 + 1
        return t("when-quarter", q=ROMAN[quarter], n=quarter, year=str(start.year))
    if precision == Precision.ACADEMIC_YEAR:
        return t("when-academic-year", first=str(start.year), second=str(start.year + 1))
    if precision == Precision.YEAR:
        return str(start.year) if start.year == end_date.year else f"{start.year}–{end_date.year}"
    return when_text or _days(start.date(), end_date, locale)


_DATE_RE = re.compile(
    r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s*[,в]?\s*(\d{1,2})[:.](\d{2}))?\s*$"
)


def parse_user_datetime(text: str, tz: ZoneInfo) -> tuple[datetime, bool]:
    """«25.12.2026 18:00» or «25.12.2026» → (UTC instant, has_time). Impossible dates are refused, not guessed."""
    match = _DATE_RE.match(text or "")
    if not match:
        raise ValidationFailed("error-date-format")
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    if year < 100:
        year += 2000
    if not 1 <= month <= 12:
        raise ValidationFailed("error-date-impossible", text=text.strip())
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValidationFailed("error-date-impossible", text=text.strip())
    has_time = match[4] is not None
    hour, minute = (int(match[4]), int(match[5])) if has_time else (0, 0)
    if hour > 23 or minute > 59:
        raise ValidationFailed("error-time-impossible", text=text.strip())
    local = datetime.combine(date(year, month, day), time(hour, minute), tzinfo=tz)
    return local.astimezone(UTC), has_time


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants of a local day's start and its last second."""
    start = datetime.combine(day, time(0, 0), tzinfo=tz)
    return start.astimezone(UTC), (start + timedelta(days=1, seconds=-1)).astimezone(UTC)


def month_bounds(first: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of a local month as UTC instants."""
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return (
        datetime.combine(first.replace(day=1), time(0, 0), tzinfo=tz).astimezone(UTC),
        datetime.combine(nxt, time(0, 0), tzinfo=tz).astimezone(UTC),
    )


# Dates in words, for screen-reader and plain-language reading: no dashes between numbers (a reader skips them), the
# day of the week, «с … до …» spelled out; the year only when it is not this year.


def _spoken_day(d: date, locale: str, today: date | None, weekday: bool = False) -> str:
    pattern = "EEEE, d MMMM" if weekday else "d MMMM"
    if today is None or d.year != today.year:
        pattern += " y"
    return format_date(d, pattern, locale=locale)


def _spoken_year(d: date, today: date | None) -> str:
    return "" if today is not None and d.year == today.year else str(d.year)


def describe_when_spoken(
    t: L,
    tz: ZoneInfo,
    precision: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    recurrence: str | None = None,
    when_text: str | None = None,
    today: date | None = None,
) -> str:
    """«суббота, 5 декабря, с 18:00 до 19:30», «с 18 по 23 марта 2024», «с апреля по май 2024»: what `describe_when`
    says, in words a screen reader reads as they are. `today` (local) drops this year's number."""
    locale = t.locale
    start = starts_at.astimezone(tz) if starts_at else None
    end = ends_at.astimezone(tz) if ends_at else None
    if start is None or precision in (Precision.RECURRING, Precision.ONGOING, Precision.ON_REQUEST):
        return describe_when(t, tz, precision, starts_at, ends_at, recurrence, when_text)
    start_day = start.date()
    end_day = end.date() if end else start_day
    if precision == Precision.EXACT:
        day = _spoken_day(start_day, locale, today, weekday=True)
        if end is None or end <= start:
            return t("when-spoken-at", date=day, time=f"{start:%H:%M}")
        if end_day == start_day:
            return t("when-spoken-hours", date=day, start=f"{start:%H:%M}", end=f"{end:%H:%M}")
        return t(
            "when-spoken-span",
            start=t(
                "when-spoken-day-time", date=_spoken_day(start_day, locale, today), time=f"{start:%H:%M}"
            ),
            end=t("when-spoken-day-time", date=_spoken_day(end_day, locale, today), time=f"{end:%H:%M}"),
        )
    if precision in (Precision.DAY, Precision.DAYS, Precision.DATES):
        if start_day == end_day:
            return _spoken_day(start_day, locale, today, weekday=True)
        if (start_day.year, start_day.month) == (end_day.year, end_day.month):
            first = str(start_day.day)
        elif start_day.year == end_day.year:
            first = format_date(start_day, "d MMMM", locale=locale)
        else:
            first = _spoken_day(start_day, locale, None)
        return t("when-spoken-days", start=first, end=_spoken_day(end_day, locale, today))
    if precision in (Precision.MONTH, Precision.MONTHS, Precision.QUARTER):
        if precision == Precision.QUARTER:
            quarter_end = (start_day.month - 1) // 3 * 3 + 3
            end_day = date(start_day.year, quarter_end, 1)
        last = " ".join(
            x for x in (format_date(end_day, "LLLL", locale=locale), _spoken_year(end_day, today)) if x
        )
        if (start_day.year, start_day.month) == (end_day.year, end_day.month):
            return last
        first = format_date(start_day, "MMMM", locale=locale)
        if start_day.year != end_day.year:
            first = f"{first} {start_day.year}"
        return t("when-spoken-months", start=first, end=last)
    if precision == Precision.YEAR and start_day.year != end_day.year:
        return t("when-spoken-years", start=str(start_day.year), end=str(end_day.year))
    if precision == Precision.ACADEMIC_YEAR:
        return t("when-spoken-academic-year", first=str(start_day.year), second=str(start_day.year + 1))
    return describe_when(t, tz, precision, starts_at, ends_at, recurrence, when_text)


def describe_when_for(
    t: L,
    tz: ZoneInfo,
    precision: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    recurrence: str | None = None,
    when_text: str | None = None,
) -> str:
    """`describe_when`, or its words-only version for a person who reads with a screen reader or in plain
    language (their translator says which)."""
    if t.screen_reader or t.plain:
        today = datetime.now(tz).date()
        return describe_when_spoken(t, tz, precision, starts_at, ends_at, recurrence, when_text, today=today)
    return describe_when(t, tz, precision, starts_at, ends_at, recurrence, when_text)


def moment_for(t: L, tz: ZoneInfo, moment: datetime, *, day_only: bool = False) -> str:
    """A deadline or due date: «05.12 18:00» (or «05.12.2024» for a day), in words for screen-reader and
    plain-language readers («пятница, 5 декабря, в 18:00»)."""
    local = moment.astimezone(tz)
    if t.screen_reader or t.plain:
        precision = Precision.DAY if day_only else Precision.EXACT
        return describe_when_spoken(t, tz, precision, moment, None, today=datetime.now(tz).date())
    return f"{local:%d.%m.%Y}" if day_only else f"{local:%d.%m %H:%M}"
