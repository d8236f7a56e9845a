"""/start: consent → language → role → organization, invite deep links (`/start inv_<code>`), shared events
(`/start ev_<id>`: the card at once, or once consent and onboarding are done) and shared survey rounds
(`/start sv_<round id>`: the round's first screen, the same way)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message

from db.models import User, messenger_of
from handlers.common.commands import set_staff_commands
from handlers.common.context import Ctx, feature_router
from handlers.common.drafts import survey_drafts
from handlers.common.ids import id_from
from handlers.common.ui import error_text, h, show
from handlers.events.callbacks import EventAct, EventCb
from handlers.start.callbacks import OnboardCb, OnboardStep
from handlers.start.views import A11Y_ANSWERS, a11y_kb, consent_kb, language_kb, org_kb, role_kb, surveys_kb
from handlers.views.event_card import event_view
from handlers.views.menu import main_menu_kb
from handlers.views.survey_intro import round_intro_view
from services.core.errors import ConsentRequired, NotFound, Outdated, ServiceError
from services.core.i18n import L
from services.core.permissions import is_staff
from services.events.events import EVENT_LINK_PREFIX
from services.people.users import INVITE_PREFIX
from services.surveys.surveys import SURVEY_LINK_PREFIX, RoundClosed, definition

SHARED_EVENT = "shared_event"
SHARED_SURVEY = "shared_survey"


def _invite_code(command: CommandObject) -> str:
    arg = (command.args or "").strip()
    return arg[len(INVITE_PREFIX) :][:32] if arg.startswith(INVITE_PREFIX) else ""


async def _staff_commands(ctx: Ctx, user: User) -> None:
    """A person who now holds a staff role gets the staff commands in their chat's menu."""
    if is_staff(user):
        await set_staff_commands(ctx.bot, ctx.translator, user.id, user.language)


def _signed_up(ctx: Ctx) -> User:
    """The person, who must have given consent by now (a button from before /forget is refused)."""
    if ctx.user is None:
        raise ConsentRequired()
    return ctx.user


def _linked(arg: str, prefix: str) -> int:
    """The id of a shared link's argument (`ev_12`, `sv_3`), 0 when it is not one."""
    number = arg[len(prefix) :]
    return (id_from(number) or 0) if arg.startswith(prefix) else 0


def _event_link(command: CommandObject) -> int:
    """The event of a shared link (`/start ev_<id>`), 0 when the start is not one."""
    return _linked((command.args or "").strip(), EVENT_LINK_PREFIX)


def _survey_link(command: CommandObject) -> int:
    """The survey round of a shared link (`/start sv_<round id>`), 0 when the start is not one."""
    return _linked((command.args or "").strip(), SURVEY_LINK_PREFIX)


async def _send_round(message: Message, ctx: Ctx, user: User, round_id: int) -> None:
    """A shared survey round's first screen as a new message; a closed, missing or someone else's round gets a
    polite answer and the way to the open surveys."""
    t = ctx.translator.for_person(user)
    saved = (await survey_drafts(ctx.state).get_data()).get(str(round_id))
    service = ctx.surveys
    try:
        progress, survey = await service.begin(user, round_id, saved)
    except (NotFound, RoundClosed):
        await message.answer(t("share-survey-gone"), reply_markup=surveys_kb(t))
        return
    except ServiceError as error:  # answered already (anonymous), or meant for other people
        await message.answer(error_text(t, error), reply_markup=surveys_kb(t))
        return
    round_ = await service.get_round(round_id)
    assert round_ is not None
    text, markup = round_intro_view(t, ctx.settings, definition(survey), round_, progress, bool(saved))
    await message.answer(text, reply_markup=markup)


async def _send_card(message: Message, ctx: Ctx, user: User, event_id: int) -> None:
    """A shared event's card as a new message; a link to an event that is gone gets a polite answer."""
    t = ctx.translator.bind(user.language)
    try:
        card = await ctx.events.card(event_id, user)
    except NotFound:
        await message.answer(t("share-event-gone"), reply_markup=main_menu_kb(t, user))
        return
    place = await ctx.registrations.place(card.event, user.id)
    text, markup = event_view(
        t, ctx.settings, card, EventCb(act=EventAct.OPEN, id=event_id), place, ctx.cache
    )
    await message.answer(text, reply_markup=markup)


async def start(message: Message, command: CommandObject, ctx: Ctx) -> None:
    t, user = ctx.t, ctx.user
    await ctx.state.clear()
    round_id = _survey_link(command)
    if round_id:
        if user is None:  # consent first; the button carries the round
            await message.answer(
                t("consent-text", messenger=messenger_of(message.chat.id)),
                reply_markup=consent_kb(t, f"{SURVEY_LINK_PREFIX}{round_id}"),
            )
        else:
            await _send_round(message, ctx, user, round_id)
        return
    event_id = _event_link(command)
    if event_id:
        if user is None:  # consent first; the button carries the event (nothing is stored before consent)
            await message.answer(
                t("consent-text", messenger=messenger_of(message.chat.id)),
                reply_markup=consent_kb(t, f"{EVENT_LINK_PREFIX}{event_id}"),
            )
        else:
            await _send_card(message, ctx, user, event_id)
        return
    invite = _invite_code(command)
    service = ctx.users
    if invite:
        check = await service.check_invite(invite)
        if not check.ok:
            await message.answer(t(f"invite-{check.reason}"))
            invite = ""
    if user is None:
        await message.answer(
            t("consent-text", messenger=messenger_of(message.chat.id)), reply_markup=consent_kb(t, invite)
        )
        return
    if invite:
        try:
            user = await service.redeem_invite(user, invite)
            await message.answer(t("invite-accepted", role=t(f"role-{user.role}")))
            await _staff_commands(ctx, user)
        except ServiceError as error:
            await message.answer(t(error.key))
    await message.answer(
        t("menu-title", name=h(message.from_user.first_name)), reply_markup=main_menu_kb(t, user)
    )


