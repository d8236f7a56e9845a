from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow


class Notification(Base):
    """One message the bot sends on its own (a reminder, a notice, one copy of a broadcast): the outbox.

    `dedup_key` is unique, so planning the same reminder twice inserts nothing. The text is not stored: it is
    rendered at send time, in the recipient's language, from `payload` (a message key and its arguments, or a
    broadcast id). `last_error` holds an error class, never a message text.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        # Claiming: the earliest due pending rows. Partial, so it holds only what is still to be sent: the history
        # does not slow claiming down, and a claimed row leaves it.
        Index(
            "ix_notifications_due",
            "due_at",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        # Withdrawing and counting: the rows about one thing (an event, a broadcast). Without the status, so
        # sending a row does not touch this index.
        Index("ix_notifications_ref", "ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    ref: Mapped[str] = mapped_column(String(40))  # what it is about: "event:12", "broadcast:3", "plan:7"
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)  # urgent messages ignore quiet hours
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(64), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    dedup_key: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
