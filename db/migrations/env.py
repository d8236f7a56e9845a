from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from db.engine import create_engine
from db.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Render the application's column types as plain SQLAlchemy ones, so migrations never import app code."""
    if type_ == "type" and obj.__class__.__name__ == "UTCDateTime":
        return "sa.DateTime()"
    return False


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from bot.settings import load_settings

    return load_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


# Replicas starting together all run `upgrade`: on PostgreSQL they take turns (the lock ends with the transaction).
MIGRATION_LOCK_KEY = 0x766D6573_7465  # "vmeste"


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True, render_item=_render_item
    )
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite changes a table by copying it and dropping the old one; with foreign keys on, the drop would
        # cascade to every row that points at it (a person's registrations and answers). Off for the migration
        # (it must be said outside a transaction), and checked once it is done.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migration left {len(broken)} rows pointing at nothing")
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


async def run_migrations_online() -> None:
    engine = create_engine(_url())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
