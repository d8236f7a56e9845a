"""Coordinators' broadcasts: the announcement, the audience, a preview with the number of recipients, send now
or later, progress in one message, cancel; and everyone's «Ознакомлен» button."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.sender import ack_markup
from bot.settings import Settings
from db.models import User
from handlers.callbacks import AckCb, BroadcastCb
from handlers.common import Registered, Staff, error_text, short, show
from services.broadcasts.broadcasts import BroadcastDraft, BroadcastService, Progress
from services.core.domain import Role
from services.core.errors import ValidationFailed
from services.core.i18n import L
from services.core.when import parse_user_datetime
from services.people.organizations import OrganizationService

#: Audiences offered as buttons, in this order ("org" asks which organization when the author may choose).
AUDIENCE_BUTTONS = ("all", "parents", "teachers", "org", "event", "waitlist", "club", "survey")
WHO_LIMIT = 50


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
    )


def _bound_org(user: User) -> int | None:
    return user.organization_id if user.role == Role.COORDINATOR else None


async def start_broadcast(event: Message | CallbackQuery, state: FSMContext, t: L) -> None:
    await state.set_state(BroadcastForm.content)
    await state.set_data({})
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-form-cancel"), callback_data=BroadcastCb(act="discard").pack())
    await show(event, t("broadcast-ask-content"), kb.as_markup())


async def broadcast_command(message: Message, state: FSMContext, t: L) -> None:
    await start_broadcast(message, state, t)


async def broadcast_button(callback: CallbackQuery, state: FSMContext, t: L) -> None:
    await start_broadcast(callback, state, t)


async def content(message: Message, state: FSMContext, t: L, session: AsyncSession, user: User) -> None:
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
        await message.answer(t("broadcast-content-expected"))
        return
    draft = BroadcastDraft(text=text, audience="all", media_kind=media_kind, file_id=file_id)
    try:
        BroadcastService(session).validate(draft)
    except ValidationFailed as error:
        await message.answer(error_text(t, error))
        return
    await state.update_data(text=text, media_kind=media_kind, file_id=file_id, with_ack=False)
    await ask_audience(message, state, t, user)


async def ask_audience(event: Message | CallbackQuery, state: FSMContext, t: L, user: User) -> None:
    await state.set_state(BroadcastForm.audience)
    kb = InlineKeyboardBuilder()
    bound = _bound_org(user)
    for name in AUDIENCE_BUTTONS:
        if name == "org" and bound is not None:
            kb.button(
                text=t("broadcast-aud-org"), callback_data=BroadcastCb(act="aud", v="org", id=bound).pack()
            )
        else:
            kb.button(text=t(f"broadcast-aud-{name}"), callback_data=BroadcastCb(act="aud", v=name).pack())
    kb.button(text=t("btn-form-cancel"), callback_data=BroadcastCb(act="discard").pack())
    kb.adjust(1)
    await show(event, t("broadcast-ask-audience"), kb.as_markup())


async def choose_audience(
    callback: CallbackQuery,
    callback_data: BroadcastCb,
    state: FSMContext,
    t: L,
    session: AsyncSession,
    user: User,
    bot: Bot,
) -> None:
    name, target = callback_data.v, callback_data.id or None
    if name == "org" and target is None:  # which organization: the author may choose any
        kb = InlineKeyboardBuilder()
        for org in await OrganizationService(session).all():
            kb.button(
                text=short(org.short_name), callback_data=BroadcastCb(act="aud", v="org", id=org.id).pack()
            )
        kb.button(text=t("btn-back"), callback_data=BroadcastCb(act="audience").pack())
        kb.adjust(1)
        await show(callback, t("broadcast-ask-org"), kb.as_markup())
        return
    if name in ("event", "waitlist", "club", "survey") and target is None:  # which event, club or round
        kb = InlineKeyboardBuilder()
        for target_id, title in await BroadcastService(session).targets(user, name):
            kb.button(text=short(title), callback_data=BroadcastCb(act="aud", v=name, id=target_id).pack())
        kb.button(text=t("btn-back"), callback_data=BroadcastCb(act="audience").pack())
        kb.adjust(1)
        key = {"club": "broadcast-ask-club", "survey": "broadcast-ask-round"}.get(name, "broadcast-ask-event")
        await show(callback, t(key), kb.as_markup())
        return
    count = await BroadcastService(session).count(user, name, target)
    await state.update_data(audience=name, audience_id=target, count=count)
    await preview(callback, state, t, bot)


def _preview_kb(t: L, with_ack: bool, count: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("btn-broadcast-ack", state=t("on") if with_ack else t("off")),
        callback_data=BroadcastCb(act="ack").pack(),
    )
    if count:
        kb.button(text=t("btn-broadcast-send"), callback_data=BroadcastCb(act="send").pack())
        kb.button(text=t("btn-broadcast-later"), callback_data=BroadcastCb(act="later").pack())
    kb.button(text=t("btn-broadcast-audience"), callback_data=BroadcastCb(act="audience").pack())
    kb.button(text=t("btn-form-cancel"), callback_data=BroadcastCb(act="discard").pack())
    kb.adjust(1)
    return kb.as_markup()


async def _send_copy(bot: Bot, chat_id: int, draft: BroadcastDraft, t: L) -> None:
    markup = ack_markup(t("btn-ack"), 0) if draft.with_ack else None
    if draft.media_kind == "photo" and draft.file_id:
        await bot.send_photo(chat_id, draft.file_id, caption=draft.text or None, reply_markup=markup)
    elif draft.media_kind == "document" and draft.file_id:
        await bot.send_document(chat_id, draft.file_id, caption=draft.text or None, reply_markup=markup)
    else:
        await bot.send_message(chat_id, draft.text, reply_markup=markup)


async def preview(event: Message | CallbackQuery, state: FSMContext, t: L, bot: Bot) -> None:
    """The copy exactly as recipients will see it, then the number of recipients and the choices."""
    await state.set_state(BroadcastForm.preview)
    data = await state.get_data()
    draft = _draft(data)
    chat_id = event.from_user.id
    await bot.send_message(chat_id, t("broadcast-preview-title"))
    await _send_copy(bot, chat_id, draft, t)
    count = int(data.get("count") or 0)
    text = t("broadcast-preview-count", count=count, audience=t(f"broadcast-aud-{draft.audience}"))
    if not count:
        text += "\n" + t("broadcast-nobody")
    await bot.send_message(chat_id, text, reply_markup=_preview_kb(t, draft.with_ack, count))
    if isinstance(event, CallbackQuery):
        await event.answer()


async def toggle_ack(callback: CallbackQuery, state: FSMContext, t: L) -> None:
    data = await state.get_data()
    with_ack = not data.get("with_ack")
    await state.update_data(with_ack=with_ack)
    count = int(data.get("count") or 0)
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=_preview_kb(t, with_ack, count))
    await callback.answer()


async def change_audience(callback: CallbackQuery, state: FSMContext, t: L, user: User) -> None:
    await ask_audience(callback, state, t, user)


def progress_view(t: L, progress: Progress) -> tuple[str, InlineKeyboardMarkup | None]:
    """The coordinator's one progress message: figures while sending, then the final report."""
    b = progress.broadcast
    figures = {
        "total": progress.total or b.total,
        "delivered": progress.delivered,
        "blocked": progress.blocked,
        "failed": progress.failed,
        "waiting": progress.waiting,
        "acks": progress.acks,
    }
    kb = InlineKeyboardBuilder()
    if b.status in ("sending", "scheduled"):
        key = "broadcast-progress" if b.status == "sending" else "broadcast-scheduled"
        text = t(key, **figures)
        kb.button(text=t("btn-broadcast-stop"), callback_data=BroadcastCb(act="cancel", id=b.id).pack())
    else:
        text = t("broadcast-report" if b.status == "done" else "broadcast-report-cancelled", **figures)
    if b.with_ack:
        if b.status != "scheduled":
            text += "\n" + t("broadcast-acks", acks=progress.acks)
        if progress.acks:
            kb.button(text=t("btn-broadcast-who"), callback_data=BroadcastCb(act="who", id=b.id).pack())
    kb.adjust(1)
    markup = kb.as_markup()
    return text, markup if markup.inline_keyboard else None


