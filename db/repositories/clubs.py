from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Club, ClubMeetingOptout, ClubMember, ClubQuestion, Event


class ClubRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, club_id: int) -> Club | None:
        return await self.session.get(Club, club_id)

    async def add(self, club: Club) -> Club:
        self.session.add(club)
        await self.session.flush()
        return club

    async def all(self, organization_id: int | None = None) -> list[Club]:
        query = select(Club).order_by(Club.title, Club.id)
        if organization_id is not None:
            query = query.where(Club.organization_id == organization_id)
        return list((await self.session.scalars(query)).all())

    async def member_counts(self) -> dict[int, int]:
        rows = await self.session.execute(
            select(ClubMember.club_id, func.count()).group_by(ClubMember.club_id)
        )
        return {club_id: count for club_id, count in rows.all()}

    async def member(self, club_id: int, user_id: int) -> ClubMember | None:
        return await self.session.get(ClubMember, (club_id, user_id))

    async def members(self, club_id: int) -> list[int]:
        query = select(ClubMember.user_id).where(ClubMember.club_id == club_id).order_by(ClubMember.joined_at)
        return list((await self.session.scalars(query)).all())

    async def clubs_of(self, user_id: int) -> list[Club]:
        query = (
            select(Club)
            .join(ClubMember, ClubMember.club_id == Club.id)
            .where(ClubMember.user_id == user_id)
            .order_by(Club.title)
        )
        return list((await self.session.scalars(query)).all())

    async def add_member(self, club_id: int, user_id: int, now: datetime) -> None:
        self.session.add(ClubMember(club_id=club_id, user_id=user_id, joined_at=now))
        await self.session.flush()

    async def remove_member(self, club_id: int, user_id: int) -> None:
        await self.session.execute(
            delete(ClubMember).where(ClubMember.club_id == club_id, ClubMember.user_id == user_id)
        )

    async def meetings(self, club_id: int, now: datetime, limit: int = 10) -> list[Event]:
        """The club's meetings that are not over yet, soonest first."""
        query = (
            select(Event)
            .where(
                Event.club_id == club_id,
                Event.status == "published",
                or_(Event.starts_at.is_(None), func.coalesce(Event.ends_at, Event.starts_at) >= now),
            )
            .order_by(Event.starts_at.is_(None), Event.starts_at, Event.id)
            .limit(limit)
        )
        return list((await self.session.scalars(query)).all())

    async def optouts(self, event_id: int) -> set[int]:
        query = select(ClubMeetingOptout.user_id).where(ClubMeetingOptout.event_id == event_id)
        return set((await self.session.scalars(query)).all())

    async def add_question(self, question: ClubQuestion) -> ClubQuestion:
        self.session.add(question)
        await self.session.flush()
        return question

    async def questions(self, club_id: int, limit: int = 50) -> list[tuple[ClubQuestion, Event | None]]:
        query = (
            select(ClubQuestion, Event)
            .outerjoin(Event, Event.id == ClubQuestion.event_id)
            .where(ClubQuestion.club_id == club_id)
            .order_by(ClubQuestion.created_at.desc(), ClubQuestion.id.desc())
            .limit(limit)
        )
        return [(q, e) for q, e in (await self.session.execute(query)).all()]
