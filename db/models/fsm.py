from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime


class FsmRecord(Base):
    """A conversation's place in a form and what it has gathered so far, when there is no Redis (the embedded
    mode): one row per storage key (chat, person and destiny, as the Redis key). The state and the data expire
    apart, each FSM_STATE_TTL / FSM_DATA_TTL after it was last written, as the two Redis keys do."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(200), default=None)
    state_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)
    data_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
