"""Coordinators' broadcasts: the announcement, the audience, a preview with the number of recipients, send now
or later, progress in one message, cancel; and everyone's «Ознакомлен» button."""

from __future__ import annotations

from contextlib import suppress

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from db.models import User
from handlers.broadcast.callbacks import AckCb, BroadcastAct, BroadcastCb
from handlers.broadcast.views import (
    audience_kb,
    cancel_kb,
    channels_line,
    discarded_kb,
    history_view,
    preview_kb,
    progress_view,
    report_view,
    start_kb,
    targets_kb,
)
from handlers.common.context import Ctx, feature_router
from handlers.common.filters import Registered, Staff
from handlers.common.links import person_link
from handlers.common.ui import TOAST_MAX, error_text, short, show
from handlers.views.notices import ack_markup
from services.broadcasts import speech
from services.broadcasts.broadcasts import BroadcastDraft
from services.broadcasts.speech import speech_text
from services.core.domain import Role
from services.core.errors import Outdated, ValidationFailed
from services.core.i18n import L
from services.core.when import moment_for, parse_user_datetime

WHO_LIMIT = 50
NAMED_UP_TO = 30  # a report names who acknowledged when the audience is this small, else it counts them
TARGETED = ("event", "waitlist", "club", "survey")  # audiences that ask which event, club or round


class BroadcastForm(StatesGroup):
    content = State()
    audience = State()
    preview = State()
    when = State()


def _draft(data: dict[str, object]) -> BroadcastDraft:
    return BroadcastDraft(
        text=str(data.get("text") or ""),
        audience=str(data.get("audience") or ""),
        audience_id=data.get("audience_id"),  # type: ignore[arg-type]
        media_kind=data.get("media_kind"),  # type: ignore[arg-type]
        file_id=data.get("file_id"),  # type: ignore[arg-type]
        with_ack=bool(data.get("with_ack")),
        voice_file_id=data.get("voice_file_id"),  # type: ignore[arg-type]
    )


def _bound_org(user: User) -> int | None:
    return user.organization_id if user.role == Role.COORDINATOR else None


