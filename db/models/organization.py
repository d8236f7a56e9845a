from __future__ import annotations

from sqlalchemy import Boolean, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class Organization(Base):
    """A site of the network: resource, base, pilot, additional or partner."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    short_name: Mapped[str] = mapped_column(String(120), unique=True)
    network_role: Mapped[str] = mapped_column(String(16), default="partner", index=True)
    address: Mapped[str | None] = mapped_column(String(500), default=None)
    contacts: Mapped[str | None] = mapped_column(String(500), default=None)
    offers: Mapped[str | None] = mapped_column(Text, default=None)
    accessibility: Mapped[str | None] = mapped_column(Text, default=None)
    # An archived site leaves every list and picker; its events, clubs and history stay.
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), index=True)
