"""`python -m bot [command]`: run the bot (the default) and the maintenance commands."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.logs import setup_logging
from bot.settings import Settings, load_settings
from db.engine import create_engine, create_session_factory

if TYPE_CHECKING:
    from aiogram import Bot

    from services.plan_import import ParsedPlan

NO_TOKEN_MESSAGE = (
    "BOT_TOKEN is not set: copy .env.example to .env and put the token from @BotFather there "
    "(BOT_TOKEN=123456:ABC...), then run again."
)
NO_SECRET_MESSAGE = (
    "BOT_MODE=webhook needs WEBHOOK_SECRET (1-256 characters of A-Z, a-z, 0-9, _ and -): Telegram sends it with "
    "every update and the bot refuses requests without it."
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
    if settings.webhook and settings.webhook_secret is None:
        print(NO_SECRET_MESSAGE, file=sys.stderr)
        return 2
    from bot.app import run_polling, run_webhook
    from bot.runlock import Busy, held
    from db.backup import sqlite_file
    from db.engine import is_sqlite

    with contextlib.ExitStack() as stack:
        if is_sqlite(settings.database_url):
            try:  # one bot process per SQLite file; `restore` knows by this lock that the bot is stopped
                stack.enter_context(held(sqlite_file(settings.database_url)))
            except Busy as busy:
                print(
                    f"another bot process{_pid(busy)} is running on this database: stop it first",
                    file=sys.stderr,
                )
                return 1
        if not _migrate(settings):
            return 1
        asyncio.run(run_webhook(settings) if settings.webhook else run_polling(settings))
    return 0


def _pid(busy: object) -> str:
    pid = getattr(busy, "pid", None)
    return f" (pid {pid})" if pid else ""


def _migrate(settings: Settings) -> bool:
    """Upgrade the schema; on SQLite, when there is something to upgrade, take a backup first."""
    from db.backup import BackupError, backup
    from db.migrate import sqlite_behind_head, upgrade

    if sqlite_behind_head(settings.database_url):
        try:
            made = backup(settings.database_url, settings.backup_dir, settings.backup_keep)
        except (BackupError, OSError) as error:
            print(f"no upgrade: the backup before it failed: {error}", file=sys.stderr)
            return False
        print(f"backup before the upgrade: {made}")
    upgrade(settings.database_url)
    return True


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    if not _migrate(settings):
        return 1
    print("database is up to date")
    return 0


def _configure_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=None, help="the folder (BACKUP_DIR; default data/backups)"
    )
    parser.add_argument("--keep", type=int, default=None, help="how many backups to keep (BACKUP_KEEP, 14)")


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from db.backup import BackupError, backup

    try:
        made = backup(
            settings.database_url, args.out or settings.backup_dir, args.keep or settings.backup_keep
        )
    except (BackupError, OSError) as error:
        print(f"backup: {error}", file=sys.stderr)
        return 1
    print(made)
    return 0


def _configure_restore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a backup made by `python -m bot backup`")


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runlock import Busy, held
    from db.backup import BackupError, restore, sqlite_file
    from db.migrate import known_revision, revision_of

    revision = revision_of(str(args.file)) if args.file.is_file() else None
    if revision is not None and not known_revision(revision):
        print(
            f"restore: {args.file} comes from a newer version of Vmeste (schema {revision}): update the code first",
            file=sys.stderr,
        )
        return 1
    try:
        target = sqlite_file(settings.database_url)
        with held(target):
            aside = restore(settings.database_url, args.file)
    except Busy as busy:
        print(
            f"restore: the bot{_pid(busy)} is running on this database: stop it first (systemctl stop vmeste)",
            file=sys.stderr,
        )
        return 1
    except (BackupError, OSError) as error:
        print(f"restore: {error}", file=sys.stderr)
        return 1
    print(f"restored {args.file} to {target}")
    if aside is not None:
        print(f"the database it replaced is kept as {aside}")
    print("start the bot: it upgrades the schema first if the copy is older")
    return 0


def cmd_healthcheck(args: argparse.Namespace, settings: Settings) -> int:
    """Ask this machine's running bot for /healthz (the webhook port in webhook mode, else METRICS_PORT): exit 0
    when it answers 200. For Docker's HEALTHCHECK and for people."""
    import urllib.error
    import urllib.request

    port = settings.webhook_port if settings.webhook else settings.metrics_port
    if not port:
        print("healthcheck: METRICS_PORT is off, so there is no health page to ask", file=sys.stderr)
        return 1
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            status, body = response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode(errors="replace")
    except OSError as error:
        print(f"healthcheck: {url} does not answer ({error})", file=sys.stderr)
        return 1
    print(body)
    return 0 if status == 200 else 1


