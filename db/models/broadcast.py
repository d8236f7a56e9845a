from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from db.base import Base, UTCDateTime, utcnow


class MessageIdText(TypeDecorator[int]):
    """A message id kept as text: Telegram's are small integers, a MAX message id (a string `mid.…`) is a very
    large integer on the aiogram side (bot/max/ids.py), far beyond any integer column."""

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: int | None, dialect: object) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: str | None, dialect: object) -> int | None:
        return None if value is None else int(value)


class Broadcast(Base):
    """A coordinator's announcement. Its copies are outbox rows (`notifications.ref = "broadcast:<id>"`)."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    # The organization the author is bound to (None: the whole network); the audience never leaves it.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), default=None
    )
    audience: Mapped[str] = mapped_column(
        String(20)
    )  # all | parents | teachers | org | event | waitlist | club
    audience_id: Mapped[int | None] = mapped_column(Integer, default=None)  # the org, event or club
    text: Mapped[str] = mapped_column(Text, default="")  # Telegram HTML (the author's formatting kept)
    media_kind: Mapped[str | None] = mapped_column(String(10), default=None)  # photo | document
    file_id: Mapped[str | None] = mapped_column(String(200), default=None)
    # A voice version (Telegram file id of an OGG/Opus voice message): recorded by the coordinator or made from the
    # text by services/broadcasts/speech.py; sent after the text to people who chose plain language or a screen reader.
    voice_file_id: Mapped[str | None] = mapped_column(String(200), default=None)
    with_ack: Mapped[bool] = mapped_column(Boolean, default=False)
    # draft | scheduled | sending | done | cancelled
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    total: Mapped[int] = mapped_column(Integer, default=0)
    # Copies by status whose outbox rows were deleted as old (housekeeping): the report adds them to the rows left.
    settled_counts: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    progress_message_id: Mapped[int | None] = mapped_column(MessageIdText(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class BroadcastAck(Base):
    """Someone pressed «Ознакомлен» under a broadcast."""

    __tablename__ = "broadcast_acks"

    broadcast_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    acked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
