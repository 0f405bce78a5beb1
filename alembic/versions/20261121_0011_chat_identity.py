"""chat identity (colours)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_identity_colours",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("colour", sa.String(7), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_chat_identity_colours"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_chat_identity_colours_channel_id_channels",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_chat_identity_colours_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "channel_id", "account_id", name="uq_chat_identity_colours_channel_id_account_id"
        ),
    )
    op.create_index("ix_chat_identity_colours_account_id", "chat_identity_colours", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_chat_identity_colours_account_id", table_name="chat_identity_colours")
    op.drop_table("chat_identity_colours")
