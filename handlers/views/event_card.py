"""The event card: what the schedule opens, what a coordinator sees after saving or cancelling an event, and the
preview of the event form. The person's place (seats, their registration) and its buttons are part of it."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from db.models import Event
from handlers.common.context import HandlerSettings
from handlers.common.ui import button, h, keyboard
from handlers.events.callbacks import EventAct, EventAdminAct, EventAdminCb, EventCb, ScheduleAct, ScheduleCb
from handlers.organizations.callbacks import OrgAct, OrgCb
from handlers.registration.callbacks import RegAct, RegAdminAct, RegAdminCb, RegCb
from handlers.views.when import when_text
from services.core.domain import EventStatus
from services.core.i18n import L
from services.core.schedule_cache import ScheduleCache
from services.core.when import moment_for
from services.events.events import EventCard
from services.events.ics import has_calendar_dates
from services.registration.registrations import Place, RegStatus


def place_lines(t: L, settings: HandlerSettings, place: Place) -> list[str]:
    seats, lines = place.seats, []
    if seats.capacity is not None:
        if seats.left:
            lines.append(t("reg-seats-left", left=seats.left, capacity=seats.capacity))
        else:
            lines.append(t("reg-seats-none", waiting=seats.waitlisted))
    registration = place.registration
    if registration is not None and registration.status == RegStatus.CONFIRMED:
        lines.append(t("reg-you-confirmed"))
    elif registration is not None and registration.status == RegStatus.WAITLISTED:
        lines.append(t("reg-you-waiting", position=place.position or 0))
    elif place.closed_reason not in (None, "reg-closed-no-date", "reg-closed-cancelled"):
        lines.append(t(place.closed_reason))
    return lines


def place_buttons(t: L, event: Event, place: Place) -> list[list[InlineKeyboardButton]]:
    if event.status == EventStatus.CANCELLED:
        return []
    if place.active:
        return [
            [button(t("btn-reg-needs"), RegCb(act=RegAct.NEEDS, id=event.id))],
            [button(t("btn-reg-cancel"), RegCb(act=RegAct.CANCEL_ASK, id=event.id))],
        ]
    if place.closed_reason is None:
        full = place.seats.left == 0
        return [[button(t("btn-reg-wait" if full else "btn-reg-join"), RegCb(act=RegAct.JOIN, id=event.id))]]
    return []


def event_text(t: L, settings: HandlerSettings, card: EventCard, place: Place | None = None) -> str:
    event, org = card.event, card.organization
    lines = [f"<b>{h(event.title)}</b>"]
    if event.status == EventStatus.CANCELLED:
        lines.append(t("event-cancelled-mark"))
    lines.append(t("event-when", when=when_text(t, settings, event)))
    # The organization that runs it, then the place (which may name the same organization: said once).
    runs = org.short_name if org and not (event.venue or "").startswith(org.short_name) else None
    where = ", ".join(h(x) for x in (runs, event.venue) if x)
    if where:
        lines.append(t("event-where", where=where))
    if event.registration_deadline and event.status != EventStatus.CANCELLED:
        lines.append(t("event-deadline", when=moment_for(t, settings.tz, event.registration_deadline)))
    if event.responsible:
        lines.append(t("event-responsible", who=h(event.responsible)))
    lines.append(t("event-kind", kind=t(f"kind-{event.kind}")))
    lines.append(t("event-audience", audience=t(f"audience-{event.audience}")))
    if event.capacity:
        lines.append(t("event-capacity", seats=event.capacity))
    if event.description:
        lines.append(t("event-goal", goal=h(event.description)))
    if event.result:
        lines.append(t("event-result", result=h(event.result)))
    if event.online_link:
        lines.append(t("event-online", link=h(event.online_link)))
    if org and org.accessibility:
        lines.append(t("event-accessibility", text=h(org.accessibility)))
    if place is not None:
        lines += place_lines(t, settings, place)
    return "\n".join(lines)


def event_kb(t: L, card: EventCard, cb: EventCb, place: Place | None = None) -> InlineKeyboardMarkup:
    event = card.event
    state = {"a": cb.a, "k": cb.k, "o": cb.o, "m": cb.m, "p": cb.p}
    rows = place_buttons(t, event, place) if place is not None else []
    if has_calendar_dates(event.precision, event.starts_at) and event.status != EventStatus.CANCELLED:
        rows.append([button(t("btn-ics"), EventCb(act=EventAct.ICS, id=event.id, **state))])
    if event.status == EventStatus.PUBLISHED:
        rows.append([button(t("btn-share"), EventCb(act=EventAct.SHARE, id=event.id, **state))])
    if card.can_edit and event.status != EventStatus.CANCELLED:
        rows.append([button(t("btn-reg-roster"), RegAdminCb(act=RegAdminAct.ROSTER, id=event.id))])
        rows.append([button(t("btn-edit-event"), EventAdminCb(act=EventAdminAct.EDIT, id=event.id))])
        rows.append([button(t("btn-cancel-event"), EventAdminCb(act=EventAdminAct.CANCEL_ASK, id=event.id))])
    if card.organization:
        rows.append([button(t("btn-org-card"), OrgCb(act=OrgAct.OPEN, id=card.organization.id))])
    rows.append([button(t("btn-back-schedule"), ScheduleCb(act=ScheduleAct.LIST, **state))])
    return keyboard(*rows)


def event_card_screen(
    t: L, settings: HandlerSettings, card: EventCard, header: str = ""
) -> tuple[str, InlineKeyboardMarkup]:
    """The card as a coordinator sees it after an action (`header` says which), with a plain way back."""
    text = event_text(t, settings, card)
    return (header + "\n\n" + text if header else text), event_kb(
        t, card, EventCb(act=EventAct.OPEN, id=card.event.id)
    )


def event_view(
    t: L, settings: HandlerSettings, card: EventCard, cb: EventCb, place: Place, cache: ScheduleCache | None
) -> tuple[str, InlineKeyboardMarkup]:
    """The card as `event_text` and `event_kb` make it. Only the seats and the person's own place differ from one
    person to the next, so the rest is kept with the schedule pages (and dropped with them when an event changes)."""
    key = (
        "card-view",
        card.event.id,
        t.locale,
        t.plain,
        t.screen_reader,
        card.can_edit,
        cb.a,
        cb.k,
        cb.o,
        cb.m,
        cb.p,
    )
    common = cache.get(key) if cache is not None else None
    if common is None:
        common = (event_text(t, settings, card), event_kb(t, card, cb).inline_keyboard)
        if cache is not None:
            cache.put(key, common)
    text, rows = common
    lines = place_lines(t, settings, place)
    return "\n".join([text, *lines]), keyboard(*place_buttons(t, card.event, place), *rows)
