"""Every row of every seed plan, checked against values written down by hand from the seed files."""

from __future__ import annotations

from datetime import date

import pytest

from services.plan_import import PlanFormatError, parse_plan, to_json_dict
from tests.plan_import.builders import seed_bytes, seed_path

D = date.fromisoformat

# (number, title prefix, starts_on, ends_on, precision, recurrence)
AY19 = ("2019-09-01", "2020-08-31")  # seed 000 has no period in its title: inferred from «Декабрь 2019»
SEED_000 = [
    ("1", "Рабочее совещание руководителей", *AY19, "recurring", "quarterly"),
    ("2", "Проведение мониторинга образовательных учреждений", *AY19, "recurring", "n_per_year:2"),
    ("3", "Администрирование страницы сайта", *AY19, "ongoing", None),
    ("4", "Создание межведомственной базы данных", *AY19, "ongoing", None),
    ("5", "Проведение семинаров по вопросам", *AY19, "recurring", "n_per_year:3"),
    ("6", "Мониторинг психосоматического здоровья", *AY19, "recurring", "n_per_year:2"),
    ("7", "Организация конкурсов, соревнований", *AY19, "ongoing", None),
    ("8", "Обучение специалистов", *AY19, "ongoing", None),
    ("9", "Организация досуговой деятельности", *AY19, "ongoing", None),
    ("10", "Инклюзивные мастер-классы", None, None, "on_request", None),
    ("11", "Семинары/клубы для родителей", *AY19, "recurring", "quarterly"),
    ("12", "Семинар «Здоровьесберегающая школа", "2019-12-01", "2019-12-31", "month", None),
    ("13", "Создание актуального межведомственного лектория", *AY19, "ongoing", None),
]

S1 = "I. Организационно-координационные и информационные мероприятия"
S2 = "II. Формирование экспериментальных предложений по оценке качества образования"
S3 = (
    "III. Разработка методических рекомендаций и предложений по вопросам внедрения созданных инструментов "
    "ОК в практику образовательных учреждений Невского района"
)
# (section, number, title prefix, starts_on, ends_on, precision)
SEED_002 = [
    (S1, "1", "Участие в информационном совещании", "2019-04-01", "2019-04-30", "month"),
    (S1, "2", "Создание школьного Координационного совета", "2019-04-01", "2019-05-31", "months"),
    (S1, "3", "Формирование творческих групп учителей", "2019-05-01", "2019-06-30", "months"),
    (S1, "4", "Анализ нормативно-правовых документов", "2019-06-01", "2019-06-30", "month"),
    (S1, "5", "Информационное совещание для творческих групп", "2019-09-01", "2019-09-30", "month"),
    (S1, "6", "Заключение договоров о сотрудничестве", "2019-09-01", "2019-09-30", "month"),
    (S2, "1", "Проведение мероприятий (семинаров", "2019-10-01", "2020-02-29", "months"),
    (S2, "2", "Посещение консультаций и информационных", "2019-10-01", "2020-02-29", "months"),
    (S2, "3", "Презентация результатов, полученных", "2020-03-01", "2020-03-31", "month"),
    (S2, "4", "Презентация результатов, полученных", "2020-04-01", "2020-04-30", "month"),
    (S3, "1", "Разработка методических рекомендаций", "2020-05-01", "2020-05-31", "month"),
    (S3, "2", "Подготовка итогового отчёта за 2019-2020", "2020-06-01", "2020-06-30", "month"),
]

