"""registrations, parent clubs, club meetings, opt-outs and anonymous questions

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23 07:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clubs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("host_user_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_user_id"], ["users.id"], name=op.f("fk_clubs_host_user_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_clubs_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clubs")),
    )
    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clubs_host_user_id"), ["host_user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clubs_organization_id"), ["organization_id"], unique=False)

    op.create_table(
        "club_members",
        sa.Column("club_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["club_id"], ["clubs.id"], name=op.f("fk_club_members_club_id_clubs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_club_members_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("club_id", "user_id", name=op.f("pk_club_members")),
    )
    with op.batch_alter_table("club_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_club_members_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("club_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("registration_closed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_events_club_id"), ["club_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_events_club_id_clubs"), "clubs", ["club_id"], ["id"], ondelete="SET NULL"
        )

    op.create_table(
        "club_meeting_optouts",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_club_meeting_optouts_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_club_meeting_optouts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "user_id", name=op.f("pk_club_meeting_optouts")),
    )
    with op.batch_alter_table("club_meeting_optouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_club_meeting_optouts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "club_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("club_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["club_id"], ["clubs.id"], name=op.f("fk_club_questions_club_id_clubs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_club_questions_event_id_events"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_club_questions")),
    )
    with op.batch_alter_table("club_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_club_questions_club_id"), ["club_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_club_questions_event_id"), ["event_id"], unique=False)

    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("needs", sa.String(length=200), nullable=False),
        sa.Column("needs_other", sa.String(length=200), nullable=True),
        sa.Column("display_name", sa.String(length=64), nullable=True),
        sa.Column("via_club", sa.Boolean(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_registrations_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_registrations_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrations")),
        sa.UniqueConstraint("event_id", "user_id", name="uq_registrations_event_id_user_id"),
    )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_registrations_event_status_seq", ["event_id", "status", "seq"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_registrations_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registrations_user_id"))
        batch_op.drop_index("ix_registrations_event_status_seq")
    op.drop_table("registrations")

    with op.batch_alter_table("club_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_club_questions_event_id"))
        batch_op.drop_index(batch_op.f("ix_club_questions_club_id"))
    op.drop_table("club_questions")

    with op.batch_alter_table("club_meeting_optouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_club_meeting_optouts_user_id"))
    op.drop_table("club_meeting_optouts")

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_events_club_id_clubs"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_events_club_id"))
        batch_op.drop_column("registration_closed")
        batch_op.drop_column("club_id")

    with op.batch_alter_table("club_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_club_members_user_id"))
    op.drop_table("club_members")

    with op.batch_alter_table("clubs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clubs_organization_id"))
        batch_op.drop_index(batch_op.f("ix_clubs_host_user_id"))
    op.drop_table("clubs")
