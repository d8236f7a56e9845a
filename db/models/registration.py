from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow


class Registration(Base):
    """One person's place at one event: confirmed, on the waitlist, or cancelled.

    `seq` orders the waitlist: it is given under the event's lock, so it is the order requests were handled in.
    `needs` holds the chosen need codes joined by commas (see services/registration/registrations.py), never a diagnosis;
    `display_name` is what the person chose to be called in the host's list (optional, deleted on cancel).
    """

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_registrations_event_id_user_id"),
        Index("ix_registrations_event_status_seq", "event_id", "status", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # confirmed | waitlisted | cancelled
    seq: Mapped[int] = mapped_column(Integer)
    needs: Mapped[str] = mapped_column(String(200), default="")
    needs_other: Mapped[str | None] = mapped_column(String(200), default=None)
    display_name: Mapped[str | None] = mapped_column(String(64), default=None)
    via_club: Mapped[bool] = mapped_column(Boolean, default=False)
    attended: Mapped[bool | None] = mapped_column(Boolean, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
