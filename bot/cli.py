"""`python -m bot [command]`: run the bot (the default) and the maintenance commands."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.settings import Settings, load_settings
from db.engine import create_engine, create_session_factory

log = logging.getLogger("bot")

NO_TOKEN_MESSAGE = (
    "BOT_TOKEN is not set: copy .env.example to .env and put the token from @BotFather there "
    "(BOT_TOKEN=123456:ABC...), then run again."
)


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Settings], int]


def _no_args(_: argparse.ArgumentParser) -> None:
    pass


async def _with_session(settings: Settings, work: Callable) -> object:  # type: ignore[type-arg]
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine)() as session:
            return await work(session)
    finally:
        await engine.dispose()


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        print(NO_TOKEN_MESSAGE, file=sys.stderr)
        return 2
    from bot.app import run_polling
    from db.migrate import upgrade

    upgrade(settings.database_url)
    asyncio.run(run_polling(settings))
    return 0


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from db.migrate import upgrade

    upgrade(settings.database_url)
    print("database is up to date")
    return 0


def cmd_seed_demo(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import datetime

    from db.migrate import upgrade
    from services.demo import seed_demo

    upgrade(settings.database_url)
    today = datetime.now(settings.tz).date()
    result = asyncio.run(_with_session(settings, lambda s: seed_demo(s, settings.tz, today)))
    print(f"demo network: {result.organizations_added} organizations and {result.events_added} events added")
    return 0


def _configure_invite(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("role", choices=["coordinator", "admin"])
    parser.add_argument("--org", type=int, default=None, help="bind the coordinator to this organization id")
    parser.add_argument("--days", type=int, default=None, help="days the link stays valid (INVITE_TTL_DAYS)")


def cmd_create_invite(args: argparse.Namespace, settings: Settings) -> int:
    from services.errors import ServiceError
    from services.users import INVITE_PREFIX, InviteService

    ttl = timedelta(days=args.days or settings.invite_ttl_days)
    try:
        invite = asyncio.run(
            _with_session(settings, lambda s: InviteService(s).create(args.role, args.org, ttl))
        )
    except ServiceError as error:
        print(f"cannot create the invite: {error.key}", file=sys.stderr)
        return 1
    print(f"/start {INVITE_PREFIX}{invite.code}")
    print(
        f"link: https://t.me/<your_bot>?start={INVITE_PREFIX}{invite.code}  (one use, valid until {invite.expires_at:%Y-%m-%d %H:%M} UTC)"
    )
    return 0


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("event_id", type=int, metavar="EVENT_ID")
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx", dest="fmt")
    parser.add_argument("--out", required=True, metavar="PATH", help="where to write the file")


def cmd_export_registrations(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from services.errors import ServiceError
    from services.exports import registrations_table, to_csv, to_xlsx
    from services.i18n import Translator
    from services.registrations import RegistrationService

    t = Translator(default=settings.default_locale).bind(settings.default_locale)
    try:
        roster = asyncio.run(
            _with_session(settings, lambda s: RegistrationService(s).roster_for_export(args.event_id))
        )
    except ServiceError as error:
        print(f"cannot export event {args.event_id}: {error.key}", file=sys.stderr)
        return 1
    table = registrations_table(t, settings.tz, roster)
    data = to_xlsx(table, t("export-sheet")) if args.fmt == "xlsx" else to_csv(table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(
        f"{out}: {len(roster.confirmed)} confirmed, {len(roster.waitlist)} on the waitlist "
        f"({roster.event.title})"
    )
    return 0


COMMANDS: list[Command] = [
    Command("run", "run the bot with long polling (the default)", _no_args, cmd_run),
    Command("migrate", "apply database migrations (alembic upgrade head)", _no_args, cmd_migrate),
    Command(
        "seed-demo",
        "load the demo network from the seed plans (running it twice changes nothing)",
        _no_args,
        cmd_seed_demo,
    ),
    Command(
        "create-invite",
        "print a one-time invite link for a coordinator or admin",
        _configure_invite,
        cmd_create_invite,
    ),
    Command(
        "export-registrations",
        "write an event's registrants, needs and attendance to an XLSX or CSV file",
        _configure_export,
        cmd_export_registrations,
    ),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Vmeste: the inclusive-education network's bot."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.configure(sub.add_parser(command.name, help=command.help, description=command.help))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    settings = load_settings()
    name = args.command or "run"
    command = next(c for c in COMMANDS if c.name == name)
    return command.run(args, settings)
