"""panels and social links

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_panels",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("image_url", sa.String(2048), nullable=True),
        sa.Column("link_url", sa.String(2048), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_channel_panels"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_channel_panels_channel_id_channels",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_channel_panels_channel_id_position", "channel_panels", ["channel_id", "position"]
    )
    op.create_table(
        "channel_social_links",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("label", sa.String(50), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_channel_social_links"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name="fk_channel_social_links_channel_id_channels",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("channel_id", "url", name="uq_channel_social_links_channel_id_url"),
    )
    op.create_index(
        "ix_channel_social_links_channel_id_position",
        "channel_social_links",
        ["channel_id", "position"],
    )


def downgrade() -> None:
    op.drop_index("ix_channel_social_links_channel_id_position", table_name="channel_social_links")
    op.drop_table("channel_social_links")
    op.drop_index("ix_channel_panels_channel_id_position", table_name="channel_panels")
    op.drop_table("channel_panels")
