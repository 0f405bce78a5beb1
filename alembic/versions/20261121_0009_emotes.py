"""chat emotes

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_emotes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(25), nullable=False),
        sa.Column("code_key", sa.String(25), nullable=False),
        sa.Column("image_key", sa.String(512), nullable=False),
        sa.Column("content_type", sa.String(32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("subscriber_only", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_chat_emotes"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_chat_emotes_channel_id_channels",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["accounts.id"],
            name="fk_chat_emotes_created_by_accounts",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("channel_id", "code_key", name="uq_chat_emotes_channel_id_code_key"),
        sa.CheckConstraint("code ~ '^[A-Za-z0-9]{2,25}$'", name="ck_chat_emotes_code_format"),
        sa.CheckConstraint("code_key = lower(code)", name="ck_chat_emotes_code_key_lower"),
    )


def downgrade() -> None:
    op.drop_table("chat_emotes")