def cmd_seed_demo(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import datetime

    from db.migrate import upgrade
    from services.demo import seed_demo, seed_demo_surveys

    upgrade(settings.database_url)
    today = datetime.now(settings.tz).date()
    result = asyncio.run(_with_session(settings, lambda s: seed_demo(s, settings.tz, today)))
    print(f"demo network: {result.organizations_added} organizations and {result.events_added} events added")
    surveys = asyncio.run(_with_session(settings, seed_demo_surveys))
    print("surveys: " + ", ".join(f"{count} {status}" for status, count in sorted(surveys.items())))
    return 0


def _configure_invite(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("role", choices=["coordinator", "admin"])
    parser.add_argument("--org", type=int, default=None, help="bind the coordinator to this organization id")
    parser.add_argument("--days", type=int, default=None, help="days the link stays valid (INVITE_TTL_DAYS)")
    parser.add_argument(
        "--messenger",
        choices=["telegram", "max"],
        default="telegram",
        help="the messenger the link will be opened in (max: a max.ru link, needs MAX_BOT_TOKEN)",
    )


def cmd_create_invite(args: argparse.Namespace, settings: Settings) -> int:
    from services.core.errors import ServiceError
    from services.people.users import INVITE_PREFIX, InviteService

    on_max = getattr(args, "messenger", "telegram") == "max"
    if on_max and not settings.max_enabled:
        print("create-invite: --messenger max needs MAX_BOT_TOKEN (MAX is off)", file=sys.stderr)
        return 1
    ttl = timedelta(days=args.days or settings.invite_ttl_days)
    try:
        invite = asyncio.run(
            _with_session(settings, lambda s: InviteService(s).create(args.role, args.org, ttl))
        )
    except ServiceError as error:
        print(f"cannot create the invite: {error.key}", file=sys.stderr)
        return 1
    payload = f"{INVITE_PREFIX}{invite.code}"
    until = f"one use, valid until {invite.expires_at:%Y-%m-%d %H:%M} UTC"
    link = asyncio.run(_max_start_link(settings, payload) if on_max else _start_link(settings, payload))
    if link is None and on_max:
        print(f"could not ask MAX for the bot's name; the code is {payload}", file=sys.stderr)
        print(f"({until})")
        return 1
    if link is None:
        print(f"/start {payload}")
        print(f"({until}; set BOT_TOKEN to get the t.me link, or send this command to the bot)")
    else:
        print(link)
        print(f"({until})")
    return 0


async def _start_link(settings: Settings, payload: str) -> str | None:
    """The Telegram bot's `t.me/<bot>?start=<payload>` link, or None without a token or when Telegram does not
    answer."""
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        return None
    from bot.factory import create_bot

    return await _bot_link(create_bot(settings), payload, "Telegram")


async def _max_start_link(settings: Settings, payload: str) -> str | None:
    """The MAX bot's `max.ru/<bot>?start=<payload>` link, or None without MAX or when MAX does not answer."""
    from bot.max.factory import create_max_bot_from_settings

    bot = create_max_bot_from_settings(settings)
    return None if bot is None else await _bot_link(bot, payload, "MAX")


async def _bot_link(bot: Bot, payload: str, messenger: str) -> str | None:
    """The start link of `bot` on its own messenger (the messenger is asked for the bot's name); the bot's session
    is closed afterwards."""
    from aiogram.exceptions import TelegramAPIError

    from handlers.common.links import start_link

    try:
        return await start_link(bot, payload)
    except (TelegramAPIError, OSError, TimeoutError) as error:
        print(f"could not ask {messenger} for the bot's name: {type(error).__name__}", file=sys.stderr)
        return None
    finally:
        await bot.session.close()


async def _clear_staff_commands(settings: Settings, telegram_id: int) -> None:
    """With a token: the revoked person's chat loses the staff commands at once (else at the bot's next start)."""
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        return
    from bot.factory import create_bot
    from handlers.common.commands import clear_staff_commands

    bot = create_bot(settings)
    try:
        await clear_staff_commands(bot, telegram_id)  # a refusal is logged, the revoke stands
    finally:
        await bot.session.close()


def _configure_orgs(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="orgs_command", metavar="ACTION", required=True)
    template = sub.add_parser("template", help="write the registry template (.xlsx)")
    template.add_argument("--out", required=True, metavar="FILE", help="where to write the template")
    load = sub.add_parser("import", help="add and update organizations from an XLSX or CSV registry")
    load.add_argument("file", metavar="FILE", help="the registry: .xlsx or .csv, headers as in the template")
    load.add_argument("--dry-run", action="store_true", help="show what would change, with each row's errors")
    sub.add_parser("list", help="the registry, archived organizations included").add_argument(
        "--json", action="store_true", help="one JSON array on stdout"
    )


def cmd_orgs(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from services.core.errors import ServiceError
    from services.core.i18n import Translator
    from services.people.org_registry import RegistryImportService, header_aliases, read_table, template_xlsx

    translator = Translator(default=settings.default_locale)
    t = translator.bind(settings.default_locale)
    if args.orgs_command == "template":
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(template_xlsx(t))
        print(f"registry template written to {out}")
        return 0
    from db.migrate import upgrade

    upgrade(settings.database_url)
    if args.orgs_command == "list":
        from db.repositories.organizations import OrganizationRepo

        orgs = asyncio.run(_with_session(settings, lambda s: OrganizationRepo(s).all(include_archived=True)))
        rows = [
            {
                "id": o.id,
                "short_name": o.short_name,
                "name": o.name,
                "role": o.network_role,
                "address": o.address,
                "contacts": o.contacts,
                "offers": o.offers,
                "accessibility": o.accessibility,
                "archived": o.archived,
            }
            for o in sorted(orgs, key=lambda o: o.id)  # type: ignore[attr-defined]
        ]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for row in rows:
                mark = " (archived)" if row["archived"] else ""
                print(f"{row['id']}\t{row['short_name']}\t{row['role']}{mark}\t{row['name']}")
        return 0
    path = Path(args.file)
    try:
        rows = read_table(path.read_bytes(), path.name)
    except OSError as error:
        print(f"cannot read {path}: {error.strerror or type(error).__name__}", file=sys.stderr)
        return 1
    except ServiceError as error:
        print(f"cannot import {path}: {t(error.key, **error.kwargs)}", file=sys.stderr)
        return 1
    aliases = header_aliases(translator.bind(locale) for locale in translator.locales)

    async def work(session):  # type: ignore[no-untyped-def]
        service = RegistryImportService(session)
        if args.dry_run:
            return await service.preview(rows, aliases)
        return await service.save(None, rows, aliases, trusted=True)

    try:
        preview = asyncio.run(_with_session(settings, work))
    except ServiceError as error:
        print(f"cannot import {path}: {t(error.key, **error.kwargs)}", file=sys.stderr)
        return 1
    for error in preview.errors:  # type: ignore[attr-defined]
        print(f"row {error.row}: {t(error.key, value=error.value)}", file=sys.stderr)
    verb = "would add" if args.dry_run else "added"
    print(
        f"{verb} {preview.count('add')}, {'would update' if args.dry_run else 'updated'} "  # type: ignore[attr-defined]
        f"{preview.count('update')}, unchanged {preview.count('same')}, "  # type: ignore[attr-defined]
        f"rows with errors {len({e.row for e in preview.errors})}"  # type: ignore[attr-defined]
        + (" (nothing saved)" if args.dry_run else "")
    )
    return 0


def _configure_staff(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    sub.add_parser("list", help="administrators and coordinators with their organization").add_argument(
        "--json", action="store_true", help="one JSON array on stdout"
    )
    revoke = sub.add_parser("revoke", help="take the staff role away from a person")
    revoke.add_argument("telegram_id", type=int, metavar="TELEGRAM_ID")


def cmd_staff(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from db.migrate import upgrade
    from services.core.errors import ServiceError
    from services.people.staff import StaffService

    upgrade(settings.database_url)
    if args.staff_command == "list":
        members = asyncio.run(
            _with_session(settings, lambda s: StaffService(s, settings.admin_ids).members(None, trusted=True))
        )
        rows = [
            {
                "telegram_id": m.id,
                "role": m.role,
                "organization_id": m.organization_id,
                "organization": m.organization,
            }
            for m in members  # type: ignore[attr-defined]
        ]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for row in rows:
                print(f"{row['telegram_id']}\t{row['role']}\t{row['organization'] or 'whole network'}")
        return 0
    try:
        asyncio.run(
            _with_session(
                settings,
                lambda s: StaffService(s, settings.admin_ids).revoke(None, args.telegram_id, trusted=True),
            )
        )
    except ServiceError as error:
        from services.core.i18n import Translator

        t = Translator(default=settings.default_locale).bind(settings.default_locale)
        reason = "not an administrator or coordinator" if error.key == "error-not-found" else t(error.key)
        print(f"cannot revoke {args.telegram_id}: {reason}", file=sys.stderr)
        return 1
    asyncio.run(_clear_staff_commands(settings, args.telegram_id))
    print(f"{args.telegram_id} is no longer staff")
    return 0


def _configure_copy_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("from_url", metavar="FROM_URL", help="the database to copy from (left unchanged)")
    parser.add_argument("to_url", metavar="TO_URL", help="the database to copy into (migrated to head first)")
    parser.add_argument("--force", action="store_true", help="empty the target first if it has rows")
    parser.add_argument("--batch", type=int, default=1000, help="rows per insert (default 1000)")


def cmd_copy_db(args: argparse.Namespace, settings: Settings) -> int:
    from db.copy import CopyRefused, copy_database

    try:
        copied = copy_database(args.from_url, args.to_url, force=args.force, batch=args.batch)
    except CopyRefused as error:
        print(f"copy-db: {error}", file=sys.stderr)
        return 1
    for table, rows in copied.items():
        print(f"{table}: {rows} rows")
    print(f"copied {sum(copied.values())} rows in {len(copied)} tables")
    return 0


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a plan file: DOCX, XLSX, CSV or tab text")
    parser.add_argument("--dry-run", action="store_true", help="read the plan and write nothing")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--org", type=int, default=None, help="the organization id the plan belongs to")


def cmd_import_plan(args: argparse.Namespace, settings: Settings) -> int:
    import json
    from pathlib import Path

    from services.core.errors import ServiceError
    from services.plan_import import PlanFormatError, parse_plan, to_json_dict

    path = Path(args.path)
    try:
        data = path.read_bytes()
    except OSError as error:
        print(f"cannot read {path}: {error.strerror or type(error).__name__}", file=sys.stderr)
        return 1
    try:
        plan = parse_plan(data, path.name)
    except PlanFormatError as error:
        print(f"cannot import {path}: {error.code} ({error.reason})", file=sys.stderr)
        return 1
    if args.dry_run:
        if args.json:
            print(json.dumps(to_json_dict(plan), ensure_ascii=False))
        else:
            _print_plan_summary(plan)
        return 0
    from db.migrate import upgrade
    from services.plans.plans import PlanImportService

    upgrade(settings.database_url)
    try:
        result = asyncio.run(
            _with_session(
                settings, lambda s: PlanImportService(s, settings.tz).import_as_system(plan, args.org)
            )
        )
    except ServiceError as error:
        print(f"cannot import {path}: {error.key}", file=sys.stderr)
        return 1
    counts = {
        "plan_id": result.plan_id,
        "added": result.added,
        "updated": result.updated,
        "removed": result.removed,
        "skipped": result.skipped,
        "events": result.events,
    }
    if args.json:
        print(json.dumps(counts))
    else:
        print(
            f"plan {result.plan_id}: added {result.added}, updated {result.updated}, "
            f"skipped {result.skipped}, removed {result.removed} ({result.events} schedule entries)"
        )
    return 0


def _print_plan_summary(plan: ParsedPlan) -> None:
    from services.plans.plans import entries_count, warnings_count

    print(f"title: {plan.title or '—'}")
    period = plan.period
    print(f"period: {f'{period.starts_on} .. {period.ends_on}' if period else '—'}")
    print(
        f"events: {len(plan.events)}, schedule entries: {entries_count(plan)}, "
        f"skipped: {len(plan.skipped)}, warnings: {warnings_count(plan)}"
    )
    for event in plan.events:
        when = " ".join(event.when_text.split())
        print(f"  {event.index + 1}. [{event.precision}] {event.title[:80]} | {when[:60]}")


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("event_id", type=int, metavar="EVENT_ID")
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx", dest="fmt")
    parser.add_argument("--out", required=True, metavar="PATH", help="where to write the file")


def cmd_export_registrations(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from services.core.errors import ServiceError
    from services.core.i18n import Translator
    from services.registration.exports import registrations_table, to_csv, to_xlsx
    from services.registration.registrations import RegistrationService

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


def _configure_survey_load(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a survey in YAML (see surveys/ for examples)")


def cmd_survey_load(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from db.migrate import upgrade
    from services.core.i18n import Translator
    from services.surveys.schema import SurveyFileInvalid
    from services.surveys.surveys import SurveyService

    t = Translator(default=settings.default_locale).bind(settings.default_locale)
    path = Path(args.file)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    upgrade(settings.database_url)
    try:
        result = asyncio.run(
            _with_session(settings, lambda s: SurveyService(s).load(None, path.read_bytes(), trusted=True))
        )
    except SurveyFileInvalid as error:
        print(f"{path}: " + t("survey-file-invalid", count=len(error.errors)), file=sys.stderr)
        for item in error.errors:
            where = t("survey-err-line", line=item.line) if item.line else t("survey-err-file")
            path_part = f", {item.path}" if item.path else ""
            print(
                f"  {where}{path_part}: {t(item.key, **item.params)}",
                file=sys.stderr,
            )
        print(t("survey-file-nothing-saved"), file=sys.stderr)
        return 1
    survey = result.survey
    print(f"{result.status}: {survey.key} version {survey.version} (id {survey.id})")
    return 0


def _configure_survey_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("round_id", type=int, help="the round's number")
    parser.add_argument("--out", required=True, help="where to write the .xlsx file")


def cmd_survey_export(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from services.core.errors import ServiceError
    from services.core.i18n import Translator
    from services.surveys.results import export_round

    t = Translator(default=settings.default_locale).bind(settings.default_locale)
    try:
        data = asyncio.run(_with_session(settings, lambda s: export_round(s, args.round_id, t, settings.tz)))
    except ServiceError as error:
        print(f"cannot export round {args.round_id}: {error.key}", file=sys.stderr)
        return 1
    Path(args.out).write_bytes(data)  # type: ignore[arg-type]
    print(f"round {args.round_id} written to {args.out}")
    return 0


COMMANDS: list[Command] = [
    Command(
        "run",
        "run the bot: long polling (the default) or a webhook server (BOT_MODE=webhook)",
        _no_args,
        cmd_run,
    ),
    Command(
        "migrate",
        "apply database migrations (alembic upgrade head); on SQLite a backup is taken first when the schema changes",
        _no_args,
        cmd_migrate,
    ),
    Command(
        "backup",
        "write a consistent copy of the SQLite database (also while the bot runs), keep the newest N, print its path",
        _configure_backup,
        cmd_backup,
    ),
    Command(
        "restore",
        "put a backup in place of the SQLite database (refused while the bot runs); the old file is kept aside",
        _configure_restore,
        cmd_restore,
    ),
    Command(
        "healthcheck",
        "ask the running bot on this machine for /healthz; exit 0 when it is healthy",
        _no_args,
        cmd_healthcheck,
    ),
    Command(
        "seed-demo",
        "load the demo network from the seed plans (running it twice changes nothing)",
        _no_args,
        cmd_seed_demo,
    ),
    Command(
        "create-invite",
        "print a one-time invite link (t.me with BOT_TOKEN, max.ru with --messenger max, else the /start command) "
        "for a coordinator or admin",
        _configure_invite,
        cmd_create_invite,
    ),
    Command(
        "orgs",
        "the organizations registry: `template --out F.xlsx`, `import F [--dry-run]`, `list [--json]`",
        _configure_orgs,
        cmd_orgs,
    ),
    Command(
        "staff",
        "administrators and coordinators: `list [--json]`, `revoke TELEGRAM_ID`",
        _configure_staff,
        cmd_staff,
    ),
    Command(
        "import-plan",
        "read a plan file (DOCX, XLSX, CSV, text) and save its events, or show them with --dry-run",
        _configure_import,
        cmd_import_plan,
    ),
    Command(
        "export-registrations",
        "write an event's registrants, needs and attendance to an XLSX or CSV file",
        _configure_export,
        cmd_export_registrations,
    ),
    Command(
        "survey-load",
        "check a survey file (YAML) and store it; errors are listed with line numbers",
        _configure_survey_load,
        cmd_survey_load,
    ),
    Command(
        "survey-export",
        "write a survey round's answers and summary to an .xlsx file",
        _configure_survey_export,
        cmd_survey_export,
    ),
    Command(
        "copy-db",
        "copy every table from one database to another (e.g. SQLite to PostgreSQL); the target is migrated first",
        _configure_copy_db,
        cmd_copy_db,
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
    args = build_parser().parse_args(argv)
    settings = load_settings()
    setup_logging(settings)
    name = args.command or "run"
    command = next(c for c in COMMANDS if c.name == name)
    return command.run(args, settings)