AY23 = ("2023-09-01", "2024-08-31")
CLUSTER = "Мероприятия по взаимодействию в кластере"
# (section, number, title prefix, starts_on, ends_on, precision)
SEED_003 = [
    (None, "1", "Заседание педагогического совета «Основные", "2023-08-01", "2023-08-31", "month"),
    (None, "2", "Издание приказа", "2023-08-01", "2023-08-31", "month"),
    (None, "3", "Определение функциональных обязанностей", "2023-08-01", "2023-08-31", "month"),
    (None, "4", "Оформление документов", "2023-08-01", "2023-08-31", "month"),
    (None, "5", "Заседание участников регионального проекта", *AY23, "academic_year"),
    (None, "6", "Участие в семинарах", *AY23, "academic_year"),
    (None, "7", "Выявление профессиональных запросов педагогов; анкетирование", *AY23, "academic_year"),
    (None, "8", "Сотрудничество со средствами массовой", *AY23, "academic_year"),
    (None, "9", "Размещение материалов", *AY23, "academic_year"),
    (None, "10", "Участие в дистанционных родительских собраниях", *AY23, "academic_year"),
    (None, "11", "Организация контроля", *AY23, "academic_year"),
    (None, "12", "Разработка информационных бюллетеней", *AY23, "academic_year"),
    (None, "13", "Организация выставок", *AY23, "academic_year"),
    (None, "14", "Сотрудничество с волонтёрскими отрядами", *AY23, "academic_year"),
    (None, "15", "Проведение районного конкурса", "2023-11-01", "2024-01-31", "months"),
    (None, "16", "Проведение районного инклюзивного фестиваля", "2023-12-01", "2023-12-31", "month"),
    (None, "17", "Совещание при директоре", "2024-03-01", "2024-03-31", "month"),
    (None, "18", "Совещание при заместителе директора", "2024-04-01", "2024-04-30", "month"),
    (None, "19", "Подготовка и написание справки", "2024-04-01", "2024-04-30", "month"),
    (None, "20", "Районный физкультурно-оздоровительный фестиваль", "2024-04-01", "2024-05-31", "months"),
    (None, "21", "Анализ результатов инновационной", "2024-05-01", "2024-05-31", "month"),
    (None, "22", "Заседание педагогического совета «Анализ", "2024-05-01", "2024-05-31", "month"),
    (None, "23", "Корректировка программы", "2024-05-01", "2024-05-31", "month"),
    (CLUSTER, "1", "Семинар-практикум для родителей", "2023-11-01", "2023-11-30", "month"),
    (CLUSTER, "2", "Круглый стол с участием родителей", "2024-02-01", "2024-02-29", "month"),
    (CLUSTER, "3", "Проведение Недели толерантности", "2024-03-18", "2024-03-23", "days"),
    (CLUSTER, "4", "Практический семинар «Наша роль", "2024-04-01", "2024-04-05", "days"),
]


def yearly(day_month: str, years=range(2020, 2025)) -> list[str]:
    return [f"{year}-{day_month}" for year in years]


# (number, title prefix, dates)  — every row of seed 004 is a list of yearly dates, precision "dates"
SEED_004 = [
    ("1", "Разработка и реализация дополнительных", yearly("08-01")),
    ("2", "Размещение дополнительных общеобразовательных", yearly("09-01")),
    ("3", "Информирование участников", yearly("09-01")),
    ("4", "Организация взаимодействия с ПМПК", yearly("09-01")),
    ("5", "Проведение экспертизы", yearly("06-01")),
    ("6", "Актуализация адаптированных", yearly("08-01")),
    ("7", "Расширение спектра", yearly("08-01")),
    ("8", "Осуществление персонифицированного учета", yearly("08-01")),
    ("9", "Проведение мониторинга реализации", yearly("11-30")),  # written 31.11.YYYY
    ("10", "Реализация мероприятий государственной программы", yearly("12-31")),
    ("11", "Разработка и реализация медиа-плана", yearly("12-31")),
    ("12", "Организация и проведение муниципального этапа", ["2021-12-31", "2023-12-31"]),
    ("13", "Участие в областных выставках", yearly("12-31")),
]


def _plan(prefix: str):
    return parse_plan(seed_bytes(prefix), seed_path(prefix).name)


def _opt(value: str | None) -> date | None:
    return D(value) if value else None


def _check_counts(plan, data_rows: int) -> None:
    assert len(plan.events) + len(plan.skipped) == data_rows
    assert [e.index for e in plan.events] == list(range(data_rows))


def test_seed_000_every_row() -> None:
    plan = _plan("000")
    _check_counts(plan, 13)
    assert plan.title == "Перспективный план работы"
    assert plan.period is not None and plan.period.inferred and plan.period.academic
    assert (plan.period.starts_on, plan.period.ends_on) == (D("2019-09-01"), D("2020-08-31"))
    assert any("inferred" in w for w in plan.warnings)
    got = [(e.number, e.title, e.starts_on, e.ends_on, e.precision, e.recurrence) for e in plan.events]
    for (number, title, starts, ends, precision, recurrence), row in zip(SEED_000, got, strict=True):
        assert row[0] == number
        assert row[1].startswith(title), row[1]
        assert row[2:] == (_opt(starts), _opt(ends), precision, recurrence), (number, row)
    assert all(e.section is None for e in plan.events)
    assert plan.events[0].venue == "ГБУ ДО ЦППМСП Невского района Санкт-Петербурга"
    assert plan.events[0].goal.startswith("Корректировка и принятие плана работ")
    assert plan.events[3].title.endswith("сопровождения детей с ОВЗ, в т.ч. инвалидов")
    assert plan.events[12].goal == "Расширение информирования и компетентности\nучастников"


