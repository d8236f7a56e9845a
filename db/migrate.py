"""Run Alembic from code (the CLI's `migrate`, the run script and the tests use the same path)."""

from __future__ import annotations

import contextlib
import sqlite3

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from bot.settings import PROJECT_ROOT
from db.backup import sqlite_file
from db.engine import ensure_sqlite_dir, is_sqlite


def alembic_config(url: str) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(url: str, revision: str = "heads") -> None:
    ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def sqlite_behind_head(url: str) -> bool:
    """True when a SQLite database with data in it is at an older revision than the code's head: an upgrade would
    change its schema. False for a missing or new file (nothing to lose) and for PostgreSQL."""
    if not is_sqlite(url):
        return False
    path = sqlite_file(url)
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            current = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.DatabaseError:  # no alembic_version table yet: an empty database
        return False
    if not current:
        return False
    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    return current != heads


def revision_of(path: str) -> str | None:
    """The schema revision a SQLite file is at (None when it has none)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def known_revision(revision: str) -> bool:
    """True when this code's migrations know the revision (a copy from a newer version would not upgrade)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return revision in {r.revision for r in script.walk_revisions()}
