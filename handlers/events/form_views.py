"""The event form's questions and its preview."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from db.models import Event, Organization
from handlers.common.context import HandlerSettings
from handlers.common.ui import h, short
from handlers.events.callbacks import EventAct, EventAdminAct, EventAdminCb, EventCb
from handlers.views.event_card import event_text
from services.core.domain import Audience, EventStatus, Kind, Precision
from services.core.i18n import L
from services.events.events import OPTIONAL_FIELDS, EventCard, EventDraft

CHOICE_FIELDS = {"kind": [k.value for k in Kind], "aud": [a.value for a in Audience if a != Audience.UNKNOWN]}
EDITABLE = (
    "title",
    "kind",
    "aud",
    "start",
    "end",
    "description",
    "capacity",
    "venue",
    "link",
    "deadline",
    "org",
)
VENUE_PAGE = 8


def ask_kb(t: L, field: str, organizations: list[Organization], page: int = 0) -> InlineKeyboardMarkup:
    """The buttons under one question: the choices of a choice field (`organizations` for «org»; for the venue a
    page of them, an address may be typed instead), skip, cancel."""
    kb = InlineKeyboardBuilder()
    if field == "venue":
        pages = max(1, -(-len(organizations) // VENUE_PAGE))
        page = min(max(page, 0), pages - 1)
        for org in organizations[page * VENUE_PAGE : (page + 1) * VENUE_PAGE]:
            kb.button(
                text=short(org.short_name),
                callback_data=EventAdminCb(act=EventAdminAct.CHOOSE, v=f"o{org.id}").pack(),
            )
        if page > 0:
            kb.button(
                text=t("btn-prev"),
                callback_data=EventAdminCb(act=EventAdminAct.CHOOSE, v=f"p{page - 1}").pack(),
            )
        if page + 1 < pages:
            kb.button(
                text=t("btn-next"),
                callback_data=EventAdminCb(act=EventAdminAct.CHOOSE, v=f"p{page + 1}").pack(),
            )
    if field in CHOICE_FIELDS:
        for value in CHOICE_FIELDS[field]:
            label = t(f"kind-{value}") if field == "kind" else t(f"audience-{value}")
            kb.button(text=label, callback_data=EventAdminCb(act=EventAdminAct.CHOOSE, v=value).pack())
    elif field == "org":
        for org in organizations:
            kb.button(
                text=short(org.short_name),
                callback_data=EventAdminCb(act=EventAdminAct.CHOOSE, v=str(org.id)).pack(),
            )
    if field in OPTIONAL_FIELDS or field == "org":
        kb.button(text=t("btn-skip"), callback_data=EventAdminCb(act=EventAdminAct.SKIP).pack())
    kb.button(text=t("btn-form-cancel"), callback_data=EventAdminCb(act=EventAdminAct.DISCARD).pack())
    kb.adjust(1)
    return kb.as_markup()


def preview_event(draft: EventDraft) -> Event:
    """The draft as an unsaved event, for the card."""
    return Event(
        title=draft.title or "—",
        kind=draft.kind,
        audience=draft.audience,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        precision=Precision.EXACT if draft.has_time else Precision.DAY,
        description=draft.description,
        venue=draft.venue,
        registration_deadline=draft.registration_deadline,
        capacity=draft.capacity,
        online_link=draft.online_link,
        organization_id=draft.organization_id,
        status=EventStatus.PUBLISHED,
    )


def preview_view(
    t: L, settings: HandlerSettings, draft: EventDraft, org: Organization | None, errors: list[str]
) -> tuple[str, InlineKeyboardMarkup]:
    text = (
        t("form-preview-title")
        + "\n\n"
        + event_text(t, settings, EventCard(preview_event(draft), org, False))
    )
    if errors:
        text += "\n\n" + "\n".join("⚠️ " + t(key) for key in dict.fromkeys(errors))
    kb = InlineKeyboardBuilder()
    if not errors:
        kb.button(text=t("btn-form-save"), callback_data=EventAdminCb(act=EventAdminAct.SAVE).pack())
    for field in EDITABLE:
        kb.button(
            text=t(f"btn-form-field-{field}"),
            callback_data=EventAdminCb(act=EventAdminAct.FIELD, v=field).pack(),
        )
    kb.button(text=t("btn-form-cancel"), callback_data=EventAdminCb(act=EventAdminAct.DISCARD).pack())
    kb.adjust(1, 2, 2, 2, 2, 2, 1, 1)
    return text, kb.as_markup()


def cancel_confirm_view(t: L, event: Event) -> tuple[str, InlineKeyboardMarkup]:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("btn-cancel-event-yes"),
        callback_data=EventAdminCb(act=EventAdminAct.CANCEL_YES, id=event.id).pack(),
    )
    kb.button(text=t("btn-back"), callback_data=EventCb(act=EventAct.OPEN, id=event.id).pack())
    kb.adjust(1)
    return t("cancel-event-confirm", title=h(event.title)), kb.as_markup()
