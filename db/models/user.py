from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow


class User(Base):
    """A person who gave consent. Nothing is stored before consent; `/forget` deletes the row and what hangs on it."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # Telegram user id
    language: Mapped[str] = mapped_column(String(5), default="ru")
    role: Mapped[str | None] = mapped_column(String(16), default=None)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), default=None, index=True
    )
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    notify_24h: Mapped[bool] = mapped_column(Boolean, default=True)
    notify_2h: Mapped[bool] = mapped_column(Boolean, default=True)
    # Deadlines of events for one's audience (registration closing tomorrow); asked for, so off by default.
    notify_deadlines: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Reading settings, chosen by the person (off until they say so): no decorative pictograms, a spoken answer to
    # every press, new messages instead of edits, dates in words; and the easy-to-read versions of texts.
    screen_reader: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    plain_language: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
