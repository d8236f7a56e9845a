"""What every handler module shares: the main menu, role filters and showing a screen in place."""

from __future__ import annotations

import html

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, TelegramObject
from aiogram.utils.keyboard import InlineKeyboardBuilder

from db.models import User
from services.core.errors import ServiceError
from services.core.i18n import L
from services.core.permissions import is_staff

BUTTON_MAX = 60
SEPARATOR = ":"  # aiogram's default between a callback prefix and its fields; all our callback data use it


class MenuCb(CallbackData, prefix="m"):
    to: str  # main | help


class Registered(Filter):
    """Passes for people who gave consent; the others are sent to /start by the fallback router."""

    async def __call__(self, event: TelegramObject, user: User | None = None) -> bool:
        return user is not None


class Staff(Filter):
    """Coordinators and admins. The services check again: a filter only keeps the router tidy."""

    async def __call__(self, event: TelegramObject, user: User | None = None) -> bool:
        return is_staff(user)


def callback_prefixes(router: Router) -> frozenset[str] | None:
    """The callback prefixes the router's handlers (and its sub-routers') unpack; None when one of them takes data
    that no CallbackData class describes."""
    prefixes = set()
    for each in router.chain_tail:
        for handler in each.callback_query.handlers:
            own = [f.callback for f in handler.filters or () if isinstance(f.callback, CallbackQueryFilter)]
            if not own or own[0].callback_data.__separator__ != SEPARATOR:
                return None
            prefixes.add(own[0].callback_data.__prefix__)
    return frozenset(prefixes)


class OwnButtons(Filter):
    """Passes only callback data with one of the router's own prefixes: a press then skips a router that cannot take
    it with one check, instead of every handler there unpacking the data in turn."""

    def __init__(self, prefixes: frozenset[str]) -> None:
        self.prefixes = prefixes

    async def __call__(self, callback: CallbackQuery) -> bool:
        return (callback.data or "").partition(SEPARATOR)[0] in self.prefixes


def gate_buttons(router: Router) -> None:
    """Give the router and each of its sub-routers an `OwnButtons` filter, built from their handlers once all are
    registered. A router with a handler for other data (the fallback) is left open."""
    for each in router.chain_tail:
        prefixes = callback_prefixes(each)
        if prefixes is not None:
            each.callback_query.filter(OwnButtons(prefixes))


def h(text: object) -> str:
    """Escape text people typed (titles, names) before it goes into an HTML message."""
    return html.escape(str(text), quote=False)


def error_text(t: L, error: ServiceError) -> str:
    """A service error in the person's language; values they typed are escaped."""
    return t(error.key, **{key: h(value) for key, value in error.kwargs.items()})


def short(text: str, limit: int = BUTTON_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """A keyboard from rows of buttons (cheaper than the builder on the hot browsing path)."""
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def main_menu_kb(t: L, user: User | None) -> InlineKeyboardMarkup:
    from handlers.callbacks import ClubCb, OrgCb, PrivacyCb, RegCb, ScheduleCb, SettingsCb, SurveyCb

    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-schedule"), callback_data=ScheduleCb(act="list").pack())
    kb.button(text=t("btn-my-registrations"), callback_data=RegCb(act="mine").pack())
    kb.button(text=t("btn-surveys"), callback_data=SurveyCb(act="list").pack())
    kb.button(text=t("btn-clubs"), callback_data=ClubCb(act="list").pack())
    kb.button(text=t("btn-organizations"), callback_data=OrgCb(act="list").pack())
    kb.button(text=t("btn-settings"), callback_data=SettingsCb(act="show").pack())
    kb.button(text=t("btn-help"), callback_data=MenuCb(to="help").pack())
    kb.button(text=t("btn-mydata"), callback_data=PrivacyCb(act="show").pack())
    if is_staff(user):
        from handlers.callbacks import BroadcastCb, EventAdminCb, PlanImportCb, RegAdminCb

        kb.button(text=t("btn-new-event"), callback_data=EventAdminCb(act="new").pack())
        kb.button(text=t("btn-import-plan"), callback_data=PlanImportCb(act="start").pack())
        kb.button(text=t("btn-registrations-overview"), callback_data=RegAdminCb(act="list", id=0).pack())
        kb.button(text=t("btn-broadcast"), callback_data=BroadcastCb(act="new").pack())
    kb.adjust(1, 2, 2, 2, 2, 2, 2)
    return kb.as_markup()


def back_to_menu_kb(t: L) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-menu"), callback_data=MenuCb(to="main").pack())
    return kb.as_markup()


async def show(event: Message | CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Show a screen: edit the menu message in place when a button was pressed, else send a new message."""
    if isinstance(event, CallbackQuery):
        message = event.message
        if isinstance(message, Message) and message.text is not None:
            try:
                await message.edit_text(text, reply_markup=markup)
            except TelegramBadRequest as error:
                if "not modified" not in error.message:
                    await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
        else:
            await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
        await event.answer()
        return
    await event.answer(text, reply_markup=markup)
