"""Notification kinds as objects. Each kind says what it is about (an event, a survey round, a broadcast), which
preference switches it off, what plans it, and how it is rendered; the outbox checks and renders a claimed row
through its kind's entry, never by guessing from the payload. The kinds themselves are listed in one registry,
`services/notices.py`, above the features whose planners they use.

A subject (`EVENT`, `ROUND`, `BROADCAST`) is what rows point to through one payload key: the outbox loads the
subjects of a claimed batch at once, asks each whether the row is still worth sending, and takes the words it
adds to the text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.notifications import Claimed, NotificationRepo
from services.core.domain import EventStatus
from services.core.i18n import L, Translator
from services.core.when import describe_when_for, moment_for
from services.notifications.rules import NotifyKind, Planned, QuietHours, Status

#: A row's new status, the reason, and (when deferred) its new due time.
Verdict = tuple[str, str | None, datetime | None]


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A rendered message, free of Telegram types: the sender adapter turns it into an API call."""

    text: str
    media_kind: str | None = None  # photo | document
    file_id: str | None = None
    ack_broadcast_id: int | None = None  # attach the «acknowledged» button of this broadcast
    ack_text: str = ""  # its label, in the recipient's language
    button: tuple[str, str, int] | None = None  # (label, what it opens: "event" | "survey", its id)
    voice_file_id: str | None = (
        None  # a voice version, sent after the text (for screen-reader and plain readers)
    )


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What rendering one row may use: the recipient's language, the time zone, the loaded subjects, and the
    moment it is sent (the time left is said from it, not from when the row was planned)."""

    translator: Translator
    language: str
    tz: ZoneInfo
    loaded: dict[str, Any]  # subject name → what it loaded for the batch
    plain: bool = False  # the recipient's reading settings
    screen_reader: bool = False
    now: datetime | None = None

    def bind(self) -> L:
        return self.translator.bind(self.language, plain=self.plain, screen_reader=self.screen_reader)


class Subject(Protocol):
    """What rows of some kinds are about, found through `payload[key]`."""

    name: str
    key: str

    async def load(self, session: AsyncSession, rows: Sequence[Claimed]) -> Any:
        """Everything the rows point to, in one or two queries."""

    def check(self, row: Claimed, loaded: Any, kind: NoticeKind, now: datetime) -> Verdict | None:
        """None while the row is still worth sending; else why not."""

    def args(self, row: Claimed, loaded: Any, t: L, tz: ZoneInfo) -> dict[str, Any]:
        """The words this subject gives the message (title, when, …)."""


@dataclass(frozen=True, slots=True)
class EventSubject:
    """An event: a moved or cancelled one withdraws what was queued about it (a cancellation notice excepted)."""

    name: str = "event"
    key: str = "event_id"

    async def load(self, session: AsyncSession, rows: Sequence[Claimed]) -> Any:
        return await NotificationRepo(session).events({r.payload[self.key] for r in rows})

    def check(self, row: Claimed, loaded: Any, kind: NoticeKind, now: datetime) -> Verdict | None:
        event = loaded.get(row.payload[self.key])
        if event is None:
            return Status.WITHDRAWN, "gone", None
        starts = row.payload.get("starts")
        moved = starts is not None and (event.starts_at is None or event.starts_at.isoformat() != starts)
        ends = row.payload.get("ends")  # a plan item's due date
        moved = moved or (ends is not None and (event.ends_at is None or event.ends_at.isoformat() != ends))
        cancelled = event.status != EventStatus.PUBLISHED and not kind.outlives_cancellation
        if moved or cancelled:
            return Status.WITHDRAWN, "changed", None
        return None

    def args(self, row: Claimed, loaded: Any, t: L, tz: ZoneInfo) -> dict[str, Any]:
        event = loaded[row.payload[self.key]]
        place = event.venue or event.online_link
        return {
            "title": escape(event.title, quote=False),
            "when": describe_when_for(
                t, tz, event.precision, event.starts_at, event.ends_at, event.recurrence, event.when_text
            ),
            "venue": escape(event.venue or event.online_link or "—", quote=False),
            # The place as a line of its own, or nothing when the event names none (never «📍 —»).
            "where": "\n" + t("event-where", where=escape(place, quote=False)) if place else "",
        }


@dataclass(frozen=True, slots=True)
class RoundLoad:
    """Survey rounds some claimed rows are about: id → (round, survey); (round id, user id) of those who answered."""

    rounds: dict[int, tuple[Any, Any]] = field(default_factory=dict)
    answered: set[tuple[int, int]] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class RoundSubject:
    """A survey round: dropped once it closed or the person answered it."""

    name: str = "round"
    key: str = "round_id"

    async def load(self, session: AsyncSession, rows: Sequence[Claimed]) -> Any:
        repo = NotificationRepo(session)
        ids = {r.payload[self.key] for r in rows}
        return RoundLoad(await repo.rounds(ids), await repo.answered(ids, {r.user_id for r in rows}))

    def check(self, row: Claimed, loaded: Any, kind: NoticeKind, now: datetime) -> Verdict | None:
        found = loaded.rounds.get(row.payload[self.key])
        if found is None:
            return Status.WITHDRAWN, "gone", None
        if found[0].closes_at <= now:  # closed (perhaps early, by hand): nothing left to answer
            return Status.DROPPED, "late", None
        if (found[0].id, row.user_id) in loaded.answered:
            return Status.DROPPED, "answered", None
        return None

    def args(self, row: Claimed, loaded: Any, t: L, tz: ZoneInfo) -> dict[str, Any]:
        round_, survey = loaded.rounds[row.payload[self.key]]
        title = survey.title_en if t.locale == "en" else survey.title_ru
        return {
            "survey": escape(title, quote=False),
            "closes": moment_for(t, tz, round_.closes_at),
        }


@dataclass(frozen=True, slots=True)
class BroadcastSubject:
    """A coordinator's broadcast: withdrawn when it was cancelled."""

    name: str = "broadcast"
    key: str = "broadcast_id"

    async def load(self, session: AsyncSession, rows: Sequence[Claimed]) -> Any:
        return await NotificationRepo(session).broadcasts({r.payload[self.key] for r in rows})

    def check(self, row: Claimed, loaded: Any, kind: NoticeKind, now: datetime) -> Verdict | None:
        broadcast = loaded.get(row.payload[self.key])
        if broadcast is None or broadcast.status == "cancelled":
            return Status.WITHDRAWN, "cancelled", None
        return None

    def args(self, row: Claimed, loaded: Any, t: L, tz: ZoneInfo) -> dict[str, Any]:
        return {}


