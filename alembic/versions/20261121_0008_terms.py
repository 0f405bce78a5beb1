"""blocked terms

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_blocked_terms",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("term", sa.String(500), nullable=False),
        sa.Column("normalised", sa.String(2002), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_chat_blocked_terms"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_chat_blocked_terms_channel_id_channels",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["accounts.id"],
            name="fk_chat_blocked_terms_created_by_accounts",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint(
            "channel_id", "normalised", name="uq_chat_blocked_terms_channel_id_normalised"
        ),
    )
    op.create_index(
        "ix_chat_blocked_terms_channel_id_created_at",
        "chat_blocked_terms",
        ["channel_id", "created_at"],
    )
    op.create_table(
        "chat_blocked_terms_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_chat_blocked_terms_versions"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_chat_blocked_terms_versions_channel_id_channels",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("channel_id", name="uq_chat_blocked_terms_versions_channel_id"),
    )


def downgrade() -> None:
    op.drop_table("chat_blocked_terms_versions")
    op.drop_index("ix_chat_blocked_terms_channel_id_created_at", table_name="chat_blocked_terms")
    op.drop_table("chat_blocked_terms")
