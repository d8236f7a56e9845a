"""A person is a (messenger, account id) pair: users.messenger and users.account_id; progress message ids as text

`users.id` stays the person's internal id (every foreign key keeps pointing at it): a Telegram person's id is their
Telegram user id, a MAX person's is 2**60 + their MAX user id. Existing rows are backfilled from it, so every
Telegram person keeps their id and becomes messenger 'telegram'. A MAX message id does not fit an integer column,
so broadcasts.progress_message_id becomes text (Telegram's ids are kept as their digits).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_PERSON_BASE = 1 << 60


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("messenger", sa.String(length=8), server_default="telegram", nullable=False)
        )
        batch_op.add_column(sa.Column("account_id", sa.BigInteger(), nullable=True))
    op.execute(
        sa.text("UPDATE users SET messenger = 'telegram', account_id = id WHERE id < :base").bindparams(
            base=MAX_PERSON_BASE
        )
    )
    op.execute(
        sa.text("UPDATE users SET messenger = 'max', account_id = id - :base WHERE id >= :base").bindparams(
            base=MAX_PERSON_BASE
        )
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("account_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_users_messenger"), ["messenger", "account_id"])
        batch_op.create_check_constraint(batch_op.f("ck_users_messenger"), "messenger IN ('telegram', 'max')")

    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.alter_column(
            "progress_message_id",
            existing_type=sa.Integer(),
            type_=sa.String(length=255),
            existing_nullable=True,
            postgresql_using="progress_message_id::varchar",
        )


def downgrade() -> None:
    bind = op.get_bind()
    people = bind.execute(sa.text("SELECT COUNT(*) FROM users WHERE messenger <> 'telegram'")).scalar_one()
    if people:
        raise RuntimeError(
            f"{people} people use a messenger other than Telegram; the previous schema cannot hold them"
        )
    long_ids = bind.execute(
        sa.text(
            "SELECT COUNT(*) FROM broadcasts WHERE progress_message_id IS NOT NULL AND LENGTH(progress_message_id) > 10"
        )
    ).scalar_one()
    if long_ids:
        raise RuntimeError(
            "broadcast progress messages on another messenger cannot be kept in the previous schema"
        )
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.alter_column(
            "progress_message_id",
            existing_type=sa.String(length=255),
            type_=sa.Integer(),
            existing_nullable=True,
            postgresql_using="progress_message_id::integer",
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_users_messenger"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_users_messenger"), type_="unique")
        batch_op.drop_column("account_id")
        batch_op.drop_column("messenger")
