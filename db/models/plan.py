from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow


class Plan(Base):
    """An imported plan («план мероприятий», «дорожная карта»): where its events came from and who brought it.

    `key` names the plan within its organization (its title, else its file name), so importing the same plan
    again updates this row and its events. `imported_by` is the coordinator to remind about the plan's items
    (NULL for a command-line import, and after that person asked to be forgotten).
    """

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(String(500), default=None)
    source_name: Mapped[str] = mapped_column(String(255))
    starts_on: Mapped[date | None] = mapped_column(Date, default=None)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), default=None, index=True
    )
    imported_by: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rows_count: Mapped[int] = mapped_column(Integer, default=0)  # data rows in the file: events + skipped
    events_count: Mapped[int] = mapped_column(Integer, default=0)  # schedule entries (occurrences included)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    warnings_count: Mapped[int] = mapped_column(Integer, default=0)
    # A plan the coordinators are done with: out of the list of plans unless asked for; its events stay.
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
