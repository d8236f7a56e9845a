"""Every kind of notification the bot sends on its own, in one registry. A new kind is a value in `NotifyKind`
(services/notifications/rules.py), the function that plans it (or the service that queues it) and one entry here:
what it is about, which preference switches it off, what plans it, how it is rendered. The outbox checks and
renders rows through this registry; the scheduler runs its planners. A test checks every kind has an entry.

This module sits above the features (the survey planners need the survey service), so the notification machinery
below them stays free of them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.planners import PlanReport, event_reminders, plan_items_due, registration_closing
from services.notifications.planners import run_planners as _run_planners
from services.notifications.registry import (
    BROADCAST,
    EVENT,
    ROUND,
    NoticeKind,
    Registry,
    deadline_args,
    due_args,
    render_broadcast,
)
from services.notifications.rules import EVENT_REMINDERS, NotifyKind, QuietHours
from services.surveys.notices import event_feedback, survey_closing, survey_invitations

_REMINDER = {rule.kind: rule for rule in EVENT_REMINDERS}

#: In the order their planners run.
KINDS = (
    NoticeKind(
        NotifyKind.EVENT_24H,
        about=(EVENT,),
        preference=_REMINDER[NotifyKind.EVENT_24H].preference,
        planner=event_reminders,
        counts_down=True,
    ),
    NoticeKind(
        NotifyKind.EVENT_2H,
        about=(EVENT,),
        preference=_REMINDER[NotifyKind.EVENT_2H].preference,
        planner=event_reminders,
        counts_down=True,
    ),
    NoticeKind(
        NotifyKind.REGISTRATION_CLOSING,
        about=(EVENT,),
        preference="notify_deadlines",
        planner=registration_closing,
        extra_args=deadline_args,
        counts_down=True,
    ),
    NoticeKind(
        NotifyKind.PLAN_DUE_7D, about=(EVENT,), planner=plan_items_due, extra_args=due_args, counts_down=True
    ),
    NoticeKind(
        NotifyKind.PLAN_DUE_1D, about=(EVENT,), planner=plan_items_due, extra_args=due_args, counts_down=True
    ),
    NoticeKind(NotifyKind.SURVEY_INVITE, about=(ROUND,), planner=survey_invitations),
    NoticeKind(NotifyKind.SURVEY_CLOSING_3D, about=(ROUND,), planner=survey_closing, counts_down=True),
    NoticeKind(NotifyKind.SURVEY_CLOSING_1D, about=(ROUND,), planner=survey_closing, counts_down=True),
    NoticeKind(NotifyKind.EVENT_FEEDBACK, about=(EVENT, ROUND), planner=event_feedback),
    # Queued by the services the moment something happens (services/notifications/planners.py's hooks):
    NoticeKind(NotifyKind.EVENT_MOVED, about=(EVENT,)),
    NoticeKind(NotifyKind.EVENT_CANCELLED, about=(EVENT,), outlives_cancellation=True),
    NoticeKind(NotifyKind.WAITLIST_PROMOTED, about=(EVENT,)),
    NoticeKind(NotifyKind.BROADCAST, about=(BROADCAST,), render=render_broadcast),
)

REGISTRY = Registry(KINDS)


async def run_planners(
    session: AsyncSession, now: datetime, quiet: QuietHours, horizon: timedelta
) -> dict[str, PlanReport]:
    """Every planner of the registry, once each (the scheduler's job every minute)."""
    return await _run_planners(session, now, quiet, horizon, REGISTRY.planners)
