"""Coordinators create, edit and cancel events: one question per message, a preview, then save."""

from __future__ import annotations

from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.base import utcnow
from db.models import Event, User
from handlers.callbacks import EventAdminCb, EventCb
from handlers.common import Staff, back_to_menu_kb, error_text, h, short, show
from handlers.schedule import event_kb, event_text
from services.core.domain import Audience, EventStatus, Kind, Precision, Role
from services.core.errors import Outdated, ValidationFailed
from services.core.i18n import L
from services.core.notifier import Notifier
from services.core.schedule_cache import ScheduleCache
from services.events.events import (
    OPTIONAL_FIELDS,
    EventCard,
    EventDraft,
    EventService,
    apply_field,
    draft_from_state,
    draft_to_state,
    validate_draft,
)
from services.people.organizations import OrganizationService
from services.registration.registrations import RegistrationService

STEPS = ("title", "kind", "aud", "start", "end", "description", "capacity", "link", "org")
CHOICE_FIELDS = {"kind": [k.value for k in Kind], "aud": [a.value for a in Audience if a != Audience.UNKNOWN]}
EDITABLE = ("title", "kind", "aud", "start", "end", "description", "capacity", "link", "org")


class EventForm(StatesGroup):
    value = State()  # waiting for the field named in the state data
    preview = State()


def _needs_org_step(user: User) -> bool:
    return user.role == Role.ADMIN or user.organization_id is None


def _next_step(field: str, user: User) -> str | None:
    index = STEPS.index(field) + 1
    while index < len(STEPS):
        step = STEPS[index]
        if step != "org" or _needs_org_step(user):
            return step
        index += 1
    return None


async def _ask(
    event: Message | CallbackQuery, state: FSMContext, field: str, t: L, session: AsyncSession
) -> None:
    await state.set_state(EventForm.value)
    await state.update_data(field=field)
    kb = InlineKeyboardBuilder()
    if field in CHOICE_FIELDS:
        for value in CHOICE_FIELDS[field]:
            label = t(f"kind-{value}") if field == "kind" else t(f"audience-{value}")
            kb.button(text=label, callback_data=EventAdminCb(act="choose", v=value).pack())
    elif field == "org":
        for org in await OrganizationService(session).all():
            kb.button(
                text=short(org.short_name), callback_data=EventAdminCb(act="choose", v=str(org.id)).pack()
            )
    if field in OPTIONAL_FIELDS or field == "org":
        kb.button(text=t("btn-skip"), callback_data=EventAdminCb(act="skip").pack())
    kb.button(text=t("btn-form-cancel"), callback_data=EventAdminCb(act="discard").pack())
    kb.adjust(1)
    await show(event, t(f"form-ask-{field}"), kb.as_markup())


def _preview_event(draft: EventDraft) -> Event:
    return Event(
        title=draft.title or "—",
        kind=draft.kind,
        audience=draft.audience,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        precision=Precision.EXACT if draft.has_time else Precision.DAY,
        description=draft.description,
        capacity=draft.capacity,
        online_link=draft.online_link,
        organization_id=draft.organization_id,
        status=EventStatus.PUBLISHED,
    )


async def _preview(
    event: Message | CallbackQuery, state: FSMContext, t: L, session: AsyncSession, settings: Settings
) -> None:
    data = await state.get_data()
    draft = draft_from_state(data["draft"])
    await state.set_state(EventForm.preview)
    org = await OrganizationService(session).get(draft.organization_id) if draft.organization_id else None
    text = (
        t("form-preview-title")
        + "\n\n"
        + event_text(t, settings, EventCard(_preview_event(draft), org, False))
    )
    errors = validate_draft(draft, utcnow(), editing=bool(data.get("event_id")))
    if errors:
        text += "\n\n" + "\n".join("⚠️ " + t(key) for key in dict.fromkeys(errors))
    kb = InlineKeyboardBuilder()
    if not errors:
        kb.button(text=t("btn-form-save"), callback_data=EventAdminCb(act="save").pack())
    for field in EDITABLE:
        kb.button(text=t(f"btn-form-field-{field}"), callback_data=EventAdminCb(act="field", v=field).pack())
    kb.button(text=t("btn-form-cancel"), callback_data=EventAdminCb(act="discard").pack())
    kb.adjust(1, 2, 2, 2, 2, 1, 1)
    await show(event, text, kb.as_markup())


