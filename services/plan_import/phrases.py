"""The period phrases of Russian plans in one table: what each means, and the wordings it must read.

Every entry carries the examples it was written for; ``tests/plan_import/test_phrases.py`` reads each example
through ``parse_when`` and checks the meaning, so a new wording is added here together with its example.

Meanings (checked in this order, the first that matches wins):

* ``on_request``: no date of its own, done when asked («по запросу»);
* ``schedule``: done on a schedule kept elsewhere («по отдельному графику»), so the plan gives no date; when
  the same cell also names a time span («в течение года по отдельному графику») the span is the date;
* ``ongoing``: all the time over the plan's period («постоянно»);
* ``recurring``: every week, month, quarter, half-year or year, or N times a year, over the plan's period;
* ``whole_year``: the whole year of the plan («в течение года»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Phrase:
    meaning: str  # on_request | schedule | ongoing | recurring | whole_year
    pattern: re.Pattern[str]
    recurrence: str | None
    examples: tuple[str, ...]


_WEEKDAY = r"(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)"


def _phrase(meaning: str, pattern: str, recurrence: str | None, *examples: str) -> Phrase:
    return Phrase(meaning, re.compile(pattern), recurrence, examples)


PHRASES: tuple[Phrase, ...] = (
    _phrase(
        "on_request",
        r"по\s+(?:запрос|мере\s+(?:необходимост|поступлени)|необходимост|требовани|заявк)",
        None,
        "По запросу", "по запросам", "По мере необходимости", "по заявкам ОО", "По мере поступления",
    ),
    _phrase(
        "ongoing",
        r"постоянн|систематическ|в\s+течение\s+всего\s+(?:периода|срока|проекта)|круглогодичн|ежедневн"
        r"|^весь\s+период|в\s+течение\s+(?:всей\s+)?смены",
        None,
        "Постоянно", "систематически", "В течение всего периода", "круглогодично", "Ежедневно",
        "весь период", "в течение смены",
    ),
    _phrase(
        "recurring",
        r"еженедельн|раз\w*\s+в\s+неделю|кажд\w*\s+недел",
        "weekly",
        "Еженедельно", "1 раз в неделю", "Каждую неделю", "2 раза в неделю",
    ),
    _phrase(
        "recurring",
        r"ежемесячн|(?<!\d\s)(?<!\d)раз\s+в\s+месяц|1\s+раз\s+в\s+месяц|кажд\w*\s+месяц|помесячн"
        r"|(?:перв|втор|трет|четв[её]рт|последн)\w*\s+" + _WEEKDAY + r"\w*\s+(?:каждого\s+)?месяц",
        "monthly",
        "Ежемесячно", "1 раз в месяц", "Каждый месяц", "ежемесячно, в последнюю пятницу",
        "1 раз в месяц (по средам)", "Последняя пятница месяца",
    ),
    _phrase(
        "recurring",
        r"ежекварт|раз\s+в\s+квартал|кажд\w*\s+квартал|поквартальн"
        r"|раз\s+в\s+четверть|кажд\w*\s+четверт|ежечетвертн|по\s+итогам\s+(?:каждой\s+)?четверт",
        "quarterly",
        "Ежеквартально", "1 раз в квартал", "Каждый квартал", "1 раз в четверть", "по итогам четверти",
    ),
    _phrase(
        "recurring",
        r"раз\s+в\s+полугоди|раз\s+в\s+семестр|кажд\w*\s+полугоди",
        "n_per_year:2",
        "1 раз в полугодие", "раз в семестр",
    ),
    _phrase(
        "recurring",
        r"ежегодн|(?<!\d\s)(?<!\d)раз\s+в\s+год|кажд\w*\s+год",
        "yearly",
        "Ежегодно", "раз в год", "Каждый год",
    ),
    _phrase(  # a weekday alone, after the entries above: «1 раз в месяц (по средам)» is monthly
        "recurring",
        r"кажд\w*\s+" + _WEEKDAY + r"|по\s+" + _WEEKDAY + r"\w*[ая]м\b",
        "weekly",
        "каждую среду", "по четвергам", "по воскресеньям",
    ),
    _phrase(
        "whole_year",
        r"в\s+теч(?:ени[еи]\s+|-е\s*|(?:ен)?\.\s*)(?:всего\s+)?(?:календарного\s+)?года?\b",
        None,
        "В течение года", "в течение всего года", "В течение года По отдельному графику",
        "В теч-е года", "в теч. года", "в течен. года",
    ),
    _phrase(
        "schedule",
        r"по\s+(?:отдельному\s+|утвержденному\s+|своему\s+)?(?:графику|расписанию|плану\s+\S+)"
        r"|согласно\s+(?:графику|плану|расписанию)|в\s+соответствии\s+с\s+(?:графиком|планом|расписанием)",
        None,
        "По отдельному графику", "по графику", "согласно графику", "согласно плану", "в соответствии с графиком",
    ),
)  # fmt: skip

#: «2 раза в месяц» → 12·N a year; «1 раз в 2 месяца» → 12/N a year; «раз в две недели» → 26 a year.
N_PER_MONTH_RE = re.compile(r"(\d{1,2}|два|две|три|четыре)\s*раз\w*\s+в\s+месяц")
EVERY_N_MONTHS_RE = re.compile(r"раз\s+в\s+(\d|два|две|три|четыре|шесть)\s+месяц")
EVERY_TWO_WEEKS_RE = re.compile(r"раз\s+в\s+(?:2|две)\s+недел")
N_PER_MONTH_EXAMPLES = (("2 раза в месяц", 24), ("1 раз в 2 месяца", 6), ("раз в две недели", 26))

#: «2 раза в год», «три раза в учебный год», «4 раза в год» → N occurrences a year.
N_PER_YEAR_RE = re.compile(r"(\d{1,2}|один|два|две|три|четыре|пять|шесть)\s*раз\w*\s+в\s+(?:учебн\w*\s+)?год")
N_WORDS = {"один": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6}
N_PER_YEAR_EXAMPLES = (("2 раза в год", 2), ("три раза в учебный год", 3), ("4 раза в год", 4))


def find_phrase(text: str, meaning: str) -> Phrase | None:
    """The first entry of the given meaning whose pattern occurs in ``text`` (lower case, «ё» as «е»)."""
    return next((p for p in PHRASES if p.meaning == meaning and p.pattern.search(text)), None)


__all__ = [
    "EVERY_N_MONTHS_RE",
    "EVERY_TWO_WEEKS_RE",
    "N_PER_MONTH_EXAMPLES",
    "N_PER_MONTH_RE",
    "N_PER_YEAR_EXAMPLES",
    "N_PER_YEAR_RE",
    "N_WORDS",
    "PHRASES",
    "Phrase",
    "find_phrase",
]
