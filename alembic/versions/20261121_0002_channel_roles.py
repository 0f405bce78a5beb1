"""channel roles (moderator, VIP, OG) and the channel audit log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_roles",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("permissions", postgresql.ARRAY(sa.String(32)), nullable=False),
        sa.Column("granted_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_channel_roles"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_channel_roles_channel_id_channels",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_channel_roles_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["granted_by"],
            ["accounts.id"],
            name="fk_channel_roles_granted_by_accounts",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("channel_id", "account_id", "role", name="uq_channel_roles"),
    )
    op.create_index(
        "ix_channel_roles_channel_id_role_id", "channel_roles", ["channel_id", "role", "id"]
    )
    op.create_index("ix_channel_roles_account_id", "channel_roles", ["account_id"])
    op.create_table(
        "channel_audit_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("acting_as", sa.String(16), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target_account_id", sa.Uuid(), nullable=True),
        sa.Column("details", postgresql.JSONB(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_channel_audit_log"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_channel_audit_log_channel_id_channels",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["accounts.id"],
            name="fk_channel_audit_log_actor_id_accounts",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_account_id"],
            ["accounts.id"],
            name="fk_channel_audit_log_target_account_id_accounts",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_channel_audit_log_channel_id_id", "channel_audit_log", ["channel_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_channel_audit_log_channel_id_id", table_name="channel_audit_log")
    op.drop_table("channel_audit_log")
    op.drop_index("ix_channel_roles_account_id", table_name="channel_roles")
    op.drop_index("ix_channel_roles_channel_id_role_id", table_name="channel_roles")
    op.drop_table("channel_roles")
