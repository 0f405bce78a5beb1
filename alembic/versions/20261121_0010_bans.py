"""chat bans and timeouts

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_bans",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("expires_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("ended_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("ended_by", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_chat_bans"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_chat_bans_channel_id_channels",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_chat_bans_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["accounts.id"],
            name="fk_chat_bans_created_by_accounts",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ended_by"],
            ["accounts.id"],
            name="fk_chat_bans_ended_by_accounts",
            ondelete="SET NULL",
        ),
        sa.CheckConstraint("kind IN ('ban', 'timeout')", name="ck_chat_bans_kind"),
        sa.CheckConstraint(
            "(kind = 'ban') = (expires_at IS NULL)", name="ck_chat_bans_timeouts_expire"
        ),
    )
    op.create_index(
        "uq_chat_bans_open",
        "chat_bans",
        ["channel_id", "account_id"],
        unique=True,
        postgresql_where=sa.text("ended_at IS NULL"),
    )
    op.create_index(
        "ix_chat_bans_open_channel_id_id",
        "chat_bans",
        ["channel_id", "id"],
        postgresql_where=sa.text("ended_at IS NULL"),
    )
    op.create_index("ix_chat_bans_account_id", "chat_bans", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_chat_bans_account_id", table_name="chat_bans")
    op.drop_index("ix_chat_bans_open_channel_id_id", table_name="chat_bans")
    op.drop_index("uq_chat_bans_open", table_name="chat_bans")
    op.drop_table("chat_bans")
