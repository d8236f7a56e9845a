"""The registry of organizations: an administrator adds, edits and archives sites and imports the whole registry
from a spreadsheet; a coordinator edits their own organization's card. The services check who may do what."""

from __future__ import annotations

import asyncio
import hashlib
import secrets

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiohttp import ClientError

from handlers.admin.callbacks import AdminAct, AdminCb
from handlers.admin.org_views import (
    EDIT_FIELDS,
    OPTIONAL_FIELDS,
    REGISTRY_PAGE,
    admin_home,
    ask_value_view,
    cancel_to_registry,
    card_view,
    new_role_view,
    preview_view,
    registry_view,
    saved_view,
)
from handlers.common.context import Ctx, feature_router
from handlers.common.filters import Staff
from handlers.common.ui import error_text, show
from services.core.errors import Outdated, ValidationFailed
from services.people.org_registry import (
    RegistryPreview,
    header_aliases,
    read_table,
    template_xlsx,
)
from services.people.organizations import is_admin, require_admin

PENDING = "registry_import"


class OrgForm(StatesGroup):
    value = State()  # a new value of the field in the state data
    new_short = State()
    new_name = State()
    file = State()  # waiting for the registry file
    preview = State()  # the preview is shown; the state data hold the pending file


def _aliases(ctx: Ctx) -> dict[str, str]:
    translator = ctx.translator
    return header_aliases(translator.bind(locale) for locale in translator.locales)


async def _download(bot: Bot, file_id: str) -> bytes:
    try:
        buffer = await bot.download(file_id)
    except (TelegramAPIError, ClientError, TimeoutError, OSError) as error:
        raise ValidationFailed("import-error-download") from error
    assert buffer is not None
    return buffer.read()


# --- the registry and a card ----------------------------------------------------------------------------------


async def home(callback: CallbackQuery, ctx: Ctx) -> None:
    require_admin(ctx.user)
    await ctx.state.clear()
    await show(callback, *admin_home(ctx.t))


async def registry(callback: CallbackQuery, callback_data: AdminCb, ctx: Ctx) -> None:
    await ctx.state.clear()
    orgs, pages = await ctx.organizations.registry(ctx.user, callback_data.p, REGISTRY_PAGE)
    page = min(max(callback_data.p, 0), pages - 1)
    await show(callback, *registry_view(ctx.t, orgs, page, pages))


async def card(callback: CallbackQuery, callback_data: AdminCb, ctx: Ctx) -> None:
    await ctx.state.clear()
    org = await ctx.organizations.editable(ctx.user, callback_data.id)
    await show(callback, *card_view(ctx.t, org, is_admin(ctx.user), callback_data.p))


async def ask_value(callback: CallbackQuery, callback_data: AdminCb, ctx: Ctx) -> None:
    if callback_data.f not in EDIT_FIELDS:
        raise Outdated()
    org = await ctx.organizations.editable(ctx.user, callback_data.id)
    if callback_data.f != "network_role":
        await ctx.state.set_state(OrgForm.value)
        await ctx.state.set_data({"org": org.id, "field": callback_data.f, "page": callback_data.p})
    await show(callback, *ask_value_view(ctx.t, org, callback_data.f, callback_data.p))


async def value_text(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    service = ctx.organizations
    try:
        org = await service.update(ctx.user, int(data["org"]), str(data["field"]), message.text or "")
    except ValidationFailed as error:
        await message.answer(error_text(ctx.t, error))
        return
    await ctx.state.clear()
    text, markup = card_view(ctx.t, org, is_admin(ctx.user), int(data.get("page", 0)))
    await message.answer(ctx.t("org-saved") + "\n\n" + text, reply_markup=markup)


async def clear_value(callback: CallbackQuery, callback_data: AdminCb, ctx: Ctx) -> None:
    if callback_data.f not in OPTIONAL_FIELDS:
        raise Outdated()
    await ctx.state.clear()
    org = await ctx.organizations.update(ctx.user, callback_data.id, callback_data.f, None)
    await show(callback, *card_view(ctx.t, org, is_admin(ctx.user), callback_data.p))


async def set_role(callback: CallbackQuery, callback_data: AdminCb, ctx: Ctx) -> None:
    org = await ctx.organizations.update(ctx.user, callback_data.id, "network_role", callback_data.f)
    await show(callback, *card_view(ctx.t, org, is_admin(ctx.user), callback_data.p))


async def archive(callback: CallbackQuery, callback_data: AdminCb, ctx: Ctx) -> None:
    archived = callback_data.act == AdminAct.ARCHIVE
    org = await ctx.organizations.set_archived(ctx.user, callback_data.id, archived)
    await show(callback, *card_view(ctx.t, org, True, callback_data.p))


# --- a new organization: short name, full name, role -------------------------------------------------------------


async def add(callback: CallbackQuery, callback_data: AdminCb, ctx: Ctx) -> None:
    require_admin(ctx.user)
    if not callback_data.f:  # the first step
        await ctx.state.set_state(OrgForm.new_short)
        await ctx.state.set_data({})
        await show(callback, ctx.t("org-ask-new-short"), cancel_to_registry(ctx.t))
        return
    data = await ctx.state.get_data()
    if await ctx.state.get_state() != OrgForm.new_name.state or "name" not in data:
        raise Outdated()
    org = await ctx.organizations.create(ctx.user, data["short"], data["name"], callback_data.f)
    await ctx.state.clear()
    text, markup = card_view(ctx.t, org, True)
    await show(callback, ctx.t("org-created") + "\n\n" + text, markup)


async def new_short(message: Message, ctx: Ctx) -> None:
    require_admin(ctx.user)
    text = " ".join((message.text or "").split())
    if not text or len(text) > 120:
        await message.answer(ctx.t("orgs-error-too-long", limit=120), reply_markup=cancel_to_registry(ctx.t))
        return
    await ctx.state.set_state(OrgForm.new_name)
    await ctx.state.set_data({"short": text})
    await message.answer(ctx.t("org-ask-new-name"), reply_markup=cancel_to_registry(ctx.t))


async def new_name(message: Message, ctx: Ctx) -> None:
    require_admin(ctx.user)
    data = await ctx.state.get_data()
    if "name" in data:  # the role is asked already: the buttons answer it
        await message.answer(*new_role_view(ctx.t))
        return
    text = " ".join((message.text or "").split())
    if not text or len(text) > 500:
        await message.answer(ctx.t("orgs-error-too-long", limit=500), reply_markup=cancel_to_registry(ctx.t))
        return
    await ctx.state.update_data(name=text)
    text_, markup = new_role_view(ctx.t)
    await message.answer(text_, reply_markup=markup)


# --- the registry import ---------------------------------------------------------------------------------------


async def template(callback: CallbackQuery, ctx: Ctx) -> None:
    require_admin(ctx.user)
    data = await asyncio.to_thread(template_xlsx, ctx.t)
    await ctx.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(data, filename=ctx.t("orgs-template-file")),
        caption=ctx.t("orgs-template-caption"),
    )
    await callback.answer()


