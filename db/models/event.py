from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow


class Event(Base):
    """An item of the network's schedule.

    `starts_at`/`ends_at` are UTC instants; `precision` says how much of them is meant: an exact time, a day, a
    month, a period, a recurring or ongoing item, or one held on request (those may have no dates at all).
    """

    __tablename__ = "events"
    __table_args__ = (
        # Covers the schedule's count and page queries, so browsing reads the index alone.
        Index("ix_events_schedule", "status", "starts_at", "ends_at", "audience", "kind", "organization_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text, default=None)  # goal / what it is about
    result: Mapped[str | None] = mapped_column(Text, default=None)
    kind: Mapped[str] = mapped_column(String(20), default="other", index=True)
    audience: Mapped[str] = mapped_column(String(20), default="all", index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), default=None, index=True
    )
    venue: Mapped[str | None] = mapped_column(String(500), default=None)
    responsible: Mapped[str | None] = mapped_column(String(500), default=None)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    precision: Mapped[str] = mapped_column(String(16), default="exact")
    recurrence: Mapped[str | None] = mapped_column(String(20), default=None)
    when_text: Mapped[str | None] = mapped_column(String(500), default=None)
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)
    registration_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    online_link: Mapped[str | None] = mapped_column(String(500), default=None)
    status: Mapped[str] = mapped_column(String(16), default="published")
    # A stable key for events that come from elsewhere (demo data, imported plans): re-importing updates them.
    source_key: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)
    # A parent club's meeting belongs to the club; closing registration by hand is kept apart from the deadline.
    club_id: Mapped[int | None] = mapped_column(
        ForeignKey("clubs.id", ondelete="SET NULL"), default=None, index=True
    )
    registration_closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
