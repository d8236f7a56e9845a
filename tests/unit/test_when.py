from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.core.errors import ValidationFailed
from services.core.when import describe_when, describe_when_spoken, parse_user_datetime

MSK = ZoneInfo("Europe/Moscow")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


@pytest.fixture
def ru(translator):
    return translator.bind("ru")


@pytest.fixture
def en(translator):
    return translator.bind("en")


@pytest.mark.parametrize(
    ("precision", "start", "end", "recurrence", "expected"),
    [
        ("days", at(2024, 3, 18), at(2024, 3, 23, 23, 59), None, "18–23 марта 2024"),
        ("days", at(2024, 3, 30), at(2024, 4, 2), None, "30 марта – 2 апреля 2024"),
        ("day", at(2024, 4, 1), None, None, "1 апреля 2024"),
        ("month", at(2024, 4, 1), at(2024, 4, 30), None, "апрель 2024"),
        ("months", at(2019, 10, 1), at(2020, 2, 29), None, "октябрь 2019 – февраль 2020"),
        ("months", at(2024, 4, 1), at(2024, 5, 31), None, "апрель – май 2024"),
        ("quarter", at(2024, 1, 1), at(2024, 3, 31), None, "I квартал 2024"),
        ("academic_year", at(2023, 9, 1), at(2024, 8, 31), None, "2023/2024 учебный год"),
        ("year", at(2016, 1, 1), at(2017, 12, 31), None, "2016–2017"),
        ("recurring", None, None, "quarterly", "ежеквартально"),
        ("recurring", None, None, "n_per_year:2", "2 раза в год"),
        ("recurring", None, None, "n_per_year:5", "5 раз в год"),
        ("ongoing", None, None, None, "постоянно"),
        ("on_request", None, None, None, "по запросу"),
        ("exact", at(2026, 11, 25, 18, 0), at(2026, 11, 25, 20, 0), None, "25 ноября 2026, 18:00–20:00"),
    ],
)
def test_when_in_russian_words(ru, precision, start, end, recurrence, expected):
    assert describe_when(ru, MSK, precision, start, end, recurrence) == expected


def test_when_in_english(en):
    assert describe_when(en, MSK, "days", at(2024, 3, 18), at(2024, 3, 23), None) == "18–23 March 2024"
    assert describe_when(en, MSK, "recurring", None, None, "quarterly") == "quarterly"
    assert describe_when(en, MSK, "quarter", at(2024, 4, 1), None, None) == "Q2 2024"


def test_an_unread_date_is_to_be_set_with_the_plan_text_beside(ru, en):
    assert (
        describe_when(ru, MSK, "unknown", None, None, None, "по согласованию")
        == "срок уточняется (в плане: «по согласованию»)"
    )
    assert describe_when(ru, MSK, "unknown", None, None, None, None) == "срок уточняется"
    assert describe_when(en, MSK, "unknown", None, None, None, None) == "date to be set"
    # an event with another precision and no date yet keeps its own wording
    assert describe_when(ru, MSK, "exact", None, None, None, None) == "дата уточняется"


def test_parse_user_datetime_with_and_without_time():
    instant, has_time = parse_user_datetime("25.12.2026 18:00", MSK)
    assert has_time and instant == datetime(2026, 12, 25, 15, 0, tzinfo=UTC)
    instant, has_time = parse_user_datetime(" 01.02.27 ", MSK)
    assert not has_time and instant.astimezone(MSK).date().isoformat() == "2027-02-01"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("31.11.2026", "error-date-impossible"),
        ("29.02.2027", "error-date-impossible"),
        ("10.13.2026", "error-date-impossible"),
        ("10.12.2026 25:00", "error-time-impossible"),
        ("завтра", "error-date-format"),
        ("", "error-date-format"),
        ("1" * 5000, "error-date-format"),
    ],
)
def test_parse_user_datetime_refuses_impossible_input(text, key):
    with pytest.raises(ValidationFailed) as info:
        parse_user_datetime(text, MSK)
    assert info.value.key == key


TODAY = datetime(2026, 11, 20).date()


@pytest.mark.parametrize(
    ("precision", "start", "end", "recurrence", "expected_ru", "expected_en"),
    [
        (
            "exact",
            at(2026, 12, 5, 18),
            at(2026, 12, 5, 19, 30),
            None,
            "суббота, 5 декабря, с 18:00 до 19:30",
            "Saturday, 5 December, from 18:00 to 19:30",
        ),
        (
            "exact",
            at(2027, 1, 5, 18),
            None,
            None,
            "вторник, 5 января 2027, в 18:00",
            "Tuesday, 5 January 2027, at 18:00",
        ),
        (
            "exact",
            at(2026, 12, 5, 18),
            at(2026, 12, 6, 12),
            None,
            "с 5 декабря в 18:00 до 6 декабря в 12:00",
            "from 5 December at 18:00 to 6 December at 12:00",
        ),
        (
            "days",
            at(2024, 3, 18),
            at(2024, 3, 23, 23, 59),
            None,
            "с 18 по 23 марта 2024",
            "from 18 to 23 March 2024",
        ),
        (
            "days",
            at(2024, 3, 30),
            at(2024, 4, 2),
            None,
            "с 30 марта по 2 апреля 2024",
            "from 30 March to 2 April 2024",
        ),
        (
            "days",
            at(2026, 12, 30),
            at(2027, 1, 2),
            None,
            "с 30 декабря 2026 по 2 января 2027",
            "from 30 December 2026 to 2 January 2027",
        ),
        ("day", at(2026, 12, 1), None, None, "вторник, 1 декабря", "Tuesday, 1 December"),
        ("month", at(2026, 12, 1), at(2026, 12, 31), None, "декабрь", "December"),
        ("months", at(2024, 4, 1), at(2024, 5, 31), None, "с апреля по май 2024", "from April to May 2024"),
        (
            "months",
            at(2019, 10, 1),
            at(2020, 2, 29),
            None,
            "с октября 2019 по февраль 2020",
            "from October 2019 to February 2020",
        ),
        ("quarter", at(2026, 4, 1), at(2026, 6, 30), None, "с апреля по июнь", "from April to June"),
        ("year", at(2016, 1, 1), at(2017, 12, 31), None, "с 2016 по 2017 год", "from 2016 to 2017"),
        (
            "academic_year",
            at(2026, 9, 1),
            at(2027, 8, 31),
            None,
            "учебный год с сентября 2026 по август 2027",
            "the school year from September 2026 to August 2027",
        ),
        ("recurring", None, None, "n_per_year:2", "2 раза в год", "2 times a year"),
        ("on_request", None, None, None, "по запросу", "on request"),
    ],
)
def test_dates_in_words_for_a_screen_reader(
    ru, en, precision, start, end, recurrence, expected_ru, expected_en
):
    assert describe_when_spoken(ru, MSK, precision, start, end, recurrence, today=TODAY) == expected_ru
    assert describe_when_spoken(en, MSK, precision, start, end, recurrence, today=TODAY) == expected_en


def test_dates_in_words_name_the_year_when_today_is_not_given(ru):
    text = describe_when_spoken(ru, MSK, "exact", at(2026, 12, 5, 18), at(2026, 12, 5, 19, 30))
    assert text == "суббота, 5 декабря 2026, с 18:00 до 19:30"
    assert "–" not in describe_when_spoken(ru, MSK, "days", at(2024, 3, 18), at(2024, 3, 23))
