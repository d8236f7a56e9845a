"""Surveys, their rounds, and the answers.

Anonymity is kept by the shape of the tables: an anonymous response has a random id, no user column set, and only
the day it was sent; the separate `survey_respondents` mark (round, person) has no time and no link to a response.
The answer tables are stored WITHOUT ROWID on SQLite, so not even the storage order follows the sending order.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow


class Survey(Base):
    """One version of a questionnaire loaded from YAML. Loading a changed file adds a version; rounds keep theirs."""

    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(16))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    title_ru: Mapped[str] = mapped_column(String(2000))
    title_en: Mapped[str] = mapped_column(String(2000))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SurveyRound(Base):
    """A survey asked of an audience between two instants; monitoring repeats a survey in rounds to compare."""

    __tablename__ = "survey_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(String(16))  # parents | teachers | all | org | recipients
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), default=None
    )
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), default=None)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When its invitations were queued (the planner does it once, at its opening); NULL: not yet.
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class SurveyRecipient(Base):
    """Who a round is for when it is not a whole audience (the people of an event, for its feedback)."""

    __tablename__ = "survey_recipients"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("survey_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SurveyRespondent(Base):
    """«Has answered»: kept for reminders and response rates, with no time and no link to the answers."""

    __tablename__ = "survey_respondents"
    __table_args__ = {"sqlite_with_rowid": False}

    round_id: Mapped[int] = mapped_column(
        ForeignKey("survey_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SurveyResponse(Base):
    """A sent response. Named ones carry the person; anonymous ones only a random id and the day."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("round_id", "user_id"), {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), default=None
    )
    submitted_on: Mapped[date] = mapped_column(Date)


class SurveyAnswer(Base):
    """One chosen value of one question (a multiple choice gives several rows); `text` for «other» and free text."""

    __tablename__ = "survey_answers"
    __table_args__ = {"sqlite_with_rowid": False}

    response_id: Mapped[str] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(24), primary_key=True)
    value: Mapped[str] = mapped_column(String(24), primary_key=True)
    text: Mapped[str | None] = mapped_column(Text, default=None)
