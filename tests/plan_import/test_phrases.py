"""The period phrases table (``phrases.PHRASES``) and the year rules, each wording read through ``parse_when``."""

from __future__ import annotations

from datetime import date

import pytest

from services.plan_import import parse_plan, parse_when
from services.plan_import.dates import first_plan_period, parse_approval_date, parse_plan_period
from services.plan_import.models import PlanPeriod
from services.plan_import.phrases import N_PER_MONTH_EXAMPLES, N_PER_YEAR_EXAMPLES, PHRASES

D = date.fromisoformat
CALENDAR_2018 = PlanPeriod(D("2018-01-01"), D("2018-12-31"), academic=False)
ACADEMIC_2016 = PlanPeriod(D("2016-09-01"), D("2017-08-31"), academic=True)

EXAMPLES = [(phrase, example) for phrase in PHRASES for example in phrase.examples]


@pytest.mark.parametrize(("phrase", "example"), EXAMPLES, ids=[example for _, example in EXAMPLES])
def test_every_example_of_the_table_reads_as_its_meaning(phrase, example) -> None:
    when = parse_when(example, CALENDAR_2018)
    if phrase.meaning == "on_request":
        assert (when.precision, when.starts_on) == ("on_request", None)
    elif phrase.meaning == "ongoing":
        assert (when.precision, when.starts_on, when.ends_on) == ("ongoing", D("2018-01-01"), D("2018-12-31"))
    elif phrase.meaning == "recurring":
        assert (when.precision, when.recurrence) == ("recurring", phrase.recurrence)
        assert (when.starts_on, when.ends_on) == (D("2018-01-01"), D("2018-12-31"))
    elif phrase.meaning == "whole_year":
        assert (when.precision, when.starts_on, when.ends_on) == ("year", D("2018-01-01"), D("2018-12-31"))
    else:  # a separate schedule: no date, never a guessed one
        assert (when.precision, when.starts_on, when.ends_on) == ("unknown", None, None)
        assert when.warnings == ["by a separate schedule: no date given"]


@pytest.mark.parametrize(("text", "n"), N_PER_MONTH_EXAMPLES)
def test_n_times_a_month_and_once_in_n_months(text: str, n: int) -> None:
    when = parse_when(text, CALENDAR_2018)
    assert (when.precision, when.recurrence) == ("recurring", f"n_per_year:{n}")


@pytest.mark.parametrize(("text", "n"), N_PER_YEAR_EXAMPLES)
def test_n_times_a_year(text: str, n: int) -> None:
    assert parse_when(text, CALENDAR_2018).recurrence == f"n_per_year:{n}"


@pytest.mark.parametrize(
    ("text", "period", "starts", "ends", "precision"),
    [
        ("20 сентября", CALENDAR_2018, "2018-09-20", "2018-09-20", "day"),  # «на 2018 год» is not 2017/2018
        ("Март-октябрь", CALENDAR_2018, "2018-03-01", "2018-10-31", "months"),  # does not end a year late
        ("Март-октябрь", ACADEMIC_2016, "2017-03-01", "2017-10-31", "months"),
        ("Сентябрь-декабрь", ACADEMIC_2016, "2016-09-01", "2016-12-31", "months"),
        ("Январь-август", ACADEMIC_2016, "2017-01-01", "2017-08-31", "months"),
        ("Ноябрь - январь", ACADEMIC_2016, "2016-11-01", "2017-01-31", "months"),
        ("Июнь, июль", CALENDAR_2018, "2018-06-01", "2018-07-31", "months"),
        ("Ноябрь декабрь 2008 г.", None, "2008-11-01", "2008-12-31", "months"),
        ("сентябрь, январь, май", ACADEMIC_2016, "2016-09-01", "2017-05-31", "months"),
        ("16августа", ACADEMIC_2016, "2017-08-16", "2017-08-16", "day"),
        ("Ноябрь -Январь2023", None, "2022-11-01", "2023-01-31", "months"),
        ("23.04-24.06", CALENDAR_2018, "2018-04-23", "2018-06-24", "days"),
        ("11.05. -20.05.22", None, "2022-05-11", "2022-05-20", "days"),
        ("01.05.22", None, "2022-05-01", "2022-05-01", "day"),
        ("с 15 июня 2009 года по январь 2010 года", None, "2009-06-15", "2010-01-31", "days"),
        ("1-8.05.2015", None, "2015-05-01", "2015-05-08", "days"),  # the first day without its dot
        ("10-14.10.2023", None, "2023-10-10", "2023-10-14", "days"),
        ("10 - 14.10", ACADEMIC_2016, "2016-10-10", "2016-10-14", "days"),
        ("10, 17, 24 октября", ACADEMIC_2016, "2016-10-10", "2016-10-24", "dates"),  # days before one month
        ("5 и 19 декабря 2024", None, "2024-12-05", "2024-12-19", "dates"),
        ("III четверть", ACADEMIC_2016, "2017-01-01", "2017-03-31", "months"),  # school terms
        ("в конце I четверти", ACADEMIC_2016, "2016-09-01", "2016-10-31", "months"),
        ("2-я четверть", ACADEMIC_2016, "2016-11-01", "2016-12-31", "months"),
        ("летние каникулы", ACADEMIC_2016, "2017-06-01", "2017-08-31", "months"),
        ("в летний период 2024 г.", None, "2024-06-01", "2024-08-31", "months"),
        ("Декабрь, 2024", ACADEMIC_2016, "2024-12-01", "2024-12-31", "month"),  # the year after a comma
        ("в течение уч. года", ACADEMIC_2016, "2016-09-01", "2017-08-31", "academic_year"),
        ("IX – XII", ACADEMIC_2016, "2016-09-01", "2016-12-31", "months"),  # Roman month numbers
        ("II-III квартал", CALENDAR_2018, "2018-04-01", "2018-09-30", "quarter"),
        ("4 кв. 2024", None, "2024-10-01", "2024-12-31", "quarter"),
        ("1 - 10 декабря 2008 г.", None, "2008-12-01", "2008-12-10", "days"),
    ],
)
def test_dates_and_their_years(text, period, starts, ends, precision) -> None:
    when = parse_when(text, period)
    assert (when.starts_on, when.ends_on, when.precision) == (D(starts), D(ends), precision), when