async def _advance(
    event: Message | CallbackQuery,
    state: FSMContext,
    draft: EventDraft,
    user: User,
    t: L,
    session: AsyncSession,
    settings: Settings,
) -> None:
    data = await state.get_data()
    await state.update_data(draft=draft_to_state(draft))
    step = _next_step(data["field"], user) if data.get("linear") else None
    if step is None:
        await state.update_data(linear=False)
        await _preview(event, state, t, session, settings)
    else:
        await _ask(event, state, step, t, session)


async def _start_new(
    event: Message | CallbackQuery, user: User, state: FSMContext, t: L, session: AsyncSession
) -> None:
    draft = EventDraft(organization_id=user.organization_id)
    await state.set_data({"draft": draft_to_state(draft), "event_id": 0, "linear": True})
    await _ask(event, state, "title", t, session)


async def start_prefilled(
    event: Message | CallbackQuery,
    user: User,
    state: FSMContext,
    t: L,
    session: AsyncSession,
    settings: Settings,
    draft: EventDraft,
) -> None:
    """The new-event form already filled in (e.g. a seminar from a survey's topic), opened at its preview:
    the coordinator adds what is missing (the date) and saves."""
    draft = replace(draft, organization_id=draft.organization_id or user.organization_id)
    await state.set_data({"draft": draft_to_state(draft), "event_id": 0, "linear": False})
    await _preview(event, state, t, session, settings)


async def new_event_command(
    message: Message, user: User, state: FSMContext, t: L, session: AsyncSession
) -> None:
    await _start_new(message, user, state, t, session)


async def new_event_button(
    callback: CallbackQuery, user: User, state: FSMContext, t: L, session: AsyncSession
) -> None:
    await _start_new(callback, user, state, t, session)


async def edit_event(
    callback: CallbackQuery,
    callback_data: EventAdminCb,
    user: User,
    state: FSMContext,
    t: L,
    session: AsyncSession,
    settings: Settings,
) -> None:
    event = await EventService(session, settings.tz).check_editable(user, callback_data.id)
    draft = EventDraft.from_event(event)
    await state.set_data({"draft": draft_to_state(draft), "event_id": event.id, "linear": False})
    await _preview(callback, state, t, session, settings)


async def form_text(
    message: Message, user: User, state: FSMContext, t: L, session: AsyncSession, settings: Settings
) -> None:
    data = await state.get_data()
    field = data["field"]
    if field not in ("title", "start", "end", "description", "capacity", "link"):
        await message.answer(t("form-use-buttons"))
        return
    try:
        draft = apply_field(draft_from_state(data["draft"]), field, message.text, settings.tz)
    except ValidationFailed as error:
        await message.answer(error_text(t, error) + "\n\n" + t(f"form-ask-{field}"))
        return
    await _advance(message, state, draft, user, t, session, settings)


async def form_not_text(message: Message, t: L) -> None:
    await message.answer(t("form-text-expected"))


async def form_choice(
    callback: CallbackQuery,
    callback_data: EventAdminCb,
    user: User,
    state: FSMContext,
    t: L,
    session: AsyncSession,
    settings: Settings,
) -> None:
    data = await state.get_data()
    field = data["field"]
    draft = draft_from_state(data["draft"])
    value = callback_data.v if callback_data.act == "choose" else None
    if field == "kind" and value in CHOICE_FIELDS["kind"]:
        draft.kind = value
    elif field == "aud" and value in CHOICE_FIELDS["aud"]:
        draft.audience = value
    elif field == "org":
        if value is not None and not value.isdigit():
            raise Outdated()
        if value is not None:
            await OrganizationService(session).get(int(value))
        draft.organization_id = int(value) if value else None
    elif callback_data.act == "skip" and field in OPTIONAL_FIELDS:
        draft = apply_field(draft, field, None, settings.tz)
    else:
        raise Outdated()
    await _advance(callback, state, draft, user, t, session, settings)


