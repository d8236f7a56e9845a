"""Coordinators import a plan file: send it, see a preview, then save or cancel. Nothing is written before «save».

Between the preview and «save» the conversation state keeps only the file's Telegram id, its name and a SHA-256
of its content (a few hundred bytes of JSON, fine for memory or Redis storage); «save» and «warnings» download
the file again and check the digest. The parsed plan itself is not kept: for a large spreadsheet it would be
megabytes per person in the storage, and parsing the same bytes again gives the same plan.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from pathlib import PurePath

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiohttp import ClientError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.models import Organization, User
from handlers.callbacks import PlanImportCb
from handlers.common import Registered, Staff, back_to_menu_kb, button, h, keyboard, short, show
from services.domain import Precision
from services.errors import Outdated, ValidationFailed
from services.i18n import L
from services.plan_import import ParsedPlan, PlanEvent, PlanPeriod
from services.plan_import.normalize import one_line
from services.plans import (
    ImportResult,
    PlanImportService,
    check_upload,
    describe_skip,
    describe_warning,
    entries_count,
    megabytes,
    plan_workbook,
    read_plan,
    warnings_count,
)
from services.schedule_cache import ScheduleCache
from services.users import require_staff
from services.when import day_bounds, describe_when

PREVIEW_ROWS = 5
TEXT_BUDGET = 3500  # a Telegram message holds 4096 characters
PENDING = "plan_import"


class PlanImportForm(StatesGroup):
    waiting = State()  # the coordinator pressed «Import a plan» and is to send a file
    preview = State()  # a preview is shown; the state data hold the pending file


# --- rendering ----------------------------------------------------------------------------------------------


def period_words(t: L, settings: Settings, period: PlanPeriod) -> str:
    first, last = period.starts_on, period.ends_on
    if (first.month, first.day, last.month, last.day) == (9, 1, 8, 31) and last.year == first.year + 1:
        precision = Precision.ACADEMIC_YEAR
    elif (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        precision = Precision.YEAR
    else:
        precision = Precision.DAYS
    tz = settings.tz
    return describe_when(t, tz, precision, day_bounds(first, tz)[0], day_bounds(last, tz)[1])


def row_when(t: L, settings: Settings, event: PlanEvent) -> str:
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


def preview_text(t: L, settings: Settings, plan: ParsedPlan, file_name: str, org: Organization | None) -> str:
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
        button(t("btn-import-preview"), PlanImportCb(act="preview", tok=token))
        if on_warnings
        else button(t("btn-import-warnings"), PlanImportCb(act="warnings", tok=token))
    )
    return keyboard(
        [button(t("btn-import-save"), PlanImportCb(act="save", tok=token))] if can_save else [],
        [middle],
        [button(t("btn-import-xlsx"), PlanImportCb(act="xlsx", tok=token))] if can_save else [],
        [button(t("btn-import-cancel"), PlanImportCb(act="cancel", tok=token))],
    )


# --- the file -----------------------------------------------------------------------------------------------


async def _download(bot: Bot, file_id: str) -> bytes:
    try:
        buffer = await bot.download(file_id)
    except (TelegramAPIError, ClientError, TimeoutError, OSError) as error:
        raise ValidationFailed("import-error-download") from error
    assert buffer is not None
    return buffer.read()


async def _pending(state: FSMContext, token: str, bot: Bot, settings: Settings) -> tuple[dict, ParsedPlan]:
    """The import a preview button belongs to, read again; a button of a cancelled or replaced preview is
    outdated."""
    pending = (await state.get_data()).get(PENDING)
    if (
        not isinstance(pending, dict)
        or not token
        or pending.get("token") != token
        or await state.get_state() != PlanImportForm.preview.state
    ):
        raise Outdated()
    content = await _download(bot, pending["file_id"])
    if hashlib.sha256(content).hexdigest() != pending["sha256"]:
        raise Outdated()
    return pending, await _read(content, pending["file_name"], settings)


async def _read(content: bytes, name: str, settings: Settings) -> ParsedPlan:
    """Parse in a worker thread: a long plan takes a noticeable part of a second, and other people's updates
    should not wait for it."""
    return await asyncio.to_thread(read_plan, content, name, settings.import_max_bytes)


# --- handlers -----------------------------------------------------------------------------------------------


async def start(callback: CallbackQuery, user: User, state: FSMContext, t: L, settings: Settings) -> None:
    require_staff(user)
    await state.set_state(PlanImportForm.waiting)
    await state.set_data({})
    await show(
        callback,
        t("import-ask-file", limit=megabytes(settings.import_max_bytes)),
        keyboard([button(t("btn-import-cancel"), PlanImportCb(act="cancel"))]),
    )


async def document(
    message: Message, user: User, state: FSMContext, t: L, session: AsyncSession, settings: Settings, bot: Bot
) -> None:
    file = message.document
    assert file is not None
    name = file.file_name or "plan"
    check_upload(user, name, file.file_size, settings.import_max_bytes)  # before downloading anything
    content = await _download(bot, file.file_id)
    plan = await _read(content, name, settings)
    org = await PlanImportService(session, settings.tz).target_organization(user)
    token = secrets.token_hex(4)
    await state.set_state(PlanImportForm.preview)
    await state.set_data(
        {
            PENDING: {
                "token": token,
                "file_id": file.file_id,
                "file_name": name,
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
            }
        }
    )
    await message.answer(
        preview_text(t, settings, plan, name, org), reply_markup=preview_kb(t, token, bool(plan.events))
    )


async def waiting_text(message: Message, t: L) -> None:
    await message.answer(
        t("import-wait-file"),
        reply_markup=keyboard([button(t("btn-import-cancel"), PlanImportCb(act="cancel"))]),
    )


async def save(
    callback: CallbackQuery,
    callback_data: PlanImportCb,
    user: User,
    state: FSMContext,
    t: L,
    session: AsyncSession,
    settings: Settings,
    bot: Bot,
    schedule_cache: ScheduleCache,
) -> None:
    _, plan = await _pending(state, callback_data.tok, bot, settings)
    result = await PlanImportService(session, settings.tz, schedule_cache).import_plan(user, plan)
    await state.clear()
    await show(callback, saved_text(t, result), back_to_menu_kb(t))


async def show_warnings(
    callback: CallbackQuery,
    callback_data: PlanImportCb,
    state: FSMContext,
    t: L,
    settings: Settings,
    bot: Bot,
) -> None:
    _, plan = await _pending(state, callback_data.tok, bot, settings)
    await show(callback, warnings_text(t, plan), preview_kb(t, callback_data.tok, bool(plan.events), True))


async def download_xlsx(
    callback: CallbackQuery,
    callback_data: PlanImportCb,
    state: FSMContext,
    t: L,
    settings: Settings,
    bot: Bot,
) -> None:
    """«Скачать как Excel»: the rows as understood; the preview stays, the corrected file is sent back later."""
    pending, plan = await _pending(state, callback_data.tok, bot, settings)
    data = await asyncio.to_thread(plan_workbook, t, plan)
    name = t("import-xlsx-file", name=PurePath(pending["file_name"]).stem[:60] or "plan")
    await bot.send_document(
        callback.from_user.id, BufferedInputFile(data, filename=name), caption=t("import-xlsx-caption")
    )
    await callback.answer()


async def back_to_preview(
    callback: CallbackQuery,
    callback_data: PlanImportCb,
    user: User,
    state: FSMContext,
    t: L,
    session: AsyncSession,
    settings: Settings,
    bot: Bot,
) -> None:
    pending, plan = await _pending(state, callback_data.tok, bot, settings)
    org = await PlanImportService(session, settings.tz).target_organization(user)
    await show(
        callback,
        preview_text(t, settings, plan, pending["file_name"], org),
        preview_kb(t, callback_data.tok, bool(plan.events)),
    )


async def cancel(callback: CallbackQuery, callback_data: PlanImportCb, state: FSMContext, t: L) -> None:
    current = await state.get_state()
    pending = (await state.get_data()).get(PENDING)
    waiting = current == PlanImportForm.waiting.state and not callback_data.tok
    previewing = (
        current == PlanImportForm.preview.state
        and isinstance(pending, dict)
        and pending.get("token") == callback_data.tok
    )
    if not (waiting or previewing):
        raise Outdated()
    await state.clear()
    await show(callback, t("import-cancelled"), back_to_menu_kb(t))


async def refuse_document(message: Message, user: User, settings: Settings) -> None:
    """A document from someone who is not staff: the service refuses it (nothing is downloaded)."""
    file = message.document
    assert file is not None
    check_upload(user, file.file_name, file.file_size, settings.import_max_bytes)


async def refuse_button(callback: CallbackQuery, user: User) -> None:
    require_staff(user)


def setup() -> Router:
    router = Router(name=__name__)
    staff = Router(name=f"{__name__}.staff")
    staff.message.filter(Staff())
    staff.callback_query.filter(Staff())
    staff.callback_query.register(start, PlanImportCb.filter(F.act == "start"))
    staff.message.register(document, F.document)
    staff.message.register(waiting_text, PlanImportForm.waiting)
    staff.callback_query.register(save, PlanImportCb.filter(F.act == "save"))
    staff.callback_query.register(show_warnings, PlanImportCb.filter(F.act == "warnings"))
    staff.callback_query.register(back_to_preview, PlanImportCb.filter(F.act == "preview"))
    staff.callback_query.register(download_xlsx, PlanImportCb.filter(F.act == "xlsx"))
    staff.callback_query.register(cancel, PlanImportCb.filter(F.act == "cancel"))
    # Everyone else who sends a document or presses an import button is refused by the service layer.
    others = Router(name=f"{__name__}.others")
    others.message.filter(Registered())
    others.callback_query.filter(Registered())
    others.message.register(refuse_document, F.document)
    others.callback_query.register(refuse_button, PlanImportCb.filter())
    router.include_routers(staff, others)
    return router
