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
from aiogram.types import CallbackQuery, Message
from aiohttp import ClientError

from db.models import User
from handlers.common.context import Ctx, HandlerSettings, feature_router
from handlers.common.files import send_document
from handlers.common.filters import Registered, Staff
from handlers.common.ui import show
from handlers.plan_import import plans
from handlers.plan_import.callbacks import PlanCb, PlanImportAct, PlanImportCb
from handlers.plan_import.plans_views import after_import_kb
from handlers.plan_import.views import cancel_kb, preview_kb, preview_text, saved_text, warnings_text
from handlers.views.menu import back_to_menu_kb
from services.core.errors import Outdated, ValidationFailed
from services.core.permissions import require_staff
from services.plan_import import ParsedPlan
from services.plans.plans import check_upload, megabytes, plan_workbook, read_plan

PENDING = "plan_import"


class PlanImportForm(StatesGroup):
    waiting = State()  # the coordinator pressed «Import a plan» and is to send a file
    preview = State()  # a preview is shown; the state data hold the pending file


# --- the file -----------------------------------------------------------------------------------------------


async def _download(bot: Bot, file_id: str) -> bytes:
    try:
        buffer = await bot.download(file_id)
    except (TelegramAPIError, ClientError, TimeoutError, OSError) as error:
        raise ValidationFailed("import-error-download") from error
    assert buffer is not None
    return buffer.read()


async def _pending(
    state: FSMContext, token: str, bot: Bot, settings: HandlerSettings
) -> tuple[dict, ParsedPlan]:
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


async def _read(content: bytes, name: str, settings: HandlerSettings) -> ParsedPlan:
    """Parse in a worker thread: a long plan takes a noticeable part of a second, and other people's updates
    should not wait for it."""
    return await asyncio.to_thread(read_plan, content, name, settings.import_max_bytes)


# --- handlers -----------------------------------------------------------------------------------------------


async def start(callback: CallbackQuery, ctx: Ctx) -> None:
    require_staff(ctx.user)
    await ctx.state.set_state(PlanImportForm.waiting)
    await ctx.state.set_data({})
    await show(
        callback, ctx.t("import-ask-file", limit=megabytes(ctx.settings.import_max_bytes)), cancel_kb(ctx.t)
    )


async def document(message: Message, ctx: Ctx) -> None:
    settings = ctx.settings
    file = message.document
    assert file is not None
    name = file.file_name or "plan"
    check_upload(ctx.user, name, file.file_size, settings.import_max_bytes)  # before downloading anything
    content = await _download(ctx.bot, file.file_id)
    plan = await _read(content, name, settings)
    org = await ctx.plans.target_organization(ctx.user)
    token = secrets.token_hex(4)
    await ctx.state.set_state(PlanImportForm.preview)
    await ctx.state.set_data(
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
        preview_text(ctx.t, settings, plan, name, org),
        reply_markup=preview_kb(ctx.t, token, bool(plan.events)),
    )


async def waiting_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("import-wait-file"), reply_markup=cancel_kb(ctx.t))


async def save(callback: CallbackQuery, callback_data: PlanImportCb, ctx: Ctx) -> None:
    _, plan = await _pending(ctx.state, callback_data.tok, ctx.bot, ctx.settings)
    result = await ctx.plans.import_plan(ctx.user, plan)
    await ctx.state.clear()
    await show(callback, saved_text(ctx.t, result), after_import_kb(ctx.t, result.plan_id))


async def show_warnings(callback: CallbackQuery, callback_data: PlanImportCb, ctx: Ctx) -> None:
    _, plan = await _pending(ctx.state, callback_data.tok, ctx.bot, ctx.settings)
    markup = preview_kb(ctx.t, callback_data.tok, bool(plan.events), True)
    await show(callback, warnings_text(ctx.t, plan), markup)


async def download_xlsx(callback: CallbackQuery, callback_data: PlanImportCb, ctx: Ctx) -> None:
    """«Скачать как Excel»: the rows as understood; the preview stays, the corrected file is sent back later."""
    pending, plan = await _pending(ctx.state, callback_data.tok, ctx.bot, ctx.settings)
    name = ctx.t("import-xlsx-file", name=PurePath(pending["file_name"]).stem[:60] or "plan")
    await send_document(
        ctx.bot, callback.from_user.id, lambda: plan_workbook(ctx.t, plan), name, ctx.t("import-xlsx-caption")
    )
    await callback.answer()


async def back_to_preview(callback: CallbackQuery, callback_data: PlanImportCb, ctx: Ctx) -> None:
    pending, plan = await _pending(ctx.state, callback_data.tok, ctx.bot, ctx.settings)
    org = await ctx.plans.target_organization(ctx.user)
    await show(
        callback,
        preview_text(ctx.t, ctx.settings, plan, pending["file_name"], org),
        preview_kb(ctx.t, callback_data.tok, bool(plan.events)),
    )


async def cancel(callback: CallbackQuery, callback_data: PlanImportCb, ctx: Ctx) -> None:
    current = await ctx.state.get_state()
    pending = (await ctx.state.get_data()).get(PENDING)
    waiting = current == PlanImportForm.waiting.state and not callback_data.tok
    previewing = (
        current == PlanImportForm.preview.state
        and isinstance(pending, dict)
        and pending.get("token") == callback_data.tok
    )
    if not (waiting or previewing):
        raise Outdated()
    await ctx.state.clear()
    await show(callback, ctx.t("import-cancelled"), back_to_menu_kb(ctx.t))


async def refuse_document(message: Message, user: User, settings: HandlerSettings) -> None:
    """A document from someone who is not staff: the service refuses it (nothing is downloaded)."""
    file = message.document
    assert file is not None
    check_upload(user, file.file_name, file.file_size, settings.import_max_bytes)


async def refuse_button(callback: CallbackQuery, user: User) -> None:
    require_staff(user)


def setup() -> Router:
    router = Router(name=__name__)
    staff = feature_router(f"{__name__}.staff", Staff())
    staff.callback_query.register(start, PlanImportCb.filter(F.act == PlanImportAct.START))
    staff.message.register(document, F.document)
    staff.message.register(waiting_text, PlanImportForm.waiting)
    staff.callback_query.register(save, PlanImportCb.filter(F.act == PlanImportAct.SAVE))
    staff.callback_query.register(show_warnings, PlanImportCb.filter(F.act == PlanImportAct.WARNINGS))
    staff.callback_query.register(back_to_preview, PlanImportCb.filter(F.act == PlanImportAct.PREVIEW))
    staff.callback_query.register(download_xlsx, PlanImportCb.filter(F.act == PlanImportAct.XLSX))
    staff.callback_query.register(cancel, PlanImportCb.filter(F.act == PlanImportAct.CANCEL))
    plans.register(staff)
    # Everyone else who sends a document or presses an import button is refused by the service layer.
    others = feature_router(f"{__name__}.others", Registered(), context=False)
    others.message.register(refuse_document, F.document)
    others.callback_query.register(refuse_button, PlanImportCb.filter())
    others.callback_query.register(refuse_button, PlanCb.filter())
    router.include_routers(staff, others)
    return router