async def decline(callback: CallbackQuery, ctx: Ctx) -> None:
    await show(callback, ctx.t("consent-declined"))


async def consent(callback: CallbackQuery, callback_data: OnboardCb, ctx: Ctx) -> None:
    t = ctx.t
    service = ctx.users
    user = await service.give_consent(callback.from_user.id, t.locale)
    if callback_data.inv.startswith(EVENT_LINK_PREFIX):  # a shared event: shown once onboarding is done
        shared = id_from(callback_data.inv[len(EVENT_LINK_PREFIX) :])
        if shared is not None:
            await ctx.state.update_data({SHARED_EVENT: shared})
    elif callback_data.inv.startswith(SURVEY_LINK_PREFIX):  # a shared survey round: the same
        if round_id := _linked(callback_data.inv, SURVEY_LINK_PREFIX):
            await ctx.state.update_data({SHARED_SURVEY: round_id})
    elif callback_data.inv:
        try:
            user = await service.redeem_invite(user, callback_data.inv)
            await callback.message.answer(t("invite-accepted", role=t(f"role-{user.role}")))
        except ServiceError as error:
            await callback.message.answer(t(error.key))
    await _staff_commands(ctx, user)  # an invite's role, or an administrator named in the settings
    await show(callback, t("choose-language"), language_kb())


async def _done(callback: CallbackQuery, user: User, t: L, ctx: Ctx) -> None:
    text = t("onboarding-done") + "\n\n" + t("menu-title", name=h(callback.from_user.first_name))
    await show(callback, text, main_menu_kb(t, user))
    data = await ctx.state.get_data()
    shared, survey = data.get(SHARED_EVENT), data.get(SHARED_SURVEY)
    if isinstance(shared, int) and isinstance(callback.message, Message):
        await ctx.state.clear()
        await _send_card(callback.message, ctx, user, shared)
    elif isinstance(survey, int) and isinstance(callback.message, Message):
        await ctx.state.clear()
        await _send_round(callback.message, ctx, user, survey)


async def _ask_reading(callback: CallbackQuery, t: L) -> None:
    """The last, optional question: how they like to read (skippable: «Обычный вид»; changed later in settings)."""
    await show(callback, t("a11y-ask"), a11y_kb(t))


async def choose_language(callback: CallbackQuery, callback_data: OnboardCb, ctx: Ctx) -> None:
    user = await ctx.users.set_language(_signed_up(ctx), callback_data.value)
    t = ctx.translator.for_person(user)
    if user.role is None:
        await show(callback, t("choose-role"), role_kb(t))
    else:  # staff came through an invite or ADMIN_IDS: their role and organization are set already
        await _staff_commands(ctx, user)  # now in the language they chose
        await _ask_reading(callback, t)


async def choose_role(callback: CallbackQuery, callback_data: OnboardCb, ctx: Ctx) -> None:
    await ctx.users.set_role(_signed_up(ctx), callback_data.value)
    organizations = await ctx.organizations.all()
    await show(callback, ctx.t("choose-org"), org_kb(ctx.t, organizations))


async def org_page(callback: CallbackQuery, callback_data: OnboardCb, ctx: Ctx) -> None:
    _signed_up(ctx)
    page = id_from(callback_data.value) or 0
    organizations = await ctx.organizations.all()
    await show(callback, ctx.t("choose-org"), org_kb(ctx.t, organizations, page))


async def choose_org(callback: CallbackQuery, callback_data: OnboardCb, ctx: Ctx) -> None:
    user = _signed_up(ctx)
    if callback_data.value != "skip":
        org_id = id_from(callback_data.value)
        if org_id is None:
            raise Outdated()
        user = await ctx.users.set_organization(user, org_id)
    await _ask_reading(callback, ctx.t)


async def choose_reading(callback: CallbackQuery, callback_data: OnboardCb, ctx: Ctx) -> None:
    answer = A11Y_ANSWERS.get(callback_data.value)
    if answer is None:
        raise Outdated()
    screen_reader, plain = answer
    user = await ctx.users.set_reading(_signed_up(ctx), screen_reader=screen_reader, plain_language=plain)
    await _done(callback, user, ctx.translator.for_person(user), ctx)


def setup() -> Router:
    router = feature_router(__name__)
    router.message.register(start, CommandStart())
    router.callback_query.register(decline, OnboardCb.filter(F.step == OnboardStep.DECLINE))
    router.callback_query.register(consent, OnboardCb.filter(F.step == OnboardStep.CONSENT))
    router.callback_query.register(choose_language, OnboardCb.filter(F.step == OnboardStep.LANG))
    router.callback_query.register(choose_role, OnboardCb.filter(F.step == OnboardStep.ROLE))
    router.callback_query.register(org_page, OnboardCb.filter(F.step == OnboardStep.ORG_PAGE))
    router.callback_query.register(choose_org, OnboardCb.filter(F.step == OnboardStep.ORG))
    router.callback_query.register(choose_reading, OnboardCb.filter(F.step == OnboardStep.A11Y))
    return router
