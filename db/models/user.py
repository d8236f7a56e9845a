from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow

# A person is a (messenger, account id) pair. `users.id` stays the person's internal id, which every foreign key
# uses: a Telegram person's id is their Telegram user id, a MAX person's is MAX_PERSON_BASE + their MAX user id
# (the id they have on the aiogram side, see bot/max/ids.py), so the two never collide.
TELEGRAM = "telegram"
MAX = "max"
MESSENGERS = (TELEGRAM, MAX)
MAX_PERSON_BASE = 1 << 60


def messenger_of(person_id: int) -> str:
    return MAX if person_id >= MAX_PERSON_BASE else TELEGRAM


def account_of(person_id: int) -> int:
    """The person's id on their own messenger."""
    return person_id - MAX_PERSON_BASE if person_id >= MAX_PERSON_BASE else person_id


def _messenger_default(context: DefaultExecutionContext) -> str:
    return messenger_of(context.get_current_parameters()["id"])


def _account_default(context: DefaultExecutionContext) -> int:
    return account_of(context.get_current_parameters()["id"])


class User(Base):
    """A person who gave consent. Nothing is stored before consent; `/forget` deletes the row and what hangs on it."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("messenger", "account_id"),
        CheckConstraint("messenger IN ('telegram', 'max')", name="messenger"),
    )

    # Telegram user id, or MAX_PERSON_BASE + MAX user id
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Which messenger the person uses and their id there (filled from `id` when not given).
    messenger: Mapped[str] = mapped_column(String(8), default=_messenger_default, server_default=TELEGRAM)
    account_id: Mapped[int] = mapped_column(BigInteger, default=_account_default)
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
