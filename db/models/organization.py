from __future__ import annotations

from sqlalchemy import String, Text
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
