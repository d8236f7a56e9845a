"""All models, imported here so that `Base.metadata` knows every table (Alembic and the tests rely on it)."""

from db.base import Base
from db.models.broadcast import Broadcast, BroadcastAck
from db.models.club import Club, ClubMeetingOptout, ClubMember, ClubQuestion
from db.models.event import Event
from db.models.fsm import FsmRecord
from db.models.invite import Invite
from db.models.notification import Notification
from db.models.organization import Organization
from db.models.plan import Plan
from db.models.processed_update import ProcessedUpdate
from db.models.registration import Registration
from db.models.survey import (
    Survey,
    SurveyAnswer,
    SurveyRecipient,
    SurveyRespondent,
    SurveyResponse,
    SurveyRound,
)
from db.models.user import MAX, TELEGRAM, User, account_of, messenger_of

__all__ = [
    "MAX",
    "TELEGRAM",
    "Base",
    "Broadcast",
    "BroadcastAck",
    "Club",
    "ClubMeetingOptout",
    "ClubMember",
    "ClubQuestion",
    "Event",
    "FsmRecord",
    "Invite",
    "Notification",
    "Organization",
    "Plan",
    "ProcessedUpdate",
    "Registration",
    "Survey",
    "SurveyAnswer",
    "SurveyRecipient",
    "SurveyRespondent",
    "SurveyResponse",
    "SurveyRound",
    "User",
    "account_of",
    "messenger_of",
]
