"""Broadcast buttons: the coordinator's form and progress, and everyone's «Ознакомлен»."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.ids import CbInt


class BroadcastAct(StrEnum):
    NEW = "new"
    AUD = "aud"
    TARGETS = "targets"  # another page of an audience's organizations, events, clubs or rounds (id: the page)
    ACK = "ack"  # ask recipients to acknowledge, on or off
    SEND = "send"
    LATER = "later"
    AUDIENCE = "audience"  # back to the audiences
    DISCARD = "discard"
    CANCEL = "cancel"  # stop a running or scheduled broadcast
    WHO = "who"  # who acknowledged
    VOICE = "voice"  # make a voice version from the text
    NOVOICE = "novoice"  # drop the voice version
    LIST = "list"  # past broadcasts (`id` is the page)
    REPORT = "report"  # one past broadcast's report


class BroadcastCb(CallbackData, prefix="bc"):
    act: BroadcastAct
    v: str = ""  # audience name
    id: CbInt = 0  # organization, event or club of the audience; or the broadcast


class AckCb(CallbackData, prefix="ack"):
    b: CbInt  # the broadcast acknowledged
