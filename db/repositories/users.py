from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, inspect, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Invite, User
from db.quick_reads import attach, read_quickly
from services.user_cache import mark_changed

_MAPPER = inspect(User)
_COLUMNS = tuple(_MAPPER.columns)
_KEYS = tuple(_MAPPER.get_property_by_column(column).key for column in _COLUMNS)
_BY_ID = select(*_COLUMNS).where(User.__table__.c.id == bindparam("id"))


class UserRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        """The person's row. Read outside the session when it allows (`db.quick_reads`): the first thing each update
        of someone not in the user cache does."""
        if self.session.identity_map.get(_MAPPER.identity_key_from_primary_key([user_id])) is None:
            rows = read_quickly(self.session, _BY_ID, {"id": user_id})
            if rows is not None:
                return attach(self.session, _MAPPER, dict(zip(_KEYS, rows[0], strict=True))) if rows else None
        return await self.session.get(User, user_id)

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    async def delete(self, user_id: int) -> None:
        mark_changed(self.session, user_id)
        await self.session.execute(
            update(Invite)
            .where(Invite.used_by == user_id)
            .values(used_by=None)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(delete(User).where(User.id == user_id))

    async def mark_blocked(self, user_id: int, when: datetime) -> None:
        mark_changed(self.session, user_id)
        await self.session.execute(
            update(User).where(User.id == user_id).values(is_active=False, blocked_at=when)
        )

    async def active_ids(self, roles: Sequence[str] | None = None) -> list[int]:
        query = select(User.id).where(User.is_active.is_(True))
        if roles:
            query = query.where(User.role.in_(roles))
        return list((await self.session.scalars(query.order_by(User.id))).all())
