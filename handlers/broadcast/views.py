"""The broadcast form's keyboards and the coordinator's progress message."""

from __future__ import annotations

import html
import re

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from db.models import Broadcast
from handlers.broadcast.callbacks import BroadcastAct, BroadcastCb
from handlers.common.context import HandlerSettings
from handlers.common.links import person_link
from handlers.common.ui import Page, button, column, h, keyboard, page_of, pager, short
from handlers.menu.callbacks import MenuCb, MenuTo
from services.broadcasts.broadcasts import History, Progress
from services.core.i18n import L

#: Audiences offered as buttons, in this order ("org" asks which organization when the author may choose).
AUDIENCE_BUTTONS = ("all", "parents", "teachers", "org", "event", "waitlist", "club", "survey")


def _cancel(kb: InlineKeyboardBuilder, t: L) -> None:
    kb.button(text=t("btn-form-cancel"), callback_data=BroadcastCb(act=BroadcastAct.DISCARD).pack())


def cancel_kb(t: L) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _cancel(kb, t)
    return kb.as_markup()


def start_kb(t: L) -> InlineKeyboardMarkup:
    """The broadcast menu's first screen: write the announcement, or look at past broadcasts."""
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-broadcast-history"), callback_data=BroadcastCb(act=BroadcastAct.LIST).pack())
    _cancel(kb, t)
    kb.adjust(1)
    return kb.as_markup()


def discarded_kb(t: L) -> InlineKeyboardMarkup:
    return column(
        button(t("btn-broadcast-new"), BroadcastCb(act=BroadcastAct.NEW)),
        button(t("btn-broadcast-history"), BroadcastCb(act=BroadcastAct.LIST)),
        button(t("btn-menu"), MenuCb(to=MenuTo.MAIN)),
    )


def _figures(progress: Progress) -> dict[str, int]:
    return {
        "total": progress.total or progress.broadcast.total,
        "delivered": progress.delivered,
        "blocked": progress.blocked,
        "failed": progress.failed,
        "waiting": progress.waiting,
        "acks": progress.acks,
    }


def _when(settings: HandlerSettings, b: Broadcast) -> str:
    at = b.started_at or b.scheduled_at or b.created_at
    return f"{at.astimezone(settings.tz):%d.%m.%Y %H:%M}"


def _summary(b: Broadcast) -> str:
    plain = re.sub(r"<[^>]+>", "", b.text or "")
    return html.unescape(" ".join(plain.split()))


def history_view(t: L, settings: HandlerSettings, history: History) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [
            button(
                short(f"{_when(settings, b)} · {_summary(b) or t('broadcast-no-text')}"),
                BroadcastCb(act=BroadcastAct.REPORT, id=b.id),
            )
        ]
        for b in history.items
    ]
    shown = Page(history.items, history.page, history.pages)
    rows.append(pager(t, shown, lambda p: BroadcastCb(act=BroadcastAct.LIST, id=p)))
    rows.append([button(t("btn-broadcast-new"), BroadcastCb(act=BroadcastAct.NEW))])
    rows.append([button(t("btn-menu"), MenuCb(to=MenuTo.MAIN))])
    if not history.items:
        return t("broadcast-history-none"), keyboard(*rows)
    text = t("broadcast-history-title", page=history.page + 1, pages=history.pages)
    return text, keyboard(*rows)


def report_view(
    t: L, settings: HandlerSettings, progress: Progress, acked: list[int] | None
) -> tuple[str, InlineKeyboardMarkup]:
    """One past broadcast: when, to whom, the text's start, the figures and who acknowledged it (by name and id
    for a small audience, `acked`; as a count for a large one)."""
    b = progress.broadcast
    figures = _figures(progress)
    status = {"sending": "broadcast-progress", "scheduled": "broadcast-scheduled", "done": "broadcast-report"}
    lines = [
        t("broadcast-report-head", when=_when(settings, b), audience=t(f"broadcast-aud-{b.audience}")),
        f"<i>{h(short(_summary(b), 300))}</i>" if _summary(b) else "",
        t(status.get(b.status, "broadcast-report-cancelled"), **figures),
    ]
    kb = InlineKeyboardBuilder()
    if b.with_ack:
        lines.append(t("broadcast-acks", acks=progress.acks))
        if acked:
            links = ", ".join(person_link(i) for i in acked)
            lines.append(t("broadcast-acked-by", people=links))
        elif progress.acks and acked is None:
            kb.button(
                text=t("btn-broadcast-who"), callback_data=BroadcastCb(act=BroadcastAct.WHO, id=b.id).pack()
            )
    if b.status in ("sending", "scheduled"):
        kb.button(
            text=t("btn-broadcast-stop"), callback_data=BroadcastCb(act=BroadcastAct.CANCEL, id=b.id).pack()
        )
    kb.button(text=t("btn-broadcast-history"), callback_data=BroadcastCb(act=BroadcastAct.LIST).pack())
    kb.button(text=t("btn-menu"), callback_data=MenuCb(to=MenuTo.MAIN).pack())
    kb.adjust(1)
    return "\n".join(line for line in lines if line), kb.as_markup()


