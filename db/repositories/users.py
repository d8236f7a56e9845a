from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Invite, User


class UserRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    async def delete(self, user_id: int) -> None:
        await self.session.execute(
            update(Invite)
            .where(Invite.used_by == user_id)
            .values(used_by=None)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(delete(User).where(User.id == user_id))

    async def mark_blocked(self, user_id: int, when: datetime) -> None:
        await self.session.execute(
            update(User).where(User.id == user_id).values(is_active=False, blocked_at=when)
        )

    async def active_ids(self, roles: Sequence[str] | None = None) -> list[int]:
        query = select(User.id).where(User.is_active.is_(True))
        if roles:
            query = query.where(User.role.in_(roles))
        return list((await self.session.scalars(query.order_by(User.id))).all())

    async def staff(self, roles: Sequence[str]) -> list[User]:
        """Everyone holding one of `roles`, administrators first."""
        query = select(User).where(User.role.in_(roles)).order_by(User.role, User.id)
        return list((await self.session.scalars(query)).all())
