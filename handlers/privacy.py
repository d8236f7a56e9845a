"""/mydata shows everything kept about a person; /forget deletes it after a confirmation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.models import User
from handlers.callbacks import PrivacyCb
from handlers.common import MenuCb, Registered, h, main_menu_kb, show
from handlers.surveys import drafts
from services.core.i18n import L
from services.core.notifier import Notifier
from services.people.privacy import stored_data
from services.people.users import UserService
from services.registration.registrations import parse_needs


async def mydata_text(t: L, user: User, session: AsyncSession) -> str:
    data = await stored_data(session, user)
    lines = [t("mydata-title"), ""]
    translated = {"mydata-role": "role-", "mydata-language": "language-"}
    lines += [
        f"{t(key)}: {h(t(translated[key] + value) if key in translated and value != '—' else value)}"
        for key, value in data.rows
    ]
    if data.registrations:
        lines += ["", t("mydata-registrations")]
        for registration, event in data.registrations:
            parts = [h(event.title), t(f"mydata-reg-{registration.status}")]
            needs = [t(f"need-{need}") for need in parse_needs(registration.needs)]
            if registration.needs_other:
                needs.append(h(registration.needs_other))
            if needs:
                parts.append(t("mydata-reg-needs", needs=", ".join(needs)))
            if registration.display_name:
                parts.append(t("mydata-reg-name", name=h(registration.display_name)))
            lines.append("• " + " · ".join(parts))
    if data.clubs:
        lines += ["", t("mydata-clubs", clubs=", ".join(h(title) for title in data.clubs))]
    lines += ["", t("mydata-footer")]
    return "\n".join(lines)


def mydata_kb(t: L) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-forget"), callback_data=PrivacyCb(act="ask").pack())
    kb.button(text=t("btn-menu"), callback_data=MenuCb(to="main").pack())
    kb.adjust(1)
    return kb.as_markup()


def forget_kb(t: L) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-forget-yes"), callback_data=PrivacyCb(act="yes").pack())
    kb.button(text=t("btn-forget-no"), callback_data=PrivacyCb(act="no").pack())
    kb.adjust(1)
    return kb.as_markup()


async def mydata_command(message: Message, user: User, session: AsyncSession, t: L) -> None:
    await message.answer(await mydata_text(t, user, session), reply_markup=mydata_kb(t))


async def mydata_button(callback: CallbackQuery, user: User, session: AsyncSession, t: L) -> None:
    await show(callback, await mydata_text(t, user, session), mydata_kb(t))


async def forget_command(message: Message, t: L) -> None:
    await message.answer(t("forget-confirm"), reply_markup=forget_kb(t))


async def forget_ask(callback: CallbackQuery, t: L) -> None:
    await show(callback, t("forget-confirm"), forget_kb(t))


async def forget_no(callback: CallbackQuery, user: User, t: L) -> None:
    await show(callback, t("forget-kept"), main_menu_kb(t, user))


async def forget_yes(
    callback: CallbackQuery,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    state: FSMContext,
    notifier: Notifier,
) -> None:
    await UserService(session, settings.admin_ids, notifier).forget(user.id)
    await state.clear()
    await drafts(state).clear()  # unsent survey answers wait in the conversation storage
    await show(callback, t("forget-done"))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(mydata_command, Command("mydata"))
    router.callback_query.register(mydata_button, PrivacyCb.filter(F.act == "show"))
    router.message.register(forget_command, Command("forget"))
    router.callback_query.register(forget_ask, PrivacyCb.filter(F.act == "ask"))
    router.callback_query.register(forget_no, PrivacyCb.filter(F.act == "no"))
    router.callback_query.register(forget_yes, PrivacyCb.filter(F.act == "yes"))
    return router