@pytest.mark.parametrize("text", ["8-00", "с 10-00", "в 19 ч", "по согласованию", "05 сентября", "23.04"])
def test_no_year_or_no_date_is_never_guessed(text: str) -> None:
    when = parse_when(text, None)
    assert (when.starts_on, when.ends_on, when.precision) == (None, None, "unknown")
    assert when.warnings


def test_plan_periods_from_the_title() -> None:
    assert parse_plan_period("План мероприятий на 2018 год") == CALENDAR_2018
    assert parse_plan_period("План работы ТМДК на май 2022 год") == PlanPeriod(
        D("2022-05-01"), D("2022-05-31"), academic=False
    )
    assert parse_plan_period("по проведению в 2010 году Года учителя").starts_on == D("2010-01-01")
    assert parse_plan_period("на 2016-2017 учебный год") == ACADEMIC_2016
    # the first period named wins: the title's year, not an academic year mentioned below it
    assert first_plan_period("ПЛАН\nмероприятий на 2018\nгод\nв 2017/2018 учебном году") == CALENDAR_2018


def test_approval_dates() -> None:
    assert parse_approval_date("к распоряжению от 15 августа 2007 г. N 1745-РП") == D("2007-08-15")
    assert parse_approval_date("Приложение к Постановлению от 27.11.2007 г № 1074") == D("2007-11-27")
    assert parse_approval_date("УТВЕРЖДЕН приказом от «31» августа 2023 г. № 97") == D("2023-08-31")
    assert parse_approval_date("от 31.02.2023") is None


def test_months_without_a_year_follow_the_approval_date() -> None:
    head = ["Утверждён приказом от «31» августа 2023 г.", "План работы", "", "\tМероприятие", "\tСроки", ""]
    text = "\n".join([*head, "\tПедсовет", "\tОктябрь", "", "\tВыпускной", "\tИюнь", ""])
    plan = parse_plan(text.encode(), "plan.txt")
    assert [(e.starts_on, e.ends_on) for e in plan.events] == [
        (D("2023-10-01"), D("2023-10-31")),
        (D("2024-06-01"), D("2024-06-30")),
    ]
    assert any("approval date 2023-08-31" in w for w in plan.warnings)


def test_months_without_a_year_go_to_the_year_nearest_the_written_dates() -> None:
    rows = [
        ("Реклама конкурса", "Август-декабрь"),
        ("Выставки", "Октябрь 2007 года - январь 2008 года"),
        ("Жюри", "До 1 декабря"),
    ]
    lines = ["План мероприятий", "", "\tМероприятие", "\tСроки", ""]
    for title, when in rows:
        lines += [f"\t{title}", f"\t{when}", ""]
    text = "\n".join(lines)
    plan = parse_plan(text.encode(), "plan.txt")
    assert [(e.starts_on, e.ends_on) for e in plan.events] == [
        (D("2007-08-01"), D("2007-12-31")),
        (D("2007-10-01"), D("2008-01-31")),
        (D("2007-12-01"), D("2007-12-01")),
    ]
