"""Coordinators create, edit and cancel events: one question per message, a preview, then save. A most requested
survey topic opens the same form, filled in."""

from __future__ import annotations

from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from db.models import User
from handlers.common.context import Ctx, feature_router
from handlers.common.filters import Staff
from handlers.common.ids import id_from
from handlers.common.ui import error_text, show
from handlers.events.callbacks import EventAdminAct, EventAdminCb
from handlers.events.form_views import (
    CHOICE_FIELDS,
    EDITABLE,
    ORG_FIELDS,
    ask_kb,
    cancel_confirm_view,
    preview_view,
    venue_of,
)
from handlers.surveys.callbacks import SurveyAdminAct, SurveyAdminCb
from handlers.views.event_card import event_card_screen
from handlers.views.menu import back_to_menu_kb
from services.core.clock import utcnow
from services.core.domain import Role
from services.core.errors import Outdated, ValidationFailed
from services.events.events import (
    OPTIONAL_FIELDS,
    EventDraft,
    apply_field,
    draft_from_state,
    draft_to_state,
    validate_draft,
)
from services.surveys.schema import OTHER

STEPS = EDITABLE  # the questions, in the order asked
TYPED_FIELDS = ("title", "start", "end", "description", "capacity", "venue", "link", "deadline")


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


async def _ask(event: Message | CallbackQuery, ctx: Ctx, field: str, page: int = 0) -> None:
    await ctx.state.set_state(EventForm.value)
    await ctx.state.update_data(field=field)
    # The organizations to pick from (archived ones are left out): who runs it, or where it takes place.
    organizations = await ctx.organizations.all() if field in ORG_FIELDS else []
    await show(event, ctx.t(f"form-ask-{field}"), ask_kb(ctx.t, field, organizations, page))


async def form_org_page(callback: CallbackQuery, callback_data: EventAdminCb, ctx: Ctx) -> None:
    """Another page of the organizations under the «org» or the «venue» question."""
    data = await ctx.state.get_data()
    field = data.get("field")
    page = id_from(callback_data.v)
    if field not in ORG_FIELDS or page is None:
        raise Outdated()
    await _ask(callback, ctx, field, page)


async def _preview(event: Message | CallbackQuery, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    draft = draft_from_state(data["draft"])
    await ctx.state.set_state(EventForm.preview)
    org = await ctx.organizations.get(draft.organization_id) if draft.organization_id else None
    errors = validate_draft(draft, utcnow(), editing=bool(data.get("event_id")))
    await show(event, *preview_view(ctx.t, ctx.settings, draft, org, errors))


async def _advance(event: Message | CallbackQuery, ctx: Ctx, draft: EventDraft) -> None:
    data = await ctx.state.get_data()
    await ctx.state.update_data(draft=draft_to_state(draft))
    step = _next_step(data["field"], ctx.user) if data.get("linear") else None
    if step is None:
        await ctx.state.update_data(linear=False)
        await _preview(event, ctx)
    else:
        await _ask(event, ctx, step)


async def _open(event: Message | CallbackQuery, ctx: Ctx, draft: EventDraft, event_id: int = 0) -> None:
    """The form at its preview: an event to edit, or a new one already filled in."""
    await ctx.state.set_data({"draft": draft_to_state(draft), "event_id": event_id, "linear": False})
    await _preview(event, ctx)


async def new_event(event: Message | CallbackQuery, ctx: Ctx) -> None:
    draft = EventDraft(organization_id=ctx.user.organization_id)
    await ctx.state.set_data({"draft": draft_to_state(draft), "event_id": 0, "linear": True})
    await _ask(event, ctx, "title")


async def edit_event(callback: CallbackQuery, callback_data: EventAdminCb, ctx: Ctx) -> None:
    event = await ctx.events.check_editable(ctx.user, callback_data.id)
    await _open(callback, ctx, EventDraft.from_event(event), event.id)


async def seminar(callback: CallbackQuery, callback_data: SurveyAdminCb, ctx: Ctx) -> None:
    """A most requested topic of a survey round as a new event: the form opens filled in at its preview, the
    coordinator adds what is missing (the date) and saves."""
    if not callback_data.v or callback_data.v == OTHER:
        raise Outdated()
    draft = await ctx.survey_results.seminar_draft(ctx.user, callback_data.id, callback_data.v, ctx.t)
    await _open(
        callback, ctx, replace(draft, organization_id=draft.organization_id or ctx.user.organization_id)
    )


async def form_text(message: Message, ctx: Ctx) -> None:
    t = ctx.t
    data = await ctx.state.get_data()
    field = data["field"]
    if field not in TYPED_FIELDS:
        await message.answer(t("form-use-buttons"))
        return
    try:
        now = None if data.get("event_id") else utcnow()  # an event being edited may already have begun
        draft = apply_field(draft_from_state(data["draft"]), field, message.text, ctx.settings.tz, now)
    except ValidationFailed as error:
        await message.answer(error_text(t, error) + "\n\n" + t(f"form-ask-{field}"))
        return
    await _advance(message, ctx, draft)


async def form_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("form-text-expected"))