async def form_field(
    callback: CallbackQuery,
    callback_data: EventAdminCb,
    user: User,
    state: FSMContext,
    t: L,
    session: AsyncSession,
) -> None:
    if callback_data.v not in EDITABLE or (callback_data.v == "org" and not _needs_org_step(user)):
        await callback.answer(t("error-not-your-org"), show_alert=True)
        return
    await _ask(callback, state, callback_data.v, t, session)


async def form_save(
    callback: CallbackQuery,
    user: User,
    state: FSMContext,
    t: L,
    session: AsyncSession,
    settings: Settings,
    schedule_cache: ScheduleCache,
    notifier: Notifier,
) -> None:
    data = await state.get_data()
    service = EventService(session, settings.tz, schedule_cache)
    draft = draft_from_state(data["draft"])
    if data.get("event_id"):
        event = await service.update(user, data["event_id"], draft)
        # More seats in the form: the waitlist moves up under the event's lock, and they are told.
        await RegistrationService(session, schedule_cache, notifier).fill_waitlist(user, event.id)
    else:
        event = await service.create(user, draft)
    await state.clear()
    card = await service.card(event.id, user)
    await show(
        callback,
        t("form-saved") + "\n\n" + event_text(t, settings, card),
        event_kb(t, card, EventCb(act="open", id=event.id)),
    )


async def form_discard(callback: CallbackQuery, state: FSMContext, t: L) -> None:
    await state.clear()
    await show(callback, t("form-cancelled"), back_to_menu_kb(t))


async def cancel_ask(
    callback: CallbackQuery,
    callback_data: EventAdminCb,
    user: User,
    t: L,
    session: AsyncSession,
    settings: Settings,
) -> None:
    event = await EventService(session, settings.tz).check_editable(user, callback_data.id)
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("btn-cancel-event-yes"), callback_data=EventAdminCb(act="cancel_yes", id=event.id).pack()
    )
    kb.button(text=t("btn-back"), callback_data=EventCb(act="open", id=event.id).pack())
    kb.adjust(1)
    await show(callback, t("cancel-event-confirm", title=h(event.title)), kb.as_markup())


async def cancel_yes(
    callback: CallbackQuery,
    callback_data: EventAdminCb,
    user: User,
    t: L,
    session: AsyncSession,
    settings: Settings,
    schedule_cache: ScheduleCache,
) -> None:
    service = EventService(session, settings.tz, schedule_cache)
    await service.cancel(user, callback_data.id)
    card = await service.card(callback_data.id, user)
    await show(
        callback,
        t("event-cancelled-done") + "\n\n" + event_text(t, settings, card),
        event_kb(t, card, EventCb(act="open", id=callback_data.id)),
    )


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(Staff())
    router.callback_query.filter(Staff())
    router.message.register(new_event_command, Command("new_event"))
    router.callback_query.register(new_event_button, EventAdminCb.filter(F.act == "new"))
    router.callback_query.register(edit_event, EventAdminCb.filter(F.act == "edit"))
    router.message.register(form_text, EventForm.value, F.text)
    router.message.register(form_not_text, EventForm.value)
    router.callback_query.register(
        form_choice, EventForm.value, EventAdminCb.filter(F.act.in_({"choose", "skip"}))
    )
    router.callback_query.register(form_field, EventForm.preview, EventAdminCb.filter(F.act == "field"))
    router.callback_query.register(form_save, EventForm.preview, EventAdminCb.filter(F.act == "save"))
    router.callback_query.register(form_discard, EventAdminCb.filter(F.act == "discard"))
    router.callback_query.register(cancel_ask, EventAdminCb.filter(F.act == "cancel_ask"))
    router.callback_query.register(cancel_yes, EventAdminCb.filter(F.act == "cancel_yes"))
    return router