def audience_kb(t: L, bound_org: int | None) -> InlineKeyboardMarkup:
    """The audiences; a coordinator bound to an organization gets it as «org» without a choice."""
    kb = InlineKeyboardBuilder()
    for name in AUDIENCE_BUTTONS:
        if name == "org" and bound_org is not None:
            kb.button(
                text=t("broadcast-aud-org"),
                callback_data=BroadcastCb(act=BroadcastAct.AUD, v="org", id=bound_org).pack(),
            )
        else:
            kb.button(
                text=t(f"broadcast-aud-{name}"),
                callback_data=BroadcastCb(act=BroadcastAct.AUD, v=name).pack(),
            )
    _cancel(kb, t)
    kb.adjust(1)
    return kb.as_markup()


def targets_kb(t: L, audience: str, targets: list[tuple[int, str]], page: int = 0) -> InlineKeyboardMarkup:
    """Which organization, event, club or round of an audience, a page at a time."""
    shown = page_of(targets, page)
    kb = InlineKeyboardBuilder()
    for target_id, title in shown.items:
        kb.button(
            text=short(title),
            callback_data=BroadcastCb(act=BroadcastAct.AUD, v=audience, id=target_id).pack(),
        )
    kb.adjust(1)
    kb.row(*pager(t, shown, lambda p: BroadcastCb(act=BroadcastAct.TARGETS, v=audience, id=p)))
    kb.row(button(t("btn-back"), BroadcastCb(act=BroadcastAct.AUDIENCE)))
    return kb.as_markup()


def preview_kb(
    t: L, with_ack: bool, count: int, *, can_speak: bool = False, has_voice: bool = False
) -> InlineKeyboardMarkup:
    """`can_speak`: the synthesizer is installed (the «make a voice version» button is offered only then);
    `has_voice`: a voice version is attached (it can be removed)."""
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("btn-broadcast-ack", state=t("on") if with_ack else t("off")),
        callback_data=BroadcastCb(act=BroadcastAct.ACK).pack(),
    )
    if has_voice:
        kb.button(
            text=t("btn-broadcast-voice-remove"), callback_data=BroadcastCb(act=BroadcastAct.NOVOICE).pack()
        )
    elif can_speak:
        kb.button(text=t("btn-broadcast-voice"), callback_data=BroadcastCb(act=BroadcastAct.VOICE).pack())
    if count:
        kb.button(text=t("btn-broadcast-send"), callback_data=BroadcastCb(act=BroadcastAct.SEND).pack())
        kb.button(text=t("btn-broadcast-later"), callback_data=BroadcastCb(act=BroadcastAct.LATER).pack())
    kb.button(text=t("btn-broadcast-audience"), callback_data=BroadcastCb(act=BroadcastAct.AUDIENCE).pack())
    _cancel(kb, t)
    kb.adjust(1)
    return kb.as_markup()


def channels_line(t: L, counts: dict[str, int]) -> str:
    """«Telegram: 812 · MAX: 430»: how many people each messenger has (shown while MAX is on)."""
    return t("broadcast-channels", telegram=counts.get("telegram", 0), max=counts.get("max", 0))


def progress_view(
    t: L, progress: Progress, *, channels: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The coordinator's one progress message: figures while sending, then the final report; with `channels`
    (MAX is on) the delivered copies per messenger too."""
    b = progress.broadcast
    figures = _figures(progress)
    kb = InlineKeyboardBuilder()
    if b.status in ("sending", "scheduled"):
        key = "broadcast-progress" if b.status == "sending" else "broadcast-scheduled"
        text = t(key, **figures)
        kb.button(
            text=t("btn-broadcast-stop"), callback_data=BroadcastCb(act=BroadcastAct.CANCEL, id=b.id).pack()
        )
    else:
        text = t("broadcast-report" if b.status == "done" else "broadcast-report-cancelled", **figures)
    if channels and b.status != "scheduled":
        text += "\n" + t("broadcast-delivered-by") + " " + channels_line(t, progress.delivered_by)
    if b.with_ack:
        if b.status != "scheduled":
            text += "\n" + t("broadcast-acks", acks=progress.acks)
        if progress.acks:
            kb.button(
                text=t("btn-broadcast-who"), callback_data=BroadcastCb(act=BroadcastAct.WHO, id=b.id).pack()
            )
    if b.status in ("done", "cancelled"):
        kb.button(text=t("btn-broadcast-history"), callback_data=BroadcastCb(act=BroadcastAct.LIST).pack())
    kb.button(text=t("btn-menu"), callback_data=MenuCb(to=MenuTo.MAIN).pack())
    kb.adjust(1)
    return text, kb.as_markup()
