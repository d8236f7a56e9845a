"""The schedule: pages of upcoming events, filters, an event card and its .ics file."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from db.base import utcnow
from db.models import Event, User
from handlers.callbacks import EventAdminCb, EventCb, OrgCb, ScheduleCb
from handlers.common import MenuCb, Registered, button, h, keyboard, short, show
from handlers.registration import place_buttons, place_lines, roster_button
from services.core.domain import FILTER_KINDS, EventStatus, default_audience_filter
from services.core.errors import Outdated
from services.core.i18n import L
from services.core.schedule_cache import ScheduleCache
from services.core.when import describe_when
from services.events.events import EventCard, EventService, ScheduleFilter, SchedulePage
from services.events.ics import build_ics, has_calendar_dates
from services.people.organizations import OrganizationService
from services.registration.registrations import Place, RegistrationService

AUDIENCE_CHOICES = ("all", "parents", "teachers")
MONTHS_AHEAD = 6


def _filter(cb: ScheduleCb | EventCb, user: User) -> ScheduleFilter:
    """A callback's filter state, checked: anything that is not one of our values is an outdated or forged menu."""
    audience = cb.a or default_audience_filter(user.role)
    if audience not in AUDIENCE_CHOICES or (cb.k and cb.k not in FILTER_KINDS) or cb.o < 0 or cb.p < 0:
        raise Outdated()
    month = None
    if cb.m:
        year, mon = divmod(cb.m, 100)
        if not (2000 <= year <= 2100 and 1 <= mon <= 12):
            raise Outdated()
        month = date(year, mon, 1)
    return ScheduleFilter(audience=audience, kind=cb.k or None, organization_id=cb.o or None, month=month)


def _state(f: ScheduleFilter, page: int) -> dict[str, object]:
    return {
        "a": f.audience,
        "k": f.kind or "",
        "o": f.organization_id or 0,
        "m": f.month.year * 100 + f.month.month if f.month else 0,
        "p": page,
    }


def when_short(t: L, settings: Settings, event: Event) -> str:
    return describe_when(
        t, settings.tz, event.precision, event.starts_at, event.ends_at, event.recurrence, event.when_text
    )


def _filters_line(t: L, f: ScheduleFilter, org_name: str | None) -> str:
    parts = [t(f"audience-filter-{f.audience}")]
    if f.kind:
        parts.append(t(f"kind-{f.kind}-plural"))
    if org_name:
        parts.append(h(org_name))
    if f.month:
        parts.append(describe_month(t, f.month))
    return " · ".join(parts)


def describe_month(t: L, month: date) -> str:
    from babel.dates import format_date

    return format_date(month, "LLLL y", locale=t.locale)


def schedule_text(
    t: L, settings: Settings, page: SchedulePage, f: ScheduleFilter, org_name: str | None
) -> str:
    lines = [t("schedule-title"), t("schedule-filters", filters=_filters_line(t, f, org_name)), ""]
    if not page.items:
        lines.append(t("schedule-empty"))
    for number, event in enumerate(page.items, start=page.page * settings.page_size + 1):
        lines.append(f"{number}. <b>{h(event.title)}</b>\n    🗓 {when_short(t, settings, event)}")
    if page.total:
        lines += ["", t("schedule-page", page=page.page + 1, pages=page.pages, total=page.total)]
    return "\n".join(lines)


def schedule_kb(t: L, settings: Settings, page: SchedulePage, f: ScheduleFilter) -> InlineKeyboardMarkup:
    state = _state(f, page.page)
    first = page.page * settings.page_size + 1
    rows = [
        [button(short(f"{number}. {event.title}"), EventCb(act="open", id=event.id, **state))]
        for number, event in enumerate(page.items, start=first)
    ]
    nav = []
    if page.page > 0:
        nav.append(button(t("btn-prev"), ScheduleCb(act="list", **{**state, "p": page.page - 1})))
    if page.page + 1 < page.pages:
        nav.append(button(t("btn-next"), ScheduleCb(act="list", **{**state, "p": page.page + 1})))
    filters = [
        button(t(f"btn-filter-{act}"), ScheduleCb(act=act, **state))
        for act in ("aud", "kind", "org", "month")
    ]
    return keyboard(*rows, nav, filters[:2], filters[2:], [button(t("btn-menu"), MenuCb(to="main"))])


async def render_schedule(
    event: Message | CallbackQuery,
    session: AsyncSession,
    settings: Settings,
    t: L,
    f: ScheduleFilter,
    page: int,
    cache: ScheduleCache | None = None,
) -> None:
    # The screen depends on the language, the filter and the page only, not on the person: many people see the
    # same pages, so the rendered text and keyboard are kept with the page data and dropped with it.
    key = ("screen", t.locale, f, page)
    screen = cache.get(key) if cache is not None else None
    if screen is None:
        result = await EventService(session, settings.tz, cache).schedule(f, page, settings.page_size)
        org_name = None
        if f.organization_id:
            org_name = (await OrganizationService(session).get(f.organization_id)).short_name
        screen = (schedule_text(t, settings, result, f, org_name), schedule_kb(t, settings, result, f))
        if cache is not None:
            cache.put(key, screen)
    await show(event, *screen)


async def schedule_command(
    message: Message,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    schedule_cache: ScheduleCache,
) -> None:
    f = ScheduleFilter(audience=default_audience_filter(user.role))
    await render_schedule(message, session, settings, t, f, 0, schedule_cache)


async def schedule_page(
    callback: CallbackQuery,
    callback_data: ScheduleCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    schedule_cache: ScheduleCache,
) -> None:
    f = _filter(callback_data, user)
    await render_schedule(callback, session, settings, t, f, callback_data.p, schedule_cache)


