"""The schedule: pages of upcoming events, filters, an event card and its .ics file."""

from __future__ import annotations

import re
from datetime import date

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from db.models import User
from handlers.common.context import Ctx, feature_router
from handlers.common.filters import Registered
from handlers.common.links import start_link
from handlers.common.ui import button, column, h, short, show
from handlers.events.callbacks import FILTER_MENUS, EventAct, EventCb, ScheduleAct, ScheduleCb
from handlers.events.schedule_views import (
    AUDIENCE_CHOICES,
    choice_kb,
    describe_month,
    filter_state,
    schedule_kb,
    schedule_text,
)
from handlers.views.event_card import event_view
from services.core.clock import utcnow
from services.core.domain import FILTER_KINDS, EventStatus, default_audience_filter
from services.core.errors import Outdated
from services.core.i18n import L
from services.events.events import EVENT_LINK_PREFIX, ScheduleFilter
from services.events.ics import build_ics, has_calendar_dates

MONTHS_AHEAD = 6


def schedule_filter(cb: ScheduleCb | EventCb, user: User) -> ScheduleFilter:
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


async def render_schedule(event: Message | CallbackQuery, ctx: Ctx, f: ScheduleFilter, page: int) -> None:
    # The screen depends on the language, the filter and the page only, not on the person: many people see the
    # same pages, so the rendered text and keyboard are kept with the page data and dropped with it.
    t, settings, cache = ctx.t, ctx.settings, ctx.cache
    key = ("screen", t.locale, t.plain, t.screen_reader, f, page)
    screen = cache.get(key) if cache is not None else None
    if screen is None:
        result = await ctx.events.schedule(f, page, settings.page_size)
        org_name = None
        if f.organization_id:
            org_name = (await ctx.organizations.get(f.organization_id)).short_name
        screen = (
            schedule_text(t, settings, result, f, org_name),
            schedule_kb(t, settings, result, f),
            result.pages,
        )
        if cache is not None:
            cache.put(key, screen)
    text, markup, pages = screen
    toast, new = None, False
    if t.screen_reader and isinstance(event, CallbackQuery):
        if _on_the_list(event, t):  # another page or filter of the same list: said in the notice
            toast = t("toast-page", page=page + 1, pages=pages) if pages else None
        else:  # from the menu, a card or a filter's choices to the list: a new screen
            new = True
    await show(event, text, markup, toast=toast, new=new)


_TAGS = re.compile(r"<[^>]+>")


def _on_the_list(callback: CallbackQuery, t: L) -> bool:
    """Whether the press came from the schedule list itself (paging), not from another screen."""
    title = _TAGS.sub("", t("schedule-title")).strip()
    message = callback.message
    return isinstance(message, Message) and _TAGS.sub("", message.text or "").startswith(title)


async def schedule_command(message: Message, ctx: Ctx) -> None:
    f = ScheduleFilter(audience=default_audience_filter(ctx.user.role))
    await render_schedule(message, ctx, f, 0)


async def schedule_page(callback: CallbackQuery, callback_data: ScheduleCb, ctx: Ctx) -> None:
    f = schedule_filter(callback_data, ctx.user)
    await render_schedule(callback, ctx, f, callback_data.p)


async def schedule_filter_menu(callback: CallbackQuery, callback_data: ScheduleCb, ctx: Ctx) -> None:
    t, act = ctx.t, callback_data.act
    f = schedule_filter(callback_data, ctx.user)
    state = filter_state(f, callback_data.p)
    options: list[tuple[str, dict[str, object]]]
    if act == ScheduleAct.AUD:
        options = [(t(f"audience-filter-{a}"), {"a": a}) for a in AUDIENCE_CHOICES]
    elif act == ScheduleAct.KIND:
        options = [(t("filter-any-kind"), {"k": ""})] + [
            (t(f"kind-{k}-plural"), {"k": k.value}) for k in FILTER_KINDS
        ]
    elif act == ScheduleAct.ORG:
        orgs = await ctx.organizations.all()
        options = [(t("filter-any-org"), {"o": 0})] + [(o.short_name, {"o": o.id}) for o in orgs]
    else:
        today = utcnow().astimezone(ctx.settings.tz).date()
        months = [
            date(today.year + (today.month - 1 + i) // 12, (today.month - 1 + i) % 12 + 1, 1)
            for i in range(MONTHS_AHEAD)
        ]
        options = [(t("filter-any-month"), {"m": 0})] + [
            (describe_month(t, m).capitalize(), {"m": m.year * 100 + m.month}) for m in months
        ]
    await show(callback, t(f"filter-{act}-title"), choice_kb(t, options, state))


async def event_card(callback: CallbackQuery, callback_data: EventCb, ctx: Ctx) -> None:
    schedule_filter(callback_data, ctx.user)
    card = await ctx.events.card(callback_data.id, ctx.user)
    place = await ctx.registrations.place(card.event, ctx.user.id)
    t = ctx.t
    toast = t("toast-opened", title=short(card.event.title, 150)) if t.screen_reader else None
    await show(
        callback,
        *event_view(t, ctx.settings, card, callback_data, place, ctx.cache),
        toast=toast,
        new=t.screen_reader,
    )


async def event_ics(callback: CallbackQuery, callback_data: EventCb, ctx: Ctx) -> None:
    card = await ctx.events.card(callback_data.id, ctx.user)
    event = card.event
    if not has_calendar_dates(event.precision, event.starts_at) or event.starts_at is None:
        await callback.answer(ctx.t("ics-no-dates"), show_alert=True)
        return
    location = ", ".join(x for x in (card.organization.name if card.organization else None, event.venue) if x)
    data = build_ics(
        uid=f"event-{event.id}@vmeste",
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        precision=event.precision,
        tz=ctx.settings.tz,
        description=event.description,
        location=location or None,
        url=event.online_link,
    )
    await callback.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(data, filename=f"vmeste-event-{event.id}.ics"),
        caption=ctx.t("ics-caption"),
    )
    await callback.answer()


async def event_share(callback: CallbackQuery, callback_data: EventCb, ctx: Ctx) -> None:
    """«Поделиться»: a `t.me/<bot>?start=ev_<id>` link for school chats and websites; whoever opens it lands on
    this card (through consent first when they are new)."""
    card = await ctx.events.card(callback_data.id, ctx.user)
    if card.event.status != EventStatus.PUBLISHED:
        raise Outdated()
    link = await start_link(ctx.bot, f"{EVENT_LINK_PREFIX}{card.event.id}")
    back = callback_data.model_copy(update={"act": EventAct.OPEN})
    await show(
        callback,
        ctx.t("share-event", title=h(card.event.title), link=h(link)),
        column(button(ctx.t("btn-back-event"), back)),
    )


def setup() -> Router:
    router = feature_router(__name__, Registered())
    router.message.register(schedule_command, Command("schedule"))
    router.callback_query.register(schedule_page, ScheduleCb.filter(F.act == ScheduleAct.LIST))
    router.callback_query.register(schedule_filter_menu, ScheduleCb.filter(F.act.in_(FILTER_MENUS)))
    router.callback_query.register(event_card, EventCb.filter(F.act == EventAct.OPEN))
    router.callback_query.register(event_ics, EventCb.filter(F.act == EventAct.ICS))
    router.callback_query.register(event_share, EventCb.filter(F.act == EventAct.SHARE))
    return router
