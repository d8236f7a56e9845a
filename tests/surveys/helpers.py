"""Builders for survey tests: the shipped files, rounds, and responses sent through the service."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Survey, SurveyRound, User
from services.surveys.surveys import SurveyService
from tests.factories import make_user

SURVEYS = Path(__file__).resolve().parents[2] / "surveys"

MONITORING_OK = {
    "child_age": "primary",
    "likes_going": "4",
    "feels_safe": "5",
    "building": "3",
    "bullying": "no",
    "heard": "4",
    "recommend": "yes",
}
NEEDS_OK = {
    "position": "teacher",
    "topics": ["aoop", "behaviour"],
    "format": ["seminar"],
    "confidence": "3",
    "had_training": "no",
}


async def load(session: AsyncSession, name: str) -> Survey:
    result = await SurveyService(session).load(None, (SURVEYS / f"{name}.yaml").read_bytes(), trusted=True)
    return result.survey


async def admin(session: AsyncSession, user_id: int = 7000, **kw) -> User:
    existing = await session.get(User, user_id)
    return existing or await make_user(session, user_id, "admin", **kw)


async def open_round(
    session: AsyncSession, survey: Survey, audience: str = "parents", days: int = 7, **kw
) -> SurveyRound:
    opens_at = kw.pop("opens_at", utcnow() - timedelta(minutes=1))
    return await SurveyService(session).open_round(
        await admin(session), survey.id, audience, opens_at, opens_at + timedelta(days=days), **kw
    )


async def respond(session: AsyncSession, user: User, round_id: int, answers: dict) -> None:
    service = SurveyService(session)
    progress, _ = await service.begin(user, round_id)
    for qid, value in answers.items():
        if isinstance(value, dict):
            progress.answers[qid] = value
        elif isinstance(value, list):
            progress.answers[qid] = {"v": value, "t": None}
        else:
            progress.answers[qid] = {"v": [value], "t": None}
    await service.submit(user, progress)


async def parents(session: AsyncSession, first_id: int, count: int, **kw) -> list[User]:
    return [await make_user(session, first_id + i, "parent", **kw) for i in range(count)]