async def form_choice(callback: CallbackQuery, callback_data: EventAdminCb, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    field = data["field"]
    draft = draft_from_state(data["draft"])
    value = callback_data.v if callback_data.act == EventAdminAct.CHOOSE else None
    if field == "kind" and value in CHOICE_FIELDS["kind"]:
        draft.kind = value
    elif field == "aud" and value in CHOICE_FIELDS["aud"]:
        draft.audience = value
    elif field == "venue" and value is not None and value.startswith("p") and value[1:].isdigit():
        await _ask(callback, ctx, field, int(value[1:]))  # another page of the organizations
        return
    elif field == "venue" and value is not None and value.startswith("o") and value[1:].isdigit():
        org = await ctx.organizations.get(int(value[1:]))
        draft.venue = ", ".join(x for x in (org.short_name, org.address) if x)
    elif field == "venue" and value is not None:  # an organization picked as the place: its name and address
        if not value.isdigit():
            raise Outdated()
        org = await ctx.organizations.get(int(value))
        if org.archived:
            raise Outdated()
        draft = apply_field(draft, "venue", venue_of(org), ctx.settings.tz)
    elif field == "org":
        org_id = id_from(value) if value is not None else None
        if value is not None and org_id is None:
            raise Outdated()
        if org_id is not None:
            await ctx.organizations.get(org_id)
        draft.organization_id = org_id or None
    elif callback_data.act == EventAdminAct.SKIP and field in OPTIONAL_FIELDS:
        draft = apply_field(draft, field, None, ctx.settings.tz)
    else:
        raise Outdated()
    await _advance(callback, ctx, draft)


async def form_field(callback: CallbackQuery, callback_data: EventAdminCb, ctx: Ctx) -> None:
    if callback_data.v not in EDITABLE or (callback_data.v == "org" and not _needs_org_step(ctx.user)):
        await callback.answer(ctx.t("error-not-your-org"), show_alert=True)
        return
    await _ask(callback, ctx, callback_data.v)


async def form_save(callback: CallbackQuery, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    event = await ctx.save_event(ctx.user, data.get("event_id"), draft_from_state(data["draft"]))
    await ctx.state.clear()
    card = await ctx.events.card(event.id, ctx.user)
    await show(callback, *event_card_screen(ctx.t, ctx.settings, card, ctx.t("form-saved")))


async def form_discard(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.clear()
    await show(callback, ctx.t("form-cancelled"), back_to_menu_kb(ctx.t))


async def cancel_ask(callback: CallbackQuery, callback_data: EventAdminCb, ctx: Ctx) -> None:
    event = await ctx.events.check_editable(ctx.user, callback_data.id)
    await show(callback, *cancel_confirm_view(ctx.t, event))


async def cancel_yes(callback: CallbackQuery, callback_data: EventAdminCb, ctx: Ctx) -> None:
    service = ctx.events
    await service.cancel(ctx.user, callback_data.id)
    card = await service.card(callback_data.id, ctx.user)
    await show(callback, *event_card_screen(ctx.t, ctx.settings, card, ctx.t("event-cancelled-done")))


def setup() -> Router:
    router = feature_router(__name__, Staff())
    router.message.register(new_event, Command("new_event"))
    router.callback_query.register(new_event, EventAdminCb.filter(F.act == EventAdminAct.NEW))
    router.callback_query.register(edit_event, EventAdminCb.filter(F.act == EventAdminAct.EDIT))
    router.callback_query.register(seminar, SurveyAdminCb.filter(F.act == SurveyAdminAct.SEMINAR))
    router.message.register(form_text, EventForm.value, F.text)
    router.message.register(form_not_text, EventForm.value)
    router.callback_query.register(
        form_choice,
        EventForm.value,
        EventAdminCb.filter(F.act.in_({EventAdminAct.CHOOSE, EventAdminAct.SKIP})),
    )
    router.callback_query.register(
        form_org_page, EventForm.value, EventAdminCb.filter(F.act == EventAdminAct.ORG_PAGE)
    )
    router.callback_query.register(
        form_field, EventForm.preview, EventAdminCb.filter(F.act == EventAdminAct.FIELD)
    )
    router.callback_query.register(
        form_save, EventForm.preview, EventAdminCb.filter(F.act == EventAdminAct.SAVE)
    )
    router.callback_query.register(form_discard, EventAdminCb.filter(F.act == EventAdminAct.DISCARD))
    router.callback_query.register(cancel_ask, EventAdminCb.filter(F.act == EventAdminAct.CANCEL_ASK))
    router.callback_query.register(cancel_yes, EventAdminCb.filter(F.act == EventAdminAct.CANCEL_YES))
    return router