async def start_broadcast(event: Message | CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.set_state(BroadcastForm.content)
    await ctx.state.set_data({})
    await show(event, ctx.t("broadcast-ask-content"), start_kb(ctx.t))


async def content(message: Message, ctx: Ctx) -> None:
    """The announcement as the coordinator wrote it: formatting kept as Telegram HTML, a photo or a document by
    its file_id."""
    media_kind = file_id = None
    if message.photo:
        media_kind, file_id = "photo", message.photo[-1].file_id
        text = message.html_text if message.caption else ""
    elif message.document:
        media_kind, file_id = "document", message.document.file_id
        text = message.html_text if message.caption else ""
    elif message.text:
        text = message.html_text
    else:
        await message.answer(ctx.t("broadcast-content-expected"))
        return
    draft = BroadcastDraft(text=text, audience="all", media_kind=media_kind, file_id=file_id)
    try:
        ctx.broadcasts.validate(draft)
    except ValidationFailed as error:
        await message.answer(error_text(ctx.t, error))
        return
    await ctx.state.update_data(text=text, media_kind=media_kind, file_id=file_id, with_ack=False)
    await ask_audience(message, ctx)


async def ask_audience(event: Message | CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.set_state(BroadcastForm.audience)
    await show(event, ctx.t("broadcast-ask-audience"), audience_kb(ctx.t, _bound_org(ctx.user)))


async def _ask_target(callback: CallbackQuery, ctx: Ctx, name: str, page: int) -> None:
    """Which organization (the author may choose any), event, club or round: a page of them."""
    t = ctx.t
    if name == "org":
        orgs = await ctx.organizations.all()
        await show(
            callback, t("broadcast-ask-org"), targets_kb(t, name, [(o.id, o.short_name) for o in orgs], page)
        )
        return
    targets = await ctx.broadcasts.targets(ctx.user, name)
    key = {"club": "broadcast-ask-club", "survey": "broadcast-ask-round"}.get(name, "broadcast-ask-event")
    await show(callback, t(key), targets_kb(t, name, targets, page))


async def targets_page(callback: CallbackQuery, callback_data: BroadcastCb, ctx: Ctx) -> None:
    if callback_data.v != "org" and callback_data.v not in TARGETED:
        raise Outdated()
    await _ask_target(callback, ctx, callback_data.v, callback_data.id)


async def choose_audience(callback: CallbackQuery, callback_data: BroadcastCb, ctx: Ctx) -> None:
    name, target = callback_data.v, callback_data.id or None
    if (name == "org" or name in TARGETED) and target is None:
        await _ask_target(callback, ctx, name, 0)
        return
    service = ctx.broadcasts
    count = await service.count(ctx.user, name, target)
    channels = await service.count_by_messenger(ctx.user, name, target) if ctx.settings.max_enabled else None
    await ctx.state.update_data(audience=name, audience_id=target, count=count, channels=channels)
    await preview(callback, ctx)


async def _send_copy(ctx: Ctx, chat_id: int, draft: BroadcastDraft) -> None:
    bot = ctx.bot
    markup = ack_markup(ctx.t("btn-ack"), 0) if draft.with_ack else None
    if draft.media_kind == "photo" and draft.file_id:
        await bot.send_photo(chat_id, draft.file_id, caption=draft.text or None, reply_markup=markup)
    elif draft.media_kind == "document" and draft.file_id:
        await bot.send_document(chat_id, draft.file_id, caption=draft.text or None, reply_markup=markup)
    else:
        await bot.send_message(chat_id, draft.text, reply_markup=markup)


async def preview(event: Message | CallbackQuery, ctx: Ctx) -> None:
    """The copy exactly as recipients will see it, then the number of recipients and the choices."""
    t = ctx.t
    await ctx.state.set_state(BroadcastForm.preview)
    data = await ctx.state.get_data()
    draft = _draft(data)
    chat_id = event.from_user.id
    await ctx.bot.send_message(chat_id, t("broadcast-preview-title"))
    await _send_copy(ctx, chat_id, draft)
    count = int(data.get("count") or 0)
    text = t("broadcast-preview-count", count=count, audience=t(f"broadcast-aud-{draft.audience}"))
    if count and data.get("channels") is not None:
        text += "\n" + channels_line(t, data["channels"])
    if not count:
        text += "\n" + t("broadcast-nobody")
    if draft.voice_file_id:
        with suppress(TelegramBadRequest):  # a transport without voice messages: the preview goes on
            await ctx.bot.send_voice(chat_id, draft.voice_file_id, caption=t("broadcast-voice-caption"))
    else:
        text += "\n\n" + t("broadcast-voice-hint")
    await ctx.bot.send_message(chat_id, text, reply_markup=_preview_kb(t, draft, count))
    if isinstance(event, CallbackQuery):
        await event.answer()


def _preview_kb(t: L, draft: BroadcastDraft, count: int) -> InlineKeyboardMarkup:
    can_speak = bool(speech_text(draft.text)) and speech.available(t.locale)
    return preview_kb(t, draft.with_ack, count, can_speak=can_speak, has_voice=bool(draft.voice_file_id))


async def make_voice(callback: CallbackQuery, ctx: Ctx) -> None:
    """A voice version read by the offline synthesizer from the announcement's text, sent to the coordinator to
    listen to; its file id goes with the broadcast."""
    t = ctx.t
    draft = _draft(await ctx.state.get_data())
    try:
        voice = await speech.synthesize(draft.text, t.locale)
    except (speech.SpeechUnavailable, speech.SpeechFailed):
        await callback.answer(t("broadcast-voice-failed"), show_alert=True)
        return
    try:
        sent = await ctx.bot.send_voice(
            callback.from_user.id,
            BufferedInputFile(voice.ogg, "voice.ogg"),
            duration=voice.seconds,
            caption=t("broadcast-voice-caption"),
        )
    except TelegramBadRequest:  # a transport that takes no voice messages
        sent = None
    if sent is None or sent.voice is None:
        await callback.answer(t("broadcast-voice-failed"), show_alert=True)
        return
    await ctx.state.update_data(voice_file_id=sent.voice.file_id)
    await _refresh_preview(callback, ctx, t("broadcast-voice-made", seconds=voice.seconds))


async def attach_voice(message: Message, ctx: Ctx) -> None:
    """A voice message the coordinator recorded while the preview is open: the voice version."""
    assert message.voice is not None
    await ctx.state.update_data(voice_file_id=message.voice.file_id)
    data = await ctx.state.get_data()
    draft = _draft(data)
    await message.answer(
        ctx.t("broadcast-voice-attached"), reply_markup=_preview_kb(ctx.t, draft, int(data.get("count") or 0))
    )


async def drop_voice(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.update_data(voice_file_id=None)
    await _refresh_preview(callback, ctx, ctx.t("broadcast-voice-removed"))


async def _refresh_preview(callback: CallbackQuery, ctx: Ctx, notice: str) -> None:
    """The preview's buttons again, under a short line that says what changed (also the press's notice)."""
    data = await ctx.state.get_data()
    markup = _preview_kb(ctx.t, _draft(data), int(data.get("count") or 0))
    await ctx.bot.send_message(callback.from_user.id, notice, reply_markup=markup)
    if isinstance(callback.message, Message):
        with suppress(TelegramBadRequest):
            await callback.message.edit_reply_markup(reply_markup=None)
    await callback.answer(short(notice, TOAST_MAX))


async def toggle_ack(callback: CallbackQuery, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    with_ack = not data.get("with_ack")
    await ctx.state.update_data(with_ack=with_ack)
    count = int(data.get("count") or 0)
    if isinstance(callback.message, Message):
        draft = _draft({**data, "with_ack": with_ack})
        await callback.message.edit_reply_markup(reply_markup=_preview_kb(ctx.t, draft, count))
    await callback.answer()


async def send_now(callback: CallbackQuery, ctx: Ctx) -> None:
    draft = _draft(await ctx.state.get_data())
    service = ctx.broadcasts
    service.validate(draft)
    await service.count(ctx.user, draft.audience, draft.audience_id)  # permission, before anything is saved
    placeholder = await ctx.bot.send_message(callback.from_user.id, ctx.t("broadcast-starting"))
    broadcast = await service.create(ctx.user, draft, progress=(placeholder.chat.id, placeholder.message_id))
    await ctx.state.clear()
    text, markup = progress_view(ctx.t, await service.progress(broadcast), channels=ctx.settings.max_enabled)
    await placeholder.edit_text(text, reply_markup=markup)
    await callback.answer()


async def ask_when(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.set_state(BroadcastForm.when)
    await show(callback, ctx.t("broadcast-ask-when"), cancel_kb(ctx.t))


async def schedule_at(message: Message, ctx: Ctx) -> None:
    t, tz = ctx.t, ctx.settings.tz
    try:
        at, _ = parse_user_datetime(message.text or "", tz)
    except ValidationFailed as error:
        await message.answer(error_text(t, error) + "\n\n" + t("broadcast-ask-when"))
        return
    service = ctx.broadcasts
    if at <= service.clock():
        await message.answer(t("error-start-past") + "\n\n" + t("broadcast-ask-when"))
        return
    draft = _draft(await ctx.state.get_data())
    await service.count(ctx.user, draft.audience, draft.audience_id)
    placeholder = await message.answer(t("broadcast-starting"))
    broadcast = await service.create(
        ctx.user, draft, at=at, progress=(placeholder.chat.id, placeholder.message_id)
    )
    await ctx.state.clear()
    text, markup = progress_view(t, await service.progress(broadcast), channels=ctx.settings.max_enabled)
    when = moment_for(t, tz, at) if (t.screen_reader or t.plain) else f"{at.astimezone(tz):%d.%m.%Y %H:%M}"
    await placeholder.edit_text(t("broadcast-scheduled-at", when=when) + "\n" + text, reply_markup=markup)


async def discard(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.clear()
    await show(callback, ctx.t("broadcast-discarded"), discarded_kb(ctx.t))


async def cancel_broadcast(callback: CallbackQuery, callback_data: BroadcastCb, ctx: Ctx) -> None:
    service = ctx.broadcasts
    broadcast = await service.cancel(ctx.user, callback_data.id)
    await show(
        callback,
        *progress_view(ctx.t, await service.progress(broadcast), channels=ctx.settings.max_enabled),
    )


async def who_acknowledged(callback: CallbackQuery, callback_data: BroadcastCb, ctx: Ctx) -> None:
    ids = await ctx.broadcasts.acknowledged_by(ctx.user, callback_data.id, WHO_LIMIT)
    links = ", ".join(person_link(i, n) for n, i in enumerate(ids, 1))
    text = ctx.t("broadcast-who", count=len(ids)) + "\n" + links
    await callback.bot.send_message(callback.from_user.id, text)
    await callback.answer()


async def history(callback: CallbackQuery, callback_data: BroadcastCb, ctx: Ctx) -> None:
    await ctx.state.clear()  # leaving the form for the list
    past = await ctx.broadcasts.history(ctx.user, callback_data.id)
    await show(callback, *history_view(ctx.t, ctx.settings, past))


async def report(callback: CallbackQuery, callback_data: BroadcastCb, ctx: Ctx) -> None:
    """A past broadcast: the figures now, and who acknowledged (names for a small audience, else a count)."""
    service = ctx.broadcasts
    progress = await service.report(ctx.user, callback_data.id)
    small = progress.broadcast.with_ack and (progress.total or progress.broadcast.total) <= NAMED_UP_TO
    acked = await service.acknowledged_by(ctx.user, callback_data.id, NAMED_UP_TO) if small else None
    await show(callback, *report_view(ctx.t, ctx.settings, progress, acked), new=ctx.t.screen_reader)


async def acknowledge(callback: CallbackQuery, callback_data: AckCb, ctx: Ctx) -> None:
    if callback_data.b <= 0:  # the coordinator's own preview
        await callback.answer(ctx.t("ack-preview"))
        return
    first = await ctx.broadcasts.acknowledge(ctx.user, callback_data.b)
    await callback.answer(ctx.t("ack-thanks" if first else "ack-again"))


def setup() -> Router:
    router = feature_router(__name__, Registered())
    router.callback_query.register(acknowledge, AckCb.filter())

    staff = feature_router(f"{__name__}.staff", Staff(), context=False)  # the context comes from the parent
    staff.message.register(start_broadcast, Command("broadcast"))
    staff.callback_query.register(start_broadcast, BroadcastCb.filter(F.act == BroadcastAct.NEW))
    staff.message.register(content, BroadcastForm.content)
    staff.callback_query.register(
        choose_audience, BroadcastForm.audience, BroadcastCb.filter(F.act == BroadcastAct.AUD)
    )
    staff.callback_query.register(
        targets_page, BroadcastForm.audience, BroadcastCb.filter(F.act == BroadcastAct.TARGETS)
    )
    staff.callback_query.register(
        toggle_ack, BroadcastForm.preview, BroadcastCb.filter(F.act == BroadcastAct.ACK)
    )
    staff.callback_query.register(
        send_now, BroadcastForm.preview, BroadcastCb.filter(F.act == BroadcastAct.SEND)
    )
    staff.callback_query.register(
        ask_when, BroadcastForm.preview, BroadcastCb.filter(F.act == BroadcastAct.LATER)
    )
    staff.callback_query.register(
        ask_audience,
        StateFilter(BroadcastForm.audience, BroadcastForm.preview),
        BroadcastCb.filter(F.act == BroadcastAct.AUDIENCE),
    )
    staff.message.register(schedule_at, BroadcastForm.when, F.text)
    staff.callback_query.register(
        make_voice, BroadcastForm.preview, BroadcastCb.filter(F.act == BroadcastAct.VOICE)
    )
    staff.callback_query.register(
        drop_voice, BroadcastForm.preview, BroadcastCb.filter(F.act == BroadcastAct.NOVOICE)
    )
    staff.message.register(attach_voice, BroadcastForm.preview, F.voice)
    staff.callback_query.register(discard, BroadcastCb.filter(F.act == BroadcastAct.DISCARD))
    staff.callback_query.register(cancel_broadcast, BroadcastCb.filter(F.act == BroadcastAct.CANCEL))
    staff.callback_query.register(who_acknowledged, BroadcastCb.filter(F.act == BroadcastAct.WHO))
    staff.callback_query.register(history, BroadcastCb.filter(F.act == BroadcastAct.LIST))
    staff.callback_query.register(report, BroadcastCb.filter(F.act == BroadcastAct.REPORT))
    router.include_router(staff)
    return router
