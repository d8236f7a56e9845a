"""A demo network built from the seed plans, with dates moved to the coming weeks. Loading it twice changes nothing."""

from __future__ import annotations

import asyncio
import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Event, Organization
from db.repositories.events import EventRepo
from db.repositories.organizations import OrganizationRepo
from services.core.domain import Precision
from services.core.when import day_bounds
from services.surveys.surveys import SurveyService

DEMO_FILE = Path(__file__).resolve().parent.parent / "seeds" / "demo_network.yaml"
SURVEYS_DIR = Path(__file__).resolve().parent.parent / "surveys"


@dataclass(frozen=True, slots=True)
class DemoResult:
    organizations_added: int
    events_added: int


def _month_after(today: date, offset: int) -> date:
    index = today.month - 1 + offset
    return date(today.year + index // 12, index % 12 + 1, 1)


def _dates(spec: dict[str, Any], today: date, tz: ZoneInfo) -> dict[str, Any]:
    if spec.get("on_request"):
        return {"precision": Precision.ON_REQUEST}
    if spec.get("ongoing"):
        return {"precision": Precision.ONGOING}
    if spec.get("recurrence"):
        return {"precision": Precision.RECURRING, "recurrence": spec["recurrence"]}
    if "month_offset" in spec:
        first = _month_after(today, spec["month_offset"])
        last_month = _month_after(today, spec["month_offset"] + spec.get("months", 1) - 1)
        last = last_month.replace(day=calendar.monthrange(last_month.year, last_month.month)[1])
        precision = Precision.MONTHS if spec.get("months", 1) > 1 else Precision.MONTH
        return {
            "precision": precision,
            "starts_at": day_bounds(first, tz)[0],
            "ends_at": day_bounds(last, tz)[1],
        }
    day = today + timedelta(days=spec["in_days"])
    if "time" in spec:
        hour, minute = map(int, spec["time"].split(":"))
        start = datetime.combine(day, time(hour, minute), tzinfo=tz)
        end = start + timedelta(hours=float(spec.get("hours", 1)))
        return {"precision": Precision.EXACT, "starts_at": start, "ends_at": end}
    last = day + timedelta(days=spec.get("days", 1) - 1)
    precision = Precision.DAYS if last != day else Precision.DAY
    return {"precision": precision, "starts_at": day_bounds(day, tz)[0], "ends_at": day_bounds(last, tz)[1]}


async def seed_demo(session: AsyncSession, tz: ZoneInfo, today: date, path: Path = DEMO_FILE) -> DemoResult:
    data = yaml.safe_load(await asyncio.to_thread(path.read_text, encoding="utf-8"))
    repo = OrganizationRepo(session)
    orgs: dict[str, Organization] = {}
    orgs_added = events_added = 0
    for spec in data["organizations"]:
        fields = {k: v for k, v in spec.items() if k != "key"}
        org = await repo.by_short_name(spec["short_name"])
        if org is None:
            org = await repo.add(Organization(**fields))
            orgs_added += 1
        orgs[spec["key"]] = org
    existing = await EventRepo(session).source_keys("demo-")
    for spec in data["events"]:
        if spec["key"] in existing:
            continue
        org = orgs[spec["org"]]
        session.add(
            Event(
                source_key=spec["key"],
                title=spec["title"],
                description=spec.get("description"),
                kind=spec["kind"],
                audience=spec["audience"],
                organization_id=org.id,
                venue=org.address,
                capacity=spec.get("capacity"),
                online_link=spec.get("online_link"),
                **_dates(spec, today, tz),
            )
        )
        events_added += 1
    await session.commit()
    return DemoResult(orgs_added, events_added)


async def seed_demo_surveys(session: AsyncSession, folder: Path = SURVEYS_DIR) -> dict[str, int]:
    """The surveys shipped in `surveys/`, loaded as trusted files: `{"added": n, "unchanged": m, ...}`."""
    counts: dict[str, int] = {}
    for path in sorted(await asyncio.to_thread(lambda: list(folder.glob("*.yaml")))):
        data = await asyncio.to_thread(path.read_bytes)
        result = await SurveyService(session).load(None, data, trusted=True)
        counts[result.status] = counts.get(result.status, 0) + 1
    return counts