EVENT = EventSubject()
ROUND = RoundSubject()
BROADCAST = BroadcastSubject()


def deadline_args(payload: dict[str, Any], tz: ZoneInfo, t: L) -> dict[str, Any]:
    """«Registration closes tomorrow»: the deadline, as the payload keeps it."""
    return {"deadline": moment_for(t, tz, datetime.fromisoformat(payload["deadline"]))}


def due_args(payload: dict[str, Any], tz: ZoneInfo, t: L) -> dict[str, Any]:
    """A plan item's due date (the end of its period)."""
    return {"due": moment_for(t, tz, datetime.fromisoformat(payload["ends"]), day_only=True)}


def time_left(t: L, tz: ZoneInfo, now: datetime, moment: datetime) -> str:
    """How long until `moment`, said as at `now` (lower case, for the middle of a sentence): «через 4 минуты»,
    «через 2 часа», «через 1 ч 40 мин» within six hours; after that by the calendar: «сегодня», «завтра»,
    «через 3 дня», «через неделю»."""
    minutes = round((moment - now).total_seconds() / 60)
    if minutes < 1:
        return t("notify-left-now")
    if minutes < 60:
        return t("notify-left-minutes", n=minutes)
    if minutes < 6 * 60:
        hours, rest = divmod(minutes, 60)
        if rest <= 5 or rest >= 55:
            return t("notify-left-hours", n=round(minutes / 60))
        return t("notify-left-hours-minutes", h=hours, m=rest)
    days = (moment.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days <= 0:
        return t("notify-left-today")
    if days == 1:
        return t("notify-left-tomorrow")
    if days == 7:
        return t("notify-left-week")
    return t("notify-left-days", n=days)


def _moment(kind: NoticeKind, row: Claimed, ctx: RenderContext) -> datetime | None:
    """The moment a reminder counts down to: its payload's deadline or due date, else its event's start or its
    round's closing."""
    for key in ("deadline", "ends"):
        if key in row.payload:
            return datetime.fromisoformat(row.payload[key])
    if EVENT.key in row.payload and kind.about[0] is EVENT:
        event = ctx.loaded[EVENT.name].get(row.payload[EVENT.key])
        return event.starts_at if event is not None else None
    if ROUND.key in row.payload and kind.about[0] is ROUND:
        found = ctx.loaded[ROUND.name].rounds.get(row.payload[ROUND.key])
        return found[0].closes_at if found is not None else None
    return None


def render_message(kind: NoticeKind, row: Claimed, ctx: RenderContext) -> Outgoing:
    """A message from the locale: the payload's key, with the words its subjects and the kind add, and its one
    button (the payload's, if any)."""
    t = ctx.bind()
    args: dict[str, Any] = dict(row.payload.get("args", {}))
    for subject in kind.about:
        if subject.key in row.payload:
            for name, value in subject.args(row, ctx.loaded[subject.name], t, ctx.tz).items():
                args.setdefault(name, value)
    if kind.extra_args is not None:
        for name, value in kind.extra_args(row.payload, ctx.tz, t).items():
            args.setdefault(name, value)
    if kind.counts_down and (moment := _moment(kind, row, ctx)) is not None:
        left = time_left(t, ctx.tz, ctx.now or datetime.now(moment.tzinfo), moment)
        args.setdefault("left", left)
        args.setdefault("Left", left[:1].upper() + left[1:])
    button = None
    if "button" in row.payload:
        label, opens, target = row.payload["button"]
        button = (t(label), opens, int(target))
    return Outgoing(text=t(row.payload["key"], **args), button=button)


def render_broadcast(kind: NoticeKind, row: Claimed, ctx: RenderContext) -> Outgoing:
    """A coordinator's own words (with their formatting and attachment), and the «acknowledged» button if asked."""
    b = ctx.loaded[BROADCAST.name][row.payload[BROADCAST.key]]
    t = ctx.bind()
    return Outgoing(
        ack_text=t("btn-ack") if b.with_ack else "",
        text=b.text,
        media_kind=b.media_kind,
        file_id=b.file_id,
        ack_broadcast_id=b.id if b.with_ack else None,
        # The voice version goes to those who chose to read with a screen reader or in plain language.
        voice_file_id=b.voice_file_id if (ctx.plain or ctx.screen_reader) else None,
    )


@dataclass(frozen=True, slots=True)
class PlanContext:
    session: AsyncSession
    now: datetime
    quiet: QuietHours
    horizon: timedelta  # plan what falls due before now + horizon


Planner = Callable[[PlanContext], Awaitable[list[Planned]]]
Renderer = Callable[["NoticeKind", Claimed, RenderContext], Outgoing]


@dataclass(frozen=True, slots=True)
class NoticeKind:
    """One kind of notification: everything the outbox and the planners need to know about it.

    `planner` queues it ahead of time (run every minute; one planner may serve several kinds, e.g. the 24 h and
    2 h reminders); None when a service queues it the moment something happens (an event moved, a seat came
    free, a broadcast confirmed)."""

    kind: NotifyKind
    about: tuple[Subject, ...]
    render: Renderer = render_message
    preference: str | None = None  # the users column that switches it off
    planner: Planner | None = None
    extra_args: Callable[[dict[str, Any], ZoneInfo, L], dict[str, Any]] | None = None
    outlives_cancellation: bool = (
        False  # still sent when its event is cancelled (the cancellation notice itself)
    )
    counts_down: bool = False  # its text says the time left (`$left`, `$Left`), as at the moment it is sent


class Registry:
    """Every kind, looked up by the `kind` column of a row."""

    def __init__(self, kinds: Iterable[NoticeKind]) -> None:
        self.kinds: dict[str, NoticeKind] = {}
        for entry in kinds:
            if entry.kind in self.kinds:
                raise ValueError(f"notification kind {entry.kind} registered twice")
            self.kinds[str(entry.kind)] = entry

    def get(self, kind: str) -> NoticeKind | None:
        return self.kinds.get(kind)

    def __contains__(self, kind: object) -> bool:
        return kind in self.kinds

    @property
    def subjects(self) -> list[Subject]:
        """Every subject some kind is about, each once, in registry order."""
        found: dict[str, Subject] = {}
        for entry in self.kinds.values():
            for subject in entry.about:
                found.setdefault(subject.name, subject)
        return list(found.values())

    @property
    def planners(self) -> dict[str, Planner]:
        """Every planner, each once, by its function's name, in registry order."""
        found: dict[str, Planner] = {}
        for entry in self.kinds.values():
            if entry.planner is not None:
                found.setdefault(entry.planner.__name__, entry.planner)
        return found
