from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from services.events.ics import build_ics

MSK = ZoneInfo("Europe/Moscow")


def test_timed_event_in_utc_with_escaped_text():
    data = build_ics(
        uid="event-1@vmeste",
        title="Семинар; «Здоровье», часть 1",
        starts_at=datetime(2026, 12, 1, 15, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 1, 17, 0, tzinfo=UTC),
        precision="exact",
        tz=MSK,
        description="Строка 1\nСтрока 2",
        now=datetime(2026, 11, 22, tzinfo=UTC),
    ).decode()
    assert data.startswith("BEGIN:VCALENDAR\r\n") and data.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20261201T150000Z\r\n" in data and "DTEND:20261201T170000Z\r\n" in data
    assert "SUMMARY:Семинар\\; «Здоровье»\\, часть 1" in data
    assert "DESCRIPTION:Строка 1\\nСтрока 2" in data


def test_day_events_are_all_day_with_exclusive_end():
    data = build_ics(
        uid="x",
        title="Неделя толерантности",
        starts_at=datetime(2024, 3, 17, 21, 0, tzinfo=UTC),
        ends_at=datetime(2024, 3, 23, 20, 59, tzinfo=UTC),
        precision="days",
        tz=MSK,
    ).decode()
    assert "DTSTART;VALUE=DATE:20240318" in data and "DTEND;VALUE=DATE:20240324" in data


def test_long_lines_fold_at_75_octets_without_breaking_letters():
    data = build_ics(
        uid="x",
        title="Очень длинное название " * 10,
        starts_at=datetime(2026, 1, 1, tzinfo=UTC),
        ends_at=None,
        precision="exact",
        tz=MSK,
    )
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # every folded piece is valid UTF-8
    unfolded = data.decode().replace("\r\n ", "")
    assert "SUMMARY:" + "Очень длинное название " * 10 in unfolded