async def send_now(
    callback: CallbackQuery, state: FSMContext, t: L, session: AsyncSession, user: User, bot: Bot
) -> None:
    draft = _draft(await state.get_data())
    service = BroadcastService(session)
    service.validate(draft)
    await service.count(user, draft.audience, draft.audience_id)  # permission, before anything is saved
    placeholder = await bot.send_message(callback.from_user.id, t("broadcast-starting"))
    broadcast = await service.create(user, draft, progress=(placeholder.chat.id, placeholder.message_id))
    await state.clear()
    text, markup = progress_view(t, await service.progress(broadcast))
    await placeholder.edit_text(text, reply_markup=markup)
    await callback.answer()


async def ask_when(callback: CallbackQuery, state: FSMContext, t: L) -> None:
    await state.set_state(BroadcastForm.when)
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-form-cancel"), callback_data=BroadcastCb(act="discard").pack())
    await show(callback, t("broadcast-ask-when"), kb.as_markup())


async def schedule_at(
    message: Message, state: FSMContext, t: L, session: AsyncSession, user: User, settings: Settings, bot: Bot
) -> None:
    try:
        at, _ = parse_user_datetime(message.text or "", settings.tz)
    except ValidationFailed as error:
        await message.answer(error_text(t, error) + "\n\n" + t("broadcast-ask-when"))
        return
    service = BroadcastService(session)
    if at <= service.clock():
        await message.answer(t("error-start-past") + "\n\n" + t("broadcast-ask-when"))
        return
    draft = _draft(await state.get_data())
    await service.count(user, draft.audience, draft.audience_id)
    placeholder = await message.answer(t("broadcast-starting"))
    broadcast = await service.create(
        user, draft, at=at, progress=(placeholder.chat.id, placeholder.message_id)
    )
    await state.clear()
    local = at.astimezone(settings.tz)
    text, markup = progress_view(t, await service.progress(broadcast))
    await placeholder.edit_text(
        t("broadcast-scheduled-at", when=f"{local:%d.%m.%Y %H:%M}") + "\n" + text, reply_markup=markup
    )


