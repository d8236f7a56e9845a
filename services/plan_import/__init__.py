"""Plan import: turn a coordinator's event plan (DOCX / DOC / RTF / ODT / XLSX / XLS / ODS / CSV / PDF /
text copy) into structured events.

Pure library: no bot, no database. Entry point: ``parse_plan(data, filename) -> ParsedPlan``.
"""

from services.plan_import.classify import classify_audience, classify_kind
from services.plan_import.dates import parse_plan_period, parse_when
from services.plan_import.models import (
    ParsedPlan,
    PlanEvent,
    PlanFormatError,
    PlanPeriod,
    Skip,
    When,
)
from services.plan_import.parser import expand_occurrences, parse_plan, to_json_dict

__all__ = [
    "ParsedPlan",
    "PlanEvent",
    "PlanFormatError",
    "PlanPeriod",
    "Skip",
    "When",
    "classify_audience",
    "classify_kind",
    "expand_occurrences",
    "parse_plan",
    "parse_plan_period",
    "parse_when",
    "to_json_dict",
]
