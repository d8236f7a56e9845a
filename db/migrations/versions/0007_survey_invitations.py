"""survey_rounds.invited_at: when the invitations to a round were queued (once per round)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 11:15:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("survey_rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invited_at", sa.DateTime(), nullable=True))
    # Rounds that opened before invitations existed reached their people another way: count them as invited,
    # so an upgrade does not suddenly send invitations for them. Rounds still to open are invited when they open.
    now = datetime.now(UTC).replace(tzinfo=None)
    op.get_bind().execute(
        sa.text("UPDATE survey_rounds SET invited_at = opens_at WHERE opens_at <= :now").bindparams(
            sa.bindparam("now", now, type_=sa.DateTime())
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("survey_rounds", schema=None) as batch_op:
        batch_op.drop_column("invited_at")
