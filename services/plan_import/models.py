"""Typed results of plan import: periods, parsed dates, events, skipped rows, errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Precision = Literal[
    "day",
    "days",
    "dates",
    "month",
    "months",
    "quarter",
    "year",
    "academic_year",
    "recurring",
    "ongoing",
    "on_request",
    "unknown",
]
Audience = Literal["parents", "teachers", "children", "specialists", "all", "unknown"]
Kind = Literal[
    "seminar",
    "club",
    "master_class",
    "conference",
    "competition",
    "festival",
    "consultation",
    "meeting",
    "training",
    "survey",
    "monitoring",
    "other",
]

FORMAT_ERROR_REASONS = {
    "empty": "файл пустой",
    "too_large": "файл слишком большой",
    "unsupported_type": "формат файла не поддерживается (нужен DOC, DOCX, RTF, ODT, XLS, XLSX, ODS, CSV, PDF или TXT)",
    "corrupt": "файл повреждён и не читается",
    "no_table": "в документе нет таблицы плана мероприятий",
    "scanned": "PDF — это скан без текста: сохраните план из Word или Excel",
    "encrypted": "файл защищён паролем: снимите пароль и пришлите снова",
    "old_word": "документ Word 6/95 (старше Word 97): сохраните его как DOCX",
    "web_page": "это веб-страница, сохранённая под именем документа: откройте её в Word или Excel и сохраните как DOCX или XLSX",
}


class PlanFormatError(ValueError):
    """The file cannot be read as a plan. ``code`` is one of ``FORMAT_ERROR_REASONS``."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)

    @property
    def reason(self) -> str:
        """A short Russian explanation for the coordinator."""
        return FORMAT_ERROR_REASONS.get(self.code, self.code)


@dataclass(frozen=True, slots=True)
class PlanPeriod:
    starts_on: date
    ends_on: date
    academic: bool
    inferred: bool = False  # True when not read from the title (from the approval date or the rows' dates)
    # Where a month written without a year goes when the period is inferred (see ``dates._infer_year``):
    after: date | None = None  # the approval date: the first such month on or after it
    near: tuple[date, date] | None = None  # the span of the rows' written dates: the year nearest it


@dataclass(slots=True)
class When:
    starts_on: date | None = None
    ends_on: date | None = None
    precision: Precision = "unknown"
    recurrence: str | None = None  # "weekly" | "monthly" | "quarterly" | "yearly" | "n_per_year:N"
    dates: list[date] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PlanEvent:
    index: int  # 0-based index among the data rows of the whole document
    number: str | None
    section: str | None
    title: str
    goal: str | None
    result: str | None
    responsible: str | None
    venue: str | None
    when_text: str
    starts_on: date | None
    ends_on: date | None
    precision: Precision
    recurrence: str | None
    dates: list[date]
    audience: Audience
    kind: Kind
    warnings: list[str]
    source_key: str  # stable across re-imports of the same plan: hash of section + title (+ occurrence)


@dataclass(slots=True)
class Skip:
    index: int
    reason: str
    text: str


@dataclass(slots=True)
class ParsedPlan:
    source: str
    title: str | None
    period: PlanPeriod | None
    events: list[PlanEvent] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
