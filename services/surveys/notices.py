"""The survey notices' planners: invitations when a round opens, reminders before it closes, and the event
feedback survey after an event. They are named by the survey kinds in the registry (services/notices.py)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import SurveyRound, User
from db.repositories.audiences import AudienceRepo
from services.core.notifier import Notifier, wake_if
from services.notifications.outbox import queue
from services.notifications.planners import PLAN_HORIZON
from services.notifications.registry import PlanContext
from services.notifications.rules import (
    FEEDBACK_AFTER,
    FEEDBACK_USEFUL,
    SURVEY_CLOSING,
    Planned,
    no_quiet_hours,
    plan_event_feedback,
    plan_survey_closing,
    plan_survey_invites,
)
from services.surveys.surveys import FEEDBACK_DAYS, FEEDBACK_KEY, SurveyService

log = logging.getLogger(__name__)


async def survey_closing(ctx: PlanContext) -> list[Planned]:
    """Rounds closing in 3 days and in 1 day: those in the audience who have not answered are reminded (anonymous
    rounds too: the «has answered» mark is kept apart from the answers)."""
    service = SurveyService(ctx.session)
    planned: list[Planned] = []
    for round_ in await service.repo.rounds_closing(
        ctx.now, ctx.now + SURVEY_CLOSING[0].before + ctx.horizon
    ):
        if all(round_.closes_at - rule.before > ctx.now + ctx.horizon for rule in SURVEY_CLOSING):
            continue  # nothing due yet: spare the audience query
        people = await service.non_respondents(round_.id)
        planned += plan_survey_closing(round_.id, round_.closes_at, people, ctx.now, ctx.horizon)
    return planned


async def survey_invitations(ctx: PlanContext) -> list[Planned]:
    """A round a coordinator opened (at once, or at a time set ahead): everyone in its audience is invited, once,
    when it opens. The round is marked invited in the same transaction, so its audience is read only once; people
    who join the audience later find the round under «Surveys». A round opened at once is usually invited by
    `invite_to_round` already, from the coordinator's own request."""
    service = SurveyService(ctx.session)
    planned: list[Planned] = []
    for round_ in await service.repo.rounds_to_invite(ctx.now, ctx.now + ctx.horizon):
        planned += await _invitations(service, round_, ctx.now)
    return planned


async def _invitations(service: SurveyService, round_: SurveyRound, now: datetime) -> list[Planned]:
    people = await service.non_respondents(round_.id)
    round_.invited_at = now
    return plan_survey_invites(round_.id, round_.opens_at, round_.closes_at, people)


async def open_round_and_invite(
    session: AsyncSession,
    user: User | None,
    survey_id: int,
    audience: str,
    opens_at: datetime,
    closes_at: datetime,
    organization_id: int | None,
    notifier: Notifier,
) -> SurveyRound:
    """A coordinator opens a round (`SurveyService.open_round`, with its checks); one that opens now has its
    audience invited at once and the sender woken (a round that opens later is invited by the planner then)."""
    round_ = await SurveyService(session).open_round(
        user, survey_id, audience, opens_at, closes_at, organization_id
    )
    invited = await invite_to_round(session, round_, utcnow())
    await session.commit()
    wake_if(notifier, invited)
    return round_


class OpenRound:
    """Opening a round as one action (`open_round_and_invite` with this update's session and the sender)."""

    def __init__(self, session: AsyncSession, notifier: Notifier) -> None:
        self.session = session
        self.notifier = notifier

    async def __call__(
        self,
        user: User | None,
        survey_id: int,
        audience: str,
        opens_at: datetime,
        closes_at: datetime,
        organization_id: int | None,
    ) -> SurveyRound:
        return await open_round_and_invite(
            self.session, user, survey_id, audience, opens_at, closes_at, organization_id, self.notifier
        )


async def invite_to_round(session: AsyncSession, round_: SurveyRound, now: datetime) -> int:
    """A coordinator has just opened a round that opens now: queue its invitations at once rather than on the
    planner's next run (no commit: the caller's). Quiet hours are applied by the sender when the rows fall due.
    Returns how many were queued (0 for a round that opens later: the planner invites it then)."""
    if round_.invited_at is not None or round_.event_id is not None or round_.opens_at > now + PLAN_HORIZON:
        return 0
    planned = await _invitations(SurveyService(session), round_, now)
    return await queue(session, planned, now, no_quiet_hours(ZoneInfo("UTC")))


async def event_feedback(ctx: PlanContext) -> list[Planned]:
    """After an event ends, its confirmed registrants (only those who came, once attendance was marked) get the
    event feedback survey: a feedback round of the event is opened for them (as `SurveyService.open_feedback_round`
    does) and each is invited, once per person and event. Not for cancelled events (they are not published; a
    cancellation also withdraws pending invitations). Without the feedback survey loaded, nothing is asked."""
    audiences = AudienceRepo(ctx.session)
    ended = await audiences.events_ended(ctx.now - FEEDBACK_USEFUL, ctx.now + ctx.horizon - FEEDBACK_AFTER)
    if not ended:
        return []
    service = SurveyService(ctx.session)
    if await service.repo.latest(FEEDBACK_KEY) is None:
        log.debug("event feedback: the %s survey is not loaded", FEEDBACK_KEY)
        return []
    planned: list[Planned] = []
    for event_id, ended_at in ended:
        people = await audiences.feedback_people(event_id)
        if not people:
            continue
        opens = ended_at + FEEDBACK_AFTER
        round_ = await service.add_feedback_round(
            event_id, people, closes_at=opens + timedelta(days=FEEDBACK_DAYS), now=opens
        )
        round_.invited_at = ctx.now
        planned += plan_event_feedback(event_id, round_.id, ended_at, people)
    return planned
