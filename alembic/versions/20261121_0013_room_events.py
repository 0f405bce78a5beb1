"""chatroom event log (durable events other than messages, under the room's seq)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_room_events",
        sa.Column("chatroom_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("payload", JSONB(), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chatroom_id", "seq", name="pk_chat_room_events"),
        sa.ForeignKeyConstraint(
            ["chatroom_id"],
            ["chatrooms.id"],
            name="fk_chat_room_events_chatroom_id_chatrooms",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("chat_room_events")
