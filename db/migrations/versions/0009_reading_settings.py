"""users.screen_reader, users.plain_language: the reading settings a person chose (off for everyone until then);
broadcasts.voice_file_id: an announcement's voice version

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("screen_reader", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("plain_language", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voice_file_id", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_column("voice_file_id")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("plain_language")
        batch_op.drop_column("screen_reader")
