"""realtime gateway: viewer samples

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "viewer_samples",
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("sampled_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("chatroom_id", sa.Uuid(), nullable=False),
        sa.Column("viewers", sa.Integer(), nullable=False),
        sa.Column("users", sa.Integer(), nullable=False),
        sa.Column("anonymous", sa.Integer(), nullable=False),
        sa.Column("peak", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", "sampled_at", name="pk_viewer_samples"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_viewer_samples_channel_id_channels",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "viewer_peaks",
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("peak", sa.Integer(), nullable=False),
        sa.Column("peak_at", DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", name="pk_viewer_peaks"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_viewer_peaks_channel_id_channels",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("viewer_peaks")
    op.drop_table("viewer_samples")
