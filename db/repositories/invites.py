from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Invite


class InviteRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, code: str) -> Invite | None:
        return await self.session.get(Invite, code)

    async def add(self, invite: Invite) -> Invite:
        self.session.add(invite)
        await self.session.flush()
        return invite

    async def claim(self, code: str, user_id: int, now: datetime) -> bool:
        """Mark an unused, unexpired invite used; False when someone else got there first."""
        result = await self.session.execute(
            update(Invite)
            .where(Invite.code == code, Invite.used_at.is_(None), Invite.expires_at > now)
            .values(used_at=now, used_by=user_id)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def open(self, now: datetime) -> list[Invite]:
        """Invites nobody has used yet that are still valid, newest first."""
        query = (
            select(Invite)
            .where(Invite.used_at.is_(None), Invite.expires_at > now)
            .order_by(Invite.created_at.desc(), Invite.code)
        )
        return list((await self.session.scalars(query)).all())

    async def withdraw(self, code: str) -> bool:
        """Delete an unused invite; False when it is gone or was used meanwhile."""
        result = await self.session.execute(
            delete(Invite)
            .where(Invite.code == code, Invite.used_at.is_(None))
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1
