"""channel subscriptions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_subscriptions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("tier", sa.SmallInteger(), nullable=False),
        sa.Column("started_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("gifted_by", sa.Uuid(), nullable=True),
        sa.Column("ends_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("ended_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_channel_subscriptions"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_channel_subscriptions_channel_id_channels",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_channel_subscriptions_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gifted_by"],
            ["accounts.id"],
            name="fk_channel_subscriptions_gifted_by_accounts",
            ondelete="SET NULL",
        ),
        sa.CheckConstraint("tier BETWEEN 1 AND 3", name="ck_channel_subscriptions_tier_range"),
        sa.CheckConstraint("months >= 1", name="ck_channel_subscriptions_months_positive"),
    )
    op.create_index(
        "uq_channel_subscriptions_active",
        "channel_subscriptions",
        ["channel_id", "account_id"],
        unique=True,
        postgresql_where=sa.text("ended_at IS NULL"),
    )
    op.create_index(
        "ix_channel_subscriptions_channel_id_id", "channel_subscriptions", ["channel_id", "id"]
    )
    op.create_index("ix_channel_subscriptions_account_id", "channel_subscriptions", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_channel_subscriptions_account_id", table_name="channel_subscriptions")
    op.drop_index("ix_channel_subscriptions_channel_id_id", table_name="channel_subscriptions")
    op.drop_index("uq_channel_subscriptions_active", table_name="channel_subscriptions")
    op.drop_table("channel_subscriptions")
