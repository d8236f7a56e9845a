from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import Select, and_, delete, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Survey,
    SurveyAnswer,
    SurveyRecipient,
    SurveyRespondent,
    SurveyResponse,
    SurveyRound,
    User,
)


def non_respondents_query(round_id: int, roles_for: Mapping[str, Sequence[str]]) -> Select:
    """Ids of the active people a round is for (its recipient list, or its audience: roles and organization) who
    have not answered it (the «has answered» mark, so anonymous rounds too), as one query. `roles_for`: audience
    name → the roles it reaches."""
    answered = exists().where(
        SurveyRespondent.round_id == SurveyRound.id, SurveyRespondent.user_id == User.id
    )
    listed = exists().where(SurveyRecipient.round_id == SurveyRound.id, SurveyRecipient.user_id == User.id)
    by_role = or_(
        *(
            and_(SurveyRound.audience == name, User.role.in_(roles))
            for name, roles in roles_for.items()
            if roles
        )
    )
    in_org = or_(
        and_(SurveyRound.organization_id.is_(None), SurveyRound.audience != "org"),
        User.organization_id == SurveyRound.organization_id,
    )
    return (
        select(User.id)
        .join(SurveyRound, SurveyRound.id == round_id)
        .where(
            User.is_active.is_(True),
            ~answered,
            or_(
                and_(SurveyRound.audience == "recipients", listed),
                and_(SurveyRound.audience != "recipients", by_role, in_org),
            ),
        )
    )


class SurveyRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # Surveys

    async def get(self, survey_id: int) -> Survey | None:
        return await self.session.get(Survey, survey_id)

    async def latest(self, key: str) -> Survey | None:
        query = select(Survey).where(Survey.key == key).order_by(Survey.version.desc()).limit(1)
        return await self.session.scalar(query)

    async def latest_all(self) -> list[Survey]:
        newest = select(Survey.key, func.max(Survey.version).label("v")).group_by(Survey.key).subquery()
        query = (
            select(Survey)
            .join(newest, (Survey.key == newest.c.key) & (Survey.version == newest.c.v))
            .order_by(Survey.key)
        )
        return list((await self.session.scalars(query)).all())

    async def add(self, item: object) -> None:
        self.session.add(item)
        await self.session.flush()

    # Rounds

    async def get_round(self, round_id: int) -> SurveyRound | None:
        return await self.session.get(SurveyRound, round_id)

    async def open_rounds(self, now: datetime) -> list[tuple[SurveyRound, Survey]]:
        query = (
            select(SurveyRound, Survey)
            .join(Survey, Survey.id == SurveyRound.survey_id)
            .where(SurveyRound.opens_at <= now, SurveyRound.closes_at > now)
            .order_by(SurveyRound.closes_at, SurveyRound.id)
        )
        return [(r, s) for r, s in (await self.session.execute(query)).all()]

    async def rounds_closing(self, after: datetime, until: datetime) -> list[SurveyRound]:
        """Rounds already open that close in (after, until]."""
        query = (
            select(SurveyRound)
            .where(
                SurveyRound.opens_at <= after, SurveyRound.closes_at > after, SurveyRound.closes_at <= until
            )
            .order_by(SurveyRound.closes_at, SurveyRound.id)
        )
        return list((await self.session.scalars(query)).all())

    async def rounds_to_invite(self, now: datetime, until: datetime) -> list[SurveyRound]:
        """Rounds opening before `until`, still open, whose invitations are not queued yet. Feedback rounds (those
        of an event) are left out: the event feedback planner invites their people itself."""
        query = (
            select(SurveyRound)
            .where(
                SurveyRound.invited_at.is_(None),
                SurveyRound.event_id.is_(None),
                SurveyRound.opens_at <= until,
                SurveyRound.closes_at > now,
            )
            .order_by(SurveyRound.opens_at, SurveyRound.id)
        )
        return list((await self.session.scalars(query)).all())

    async def feedback_round_of(self, event_id: int) -> SurveyRound | None:
        query = select(SurveyRound).where(SurveyRound.event_id == event_id).order_by(SurveyRound.id).limit(1)
        return await self.session.scalar(query)

    async def rounds(
        self, organization_id: int | None = None, limit: int = 20
    ) -> list[tuple[SurveyRound, Survey]]:
        query = select(SurveyRound, Survey).join(Survey, Survey.id == SurveyRound.survey_id)
        if organization_id is not None:
            query = query.where(SurveyRound.organization_id == organization_id)
        query = query.order_by(SurveyRound.id.desc()).limit(limit)
        return [(r, s) for r, s in (await self.session.execute(query)).all()]

    async def previous_round(self, round_: SurveyRound, key: str) -> tuple[SurveyRound, Survey] | None:
        """The round of the same survey (any version) opened just before this one."""
        query = (
            select(SurveyRound, Survey)
            .join(Survey, Survey.id == SurveyRound.survey_id)
            .where(Survey.key == key, SurveyRound.id != round_.id, SurveyRound.opens_at <= round_.opens_at)
            .order_by(SurveyRound.opens_at.desc(), SurveyRound.id.desc())
            .limit(1)
        )
        if round_.organization_id is not None:
            query = query.where(SurveyRound.organization_id == round_.organization_id)
        row = (await self.session.execute(query)).first()
        return (row[0], row[1]) if row else None

    async def add_recipients(self, round_id: int, user_ids: Iterable[int]) -> None:
        self.session.add_all(SurveyRecipient(round_id=round_id, user_id=uid) for uid in user_ids)
        await self.session.flush()

    async def existing_user_ids(self, ids: set[int]) -> set[int]:
        if not ids:
            return set()
        return set((await self.session.scalars(select(User.id).where(User.id.in_(ids)))).all())

    async def is_recipient(self, round_id: int, user_id: int) -> bool:
        return await self.session.get(SurveyRecipient, (round_id, user_id)) is not None

    async def target_users(self, round_: SurveyRound, roles: Sequence[str]) -> list[User]:
        """Active people a round is for: an explicit recipient list, or an audience (roles, organization)."""
        query = select(User).where(User.is_active.is_(True))
        if round_.audience == "recipients":
            query = query.join(SurveyRecipient, SurveyRecipient.user_id == User.id).where(
                SurveyRecipient.round_id == round_.id
            )
        else:
            query = query.where(User.role.in_(roles))
            if round_.organization_id is not None or round_.audience == "org":
                query = query.where(User.organization_id == round_.organization_id)
        return list((await self.session.scalars(query.order_by(User.id))).all())

    # Respondents and responses

    async def has_answered(self, round_id: int, user_id: int) -> bool:
        return await self.session.get(SurveyRespondent, (round_id, user_id)) is not None

    async def non_respondent_ids(self, round_id: int, roles_for: Mapping[str, Sequence[str]]) -> list[int]:
        query = non_respondents_query(round_id, roles_for).order_by(User.id)
        return list((await self.session.scalars(query)).all())

    async def respondents_with_users(self, round_id: int) -> list[User]:
        query = (
            select(User)
            .join(SurveyRespondent, SurveyRespondent.user_id == User.id)
            .where(SurveyRespondent.round_id == round_id)
        )
        return list((await self.session.scalars(query)).all())

    async def named_response(self, round_id: int, user_id: int) -> SurveyResponse | None:
        query = select(SurveyResponse).where(
            SurveyResponse.round_id == round_id, SurveyResponse.user_id == user_id
        )
        return await self.session.scalar(query)

    async def answers_of(self, response_id: str) -> list[SurveyAnswer]:
        query = select(SurveyAnswer).where(SurveyAnswer.response_id == response_id)
        return list((await self.session.scalars(query)).all())

    async def replace_answers(self, response_id: str, answers: Iterable[SurveyAnswer]) -> None:
        await self.session.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id == response_id))
        self.session.add_all(answers)
        await self.session.flush()

    async def responses(self, round_id: int) -> list[SurveyResponse]:
        query = select(SurveyResponse).where(SurveyResponse.round_id == round_id).order_by(SurveyResponse.id)
        return list((await self.session.scalars(query)).all())

    async def answers(self, round_id: int) -> list[SurveyAnswer]:
        query = (
            select(SurveyAnswer)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.round_id == round_id)
            .order_by(SurveyAnswer.response_id, SurveyAnswer.question_id, SurveyAnswer.value)
        )
        return list((await self.session.scalars(query)).all())

    # A person's own data

    async def count_for_user(self, user_id: int) -> tuple[int, int]:
        """(named responses, «has answered» marks) kept about a person."""
        named = await self.session.scalar(
            select(func.count()).select_from(SurveyResponse).where(SurveyResponse.user_id == user_id)
        )
        marks = await self.session.scalar(
            select(func.count()).select_from(SurveyRespondent).where(SurveyRespondent.user_id == user_id)
        )
        return named or 0, marks or 0
