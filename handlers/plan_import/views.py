"""The plan import's preview, its warnings and the saved report."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from db.models import Organization
from handlers.common.context import HandlerSettings
from handlers.common.ui import button, h, keyboard, short
from handlers.plan_import.callbacks import PlanImportAct, PlanImportCb
from services.core.domain import Precision
from services.core.i18n import L
from services.core.when import day_bounds, describe_when
from services.plan_import import ParsedPlan, PlanEvent, PlanPeriod
from services.plan_import.normalize import one_line
from services.plans.plans import ImportResult, describe_skip, describe_warning, entries_count, warnings_count

PREVIEW_ROWS = 5
TEXT_BUDGET = 3500  # a Telegram message holds 4096 characters


def period_words(t: L, settings: HandlerSettings, period: PlanPeriod) -> str:
    first, last = period.starts_on, period.ends_on
    if (first.month, first.day, last.month, last.day) == (9, 1, 8, 31) and last.year == first.year + 1:
        precision = Precision.ACADEMIC_YEAR
    elif (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        precision = Precision.YEAR
    else:
        precision = Precision.DAYS
    tz = settings.tz
    return describe_when(t, tz, precision, day_bounds(first, tz)[0], day_bounds(last, tz)[1])


def row_when(t: L, settings: HandlerSettings, event: PlanEvent) -> str:
    """A row's dates in words; a list of dates is named date by date (it becomes one entry per date)."""
    tz = settings.tz
    if event.precision == Precision.DATES and event.dates:
        days = [describe_when(t, tz, Precision.DAY, day_bounds(day, tz)[0], None) for day in event.dates[:3]]
        return ", ".join(days) + (" …" if len(event.dates) > 3 else "")
    return describe_when(
        t,
        tz,
        event.precision,
        day_bounds(event.starts_on, tz)[0] if event.starts_on else None,
        day_bounds(event.ends_on, tz)[1] if event.ends_on else None,
        event.recurrence,
        short(one_line(event.when_text), 80) or None,
    )


def preview_text(
    t: L, settings: HandlerSettings, plan: ParsedPlan, file_name: str, org: Organization | None
) -> str:
    lines = [
        t("import-preview-title"),
        "",
        t("import-preview-plan", title=h(short(plan.title, 300)))
        if plan.title
        else t("import-preview-no-title"),
        t("import-preview-file", name=h(short(file_name, 120))),
        t("import-preview-period", period=h(period_words(t, settings, plan.period)))
        if plan.period
        else t("import-preview-period-unknown"),
        t("import-preview-org", org=h(org.short_name)) if org else t("import-preview-org-none"),
        "",
        t("import-preview-counts", events=len(plan.events), entries=entries_count(plan)),
        t("import-preview-problems", warnings=warnings_count(plan), skipped=len(plan.skipped)),
        "",
    ]
    if plan.events:
        lines.append(t("import-preview-first"))
        for event in plan.events[:PREVIEW_ROWS]:
            lines.append(
                t(
                    "import-preview-row",
                    n=str(event.index + 1),
                    title=h(short(event.title, 90)),
                    when=h(row_when(t, settings, event)),
                )
            )
        if len(plan.events) > PREVIEW_ROWS:
            lines.append(t("import-preview-more", count=len(plan.events) - PREVIEW_ROWS))
        lines += ["", t("import-preview-footer")]
    else:
        lines.append(t("import-preview-empty"))
    return "\n".join(lines)


def _warning(t: L, raw: str) -> str:
    key, args = describe_warning(raw)
    return t(key, **{name: h(value) for name, value in args.items()})


def warnings_text(t: L, plan: ParsedPlan) -> str:
    rows: list[tuple[int, str]] = [
        (-1, t("import-warning-plan", text=_warning(t, raw))) for raw in plan.warnings
    ]
    for event in plan.events:
        title = h(short(event.title, 50))
        rows += [
            (event.index, t("import-warning-row", n=str(event.index + 1), title=title, text=_warning(t, raw)))
            for raw in event.warnings
        ]
    for skip in plan.skipped:
        reason = t(describe_skip(skip.reason))
        rows.append(
            (skip.index, t("import-skip-row", n=str(skip.index + 1), reason=reason, text=h(short(skip.text))))
        )
    if not rows:
        return t("import-warnings-title") + "\n\n" + t("import-warnings-none")
    lines = [t("import-warnings-title"), ""]
    used = sum(map(len, lines))
    for shown, (_, line) in enumerate(sorted(rows, key=lambda row: row[0])):
        if used + len(line) > TEXT_BUDGET:
            lines.append(t("import-warnings-more", count=len(rows) - shown))
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def saved_text(t: L, result: ImportResult) -> str:
    text = t("import-saved", added=result.added, updated=result.updated, skipped=result.skipped)
    if result.removed:
        text += "\n" + t("import-saved-removed", removed=result.removed)
    return text


def preview_kb(t: L, token: str, can_save: bool, on_warnings: bool = False) -> InlineKeyboardMarkup:
    middle = (
        button(t("btn-import-preview"), PlanImportCb(act=PlanImportAct.PREVIEW, tok=token))
        if on_warnings
        else button(t("btn-import-warnings"), PlanImportCb(act=PlanImportAct.WARNINGS, tok=token))
    )
    return keyboard(
        [button(t("btn-import-save"), PlanImportCb(act=PlanImportAct.SAVE, tok=token))] if can_save else [],
        [middle],
        [button(t("btn-import-xlsx"), PlanImportCb(act=PlanImportAct.XLSX, tok=token))] if can_save else [],
        [button(t("btn-import-cancel"), PlanImportCb(act=PlanImportAct.CANCEL, tok=token))],
    )


def cancel_kb(t: L) -> InlineKeyboardMarkup:
    """While the bot waits for the file."""
    return keyboard([button(t("btn-import-cancel"), PlanImportCb(act=PlanImportAct.CANCEL))])
