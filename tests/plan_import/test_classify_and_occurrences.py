"""Audience/kind guesses on real seed rows, occurrences of recurring rows, and the JSON of one event."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from services.plan_import import (
    classify_audience,
    classify_kind,
    expand_occurrences,
    parse_plan,
    to_json_dict,
)
from tests.plan_import.builders import seed_bytes

# (seed, row index, audience, kind) — checked against the seed wording by hand
EXPECTED = [
    ("000", 0, "specialists", "meeting"),  # Рабочее совещание руководителей…
    ("000", 1, "unknown", "monitoring"),  # Проведение мониторинга образовательных учреждений…
    ("000", 4, "teachers", "seminar"),  # Проведение семинаров по вопросам … образования обучающихся
    ("000", 6, "children", "competition"),  # Организация конкурсов, соревнований для обучающихся
    ("000", 7, "specialists", "training"),  # Обучение специалистов…
    ("000", 9, "children", "master_class"),  # Инклюзивные мастер-классы … обучающихся
    ("000", 10, "parents", "seminar"),  # Семинары/клубы для родителей обучающихся
    ("000", 12, "unknown", "other"),  # Создание … лектория
    ("002", 0, "unknown", "meeting"),  # Участие в информационном совещании
    ("002", 1, "unknown", "other"),  # Создание школьного Координационного совета
    ("002", 6, "unknown", "seminar"),  # Проведение мероприятий (семинаров, конференций, …)
    ("002", 7, "unknown", "consultation"),  # Посещение консультаций…
    ("003", 0, "teachers", "meeting"),  # Заседание педагогического совета
    ("003", 6, "parents", "survey"),  # Выявление запросов педагогов; анкетирование родителей
    ("003", 9, "parents", "meeting"),  # Участие в … родительских собраниях
    ("003", 12, "all", "other"),  # Организация выставок … учащихся, педагогов и родителей
    ("003", 13, "children", "other"),  # Сотрудничество с … клубом «Эрудит» — not a club
    ("003", 14, "all", "competition"),  # конкурс … между педагогами, учащимися и родителями
    ("003", 15, "unknown", "festival"),
    ("003", 16, "unknown", "meeting"),  # Совещание при директоре
    ("003", 23, "parents", "seminar"),  # Семинар-практикум для родителей
    ("003", 24, "parents", "meeting"),  # Круглый стол с участием родителей
    ("003", 26, "teachers", "seminar"),  # Практический семинар «… педагог инклюзивного образования»
    ("004", 0, "children", "other"),  # Разработка … программ для детей с ОВЗ
    ("004", 8, "children", "monitoring"),
    ("004", 11, "children", "competition"),
]


@pytest.fixture(scope="module")
def plans():
    return {
        prefix: parse_plan(seed_bytes(prefix), f"{prefix}.txt") for prefix in ("000", "002", "003", "004")
    }


@pytest.mark.parametrize(("seed", "index", "audience", "kind"), EXPECTED)
def test_seed_rows_classified(plans, seed: str, index: int, audience: str, kind: str) -> None:
    event = plans[seed].events[index]
    assert (event.audience, event.kind) == (audience, kind), event.title


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Мастер-класс «Сенсорная комната»", "master_class"),
        ("Клуб выходного дня для семей", "club"),
        ("Научно-практическая конференция", "conference"),
        ("Курсы повышения квалификации", "training"),
        ("Тренинг общения", "training"),
        ("Опрос родителей", "survey"),
        ("Фестиваль «Мы вместе»", "festival"),
        ("Индивидуальные консультации специалистов", "consultation"),
        ("Круглый стол «Инклюзия сегодня»", "meeting"),
        ("Издание приказа", "other"),
    ],
)
def test_kinds(title: str, kind: str) -> None:
    assert classify_kind(title) == kind


@pytest.mark.parametrize(
    ("title", "audience"),
    [
        ("Семинар для учителей начальных классов", "teachers"),
        ("Консультации для специалистов ППк", "specialists"),
        ("Праздник для детей с ОВЗ", "children"),
        ("Родительское собрание", "parents"),
        ("Фестиваль детей, родителей и педагогов", "all"),
    ],
)
def test_audiences(title: str, audience: str) -> None:
    assert classify_audience(title) == audience


def test_goal_explicit_audience_is_a_fallback() -> None:
    assert classify_audience("Проведение встречи", "Поддержка для родителей") == "parents"


def test_occurrences_of_recurring_rows(plans) -> None:
    plan = plans["000"]  # period 2019/2020 academic year (inferred)
    quarterly, twice, thrice = plan.events[0], plan.events[1], plan.events[4]
    assert expand_occurrences(quarterly, plan.period) == [
        date(2019, 9, 1), date(2019, 12, 1), date(2020, 3, 1), date(2020, 6, 1),
    ]  # fmt: skip
    assert expand_occurrences(twice, plan.period) == [date(2019, 9, 1), date(2020, 3, 1)]
    assert expand_occurrences(thrice, plan.period) == [date(2019, 9, 1), date(2020, 1, 1), date(2020, 5, 1)]
    assert expand_occurrences(plan.events[9], plan.period) == []  # on request
    assert expand_occurrences(plan.events[11], plan.period) == [date(2019, 12, 1)]


def test_occurrences_monthly_weekly_and_dates(plans) -> None:
    event = plans["000"].events[0]
    assert len(expand_occurrences(replace(event, recurrence="monthly"), None)) == 12
    weekly = expand_occurrences(replace(event, recurrence="weekly"), None)
    assert weekly[0] == date(2019, 9, 1) and weekly[1] == date(2019, 9, 8) and len(weekly) == 53
    assert len(expand_occurrences(replace(event, recurrence="n_per_year:5"), None)) == 5
    dated = plans["004"].events[0]
    assert expand_occurrences(dated, None) == dated.dates


def test_event_json_values(plans) -> None:
    event = to_json_dict(plans["003"])["events"][25]
    assert event == {
        "index": 25,
        "number": "3",
        "section": "Мероприятия по взаимодействию в кластере",
        "title": "Проведение Недели толерантности «Мы разные, но равные»",
        "goal": None,
        "result": "Планы мероприятий, сценарий, видеоролики, печатные материалы, фотоотчёт",
        "responsible": "Все участники инновационного проекта",
        "venue": None,
        "when_text": "С 18 по 23 марта 2024 г",
        "starts_on": "2024-03-18",
        "ends_on": "2024-03-23",
        "precision": "days",
        "recurrence": None,
        "dates": [],
        "audience": "unknown",
        "kind": "other",
        "warnings": [],
    }
