"""chat messages, sequences and pins; verified emails; per-room chat rate limits

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LIMITS = (
    ("rate_limit_messages", 20, "rate_limit_range", "rate_limit_messages BETWEEN 1 AND 1000"),
    (
        "moderator_rate_limit_messages",
        100,
        "moderator_rate_limit_range",
        "moderator_rate_limit_messages BETWEEN 1 AND 1000",
    ),
    (
        "rate_limit_window_seconds",
        30,
        "rate_window_range",
        "rate_limit_window_seconds BETWEEN 1 AND 3600",
    ),
)


def upgrade() -> None:
    op.add_column(
        "accounts", sa.Column("email_verified_at", DateTimeUTC(timezone=True), nullable=True)
    )
    for column, default, name, check in _LIMITS:
        op.add_column(
            "chatroom_settings",
            sa.Column(column, sa.Integer(), server_default=sa.text(str(default)), nullable=False),
        )
        op.create_check_constraint(f"ck_chatroom_settings_{name}", "chatroom_settings", check)
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("chatroom_id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("fragments", JSONB(), nullable=False),
        sa.Column("mentions", sa.ARRAY(sa.Uuid()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("reply_to", sa.Uuid(), nullable=True),
        sa.Column("thread_id", sa.Uuid(), nullable=True),
        sa.Column("author", JSONB(), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("visible_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("deleted_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_chat_messages"),
        sa.ForeignKeyConstraint(
            ["chatroom_id"],
            ["chatrooms.id"],
            name="fk_chat_messages_chatroom_id_chatrooms",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["accounts.id"],
            name="fk_chat_messages_author_id_accounts",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("chatroom_id", "seq", name="uq_chat_messages_chatroom_id_seq"),
    )
    op.create_index(
        "ix_chat_messages_chatroom_id_author_id_seq",
        "chat_messages",
        ["chatroom_id", "author_id", "seq"],
    )
    op.create_index("ix_chat_messages_author_id_id", "chat_messages", ["author_id", "id"])
    op.create_index(
        "ix_chat_messages_thread_id_seq",
        "chat_messages",
        ["thread_id", "seq"],
        postgresql_where=sa.text("thread_id IS NOT NULL"),
    )
    op.create_table(
        "chatroom_sequences",
        sa.Column("chatroom_id", sa.Uuid(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("chatroom_id", name="pk_chatroom_sequences"),
        sa.ForeignKeyConstraint(
            ["chatroom_id"],
            ["chatrooms.id"],
            name="fk_chatroom_sequences_chatroom_id_chatrooms",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "chat_pins",
        sa.Column("chatroom_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("pinned_by", sa.Uuid(), nullable=True),
        sa.Column("pinned_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("expires_at", DateTimeUTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("chatroom_id", name="pk_chat_pins"),
        sa.ForeignKeyConstraint(
            ["chatroom_id"],
            ["chatrooms.id"],
            name="fk_chat_pins_chatroom_id_chatrooms",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["chat_messages.id"],
            name="fk_chat_pins_message_id_chat_messages",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("chat_pins")
    op.drop_table("chatroom_sequences")
    op.drop_index("ix_chat_messages_thread_id_seq", table_name="chat_messages")
    op.drop_index("ix_chat_messages_author_id_id", table_name="chat_messages")
    op.drop_index("ix_chat_messages_chatroom_id_author_id_seq", table_name="chat_messages")
    op.drop_table("chat_messages")
    for column, _, name, _ in reversed(_LIMITS):
        op.drop_constraint(f"ck_chatroom_settings_{name}", "chatroom_settings", type_="check")
        op.drop_column("chatroom_settings", column)
    op.drop_column("accounts", "email_verified_at")