async def ask_file(callback: CallbackQuery, ctx: Ctx) -> None:
    require_admin(ctx.user)
    await ctx.state.set_state(OrgForm.file)
    await ctx.state.set_data({})
    await show(callback, ctx.t("orgs-import-ask-file"), cancel_to_registry(ctx.t))


async def _preview(ctx: Ctx, content: bytes, name: str) -> RegistryPreview:
    rows = await asyncio.to_thread(read_table, content, name)
    return await ctx.org_registry.preview(rows, _aliases(ctx))


async def registry_file(message: Message, ctx: Ctx) -> None:
    require_admin(ctx.user)
    file = message.document
    assert file is not None
    name = file.file_name or "registry.xlsx"
    if file.file_size is not None and file.file_size > ctx.settings.import_max_bytes:
        await message.answer(ctx.t("orgs-import-too-big"), reply_markup=cancel_to_registry(ctx.t))
        return
    content = await _download(ctx.bot, file.file_id)
    try:
        preview = await _preview(ctx, content, name)
    except ValidationFailed as error:
        await message.answer(error_text(ctx.t, error), reply_markup=cancel_to_registry(ctx.t))
        return
    token = secrets.token_hex(4)
    await ctx.state.set_state(OrgForm.preview)
    await ctx.state.set_data(
        {PENDING: {"token": token, "file_id": file.file_id, "name": name, "sha256": _digest(content)}}
    )
    text, markup = preview_view(ctx.t, preview, token)
    await message.answer(text, reply_markup=markup)


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


async def waiting_file(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("orgs-import-ask-file"), reply_markup=cancel_to_registry(ctx.t))


async def save(callback: CallbackQuery, callback_data: AdminCb, ctx: Ctx) -> None:
    require_admin(ctx.user)
    pending = (await ctx.state.get_data()).get(PENDING)
    if (
        not isinstance(pending, dict)
        or pending.get("token") != callback_data.f
        or await ctx.state.get_state() != OrgForm.preview.state
    ):
        raise Outdated()
    content = await _download(ctx.bot, pending["file_id"])
    if _digest(content) != pending["sha256"]:
        raise Outdated()
    rows = await asyncio.to_thread(read_table, content, pending["name"])
    result = await ctx.org_registry.save(ctx.user, rows, _aliases(ctx))
    await ctx.state.clear()
    await show(callback, *saved_view(ctx.t, result))


def setup() -> Router:
    router = feature_router(__name__, Staff())
    cb = router.callback_query
    cb.register(home, AdminCb.filter(F.act == AdminAct.HOME))
    cb.register(registry, AdminCb.filter(F.act == AdminAct.ORGS))
    cb.register(card, AdminCb.filter(F.act == AdminAct.ORG))
    cb.register(ask_value, AdminCb.filter(F.act == AdminAct.EDIT))
    cb.register(clear_value, AdminCb.filter(F.act == AdminAct.CLEAR))
    cb.register(set_role, AdminCb.filter(F.act == AdminAct.ROLE))
    cb.register(archive, AdminCb.filter(F.act.in_({AdminAct.ARCHIVE, AdminAct.RESTORE})))
    cb.register(add, AdminCb.filter(F.act == AdminAct.ADD))
    cb.register(template, AdminCb.filter(F.act == AdminAct.TEMPLATE))
    cb.register(ask_file, AdminCb.filter(F.act == AdminAct.IMPORT))
    cb.register(save, AdminCb.filter(F.act == AdminAct.SAVE))
    router.message.register(value_text, StateFilter(OrgForm.value), F.text)
    router.message.register(new_short, StateFilter(OrgForm.new_short), F.text)
    router.message.register(new_name, StateFilter(OrgForm.new_name), F.text)
    router.message.register(registry_file, StateFilter(OrgForm.file, OrgForm.preview), F.document)
    router.message.register(waiting_file, StateFilter(OrgForm.file))
    return router
