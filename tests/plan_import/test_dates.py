"""Every date shape of the brief, the year-inference rules, and property tests of ``parse_when``."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.plan_import.dates import normalize_when, parse_plan_period, parse_when
from services.plan_import.models import PlanPeriod

D = date.fromisoformat
ACADEMIC_23 = PlanPeriod(D("2023-09-01"), D("2024-08-31"), academic=True)
ACADEMIC_19 = PlanPeriod(D("2019-09-01"), D("2020-08-31"), academic=True)
CALENDAR_19_20 = PlanPeriod(D("2019-01-01"), D("2020-12-31"), academic=False)

CASES = [
    # text, period, starts_on, ends_on, precision, recurrence
    ("апрель 2019", None, "2019-04-01", "2019-04-30", "month", None),
    ("апрель-май 2019", None, "2019-04-01", "2019-05-31", "months", None),
    (
        "Октябрь 2019 - февраль 2020, согласно общему плану школ-партнёров",
        None,
        "2019-10-01",
        "2020-02-29",
        "months",
        None,
    ),
    ("Декабрь 2019 года", None, "2019-12-01", "2019-12-31", "month", None),
    ("С 18 по 23 марта 2024 г", None, "2024-03-18", "2024-03-23", "days", None),
    ("С 01 по 05 апреля 2024", None, "2024-04-01", "2024-04-05", "days", None),
    ("18-23 марта 2024", None, "2024-03-18", "2024-03-23", "days", None),
    ("с 28 февраля по 3 марта 2024", None, "2024-02-28", "2024-03-03", "days", None),
    ("Апрель-май\n2024", ACADEMIC_23, "2024-04-01", "2024-05-31", "months", None),
    ("В течение 2023/2024 учебного года", None, "2023-09-01", "2024-08-31", "academic_year", None),
    ("В течение 2023/\n2024 учебного года", None, "2023-09-01", "2024-08-31", "academic_year", None),
    ("в течение учебного года", ACADEMIC_23, "2023-09-01", "2024-08-31", "academic_year", None),
    ("Ежеквартально", ACADEMIC_19, "2019-09-01", "2020-08-31", "recurring", "quarterly"),
    ("2 раза в год", ACADEMIC_19, "2019-09-01", "2020-08-31", "recurring", "n_per_year:2"),
    ("3 раза в год", ACADEMIC_19, "2019-09-01", "2020-08-31", "recurring", "n_per_year:3"),
    ("два раза в год", ACADEMIC_19, "2019-09-01", "2020-08-31", "recurring", "n_per_year:2"),
    ("1 раз в год", ACADEMIC_19, "2019-09-01", "2020-08-31", "recurring", "yearly"),
    ("ежегодно", ACADEMIC_19, "2019-09-01", "2020-08-31", "recurring", "yearly"),
    ("ежемесячно", ACADEMIC_23, "2023-09-01", "2024-08-31", "recurring", "monthly"),
    ("Еженедельно", ACADEMIC_23, "2023-09-01", "2024-08-31", "recurring", "weekly"),
    ("Постоянно", ACADEMIC_23, "2023-09-01", "2024-08-31", "ongoing", None),
    ("По запросам", ACADEMIC_23, None, None, "on_request", None),
    ("по мере необходимости", ACADEMIC_23, None, None, "on_request", None),
    ("в течение года", ACADEMIC_23, "2023-09-01", "2024-08-31", "academic_year", None),  # the school year
    ("в течение года", CALENDAR_19_20, "2019-01-01", "2020-12-31", "year", None),
    ("в течение 2024 года", None, "2024-01-01", "2024-12-31", "year", None),
    ("I полугодие", ACADEMIC_23, "2023-09-01", "2023-12-31", "months", None),
    ("II полугодие", ACADEMIC_23, "2024-01-01", "2024-05-31", "months", None),
    ("I полугодие 2024", None, "2024-01-01", "2024-06-30", "months", None),
    ("I квартал 2024", None, "2024-01-01", "2024-03-31", "quarter", None),
    ("IV квартал", ACADEMIC_23, "2023-10-01", "2023-12-31", "quarter", None),
    ("2 квартал", ACADEMIC_23, "2024-04-01", "2024-06-30", "quarter", None),
    ("2016-2017 гг.", None, "2016-01-01", "2017-12-31", "year", None),
    ("2024 год", None, "2024-01-01", "2024-12-31", "year", None),
    ("до 1 сентября 2021", None, "2021-09-01", "2021-09-01", "day", None),
    ("до 01.09.2021", None, "2021-09-01", "2021-09-01", "day", None),
    ("15.03.2024", None, "2024-03-15", "2024-03-15", "day", None),
    ("15.03.24", None, "2024-03-15", "2024-03-15", "day", None),
    ("15 марта 2024", None, "2024-03-15", "2024-03-15", "day", None),
    ("01.09.2020 - 15.09.2020", None, "2020-09-01", "2020-09-15", "days", None),
    ("март 2024 г.", None, "2024-03-01", "2024-03-31", "month", None),
    ("МАРТ 2024", None, "2024-03-01", "2024-03-31", "month", None),
    ("в апреле 2024", None, "2024-04-01", "2024-04-30", "month", None),
    ("мая 2024", None, "2024-05-01", "2024-05-31", "month", None),
    ("сентябрь", ACADEMIC_23, "2023-09-01", "2023-09-30", "month", None),
    ("в сентябре", ACADEMIC_23, "2023-09-01", "2023-09-30", "month", None),
    ("Январь", ACADEMIC_23, "2024-01-01", "2024-01-31", "month", None),
    ("августа", ACADEMIC_23, "2024-08-01", "2024-08-31", "month", None),
    ("январь", CALENDAR_19_20, "2019-01-01", "2019-01-31", "month", None),
    ("ноябрь - январь", CALENDAR_19_20, "2019-11-01", "2020-01-31", "months", None),
    ("ноябрь - январь", ACADEMIC_23, "2023-11-01", "2024-01-31", "months", None),
    ("октябрь 2023 - январь", None, "2023-10-01", "2024-01-31", "months", None),
]


@pytest.mark.parametrize(("text", "period", "starts", "ends", "precision", "recurrence"), CASES)
def test_shapes(text, period, starts, ends, precision, recurrence) -> None:
    when = parse_when(text, period)
    got = (when.starts_on, when.ends_on, when.precision, when.recurrence)
    assert got == (D(starts) if starts else None, D(ends) if ends else None, precision, recurrence), when


def test_dates_one_per_line() -> None:
    when = parse_when("01.08.2020\n01.08.2021\n01.08.2022\n01.08.2023\n01.08.2024")
    assert when.precision == "dates"
    assert when.dates == [date(year, 8, 1) for year in range(2020, 2025)]
    assert (when.starts_on, when.ends_on) == (date(2020, 8, 1), date(2024, 8, 1))


def test_impossible_date_is_the_last_day_of_its_month() -> None:
    when = parse_when("31.11.2020")
    assert (when.starts_on, when.precision) == (date(2020, 11, 30), "day")
    assert when.warnings == ["impossible date 31.11.2020 read as 30.11.2020"]
    assert parse_when("30.02.2024").starts_on == date(2024, 2, 29)


def test_invalid_dates_are_unknown_with_a_warning() -> None:
    when = parse_when("45.13.2020")
    assert when.precision == "unknown" and when.starts_on is None
    assert when.warnings


def test_deadline_is_flagged() -> None:
    assert parse_when("до 1 сентября 2021").warnings == ["deadline: by 2021-09-01"]


def test_wrapped_range_year_rule() -> None:
    """«Ноябрь -Январь2023»: literally Nov 2022..Jan 2023; in a 2023/2024 plan that lies outside the plan,
    while Nov 2023..Jan 2024 lies inside it: the latter is taken, with a warning."""
    inside = parse_when("Ноябрь -Январь2023", ACADEMIC_23)
    assert (inside.starts_on, inside.ends_on) == (date(2023, 11, 1), date(2024, 1, 31))
    assert inside.warnings == ["year 2023 read as the start year: 2023-11 .. 2024-01"]
    literal = parse_when("Ноябрь -Январь2023")
    assert (literal.starts_on, literal.ends_on) == (date(2022, 11, 1), date(2023, 1, 31))
    assert literal.warnings == []
    fits_literally = parse_when("Ноябрь - Январь 2023", PlanPeriod(D("2022-09-01"), D("2023-08-31"), True))
    assert fits_literally.starts_on == date(2022, 11, 1)


def test_month_without_year_and_without_period() -> None:
    when = parse_when("в декабре")
    assert when.precision == "month"
    assert when.starts_on is None and when.ends_on is None
    assert when.warnings == ["year not given and no plan period to infer it"]


def test_recurring_without_period_keeps_recurrence() -> None:
    when = parse_when("Ежеквартально")
    assert (when.precision, when.recurrence, when.starts_on) == ("recurring", "quarterly", None)


def test_outside_period_warning() -> None:
    assert parse_when("Август 2023", ACADEMIC_23).warnings == ["outside the plan period"]
    assert parse_when("Сентябрь 2023", ACADEMIC_23).warnings == []


@pytest.mark.parametrize("text", ["", "   ", "—", "см. приложение", "по плану ИМЦ"])
def test_unknown(text: str) -> None:
    when = parse_when(text)
    assert when.precision == "unknown" and when.warnings


def test_normalize_when() -> None:
    assert normalize_when("Ноябрь -Январь2023") == "m11 - m01 2023"
    assert normalize_when("С 18 по 23 марта 2024 г") == "с 18 по 23 m03 2024"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Календарный план на 2023/2024 учебный год", ("2023-09-01", "2024-08-31", True)),
        ("план на 2023-2024 уч. год", ("2023-09-01", "2024-08-31", True)),
        ("план на 2023/24 учебный год", ("2023-09-01", "2024-08-31", True)),
        ("ПЛАН МЕРОПРИЯТИЙ … НА 2019-2020 ГГ.", ("2019-01-01", "2020-12-31", False)),
        ("дорожная карта на 2021–2024 годы", ("2021-01-01", "2024-12-31", False)),
        ("план работы на 2024 год", ("2024-01-01", "2024-12-31", False)),
        ("Перспективный план работы", None),
        ("к концу 2024 года", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_plan_period(title, expected) -> None:
    period = parse_plan_period(title)
    if expected is None:
        assert period is None
    else:
        assert (period.starts_on, period.ends_on, period.academic) == (
            D(expected[0]),
            D(expected[1]),
            expected[2],
        )


# --- properties ---------------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "январь", "Февраля", "марте", "апр.", "мая", "июнь", "июля", "Август", "сентябрь", "октябре", "ноя",
        "декабрь", "I", "IV", "квартал", "полугодие", "с", "по", "до", "-", "–", "/", ".", ",", "\n", " ",
        "2019", "2023/2024", "2024", "24", "9999", "0000", "31", "00", "1", "12.", "31.11.2020", "29.02.2023",
        "учебного года", "в течение", "года", "г.", "гг.", "раза в год", "ежеквартально", "постоянно",
        "по запросу", "ежемесячно",
    ]
)  # fmt: skip
_DATE_LIKE = st.lists(_PIECES, max_size=12).map("".join)
_PERIODS = st.one_of(
    st.none(),
    st.builds(
        lambda start, days, academic: PlanPeriod(start, date.fromordinal(start.toordinal() + days), academic),
        st.dates(date(1900, 1, 1), date(2190, 1, 1)),
        st.integers(0, 3000),
        st.booleans(),
    ),
)
_ANY_PERIODS = st.one_of(
    _PERIODS,
    st.builds(lambda a, b, academic: PlanPeriod(min(a, b), max(a, b), academic), st.dates(), st.dates(),
              st.booleans()),
)  # fmt: skip


def _check(when) -> None:
    if when.starts_on and when.ends_on:
        assert when.starts_on <= when.ends_on
    assert when.dates == sorted(when.dates)
    assert when.precision in {
        "day", "days", "dates", "month", "months", "quarter", "year", "academic_year", "recurring",
        "ongoing", "on_request", "unknown",
    }  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), _ANY_PERIODS)
def test_never_raises_on_arbitrary_text(text: str, period) -> None:
    _check(parse_when(text, period))


@settings(max_examples=500, deadline=None)
@given(_DATE_LIKE, _PERIODS)
def test_never_raises_on_date_like_text(text: str, period) -> None:
    _check(parse_when(text, period))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_plan_period_never_raises(text: str) -> None:
    period = parse_plan_period(text)
    assert period is None or period.starts_on <= period.ends_on


DECEMBER_09 = parse_plan_period("План работы Центра на декабрь 2009 г.")


@pytest.mark.parametrize(
    ("text", "starts", "ends", "precision"),
    [
        ("14", "2009-12-14", "2009-12-14", "day"),
        ("1 (вторник)", "2009-12-01", "2009-12-01", "day"),
        ("5 (сб)", "2009-12-05", "2009-12-05", "day"),
        ("11.00", "2009-12-01", "2009-12-31", "month"),
        ("с 10-00", "2009-12-01", "2009-12-31", "month"),
        ("23.12-24.12", "2009-12-23", "2009-12-24", "days"),  # two dates, not a time span
    ],
)
def test_in_a_plan_for_one_month_a_day_number_or_a_time_is_in_that_month(
    text, starts, ends, precision
) -> None:
    when = parse_when(text, DECEMBER_09)
    assert (when.starts_on, when.ends_on, when.precision) == (D(starts), D(ends), precision)


def test_a_day_number_or_a_time_alone_is_unknown_outside_a_one_month_plan() -> None:
    for period in (None, CALENDAR_19_20, ACADEMIC_19):
        for text in ("14", "1 (суббота)", "11.00"):
            assert parse_when(text, period).starts_on is None, (text, period)
    assert parse_when("", DECEMBER_09).starts_on is None  # an empty cell may be merged: never guessed
    assert parse_when("32", DECEMBER_09).starts_on is None  # no 32 December: unknown, never guessed
    assert parse_when("7 (пятница)", DECEMBER_09).warnings  # 7.12.2009 was a Monday: kept, but flagged


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        (
            "01,08,15,22,29. 10.16 19.00-22.00",
            ["2016-10-01", "2016-10-08", "2016-10-15", "2016-10-22", "2016-10-29"],
        ),
        ("3, 10, 17.03.2024", ["2024-03-03", "2024-03-10", "2024-03-17"]),
        ("5,12.11.2019", ["2019-11-05", "2019-11-12"]),
    ],
)
def test_days_written_once_before_their_month_and_year(text: str, dates: list[str]) -> None:
    when = parse_when(text)
    assert (when.precision, when.dates) == ("dates", [D(day) for day in dates])


def test_a_decimal_or_a_lone_day_list_is_not_spread() -> None:
    assert parse_when("1,5 часа").starts_on is None
    assert parse_when("12.05.2019, 14.05.2019").dates == [D("2019-05-12"), D("2019-05-14")]


def test_a_title_naming_days_is_the_plan_period() -> None:
    """«…на 30 октября 2021 года» is a plan for one day, «…с 1.06 по 29. 06.2013 г.» (a space typed inside the
    date) a plan for those days; «на 1 полугодие 2023 года» and «с 5 по 9 мая» (no year) are not read so."""
    one_day = parse_plan_period(
        "План проведения шестого школьного дня в ГУО «Средняя школа №23» на 30 октября 2021 года"
    )
    assert one_day is not None and (one_day.starts_on, one_day.ends_on) == (
        date(2021, 10, 30),
        date(2021, 10, 30),
    )
    camp = parse_plan_period("ПЛАН ОРГАНИЗАЦИИ ДОСУГА В ЛЕТНЕМ ЛАГЕРЕ «УЛЫБКА» с 1.06 по 29. 06.2013 г.")
    assert camp is not None and (camp.starts_on, camp.ends_on, camp.academic) == (
        date(2013, 6, 1),
        date(2013, 6, 29),
        False,
    )
    half = parse_plan_period("План мероприятий на 1 полугодие 2023 года")  # a half-year, not days
    assert half is not None and (half.starts_on, half.ends_on) == (date(2023, 1, 1), date(2023, 6, 30))
    assert parse_plan_period("План работы с 5 по 9 мая") is None
    assert parse_when("29. 06.2013").starts_on == date(2013, 6, 29)
    assert parse_when("12.10.16. 11.30").starts_on == date(2016, 10, 12)  # a date, then a time: not joined
    assert parse_when("01.06.", camp).starts_on == date(2013, 6, 1)


@pytest.mark.parametrize(
    ("text", "starts", "ends"),
    [
        ("01.- 08.05.15г.", "2015-05-01", "2015-05-08"),
        ("с 3. по 10.11.2020", "2020-11-03", "2020-11-10"),
    ],
)
def test_a_day_range_written_once_before_its_month_and_year(text: str, starts: str, ends: str) -> None:
    """«01.- 08.05.15г.»: the first day is written without its month and year, which follow the second."""
    when = parse_when(text)
    assert (when.starts_on, when.ends_on, when.precision) == (D(starts), D(ends), "days"), when


@pytest.mark.parametrize(
    ("title", "starts", "ends", "academic"),
    [
        ("План работы на 2 квартал 2024 г.", "2024-04-01", "2024-06-30", False),
        ("План на сентябрь-декабрь 2024 года", "2024-09-01", "2024-12-31", False),
        ("План мероприятий на январь – май 2025 г.", "2025-01-01", "2025-05-31", False),
        ("План на летний период 2025 года", "2025-06-01", "2025-08-31", False),
        ("План на период с 01.09.2024 по 31.05.2025", "2024-09-01", "2025-05-31", False),
        (
            "План мероприятий в рамках Декады инвалидов (1-10 декабря 2025 года)",
            "2025-12-01",
            "2025-12-10",
            False,
        ),
        ("План работы на осенние каникулы 2024 г.", "2024-01-01", "2024-12-31", False),
        (
            "План мероприятий, посвящённых 80-летию Победы в Великой Отечественной войне 1941-1945 гг., на 2025 год",
            "2025-01-01",
            "2025-12-31",
            False,
        ),
        ("Дорожная карта (2024-2026)", "2024-01-01", "2026-12-31", False),
        ("План работы на II полугодие 2024-2025 учебного года", "2024-09-01", "2025-08-31", True),
    ],
)
def test_the_period_a_title_names(title: str, starts: str, ends: str, academic: bool) -> None:
    period = parse_plan_period(title)
    assert period is not None
    assert (period.starts_on, period.ends_on, period.academic) == (
        date.fromisoformat(starts),
        date.fromisoformat(ends),
        academic,
    )


@pytest.mark.parametrize(
    "title", ["План мероприятий к 80-летию Победы (1941-1945)", "План к 80-летию Победы в ВОВ 1941-1945 гг."]
)
def test_the_years_of_a_war_in_a_title_are_not_the_plan_period(title: str) -> None:
    assert parse_plan_period(title) is None