async def discard(callback: CallbackQuery, state: FSMContext, t: L) -> None:
    await state.clear()
    await show(callback, t("broadcast-discarded"))


async def cancel_broadcast(
    callback: CallbackQuery, callback_data: BroadcastCb, t: L, session: AsyncSession, user: User
) -> None:
    service = BroadcastService(session)
    broadcast = await service.cancel(user, callback_data.id)
    text, markup = progress_view(t, await service.progress(broadcast))
    await show(callback, text, markup)


async def who_acknowledged(
    callback: CallbackQuery, callback_data: BroadcastCb, t: L, session: AsyncSession, user: User
) -> None:
    ids = await BroadcastService(session).acknowledged_by(user, callback_data.id, WHO_LIMIT)
    links = ", ".join(f'<a href="tg://user?id={i}">{n}</a>' for n, i in enumerate(ids, 1))
    await callback.bot.send_message(callback.from_user.id, t("broadcast-who", count=len(ids)) + "\n" + links)
    await callback.answer()


async def acknowledge(
    callback: CallbackQuery, callback_data: AckCb, t: L, session: AsyncSession, user: User
) -> None:
    if callback_data.b <= 0:  # the coordinator's own preview
        await callback.answer(t("ack-preview"))
        return
    first = await BroadcastService(session).acknowledge(user, callback_data.b)
    await callback.answer(t("ack-thanks" if first else "ack-again"))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.callback_query.register(acknowledge, AckCb.filter())

    staff = Router(name=f"{__name__}.staff")
    staff.message.filter(Staff())
    staff.callback_query.filter(Staff())
    staff.message.register(broadcast_command, Command("broadcast"))
    staff.callback_query.register(broadcast_button, BroadcastCb.filter(F.act == "new"))
    staff.message.register(content, BroadcastForm.content)
    staff.callback_query.register(choose_audience, BroadcastForm.audience, BroadcastCb.filter(F.act == "aud"))
    staff.callback_query.register(toggle_ack, BroadcastForm.preview, BroadcastCb.filter(F.act == "ack"))
    staff.callback_query.register(send_now, BroadcastForm.preview, BroadcastCb.filter(F.act == "send"))
    staff.callback_query.register(ask_when, BroadcastForm.preview, BroadcastCb.filter(F.act == "later"))
    staff.callback_query.register(
        change_audience,
        StateFilter(BroadcastForm.audience, BroadcastForm.preview),
        BroadcastCb.filter(F.act == "audience"),
    )
    staff.message.register(schedule_at, BroadcastForm.when, F.text)
    staff.callback_query.register(discard, BroadcastCb.filter(F.act == "discard"))
    staff.callback_query.register(cancel_broadcast, BroadcastCb.filter(F.act == "cancel"))
    staff.callback_query.register(who_acknowledged, BroadcastCb.filter(F.act == "who"))
    router.include_router(staff)
    return router
