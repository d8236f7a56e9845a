"""The event form's questions and its preview."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from db.models import Event, Organization
from handlers.common.context import HandlerSettings
from handlers.common.ui import button, h, page_of, pager, short
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
ORG_FIELDS = (
    "org",
    "venue",
)  # questions answered by picking an organization (the venue may be typed instead)


def venue_of(org: Organization) -> str:
    """An organization as a place: its short name and address."""
    return ", ".join(x for x in (org.short_name, org.address) if x)


def ask_kb(t: L, field: str, organizations: list[Organization], page: int = 0) -> InlineKeyboardMarkup:
    """The buttons under one question: the choices of a choice field (`organizations` for «org»; for the venue a
    page of them, an address may be typed instead), skip, cancel."""
    kb = InlineKeyboardBuilder()
    if field in CHOICE_FIELDS:
        for value in CHOICE_FIELDS[field]:
            label = t(f"kind-{value}") if field == "kind" else t(f"audience-{value}")
            kb.button(text=label, callback_data=EventAdminCb(act=EventAdminAct.CHOOSE, v=value).pack())
    shown = page_of(organizations, page)
    if field in ORG_FIELDS:
        for org in shown.items:
            kb.button(
                text=short(org.short_name),
                callback_data=EventAdminCb(act=EventAdminAct.CHOOSE, v=str(org.id)).pack(),
            )
    kb.adjust(1)
    if field in ORG_FIELDS:
        kb.row(*pager(t, shown, lambda p: EventAdminCb(act=EventAdminAct.ORG_PAGE, v=str(p))))
    if field in OPTIONAL_FIELDS or field == "org":
        kb.row(button(t("btn-skip"), EventAdminCb(act=EventAdminAct.SKIP)))
    kb.row(button(t("btn-form-cancel"), EventAdminCb(act=EventAdminAct.DISCARD)))
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
        text += "\n\n" + "\n".join(t.shown("⚠️ ") + t(key) for key in dict.fromkeys(errors))
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
