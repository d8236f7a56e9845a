"""An .ics file (RFC 5545) for one event, so a parent can add it to a phone calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from services.core.domain import Precision

DATE_PRECISIONS = {Precision.DAY, Precision.DAYS, Precision.DATES, Precision.MONTH, Precision.MONTHS}


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF + space, never splitting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > 75:
            out.append(current.decode("utf-8"))
            current = b" "
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n".join(out)


def has_calendar_dates(precision: str, starts_at: datetime | None) -> bool:
    return starts_at is not None and (precision == Precision.EXACT or precision in DATE_PRECISIONS)


def build_ics(
    *,
    uid: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None,
    precision: str,
    tz: ZoneInfo,
    description: str | None = None,
    location: str | None = None,
    url: str | None = None,
    now: datetime | None = None,
) -> bytes:
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Vmeste//Schedule//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
    ]
    if precision == Precision.EXACT:
        end = ends_at if ends_at and ends_at > starts_at else starts_at + timedelta(hours=1)
        lines.append(f"DTSTART:{starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}")
        lines.append(f"DTEND:{end.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    else:
        first = starts_at.astimezone(tz).date()
        last = (ends_at or starts_at).astimezone(tz).date()
        lines.append(f"DTSTART;VALUE=DATE:{first:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}")
    lines.append(f"SUMMARY:{_escape(title)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