def _choice_kb(
    t: L, options: list[tuple[str, dict[str, object]]], state: dict[str, object]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for label, change in options:
        kb.button(
            text=short(label), callback_data=ScheduleCb(act="list", **{**state, **change, "p": 0}).pack()
        )
    kb.button(text=t("btn-back"), callback_data=ScheduleCb(act="list", **state).pack())
    kb.adjust(1)
    return kb.as_markup()


async def schedule_filter_menu(
    callback: CallbackQuery,
    callback_data: ScheduleCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
) -> None:
    f = _filter(callback_data, user)
    state = _state(f, callback_data.p)
    options: list[tuple[str, dict[str, object]]]
    if callback_data.act == "aud":
        options = [(t(f"audience-filter-{a}"), {"a": a}) for a in AUDIENCE_CHOICES]
    elif callback_data.act == "kind":
        options = [(t("filter-any-kind"), {"k": ""})] + [
            (t(f"kind-{k}-plural"), {"k": k.value}) for k in FILTER_KINDS
        ]
    elif callback_data.act == "org":
        orgs = await OrganizationService(session).all()
        options = [(t("filter-any-org"), {"o": 0})] + [(o.short_name, {"o": o.id}) for o in orgs]
    else:
        today = utcnow().astimezone(settings.tz).date()
        months = [
            date(today.year + (today.month - 1 + i) // 12, (today.month - 1 + i) % 12 + 1, 1)
            for i in range(MONTHS_AHEAD)
        ]
        options = [(t("filter-any-month"), {"m": 0})] + [
            (describe_month(t, m).capitalize(), {"m": m.year * 100 + m.month}) for m in months
        ]
    await show(callback, t(f"filter-{callback_data.act}-title"), _choice_kb(t, options, state))


def event_text(t: L, settings: Settings, card: EventCard, place: Place | None = None) -> str:
    event, org = card.event, card.organization
    lines = [f"<b>{h(event.title)}</b>"]
    if event.status == EventStatus.CANCELLED:
        lines.append(t("event-cancelled-mark"))
    lines.append(t("event-when", when=when_short(t, settings, event)))
    where = ", ".join(h(x) for x in (org.short_name if org else None, event.venue) if x)
    if where:
        lines.append(t("event-where", where=where))
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
        rows.append([button(t("btn-ics"), EventCb(act="ics", id=event.id, **state))])
    if card.can_edit and event.status != EventStatus.CANCELLED:
        rows.append(roster_button(t, event))
        rows.append([button(t("btn-edit-event"), EventAdminCb(act="edit", id=event.id))])
        rows.append([button(t("btn-cancel-event"), EventAdminCb(act="cancel_ask", id=event.id))])
    if card.organization:
        rows.append([button(t("btn-org-card"), OrgCb(act="open", id=card.organization.id))])
    rows.append([button(t("btn-back-schedule"), ScheduleCb(act="list", **state))])
    return keyboard(*rows)


async def event_card(
    callback: CallbackQuery,
    callback_data: EventCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    schedule_cache: ScheduleCache,
) -> None:
    _filter(callback_data, user)
    card = await EventService(session, settings.tz, schedule_cache).card(callback_data.id, user)
    place = await RegistrationService(session).place(card.event, user.id)
    await show(callback, *event_view(t, settings, card, callback_data, place, schedule_cache))


def event_view(
    t: L, settings: Settings, card: EventCard, cb: EventCb, place: Place, cache: ScheduleCache | None
) -> tuple[str, InlineKeyboardMarkup]:
    """The card as `event_text` and `event_kb` make it. Only the seats and the person's own place differ from one
    person to the next, so the rest is kept with the schedule pages (and dropped with them when an event changes)."""
    key = ("card-view", card.event.id, t.locale, card.can_edit, cb.a, cb.k, cb.o, cb.m, cb.p)
    common = cache.get(key) if cache is not None else None
    if common is None:
        common = (event_text(t, settings, card), event_kb(t, card, cb).inline_keyboard)
        if cache is not None:
            cache.put(key, common)
    text, rows = common
    lines = place_lines(t, settings, place)
    return "\n".join([text, *lines]), keyboard(*place_buttons(t, card.event, place), *rows)


async def event_ics(
    callback: CallbackQuery,
    callback_data: EventCb,
    user: User,
    session: AsyncSession,
    settings: Settings,
    t: L,
    schedule_cache: ScheduleCache,
) -> None:
    card = await EventService(session, settings.tz, schedule_cache).card(callback_data.id, user)
    event = card.event
    if not has_calendar_dates(event.precision, event.starts_at) or event.starts_at is None:
        await callback.answer(t("ics-no-dates"), show_alert=True)
        return
    location = ", ".join(x for x in (card.organization.name if card.organization else None, event.venue) if x)
    data = build_ics(
        uid=f"event-{event.id}@vmeste",
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        precision=event.precision,
        tz=settings.tz,
        description=event.description,
        location=location or None,
        url=event.online_link,
    )
    await callback.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(data, filename=f"vmeste-event-{event.id}.ics"),
        caption=t("ics-caption"),
    )
    await callback.answer()


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(schedule_command, Command("schedule"))
    router.callback_query.register(schedule_page, ScheduleCb.filter(F.act == "list"))
    router.callback_query.register(
        schedule_filter_menu, ScheduleCb.filter(F.act.in_({"aud", "kind", "org", "month"}))
    )
    router.callback_query.register(event_card, EventCb.filter(F.act == "open"))
    router.callback_query.register(event_ics, EventCb.filter(F.act == "ics"))
    return router
