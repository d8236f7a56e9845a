"""The buttons a notice the bot sends on its own may carry (the sender attaches them): «Ознакомлен» under a
broadcast, or one button opening an event's card or a survey round's first screen."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.broadcast.callbacks import AckCb
from handlers.events.callbacks import EventAct, EventCb
from handlers.surveys.callbacks import SurveyAct, SurveyCb


def ack_markup(text: str, broadcast_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=AckCb(b=broadcast_id).pack())]]
    )


def open_markup(text: str, opens: str, target: int) -> InlineKeyboardMarkup:
    """The one button a notice may carry: open an event's card, or a survey round's first screen."""
    data = (
        EventCb(act=EventAct.OPEN, id=target) if opens == "event" else SurveyCb(act=SurveyAct.OPEN, r=target)
    )
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data.pack())]]
    )
