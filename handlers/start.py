"""/start: consent → language → role → organization, and invite deep links (`/start inv_<code>`)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.models import User
from handlers.callbacks import OnboardCb
from handlers.common import h, main_menu_kb, short, show
from services.core.domain import SELF_SERVICE_ROLES
from services.core.errors import ConsentRequired, Outdated, ServiceError
from services.core.i18n import L, Translator
from services.people.organizations import OrganizationService
from services.people.users import INVITE_PREFIX, UserService


def consent_kb(t: L, invite: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-consent-yes"), callback_data=OnboardCb(step="consent", inv=invite).pack())
    kb.button(text=t("btn-consent-no"), callback_data=OnboardCb(step="decline").pack())
    kb.adjust(1)
    return kb.as_markup()


def language_kb() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text="🇷🇺 Русский", callback_data=OnboardCb(step="lang", value="ru").pack())
    kb.button(text="🇬🇧 English", callback_data=OnboardCb(step="lang", value="en").pack())
    return kb.as_markup()


def role_kb(t: L) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for role in SELF_SERVICE_ROLES:
        kb.button(text=t(f"role-{role}-button"), callback_data=OnboardCb(step="role", value=role).pack())
    kb.adjust(1)
    return kb.as_markup()


async def org_kb(t: L, session: AsyncSession) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for org in await OrganizationService(session).all():
        kb.button(text=short(org.short_name), callback_data=OnboardCb(step="org", value=str(org.id)).pack())
    kb.button(text=t("btn-skip"), callback_data=OnboardCb(step="org", value="skip").pack())
    kb.adjust(1)
    return kb.as_markup()


def _invite_code(command: CommandObject) -> str:
    arg = (command.args or "").strip()
    return arg[len(INVITE_PREFIX) :][:32] if arg.startswith(INVITE_PREFIX) else ""


async def start(
    message: Message,
    command: CommandObject,
    user: User | None,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
) -> None:
    await state.clear()
    invite = _invite_code(command)
    service = UserService(session, settings.admin_ids)
    if invite:
        check = await service.check_invite(invite)
        if not check.ok:
            await message.answer(t(f"invite-{check.reason}"))
            invite = ""
    if user is None:
        await message.answer(t("consent-text"), reply_markup=consent_kb(t, invite))
        return
    if invite:
        try:
            user = await service.redeem_invite(user, invite)
            await message.answer(t("invite-accepted", role=t(f"role-{user.role}")))
        except ServiceError as error:
            await message.answer(t(error.key))
    await message.answer(
        t("menu-title", name=h(message.from_user.first_name)), reply_markup=main_menu_kb(t, user)
    )


async def decline(callback: CallbackQuery, t: L) -> None:
    await show(callback, t("consent-declined"))


async def consent(
    callback: CallbackQuery,
    callback_data: OnboardCb,
    session: AsyncSession,
    settings: Settings,
    t: L,
) -> None:
    service = UserService(session, settings.admin_ids)
    user = await service.give_consent(callback.from_user.id, t.locale)
    if callback_data.inv:
        try:
            user = await service.redeem_invite(user, callback_data.inv)
            await callback.message.answer(t("invite-accepted", role=t(f"role-{user.role}")))
        except ServiceError as error:
            await callback.message.answer(t(error.key))
    await show(callback, t("choose-language"), language_kb())


async def _done(callback: CallbackQuery, user: User, t: L) -> None:
    text = t("onboarding-done") + "\n\n" + t("menu-title", name=h(callback.from_user.first_name))
    await show(callback, text, main_menu_kb(t, user))


async def choose_language(
    callback: CallbackQuery,
    callback_data: OnboardCb,
    user: User | None,
    session: AsyncSession,
    settings: Settings,
    translator: Translator,
) -> None:
    if user is None:
        raise ConsentRequired()
    user = await UserService(session, settings.admin_ids).set_language(user, callback_data.value)
    t = translator.bind(user.language)
    if user.role is None:
        await show(callback, t("choose-role"), role_kb(t))
    else:  # staff came through an invite or ADMIN_IDS: their role and organization are set already
        await _done(callback, user, t)


async def choose_role(
    callback: CallbackQuery,
    callback_data: OnboardCb,
    user: User | None,
    session: AsyncSession,
    settings: Settings,
    t: L,
) -> None:
    if user is None:
        raise ConsentRequired()
    await UserService(session, settings.admin_ids).set_role(user, callback_data.value)
    await show(callback, t("choose-org"), await org_kb(t, session))


async def choose_org(
    callback: CallbackQuery,
    callback_data: OnboardCb,
    user: User | None,
    session: AsyncSession,
    settings: Settings,
    t: L,
) -> None:
    if user is None:
        raise ConsentRequired()
    if callback_data.value != "skip":
        if not callback_data.value.isdigit():
            raise Outdated()
        user = await UserService(session, settings.admin_ids).set_organization(user, int(callback_data.value))
    await _done(callback, user, t)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.callback_query.register(decline, OnboardCb.filter(F.step == "decline"))
    router.callback_query.register(consent, OnboardCb.filter(F.step == "consent"))
    router.callback_query.register(choose_language, OnboardCb.filter(F.step == "lang"))
    router.callback_query.register(choose_role, OnboardCb.filter(F.step == "role"))
    router.callback_query.register(choose_org, OnboardCb.filter(F.step == "org"))
    return router