def test_seed_001_prose_has_no_table() -> None:
    with pytest.raises(PlanFormatError) as caught:
        _plan("001")
    assert caught.value.code == "no_table"
    assert "таблицы" in caught.value.reason


def test_seed_002_every_row() -> None:
    plan = _plan("002")
    _check_counts(plan, 12)
    assert plan.title.startswith("ПЛАН МЕРОПРИЯТИЙ («ДОРОЖНАЯ КАРТА»)")
    assert plan.title.endswith("НА 2019-2020 ГГ.")
    assert plan.period is not None and not plan.period.academic and not plan.period.inferred
    assert (plan.period.starts_on, plan.period.ends_on) == (D("2019-01-01"), D("2020-12-31"))
    for expected, event in zip(SEED_002, plan.events, strict=True):
        section, number, title, starts, ends, precision = expected
        assert (event.section, event.number) == (section, number)
        assert event.title.startswith(title), event.title
        assert (event.starts_on, event.ends_on, event.precision) == (D(starts), D(ends), precision), event
        assert event.recurrence is None and event.dates == []
    # a cell with blank lines inside it (the bullets of row I.2) stays one cell of one row
    assert plan.events[1].result.count("·") == 3
    assert plan.events[1].responsible == "Директор ОУ"
    assert plan.events[6].when_text.startswith("Октябрь 2019 - февраль 2020, согласно")


def test_seed_003_every_row() -> None:
    plan = _plan("003")
    _check_counts(plan, 27)
    assert plan.title.startswith("Календарный план работы реализации инновационного проекта «Внедрение")
    assert plan.title.endswith("на 2023/2024 учебный год")
    assert plan.period is not None and plan.period.academic
    assert (plan.period.starts_on, plan.period.ends_on) == (D("2023-09-01"), D("2024-08-31"))
    for expected, event in zip(SEED_003, plan.events, strict=True):
        section, number, title, starts, ends, precision = expected
        assert (event.section, event.number) == (section, number)
        assert event.title.startswith(title), event.title
        assert (event.starts_on, event.ends_on, event.precision) == (D(starts), D(ends), precision), event
    # «Ноябрь -Январь2023» in a 2023/2024 plan: the year is read as the start year, with a warning
    assert any("start year" in w for w in plan.events[14].warnings)
    # August 2023 precedes the academic year: kept as written, flagged
    assert plan.events[0].warnings == ["outside the plan period"]
    # the signature after the table is not glued to the last cell
    assert plan.events[-1].result == "План мероприятия, рекомендации, фотоотчёт"
    assert plan.events[11].number == "12"  # «⟶» then «12» on the next line


def test_seed_004_every_row() -> None:
    plan = _plan("004")
    _check_counts(plan, 13)
    assert plan.title.startswith("ДОРОЖНАЯ КАРТА реализации мероприятий")
    assert plan.period is not None and plan.period.inferred and not plan.period.academic
    assert (plan.period.starts_on, plan.period.ends_on) == (D("2020-01-01"), D("2024-12-31"))
    for (number, title, dates), event in zip(SEED_004, plan.events, strict=True):
        assert event.number == number
        assert event.title.startswith(title), event.title
        assert event.precision == "dates"
        assert event.dates == [D(d) for d in dates]
        assert (event.starts_on, event.ends_on) == (D(dates[0]), D(dates[-1]))
    assert plan.events[8].warnings == [
        f"impossible date 31.11.{y} read as 30.11.{y}" for y in range(2020, 2025)
    ]
    assert (
        plan.events[10].result
        == "Информация на сайтах\nОтдела образования, образовательных организаций, социальных сетях, др."
    )


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_seed_json_shape(prefix: str) -> None:
    data = to_json_dict(_plan(prefix))
    assert set(data) == {"source", "title", "period", "events", "skipped", "warnings"}
    assert set(data["period"]) == {"starts_on", "ends_on"}
    keys = {
        "index", "number", "section", "title", "goal", "result", "responsible", "venue", "when_text",
        "starts_on", "ends_on", "precision", "recurrence", "dates", "audience", "kind", "warnings",
    }  # fmt: skip
    for event in data["events"]:
        assert set(event) == keys
        assert all(isinstance(d, str) and len(d) == 10 for d in event["dates"])


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_source_keys_are_stable_and_unique(prefix: str) -> None:
    first, second = _plan(prefix), _plan(prefix)
    keys = [e.source_key for e in first.events]
    assert keys == [e.source_key for e in second.events]
    assert len(set(keys)) == len(keys)
